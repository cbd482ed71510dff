"""Who may do what: anonymous, Viewer, Editor, Admin; crafted POSTs included."""

import pytest

from incidents.models import Incident


@pytest.fixture
def incident(make_incident):
    return make_incident()


@pytest.mark.parametrize(
    "migration, function",
    [
        ("0002_roles", "create_roles"),
        ("0004_roles_merges", "grant"),
        ("0009_roles_intake", "grant"),
        ("0011_acled_reference", "grant"),
    ],
)
def test_granting_roles_with_the_live_registry_leaves_its_apps_as_they_were(db, migration, function):
    """tests/conftest.py's ensure_roles runs the roles migrations with the live app registry. They used
    to leave every app's models_module at None, so each later flush of a transactional test recreated
    no permissions and the next browser test's Editor got 403 (test_reach before test_admin_browser)."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    before = {config.label: config.models_module for config in apps.get_app_configs()}
    getattr(importlib.import_module(f"incidents.migrations.{migration}"), function)(apps, None)
    assert {config.label: config.models_module for config in apps.get_app_configs()} == before
    # what a flush's post_migrate does after a transactional test still recreates a lost permission
    Permission.objects.filter(codename="add_incident").delete()
    create_permissions(apps.get_app_config("incidents"), verbosity=0)
    assert Permission.objects.filter(content_type__app_label="incidents", codename="add_incident").exists()


def change_url(incident):
    return f"/admin/incidents/incident/{incident.pk}/change/"


def test_roles_exist_with_expected_permissions(db):
    from django.contrib.auth.models import Group

    perms = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert "view_incident" in perms["Viewer"] and "change_incident" not in perms["Viewer"]
    assert {"add_incident", "change_incident", "change_place"} <= perms["Editor"]
    assert "delete_incident" not in perms["Editor"]
    assert "delete_incident" in perms["Admin"]


def test_anonymous_sees_neither_admin_nor_dashboard(client, incident):
    assert client.get("/admin/").status_code == 302
    assert client.get("/").status_code == 302
    response = client.post(change_url(incident), {"status": "verified"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    incident.refresh_from_db()
    assert incident.status == "unreviewed"


def test_viewer_reads_dashboard_but_not_admin(client, role_users, incident):
    client.force_login(role_users["Viewer"])
    assert client.get("/").status_code == 200
    assert client.get("/api/incidents").status_code == 200
    assert client.get("/admin/incidents/incident/").status_code == 302  # not staff


def test_viewer_crafted_post_changes_nothing(client, role_users, incident):
    viewer = role_users["Viewer"]
    viewer.is_staff = True  # even if someone made them staff, the role has view permissions only
    viewer.save()
    client.force_login(viewer)
    assert client.get("/admin/incidents/incident/").status_code == 200
    response = client.post(change_url(incident), {"status": "verified", "location": "elsewhere"})
    assert response.status_code == 403
    response = client.post(
        "/admin/incidents/incident/", {"action": "mark_verified", "_selected_action": [incident.pk]}
    )
    incident.refresh_from_db()
    assert incident.status == "unreviewed" and incident.location == "Dhiban"
    assert client.post(f"/admin/incidents/incident/{incident.pk}/delete/", {"post": "yes"}).status_code == 403


def test_editor_reviews_and_the_reviewer_is_recorded(client, role_users, incident):
    client.force_login(role_users["Editor"])
    response = client.post(
        "/admin/incidents/incident/", {"action": "mark_verified", "_selected_action": [incident.pk]}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "verified"
    assert incident.reviewed_by == role_users["Editor"] and incident.reviewed_at is not None
    last = incident.history.first()
    assert last.status == "verified" and last.history_user == role_users["Editor"]


def test_editor_cannot_delete(client, role_users, incident):
    client.force_login(role_users["Editor"])
    assert client.post(f"/admin/incidents/incident/{incident.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_admin_role_can_delete(client, role_users, incident):
    admin_user = role_users["Admin"]
    client.force_login(admin_user)
    assert client.post(f"/admin/incidents/incident/{incident.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Incident.objects.filter(pk=incident.pk).exists()


def test_admin_search_is_arabic_normalised(client, role_users, make_incident):
    make_incident(location="البصيرة")
    client.force_login(role_users["Editor"])
    response = client.get("/admin/incidents/incident/", {"q": "البصيره"})
    assert "البصيرة" in response.content.decode()


def test_arabic_admin_is_right_to_left(client, role_users):
    client.force_login(role_users["Editor"])
    client.cookies["django_language"] = "ar"
    html = client.get("/admin/").content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
