"""The dashboard's side of issue 12 through the API: the corroboration facet, the map's corroboration
column, corroboration in the CSV and GeoJSON exports, the ACLED reference layer's data, and the labels
the dashboard needs in English and Arabic."""

import csv
import io
import json

import pytest
from django.utils import translation

from incidents import corroboration
from incidents.acled_reference import import_file
from incidents.views import _analysis_labels
from tests.test_acled import build, to_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("viewer", password="x"))
    return client


@pytest.fixture
def levels(make_incident, make_source):
    """Three incidents: one outlet alone, SANA cited by an opposition outlet, and an opposition pair."""
    souria = make_source("al-souria-net", "Al-Souria Net", "السورية نت", "opposition")
    enab = make_source("enab-baladi", "Enab Baladi", "عنب بلدي", "opposition")
    single = make_incident(source=souria, location="Dhiban")
    crossed = make_incident(source=souria, location="Al Busayrah", cited_source="SANA")
    crossed.claims.create(article=single.claims.get().article, cited_source="")  # Al-Souria Net itself
    one = make_incident(source=souria, location="Hajin")
    one.claims.create(article=make_incident(source=enab).claims.get().article)
    corroboration.refresh()
    return {"single": single, "cross": crossed, "one": one}


def test_corroboration_is_a_facet_counted_without_its_own_filter(viewer, levels):
    facets = viewer.get("/api/facets").json()
    assert dict(map(tuple, facets["corroboration"])) == {
        "single": 2,  # the Enab Baladi incident beside Hajin's is single too
        "one_affiliation": 1,
        "cross_affiliation": 1,
    }
    # chosen: the group keeps counting its other options (OR within it), the rest follow the filter
    chosen = viewer.get("/api/facets?corroboration=cross_affiliation").json()
    assert dict(map(tuple, chosen["corroboration"]))["single"] == 2
    assert chosen["total"] == 1
    both = viewer.get("/api/incidents?corroboration=cross_affiliation,one_affiliation").json()
    assert {f["properties"]["location"] for f in both["features"]} == {"Al Busayrah", "Hajin"}


def test_the_map_columns_carry_each_incidents_level(viewer, levels):
    columns = viewer.get("/api/map").json()
    level_of = {
        pk: columns["corroborations"][k]
        for pk, k in zip(columns["id"], columns["corroboration"], strict=True)
    }
    assert level_of[levels["cross"].pk] == "cross_affiliation"
    assert level_of[levels["one"].pk] == "one_affiliation"
    assert level_of[levels["single"].pk] == "single"
    filtered = viewer.get("/api/map?corroboration=single").json()
    assert set(filtered["corroborations"]) == {"single"} and filtered["count"] == 2


def test_exports_carry_corroboration(viewer, levels):
    body = viewer.get("/export/incidents.csv?corroboration=cross_affiliation").getvalue().decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(body)))
    assert [r["corroboration"] for r in table] == ["cross_affiliation"]
    assert table[0]["location"] == "Al Busayrah"
    everything = list(
        csv.DictReader(io.StringIO(viewer.get("/export/incidents.csv").getvalue().decode("utf-8-sig")))
    )
    assert sorted(r["corroboration"] for r in everything) == [
        "cross_affiliation",
        "one_affiliation",
        "single",
        "single",
    ]
    geo = json.loads(viewer.get("/export/incidents.geojson").getvalue())
    by_place = {f["properties"]["location"]: f["properties"]["corroboration"] for f in geo["features"]}
    assert by_place["Hajin"] == "one_affiliation" and by_place["Al Busayrah"] == "cross_affiliation"


def test_the_acled_layer_says_when_nothing_is_imported_and_follows_the_selection(viewer, make_incident):
    empty = viewer.get("/api/acled/events").json()
    assert empty["imported"] == 0 and empty["count"] == 0 and empty["event_id_cnty"] == []
    rows, ours = build()
    import_file(to_csv(rows))
    for day, lat, lon in ours:
        make_incident(event_date=day, lat=lat, lon=lon)
    layer = viewer.get("/api/acled/events").json()
    assert layer["imported"] == 300
    # ACLED's events within our selection's dates (Jan 2 .. Jul 2023): every row but the few Idlib ones after
    check = viewer.get("/api/acled/crosscheck").json()
    assert layer["count"] == check["counts"]["matched"] + check["counts"]["only_acled"]
    assert layer["shown"] == len(layer["lat"]) == len(layer["event_id_cnty"]) == layer["count"]
    january = viewer.get("/api/acled/events?start=2023-01-01&end=2023-01-31").json()
    assert all(d.startswith("2023-01") for d in january["date"]) and january["count"] < layer["count"]
    assert viewer.get("/api/acled/events?bbox=1,2").status_code == 400


def test_the_new_labels_exist_in_arabic():
    with translation.override("ar"):
        labels = _analysis_labels()
    with translation.override("en"):
        english = _analysis_labels()
    untranslated = [
        key for key, value in english.items() if isinstance(value, str) and labels[key] == value and value
    ]
    assert untranslated == []
    assert labels["alertLabels"]["large_increase"] != english["alertLabels"]["large_increase"]
