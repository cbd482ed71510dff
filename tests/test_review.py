"""Review where you read: Verify / Dispute from the dashboard, by the admin's own permission rule,
CSRF-protected; a Viewer's crafted POST is refused."""

import pytest
from django.test import Client

from incidents.models import Incident


def signed_in(user) -> tuple[Client, str]:
    """A client that enforces CSRF like a browser, and the token the dashboard page hands it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/").status_code == 200
    return client, client.cookies["csrftoken"].value


def post_review(client, token, incident, action="verify"):
    return client.post(f"/api/incidents/{incident.pk}/review", {"action": action}, HTTP_X_CSRFTOKEN=token)


def test_an_editor_verifies_and_disputes_with_the_csrf_token(role_users, make_incident):
    incident = make_incident()
    client, token = signed_in(role_users["Editor"])
    response = post_review(client, token, incident)
    assert response.status_code == 200 and response.json()["status"] == "verified"
    incident.refresh_from_db()
    assert incident.status == "verified" and incident.reviewed_by == role_users["Editor"]
    assert incident.history.first().history_change_reason == "review: verified"
    assert post_review(client, token, incident, "dispute").json()["status"] == "disputed"


def test_a_viewers_crafted_post_is_refused(role_users, make_incident):
    incident = make_incident()
    client, token = signed_in(role_users["Viewer"])
    response = post_review(client, token, incident)
    assert response.status_code == 403
    assert Incident.objects.get(pk=incident.pk).status == "unreviewed"


def test_a_post_without_the_csrf_token_is_refused(role_users, make_incident):
    incident = make_incident()
    client, _token = signed_in(role_users["Editor"])
    response = client.post(f"/api/incidents/{incident.pk}/review", {"action": "verify"})
    assert response.status_code == 403
    assert Incident.objects.get(pk=incident.pk).status == "unreviewed"


def test_anonymous_and_get_and_bad_actions(client, role_users, make_incident, settings):
    settings.PUBLIC_DASHBOARD = True
    incident = make_incident()
    assert client.post(f"/api/incidents/{incident.pk}/review", {"action": "verify"}).status_code == 401
    client.force_login(role_users["Editor"])
    assert client.get(f"/api/incidents/{incident.pk}/review").status_code == 405
    response = client.post(f"/api/incidents/{incident.pk}/review", {"action": "delete"})
    assert response.status_code == 400 and response.json()["param"] == "action"
    assert client.post("/api/incidents/999999/review", {"action": "verify"}).status_code == 404


def test_a_merged_incident_cannot_be_reviewed_and_says_where_it_went(client, role_users, make_incident):
    kept, gone = make_incident(), make_incident()
    Incident.objects.filter(pk=gone.pk).update(merged_into=kept)
    client.force_login(role_users["Editor"])
    response = client.post(f"/api/incidents/{gone.pk}/review", {"action": "verify"})
    assert response.status_code == 409 and response.json()["merged_into"] == kept.pk


@pytest.mark.parametrize(("role", "offered"), [("Viewer", False), ("Editor", True), ("Admin", True)])
def test_the_dashboard_offers_review_only_to_those_the_admin_lets_review(client, role_users, role, offered):
    client.force_login(role_users[role])
    config = client.get("/").context["config"]
    assert config["canReview"] is offered
