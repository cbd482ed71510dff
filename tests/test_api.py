"""The JSON API and exports: one FilterSet, clear 400s, access rules, and exports that match the screen."""

import csv
import datetime as dt
import io
import json

import pytest

from incidents.models import Incident


@pytest.fixture
def client_in(client, django_user_model):
    user = django_user_model.objects.create_user("analyst", password="pw-analyst")
    client.force_login(user)
    return client


@pytest.fixture
def two_outlets(make_incident, make_source):
    sana = make_source("sana", "SANA", "سانا", "state")
    npa = make_source("north-press", "North Press", "نورث برس", "local")
    a = make_incident(source=sana, location="Dhiban", cited_source="", event_type="Battles")
    b = make_incident(
        source=npa,
        location="Al Busayrah",
        lat=35.156,
        lon=40.427,
        cited_source="SOHR",
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
    )
    c = make_incident(source=npa, location="Raqqa", lat=35.95, lon=39.01, admin1="Raqqa", event_date=None)
    return a, b, c


def get(client, path):
    response = client.get(path)
    return response, json.loads(response.content) if response["Content-Type"].startswith(
        "application"
    ) else None


def test_anonymous_gets_401_from_api_and_login_redirect_from_page(client, two_outlets):
    assert client.get("/api/incidents").status_code == 401
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_public_dashboard_setting_opens_read_only(client, settings, two_outlets):
    settings.PUBLIC_DASHBOARD = True
    assert client.get("/api/incidents").status_code == 200
    assert client.get("/").status_code == 200
    assert client.post("/api/incidents").status_code == 405


def test_geojson_feature_collection(client_in, two_outlets):
    response, data = get(client_in, "/api/incidents")
    assert data["type"] == "FeatureCollection"
    assert data["meta"]["count"] == 3
    feature = next(f for f in data["features"] if f["properties"]["location"] == "Dhiban")
    assert feature["geometry"] == {"type": "Point", "coordinates": [40.51028, 35.01498]}


def test_outlet_filter_narrows(client_in, two_outlets):
    _, data = get(client_in, "/api/incidents?source=north-press")
    assert {f["properties"]["location"] for f in data["features"]} == {"Al Busayrah", "Raqqa"}
    _, data = get(client_in, "/api/incidents?source=north-press,sana")
    assert data["meta"]["count"] == 3


def test_cited_source_and_type_filters(client_in, two_outlets):
    _, data = get(client_in, "/api/incidents?cited=SOHR")
    assert [f["properties"]["location"] for f in data["features"]] == ["Al Busayrah"]
    _, data = get(client_in, "/api/incidents?type=Battles")
    assert data["meta"]["count"] == 2


def test_bbox_filter(client_in, two_outlets):
    _, data = get(client_in, "/api/incidents?bbox=40.3,35.0,40.6,35.2")
    assert {f["properties"]["location"] for f in data["features"]} == {"Dhiban", "Al Busayrah"}


def test_arabic_text_search_is_normalised(client_in, make_incident):
    make_incident(location="البصيرة", text="استهدف مسلحون مقراً في البصيرة")
    make_incident(location="Hajin", text="Clashes in Hajin")
    _, data = get(client_in, "/api/incidents?q=البصيره")  # ة written as ه
    assert [f["properties"]["location"] for f in data["features"]] == ["البصيرة"]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("bbox=1,2,3", "bbox"),
        ("bbox=0,0,500,10", "bbox"),
        ("start=yesterday", "start"),
        ("start=2024-05-01&end=2024-01-01", "start"),
        ("status=maybe", "status"),
        ("type=Picnic", "type"),
        ("precision=7", "precision"),
    ],
)
def test_bad_parameters_are_400_with_the_param(client_in, two_outlets, query, param):
    response, data = get(client_in, f"/api/incidents?{query}")
    assert response.status_code == 400
    assert data["param"] == param and data["error"]


