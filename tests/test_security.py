"""Findings of the attack on the project (issue 7), each reproduced and kept fixed.

Template injection through the HTML export, writes by read-only accounts, merges by hand, spreadsheet
formulas in every CSV column, server errors from query strings, user management for Admins.
"""

import csv
import io
import json

import pytest

from incidents.models import Incident, Place


@pytest.fixture
def analyst(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("analyst", password="pw-analyst"))
    return client


# --- 1. code execution through the HTML export (folium/branca render text as a template) ---

TEMPLATE_PAYLOADS = [
    "{{ 7*7 }}",
    "{{ cycler.__init__.__globals__.os.popen(dict(id=1)|first).read() }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{{ config }}{{ self }}",
]


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_html_export_keeps_template_syntax_as_text(analyst, make_incident, payload):
    make_incident(location=payload, notes=payload)
    html = analyst.get("/export/incidents.html").content.decode()
    data = html.split('id="incident-map-data"', 1)[1].split(">", 1)[1].split("</script>", 1)[0]
    [row] = json.loads(data)
    assert row[2].startswith(payload)  # the text itself, in the JSON block
    assert "uid=" not in html and "49 ·" not in html and "looplooploop" not in html


def test_html_export_escapes_markup_in_its_json_block(analyst, make_incident):
    make_incident(location="</script><script>window.pwned=1</script>")
    html = analyst.get("/export/incidents.html").content.decode()
    assert "</script><script>window.pwned" not in html
    assert "\\u003C/script\\u003E" in html


# --- 2. read-only accounts that write, merges by hand ---


def test_viewer_with_staff_status_cannot_revert_history(client, role_users, make_incident, gazetteer):
    incident = make_incident(location="Dhiban")
    incident.location = "Changed"
    incident.save()
    viewer = role_users["Viewer"]
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    first = incident.history.earliest()
    url = f"/admin/incidents/incident/{incident.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 200  # reading history is allowed
    response = client.post(url, {"status": "verified", "location": "{{ 7*7 }}", "event_date": "2023-09-05"})
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.location == "Changed"

    place = Place.objects.filter(origin="geonames").first()
    place.name_en += " (edited)"
    place.save()
    first = place.history.earliest()
    response = client.post(f"/admin/incidents/place/{place.pk}/history/{first.history_id}/", {"name_en": "x"})
    assert response.status_code == 403
    place.refresh_from_db()
    assert place.name_en.endswith("(edited)")


def test_editor_can_revert_history(client, role_users, make_incident):
    incident = make_incident(location="Dhiban")
    incident.location = "Changed"
    incident.save()
    client.force_login(role_users["Editor"])
    first = incident.history.earliest()
    url = f"/admin/incidents/incident/{incident.pk}/history/{first.history_id}/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "actors"}
    data.update({"location": "Dhiban", "actors": "[]", "evidence": "[]"})
    response = client.post(url, data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.location == "Dhiban"


def test_editor_cannot_hide_an_incident_by_setting_merged_into(client, role_users, make_incident):
    a, b = make_incident(), make_incident(location="Hajin")
    client.force_login(role_users["Editor"])
    url = f"/admin/incidents/incident/{b.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "merged_into" not in form.fields
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"merged_into": a.pk, "actors": "[]", "claims-TOTAL_FORMS": 0, "claims-INITIAL_FORMS": 0})
    client.post(url, data)
    b.refresh_from_db()
    assert b.merged_into_id is None


def test_admin_role_manages_users_but_cannot_make_a_superuser(client, role_users):
    from django.contrib.auth.models import User

    client.force_login(role_users["Admin"])
    assert client.get("/admin/auth/user/").status_code == 200
    editor = role_users["Editor"]
    form = client.get(f"/admin/auth/user/{editor.pk}/change/").context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    # a superuser's account is not the Admin role's to change
    root = role_users["superuser"]
    assert client.post(f"/admin/auth/user/{root.pk}/password/", {}).status_code == 403
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "newviewer", "password1": "a-long-pass-phrase-1", "password2": "a-long-pass-phrase-1"},
    )
    assert response.status_code == 302
    assert User.objects.filter(username="newviewer", is_superuser=False).exists()


def test_editor_does_not_manage_users(client, role_users):
    client.force_login(role_users["Editor"])
    assert client.get("/admin/auth/user/").status_code == 403


