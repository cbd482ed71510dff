"""Facet counts: within a group, counted without that group's own filter (OR within a group, AND across
groups), in an order that does not move as you click."""

import pytest


@pytest.fixture
def client_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    return client


@pytest.fixture
def spread(make_incident, make_source):
    """Deir ez-Zor: 3 battles, 1 explosion; Raqqa: 1 battle, 2 explosions (SANA reports Raqqa)."""
    sana = make_source("sana", "SANA", "سانا", "state")
    for _ in range(3):
        make_incident(admin1="Deir ez-Zor", event_type="Battles")
    make_incident(admin1="Deir ez-Zor", event_type="Explosions/Remote violence", actor1="ISIS")
    make_incident(admin1="Raqqa", event_type="Battles", source=sana)
    for _ in range(2):
        make_incident(
            admin1="Raqqa",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            source=sana,
            status="verified",
        )


def facets(client, query=""):
    response = client.get(f"/api/facets?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_groups_own_filter_does_not_narrow_its_own_counts(client_in, spread):
    data = facets(client_in, "type=Battles")
    assert data["total"] == 4
    # the other type stays choosable, with its count under the other filters (none here)
    assert dict(data["type"]) == {"Battles": 4, "Explosions/Remote violence": 3}
    # other groups count the selection: battles only
    assert dict(data["admin1"]) == {"Deir ez-Zor": 3, "Raqqa": 1}
    assert dict(data["status"]) == {"unreviewed": 4}


def test_and_across_groups_each_counted_without_its_own_filter(client_in, spread):
    data = facets(client_in, "type=Battles&admin1=Raqqa")
    assert data["total"] == 1
    assert dict(data["type"]) == {"Battles": 1, "Explosions/Remote violence": 2}  # in Raqqa
    assert dict(data["admin1"]) == {"Deir ez-Zor": 3, "Raqqa": 1}  # battles
    assert {slug: n for slug, _name, n in data["source"]} == {"sana": 1}  # both filters


def test_or_within_a_group(client_in, spread):
    data = facets(client_in, "type=Battles,Explosions/Remote violence")
    assert data["total"] == 7
    assert dict(data["admin1"]) == {"Deir ez-Zor": 4, "Raqqa": 3}


def test_outlets_counted_without_the_outlet_filter(client_in, spread):
    data = facets(client_in, "source=sana")
    assert data["total"] == 3
    assert {slug: n for slug, _name, n in data["source"]} == {"north-press": 4, "sana": 3}
    assert dict(data["admin1"]) == {"Raqqa": 3}


def test_the_order_is_stable_whatever_the_counts(client_in, spread):
    before = facets(client_in)
    after = facets(client_in, "admin1=Raqqa")
    # Raqqa has more explosions than battles, yet the codebook's order holds
    assert [v for v, _n in after["type"]] == ["Battles", "Explosions/Remote violence"]
    assert [v for v, _n in after["type"]] == [v for v, _n in before["type"]]
    assert [v for v, _n in before["admin1"]] == ["Deir ez-Zor", "Raqqa"]
    assert [v for v, _n in before["status"]] == ["unreviewed", "verified"]
    assert [row[1] for row in before["source"]] == ["North Press", "SANA"]
    assert [v for v, _n in facets(client_in, "status=verified")["admin1"]] == ["Raqqa"]
