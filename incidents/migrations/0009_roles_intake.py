"""Roles for live intake: Editors and Admins manage feeds; Viewers see them. Items and polls are
written by the pollers, so Editors may view them and retry a failed item (change), not invent them."""

from django.db import migrations

# model: actions for Editor (Admin gets everything, Viewer "view")
EDITOR = {"feed": {"view", "add", "change"}, "feeditem": {"view", "change"}, "feedfetch": {"view"}}


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
    perms = list(
        Permission.objects.filter(content_type__app_label="incidents", content_type__model__in=list(EDITOR))
    )

    def allowed(perm, actions):
        action, model = perm.codename.split("_", 1)
        return actions is None or action in actions.get(model, set())

    viewer = {m: {"view"} for m in EDITOR}
    for name, actions in (("Viewer", viewer), ("Editor", EDITOR), ("Admin", None)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[p for p in perms if allowed(p, actions)])


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Viewer", "Editor", "Admin"]):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="incidents", content_type__model__in=list(EDITOR))
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0008_intake")]
    operations = [migrations.RunPython(grant, revoke)]