# --- 5. server errors from query strings ---


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("source=no-such-outlet", 400),
        ("type=,", 200),
        ("status=,", 200),
        ("precision=,", 200),
        ("admin1=,", 200),
        ("actor=,", 200),
        ("cited=,", 200),
        ("source=,", 200),
        ("offset=99999999999999999999&limit=5", 400),
        ("offset=9223372036854775808", 400),
        ("q=" + "ذ" * 50_000, 400),
        ("q=a%00b", 400),
        ("type=Battles&type=%00", 400),
        ("actor=%00", 400),
        ("%00=1", 400),
        ("type=" + "&type=".join(["Battles"] * 200), 400),
        ("start=9999-12-31", 200),
    ],
)
@pytest.mark.parametrize(
    "endpoint",
    ["/api/incidents", "/api/map", "/api/timeline", "/api/facets", "/export/incidents.csv"],
)
def test_odd_query_strings_get_a_clear_answer(analyst, make_incident, endpoint, query, status):
    if query.startswith("offset") and endpoint != "/api/incidents":
        status = 200  # only the GeoJSON pages; elsewhere an unused parameter is ignored
    make_incident()
    response = analyst.get(f"{endpoint}?{query}")
    assert response.status_code == status, response.content[:300]
    if status == 400:
        body = json.loads(response.content)
        assert body["error"] and "param" in body


def test_empty_list_value_is_no_filter(analyst, make_incident):
    make_incident()
    make_incident(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")
    everything = json.loads(analyst.get("/api/incidents").content)["meta"]["count"]
    assert json.loads(analyst.get("/api/incidents?type=,").content)["meta"]["count"] == everything == 2


def test_merged_incident_points_to_where_it_went(analyst, make_incident):
    kept, merged = make_incident(), make_incident(location="Hajin")
    merged.merged_into = kept
    merged.save()
    response = analyst.get(f"/api/incidents/{merged.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/api/incidents/{kept.pk}"
    assert json.loads(response.content) == {"id": merged.pk, "merged_into": kept.pk}
    followed = analyst.get(f"/api/incidents/{merged.pk}", follow=True)
    assert json.loads(followed.content)["id"] == kept.pk


# --- 6. spreadsheet formulas in any CSV column ---

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_csv_text_column_is_formula_safe(analyst, make_incident, make_source, formula):
    outlet = make_source(slug="evil", name_en=formula, name_ar=formula)
    make_incident(
        source=outlet,
        location=formula,
        notes=formula,
        actor1=formula,
        actor2=formula,
        admin2=formula,
        admin3=formula,
        admin1=formula,
        cited_source=formula,
    )
    content = analyst.get("/export/incidents.csv").getvalue().decode()
    [row] = list(csv.DictReader(io.StringIO(content)))
    for column in ("location", "notes", "actor1", "actor2", "admin1", "admin2", "admin3", "source"):
        assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), column
    assert row["latitude"] == "35.01498"  # numbers stay numbers


def test_negative_coordinates_are_not_escaped(analyst, make_incident):
    make_incident(lat=-3.5, lon=-60.25)
    [row] = list(csv.DictReader(io.StringIO(analyst.get("/export/incidents.csv").getvalue().decode())))
    assert (row["latitude"], row["longitude"]) == ("-3.5", "-60.25")


def test_incident_count_unchanged_by_the_checks(make_incident):
    make_incident()
    assert Incident.objects.count() == 1


# --- 7. operations: login throttling, HTTPS settings, CSP, database connections ---


def test_repeated_wrong_passwords_lock_the_login(client, role_users, settings):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
        # the form again with its error, until the limit: then the lock
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 200)
    response = client.post("/accounts/login/", {"username": "editor", "password": "pw-editor"})
    assert response.status_code == 429  # even the right password waits out the lock
    assert "Too many sign-in attempts" in response.content.decode()
    response = client.post("/admin/login/", {"username": "editor", "password": "pw-editor"})
    assert response.status_code == 429  # the admin's login form is the same door


def test_a_right_password_resets_the_count(client, role_users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "editor", "password": "pw-editor"}).status_code == 302
    client.logout()
    client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "editor", "password": "pw-editor"}).status_code == 302


def test_pages_carry_a_strict_content_security_policy(analyst):
    policy = analyst.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["style-src"]
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_check_deploy_is_clean_with_production_values():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, DEBUG="false", HTTPS="true", SECRET_KEY="k" + "x9Y#" * 20, PYTHONPATH=str(root))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest, never in production
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(root / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_connections_are_not_kept_by_default():
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
