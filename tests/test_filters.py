"""The FilterSet's reach: incidents without coordinates or without a date are selectable, listable and
searchable like any other, through the same parameters as the map, the timeline and the exports."""

import datetime as dt

import pytest

from incidents.article_files import read_article_file
from incidents.ingest import ingest_article
from incidents.models import Incident, PlaceMention
from tests.conftest import SAMPLES


@pytest.fixture
def client_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    return client


@pytest.fixture
def mixed(make_incident):
    """Two placed incidents, two without coordinates (one Arabic mention, one English), one undated."""
    placed = make_incident(location="Dhiban")
    undated = make_incident(location="Hajin", event_date=None)
    shuhayl = make_incident(location="الشحيل", lat=None, lon=None, admin1="Deir ez-Zor")
    shheil = make_incident(location="Shheil", lat=None, lon=None, admin1="", event_date=None)
    return {"placed": placed, "undated": undated, "shuhayl": shuhayl, "shheil": shheil}


def ids(client, query):
    response = client.get(f"/api/incidents?{query}")
    assert response.status_code == 200, response.content
    return {f["id"] for f in response.json()["features"]}


def test_located_no_lists_the_incidents_without_coordinates(client_in, mixed):
    data = client_in.get("/api/incidents?located=no").json()
    assert {f["id"] for f in data["features"]} == {mixed["shuhayl"].pk, mixed["shheil"].pk}
    assert all(f["geometry"] is None for f in data["features"])
    assert data["meta"]["unlocated"] == 2
    by_id = {f["id"]: f["properties"] for f in data["features"]}
    assert by_id[mixed["shuhayl"].pk]["admin1"] == "Deir ez-Zor"
    assert by_id[mixed["shuhayl"].pk]["location"] == "الشحيل"  # the mention as written


def test_without_located_the_geojson_stays_the_located_incidents(client_in, mixed):
    assert ids(client_in, "") == {mixed["placed"].pk, mixed["undated"].pk}
    assert ids(client_in, "located=yes") == {mixed["placed"].pk, mixed["undated"].pk}


def test_unlocated_incidents_are_found_by_arabic_mention_and_english_name(client_in, mixed):
    assert ids(client_in, "located=no&q=الشحيل") == {mixed["shuhayl"].pk}
    assert ids(client_in, "located=no&q=شحيل") == {mixed["shuhayl"].pk}
    assert ids(client_in, "located=no&q=shheil") == {mixed["shheil"].pk}


def test_dated_no_selects_the_undated_incidents(client_in, mixed):
    assert ids(client_in, "dated=no") == {mixed["undated"].pk}
    assert ids(client_in, "dated=no&located=no") == {mixed["shheil"].pk}
    assert ids(client_in, "dated=yes") == {mixed["placed"].pk}


def test_the_map_and_the_timeline_follow_located_and_dated(client_in, mixed):
    assert client_in.get("/api/map?located=no").json()["count"] == 0
    assert client_in.get("/api/map?located=no").json()["unlocated"] == 2
    timeline = client_in.get("/api/timeline?dated=no").json()
    assert timeline["buckets"] == [] and timeline["undated"] == 2


@pytest.mark.parametrize("query", ["located=maybe", "dated=1", "sort=random", "sort=-id"])
def test_bad_reach_parameters_are_400(client_in, mixed, query):
    response = client_in.get(f"/api/incidents?{query}")
    assert response.status_code == 400
    assert response.json()["param"] == query.split("=")[0]


def test_a_waiting_mention_is_offered_for_placing(client_in, mixed):
    article = mixed["shuhayl"].claims.get().article
    mention = PlaceMention.objects.create(
        article=article, surface="الشحيل", start=0, end=6, role="incident", incident=mixed["shuhayl"]
    )
    by_id = {f["id"]: f["properties"] for f in client_in.get("/api/incidents?located=no").json()["features"]}
    assert by_id[mixed["shuhayl"].pk]["mention_id"] == mention.pk
    assert by_id[mixed["shheil"].pk]["mention_id"] is None


