"""Roles for the merge records and "not duplicates" decisions: Editors may merge, undo and dismiss."""

from django.db import migrations

MODELS = ["mergerecord", "distinctpair"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # create_permissions skips an app without models_module, which a migration's historical apps
        # lack. Restored afterwards: tests call this with the live registry (tests/conftest.py's
        # ensure_roles), where setting None left every later flush without permissions.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="incidents", content_type__model__in=MODELS)
    for name, actions in (("Viewer", {"view"}), ("Editor", {"view", "add", "change"}), ("Admin", None)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[p for p in perms if actions is None or p.codename.split("_")[0] in actions])


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Viewer", "Editor", "Admin"]):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="incidents", content_type__model__in=MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_merges"), ("incidents", "0002_roles")]
    operations = [migrations.RunPython(grant, revoke)]