def test_timeline_ignores_the_window_and_reports_it(client_in, two_outlets):
    _, data = get(client_in, "/api/timeline?start=2023-09-05&end=2023-09-05")
    assert data["unit"] == "day"
    assert sum(n for _d, n in data["buckets"]) == 2  # the undated incident is counted apart
    assert data["undated"] == 1
    assert data["window"] == {"start": "2023-09-05", "end": "2023-09-05"}


def test_timeline_bad_unit(client_in, two_outlets):
    response, data = get(client_in, "/api/timeline?unit=fortnight")
    assert response.status_code == 400 and data["param"] == "unit"


def test_facets_count_outlets(client_in, two_outlets):
    _, data = get(client_in, "/api/facets")
    assert {slug: n for slug, _name, n in data["source"]} == {"north-press": 2, "sana": 1}
    assert ["SOHR", 1] in data["cited"]


def test_incident_detail_has_claims_and_article_text(client_in, two_outlets):
    incident = two_outlets[0]
    _, data = get(client_in, f"/api/incidents/{incident.pk}")
    claim = data["claims"][0]
    assert claim["outlet"] == "SANA"
    assert claim["article"]["text"][claim["evidence_start"] : claim["evidence_end"]] == claim["evidence_text"]


def test_unknown_incident_is_404(client_in, two_outlets):
    response = client_in.get("/api/incidents/999999")
    assert response.status_code == 404 and response.json() == {"error": "no such incident", "param": None}


def test_csv_export_rows_equal_api_count_for_same_filters(client_in, two_outlets):
    query = "source=north-press"
    _, data = get(client_in, f"/api/incidents?{query}")
    response = client_in.get(f"/export/incidents.csv?{query}")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    on_screen = data["meta"]["count"] + data["meta"]["unlocated"]
    assert len(rows) == on_screen == 2
    assert {
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
        "article_urls",
        "tags",
        "demo",
    } <= set(rows[0])


def test_csv_neutralises_spreadsheet_formulas(client_in, make_incident):
    make_incident(notes='=HYPERLINK("http://evil")')
    rows = list(csv.DictReader(io.StringIO(client_in.get("/export/incidents.csv").getvalue().decode())))
    assert rows[0]["notes"].startswith("'=")


def test_geojson_export_matches_api(client_in, two_outlets):
    response = client_in.get("/export/incidents.geojson?type=Battles")
    collection = json.loads(response.getvalue())  # streamed: read once
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2


def test_folium_export_is_standalone(client_in, two_outlets):
    html = client_in.get("/export/incidents.html").content.decode()
    assert 'id="incident-map-data"' in html and 'id="incident-map-basemap"' in html  # data, basemap inline
    assert 'src="http' not in html and 'href="http' not in html.replace('href="https://leafletjs.com', "")


def test_merged_incidents_are_not_shown(client_in, two_outlets):
    a, b, _c = two_outlets
    b.merged_into = a
    b.save()
    _, data = get(client_in, "/api/incidents")
    assert data["meta"]["count"] == 2
    assert Incident.objects.count() == 3


@pytest.mark.parametrize(
    "query", ["", "source=north-press", "type=Battles", "bbox=40.3,35.0,40.6,35.2", "q=Busayrah"]
)
def test_map_columns_have_the_geojson_incidents_for_the_same_filters(client_in, two_outlets, query):
    _, geojson = get(client_in, f"/api/incidents?{query}")
    response, columns = get(client_in, f"/api/map?{query}")
    assert response.status_code == 200
    assert columns["count"] == geojson["meta"]["count"] == len(columns["id"])
    assert columns["unlocated"] == geojson["meta"]["unlocated"]
    assert columns["id"] == [f["id"] for f in geojson["features"]]  # same order: newest first
    for i, feature in enumerate(geojson["features"]):
        lon, lat = feature["geometry"]["coordinates"]
        assert (columns["lon"][i] / columns["scale"], columns["lat"][i] / columns["scale"]) == (lon, lat)
        assert columns["precision"][i] == feature["properties"]["geo_precision"]
        assert columns["types"][columns["type"][i]] == feature["properties"]["event_type"]


