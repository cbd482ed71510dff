"""The selection's summary (/api/summary): counted by the database under the one FilterSet, so its numbers
are exactly the list's and the map's for the same filters."""

import datetime as dt

import pytest
from django.db.models import Sum

from incidents.filters import selection
from incidents.models import Incident, Place
from incidents.summary import summary


@pytest.fixture
def client_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    return client


@pytest.fixture
def week(make_incident):
    hajin = Place.objects.create(name_en="Hajin", name_ar="هجين", lat=34.69, lon=40.83, admin1="Deir ez-Zor")
    made = [
        make_incident(event_date=dt.date(2023, 9, 4), fatalities=3, actor1="SDF", actor2="ISIS", place=hajin),
        make_incident(event_date=dt.date(2023, 9, 5), fatalities=None, actor1="SDF", place=hajin),
        make_incident(
            event_date=dt.date(2023, 9, 12),
            fatalities=5,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            actor1="International Coalition",
            actor2="ISIS",
        ),
        make_incident(event_date=None, fatalities=1, actor1="ISIS", actor2="ISIS"),
    ]
    return made


def test_the_summary_counts_types_weeks_actors_and_places(client_in, week):
    data = client_in.get("/api/summary").json()
    assert (data["incidents"], data["fatalities"]) == (4, 9)
    assert data["by_type"] == [["Battles", 3, 4], ["Explosions/Remote violence", 1, 5]]
    assert data["unit"] == "week"
    assert data["by_period"] == [["2023-09-04", 2, 3], ["2023-09-11", 1, 5]]  # the undated one has no week
    assert data["top_actors"] == [["ISIS", 3], ["SDF", 2], ["International Coalition", 1]]
    hajin = Place.objects.get(name_en="Hajin", origin=Place.Origin.ANALYST)
    assert data["top_places"] == [[hajin.pk, "Hajin", 2]]


def test_top_places_are_named_in_the_interface_language(client_in, week):
    data = client_in.get("/api/summary", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert data["top_places"][0][1] == "هجين"


def test_a_top_place_is_a_filter(client_in, week):
    hajin = Place.objects.get(name_en="Hajin", origin=Place.Origin.ANALYST)
    data = client_in.get(f"/api/summary?place={hajin.pk}").json()
    assert data["incidents"] == 2
    listed = client_in.get(f"/api/incidents?place={hajin.pk}").json()["features"]
    assert len(listed) == 2


def test_the_summary_equals_the_database_under_the_same_filters(client_in, week):
    for query in ("", "type=Battles", "actor=ISIS", "start=2023-09-10", "dated=no"):
        qs = selection(_params(query)).qs
        data = client_in.get(f"/api/summary?{query}").json()
        assert data["incidents"] == qs.count(), query
        assert data["fatalities"] == (qs.aggregate(f=Sum("fatalities"))["f"] or 0), query


def test_an_empty_selection_has_an_empty_summary(client_in, week):
    data = summary(Incident.objects.none())
    assert data["incidents"] == 0 and data["by_period"] == [] and data["top_actors"] == []


def _params(query):
    from django.http import QueryDict

    return QueryDict(query)


def test_the_export_summary_names_a_place_filter(week):
    from django.http import QueryDict
    from django.utils import translation

    from incidents.exports import describe_selection

    hajin = Place.objects.get(name_en="Hajin", origin=Place.Origin.ANALYST)
    with translation.override("ar"):
        assert dict(describe_selection(QueryDict(f"place={hajin.pk}"))) == {"المكان": "هجين"}