def test_list_rows_carry_outlets_and_sort_by_fatalities_outlet_and_precision(
    client_in, make_incident, make_source
):
    sana = make_source("sana", "SANA", "سانا", "state")
    few = make_incident(source=sana, fatalities=1, location="Few")
    many = make_incident(fatalities=9, location="Many")
    unknown = make_incident(fatalities=None, location="Unknown", event_date=dt.date(2024, 1, 1))
    Incident.objects.filter(pk=few.pk).update(geo_precision=3)

    def order(sort):
        data = client_in.get(f"/api/incidents?sort={sort}&limit=10").json()
        return [f["properties"]["location"] for f in data["features"]]

    assert order("fatalities") == ["Many", "Few", "Unknown"]  # unknown last
    assert order("newest")[0] == "Unknown"
    assert order("outlet") == ["Unknown", "Many", "Few"]  # North Press before SANA, newest first within
    assert order("precision")[-1] == "Few"
    page = client_in.get("/api/incidents?limit=10").json()["features"]
    outlets = {f["id"]: (f["properties"]["outlets"], f["properties"]["outlets_ar"]) for f in page}
    assert outlets[few.pk] == (["SANA"], ["سانا"]) and outlets[many.pk] == (["North Press"], ["نورث برس"])
    assert outlets[unknown.pk] == (["North Press"], ["نورث برس"])
    whole = client_in.get("/api/incidents").json()["features"]  # QGIS and exports: no lookup per page
    assert all("outlets" not in f["properties"] for f in whole)


def test_an_incident_not_placed_yet_keeps_the_articles_governorate(gazetteer):
    [article] = read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor.json")
    outcome = ingest_article(article)
    unplaced = [i for i in outcome.incidents if i.lat is None]
    assert unplaced, "the seed article names a place the gazetteer lacks (الرز)"
    assert {i.admin1 for i in unplaced} == {"Deir ez-Zor"}
    assert all(i.place is None and i.lon is None for i in unplaced)


@pytest.fixture
def districts(make_incident):
    """Three incidents in two districts of Deir ez-Zor, with two sub-event types."""
    return {
        "mayadin_clash": make_incident(
            location="Al Mayadin", admin2="Al Mayadin", sub_event_type="Armed clash"
        ),
        "mayadin_attack": make_incident(
            location="Al Mayadin",
            admin2="Al Mayadin",
            sub_event_type="Attack",
            event_type="Violence against civilians",
        ),
        "abu_kamal": make_incident(
            location="Hajin",
            admin2="Abu Kamal",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
        ),
    }


def test_district_and_sub_event_type_filter_or_within_and_across(client_in, districts):
    d = districts
    assert ids(client_in, "admin2=Al+Mayadin") == {d["mayadin_clash"].pk, d["mayadin_attack"].pk}
    assert ids(client_in, "admin2=Al+Mayadin&admin2=Abu+Kamal") == {i.pk for i in d.values()}
    assert ids(client_in, "sub_event_type=Armed+clash,Air/drone+strike") == {
        d["mayadin_clash"].pk,
        d["abu_kamal"].pk,
    }
    assert ids(client_in, "admin2=Al+Mayadin&sub_event_type=Air/drone+strike") == set()


@pytest.mark.parametrize(
    "query", ["admin2=Atlantis", "sub_event_type=Picnic", "place=12x", "place=999999999"]
)
def test_an_unknown_district_sub_event_type_or_place_is_a_clear_400(client_in, districts, query):
    for endpoint in ("incidents", "map", "facets", "timeline", "summary"):
        response = client_in.get(f"/api/{endpoint}?{query}")
        assert response.status_code == 400, (endpoint, response.content)
        body = response.json()
        assert body["param"] == query.split("=")[0] and "unknown value" in body["error"]


def test_facets_count_districts_and_sub_event_types_without_their_own_filter(client_in, districts):
    data = client_in.get("/api/facets?admin2=Al+Mayadin").json()
    assert data["total"] == 2
    assert data["admin2"] == [["Abu Kamal", 1], ["Al Mayadin", 2]]  # alphabetical, the other still choosable
    assert data["sub_event_type"] == [["Armed clash", 1], ["Attack", 1]]  # the codebook's order
    assert client_in.get("/api/facets?sub_event_type=Attack").json()["sub_event_type"] == [
        ["Armed clash", 1],
        ["Air/drone strike", 1],
        ["Attack", 1],  # violence against civilians comes after explosions in the codebook
    ]


def test_the_export_summary_names_districts_and_sub_event_types_in_arabic(client_in, districts):
    from django.http import QueryDict
    from django.utils import translation

    from incidents.exports import describe_selection

    with translation.override("ar"):
        described = dict(describe_selection(QueryDict("admin2=Al Mayadin&sub_event_type=Armed clash")))
    assert described == {"المنطقة": "الميادين", "الأنواع الفرعية للأحداث": "اشتباك مسلح"}
    with translation.override("en"):
        described = dict(describe_selection(QueryDict("admin2=Al Mayadin&sub_event_type=Armed clash")))
    assert described == {"District": "Al Mayadin", "Sub-event types": "Armed clash"}
