"""Review where you read, beyond Verify / Dispute: an Editor edits the fields analysts correct most, places
an incident, and walks the unreviewed ones, from the dashboard; the admin's rules decide who may, CSRF is
enforced, every change is a history record, and bad input is a 400 naming the field, never a 500."""

import datetime as dt

import pytest

from incidents.models import Incident, Place, PlaceMention
from tests.test_review import signed_in


def edit(client, token, incident, **fields):
    data = {
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "event_date": incident.event_date.isoformat() if incident.event_date else "",
        "time_precision": incident.time_precision or "",
        "fatalities": "" if incident.fatalities is None else incident.fatalities,
        "status": incident.status,
    }
    data.update(fields)
    return client.post(f"/api/incidents/{incident.pk}/edit", data, HTTP_X_CSRFTOKEN=token)


def test_an_editor_corrects_fatalities_and_the_history_says_who_and_why(role_users, make_incident):
    incident = make_incident(fatalities=2)
    client, token = signed_in(role_users["Editor"])
    response = edit(client, token, incident, fatalities=7)
    assert response.status_code == 200, response.content
    assert response.json()["fatalities"] == 7
    incident.refresh_from_db()
    assert incident.fatalities == 7
    record = incident.history.first()
    assert record.history_user == role_users["Editor"]
    assert record.history_change_reason == "edited from the dashboard: fatalities"
    assert record.prev_record.fatalities == 2


def test_an_edited_status_is_a_review_with_its_reviewer(role_users, make_incident):
    incident = make_incident()
    client, token = signed_in(role_users["Editor"])
    assert edit(client, token, incident, status="verified").status_code == 200
    incident.refresh_from_db()
    assert incident.status == "verified" and incident.reviewed_by == role_users["Editor"]
    assert incident.reviewed_at is not None


def test_type_date_and_precision_are_corrected_together(role_users, make_incident):
    incident = make_incident()
    client, token = signed_in(role_users["Editor"])
    response = edit(
        client,
        token,
        incident,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        event_date="2023-08-14",
        time_precision=2,
    )
    assert response.status_code == 200, response.content
    incident.refresh_from_db()
    assert (incident.event_type, incident.sub_event_type) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (incident.event_date, incident.time_precision) == (dt.date(2023, 8, 14), 2)