@pytest.mark.parametrize(
    ("query", "param"), [("bbox=1,2,3", "bbox"), ("type=Picnic", "type"), ("end=soon", "end")]
)
def test_map_columns_bad_parameter_is_400_with_the_param(client_in, two_outlets, query, param):
    response, data = get(client_in, f"/api/map?{query}")
    assert response.status_code == 400
    assert data["param"] == param and data["error"]


def test_geojson_properties_keep_their_types(client_in, make_incident, gazetteer):
    busayrah = gazetteer.get(name_en="Al Busayrah", geonameid__isnull=False)
    incident = make_incident(location="Busayrah", lat=35.1561234567, lon=40.4271234567, place=busayrah)
    _, data = get(client_in, "/api/incidents")
    [feature] = data["features"]
    assert feature["id"] == incident.pk
    assert feature["geometry"]["coordinates"] == [40.42712, 35.15612]  # five decimals
    assert feature["properties"] | {"id": None} == {
        "id": None,
        "date": "2023-09-05",
        "time_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "location": "Busayrah",
        "location_ar": busayrah.name_ar,
        "geo_precision": 1,
        "status": "unreviewed",
        "fatalities": None,
        "admin1": "Deir ez-Zor",
        "demo": False,
        "corroboration": "single",  # one outlet's claim (incidents/corroboration.py)
    }


def test_geojson_pages_newest_first(client_in, make_incident):
    for day in range(1, 6):
        make_incident(location=f"Day {day}", event_date=dt.date(2024, 3, day))
    _, page = get(client_in, "/api/incidents?limit=2&offset=1")
    assert [f["properties"]["location"] for f in page["features"]] == ["Day 4", "Day 3"]
    assert page["meta"]["count"] == 2
    _, rest = get(client_in, "/api/incidents?limit=2&offset=4")
    assert [f["properties"]["location"] for f in rest["features"]] == ["Day 1"]


@pytest.mark.parametrize("query", ["limit=0", "limit=many", "limit=5000", "offset=-1"])
def test_geojson_bad_page_is_400(client_in, two_outlets, query):
    response, data = get(client_in, f"/api/incidents?{query}")
    assert response.status_code == 400
    assert data["param"] == query.split("=")[0]


def test_facets_count_each_filter_option(client_in, two_outlets, make_incident):
    extra = make_incident(actor1="ISIS", actor2="SDF", status="verified")
    Incident.objects.filter(pk=extra.pk).update(geo_precision=2)
    _, data = get(client_in, "/api/facets")
    assert data["total"] == 4
    assert data["type"] == [["Battles", 3], ["Explosions/Remote violence", 1]]
    assert dict(data["admin1"]) == {"Deir ez-Zor": 3, "Raqqa": 1}
    assert dict(data["status"]) == {"unreviewed": 3, "verified": 1}
    assert data["precision"] == [[1, 3], [2, 1]]
    assert dict(data["actor"]) == {"ISIS": 1, "SDF": 1}


def test_timeline_one_outlet_counts_only_its_incidents(client_in, two_outlets):
    _, data = get(client_in, "/api/timeline?source=north-press")
    assert data["buckets"] == [["2023-09-05", 1]]
    assert data["undated"] == 1


def test_an_unchanged_selection_costs_a_304(client_in, make_incident):
    make_incident()
    etags = {}
    for url in ("/api/incidents", "/api/map", "/api/timeline", "/api/facets"):
        etags[url] = client_in.get(url)["ETag"]
        again = client_in.get(url, HTTP_IF_NONE_MATCH=etags[url])
        assert again.status_code == 304 and again.content == b"", url
    make_incident(lat=35.2)  # the data changed: a new answer
    changed = client_in.get("/api/incidents", HTTP_IF_NONE_MATCH=etags["/api/incidents"])
    assert changed.status_code == 200 and changed["ETag"] != etags["/api/incidents"]