@pytest.mark.parametrize(
    ("fields", "param"),
    [
        ({"fatalities": "-3"}, "fatalities"),
        ({"fatalities": "many"}, "fatalities"),
        ({"event_date": "2023-02-30"}, "event_date"),
        ({"event_type": "Battles", "sub_event_type": "Air/drone strike"}, "sub_event_type"),
        ({"sub_event_type": "Picnic"}, "sub_event_type"),
        ({"status": "deleted"}, "status"),
        ({"time_precision": "9"}, "time_precision"),
        ({"event_date": "2023-01-01", "time_precision": ""}, "time_precision"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(role_users, make_incident, fields, param):
    incident = make_incident(fatalities=2)
    client, token = signed_in(role_users["Editor"])
    response = edit(client, token, incident, **fields)
    assert response.status_code == 400
    body = response.json()
    assert param in body["errors"] and body["errors"][param][0]
    assert Incident.objects.get(pk=incident.pk).fatalities == 2
    assert incident.history.count() == 1  # the creation only


def test_a_viewer_cannot_edit_or_place_even_with_a_valid_token(role_users, make_incident):
    incident = make_incident(fatalities=2, lat=None, lon=None)
    client, token = signed_in(role_users["Viewer"])
    assert edit(client, token, incident, fatalities=9).status_code == 403
    place = Place.objects.create(name_en="Somewhere", lat=35.0, lon=40.0)
    response = client.post(f"/api/incidents/{incident.pk}/place", {"place": place.pk}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.fatalities == 2 and incident.lat is None


def test_without_the_csrf_token_an_editor_is_refused(role_users, make_incident):
    incident = make_incident(fatalities=2)
    client, _token = signed_in(role_users["Editor"])
    response = client.post(f"/api/incidents/{incident.pk}/edit", {"fatalities": 9})
    assert response.status_code == 403
    assert Incident.objects.get(pk=incident.pk).fatalities == 2


def test_anonymous_and_merged(client, role_users, make_incident):
    kept, gone = make_incident(), make_incident()
    assert client.post(f"/api/incidents/{kept.pk}/edit", {}).status_code == 401
    Incident.objects.filter(pk=gone.pk).update(merged_into=kept)
    client.force_login(role_users["Editor"])
    response = client.post(f"/api/incidents/{gone.pk}/edit", {"fatalities": 1})
    assert response.status_code == 409 and response.json()["merged_into"] == kept.pk
    assert client.post("/api/incidents/999999/place", {"place": 1}).status_code == 404


def test_placing_at_a_gazetteer_place_resolves_its_waiting_mention(role_users, make_incident, gazetteer):
    incident = make_incident(location="الكشكية", lat=None, lon=None, admin1="")
    mention = PlaceMention.objects.create(
        article=incident.claims.first().article,
        incident=incident,
        surface="الكشكية",
        start=0,
        end=7,
        role=PlaceMention.Role.INCIDENT,
    )
    target = Place.objects.filter(name_en="Al Kishkiyah").first() or Place.objects.create(
        name_en="Al Kishkiyah", name_ar="الكشكية", lat=34.8816, lon=40.5756, admin1="Deir ez-Zor"
    )
    client, token = signed_in(role_users["Editor"])
    response = client.post(
        f"/api/incidents/{incident.pk}/place", {"place": target.pk}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content
    incident.refresh_from_db()
    assert (incident.place_id, incident.lat, incident.lon) == (target.pk, target.lat, target.lon)
    assert incident.geo_precision == 1
    mention.refresh_from_db()
    assert mention.place_id == target.pk and mention.resolved_by == role_users["Editor"]
    assert incident.history.first().history_user == role_users["Editor"]


def test_placing_at_a_clicked_point_makes_an_analyst_place_with_the_precision(role_users, make_incident):
    incident = make_incident(location="Shheil", lat=None, lon=None, admin1="")
    client, token = signed_in(role_users["Editor"])
    response = client.post(
        f"/api/incidents/{incident.pk}/place",
        {"lat": "35.1", "lon": "40.4", "precision": "2"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content
    incident.refresh_from_db()
    assert (incident.lat, incident.lon, incident.geo_precision) == (35.1, 40.4, 2)
    assert incident.place.origin == Place.Origin.ANALYST and incident.place.name_en == "Shheil"


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"lat": "95", "lon": "40"},
        {"lat": "35"},
        {"place": "999999999"},
        {"lat": "35", "lon": "40", "precision": "7"},
    ],
)
def test_a_bad_place_is_a_400(role_users, make_incident, fields):
    incident = make_incident(lat=None, lon=None)
    client, token = signed_in(role_users["Editor"])
    response = client.post(f"/api/incidents/{incident.pk}/place", fields, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400 and response.json()["errors"]
    assert Incident.objects.get(pk=incident.pk).lat is None


def test_next_unreviewed_follows_the_list_order_and_wraps(client, role_users, make_incident):
    newest = make_incident(event_date=dt.date(2023, 9, 9))
    reviewed = make_incident(event_date=dt.date(2023, 9, 8), status="verified")
    middle = make_incident(event_date=dt.date(2023, 9, 7))
    oldest = make_incident(event_date=dt.date(2023, 9, 6))
    client.force_login(role_users["Viewer"])

    def following(after, query=""):
        response = client.get(f"/api/incidents/next-unreviewed?after={after}&{query}")
        assert response.status_code == 200
        return response.json()["id"]

    assert following(newest.pk) == middle.pk
    assert following(reviewed.pk) == middle.pk  # just verified: its place in the list still counts
    assert following(middle.pk) == oldest.pk
    assert following(oldest.pk) == newest.pk  # from the top again
    assert following(newest.pk, "sort=oldest") == oldest.pk
    assert following(newest.pk, "start=2023-09-08") is None
    assert client.get("/api/incidents/next-unreviewed?sort=random").status_code == 400


def test_place_search_finds_arabic_and_english_names_for_an_editor_only(client, role_users, gazetteer):
    client.force_login(role_users["Editor"])
    names = [r["name_en"] for r in client.get("/api/places?q=Hajin").json()["results"]]
    assert "Hajin" in names
    assert client.get("/api/places?q=هجين").json()["results"]
    client.force_login(role_users["Viewer"])
    assert client.get("/api/places?q=Hajin").status_code == 403
