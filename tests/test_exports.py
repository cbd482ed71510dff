"""Exports an analyst can hand over: ACLED's columns in ACLED's order, Arabic that Excel reads, the
evidence sentence in the notes, demo rows marked."""

import csv
import datetime as dt
import io
import json

import pytest

from incidents.exports import ACLED_COLUMNS
from incidents.models import Incident

# ACLED's export columns, in ACLED's order (codebook 2023), then the project's three.
EXPECTED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "location_ar",
    "demo",
    "article_urls",
    "corroboration",
]


@pytest.fixture
def client_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    return client


def read_csv(client, query=""):
    response = client.get(f"/export/incidents.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response.getvalue()


def test_csv_starts_with_a_byte_order_mark_and_has_acleds_columns_in_order(client_in, make_incident):
    make_incident()
    content = read_csv(client_in)
    assert content.startswith(b"\xef\xbb\xbf")
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    header = next(reader)
    assert header == EXPECTED_COLUMNS
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert len(list(reader)) == 1


def test_csv_row_derives_acled_fields(client_in, make_incident, make_source, gazetteer):
    sana = make_source("sana", "SANA", "سانا", "state")
    busayrah = gazetteer.get(name_en="Al Busayrah", geonameid__isnull=False)
    incident = make_incident(
        source=sana,
        place=busayrah,
        location="Al Busayrah",
        event_date=dt.date(2023, 9, 5),
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1="Syrian government forces",
        actor2="ISIS",
        fatalities=3,
        cited_source="Local sources",
        text="Three civilians were killed in Al Busayrah, local sources said.",
        notes="Extracted automatically from article 1 on 2023-09-06.",
    )
    [row] = list(csv.DictReader(io.StringIO(read_csv(client_in).decode("utf-8-sig"))))
    assert row["event_id_cnty"] == f"SYR{incident.pk}"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2023-09-05", "2023", "1")
    assert row["disorder_type"] == "Political violence"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "2", "12")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["region"], row["country"]) == ("760", "Middle East", "Syria")
    assert row["source"] == "SANA (citing Local sources)" and row["source_scale"] == "National"
    # the evidence sentence, not ingest's boilerplate
    assert "Three civilians were killed in Al Busayrah" in row["notes"]
    assert "Extracted automatically" not in row["notes"]
    assert row["location_ar"] == busayrah.name_ar and row["location_ar"]
    assert row["fatalities"] == "3" and row["demo"] == "no"
    assert row["tags"] == "review status=unreviewed"
    updated = Incident.objects.get(pk=incident.pk).updated_at
    assert row["timestamp"] == str(int(updated.timestamp()))


def test_csv_keeps_arabic_and_unknowns_empty(client_in, make_incident):
    make_incident(location="الشحيل", lat=None, lon=None, event_date=None, actor1="Someone new")
    [row] = list(csv.DictReader(io.StringIO(read_csv(client_in).decode("utf-8-sig"))))
    assert row["location"] == "الشحيل" and row["location_ar"] == "الشحيل"
    assert row["latitude"] == row["longitude"] == row["year"] == row["event_date"] == ""
    assert row["fatalities"] == "" and row["inter1"] == ""  # unknown is empty, never 0


def test_csv_and_geojson_mark_demo_rows(client_in, make_incident):
    make_incident(location="Real")
    make_incident(location="Synthetic", is_demo=True)
    rows = list(csv.DictReader(io.StringIO(read_csv(client_in).decode("utf-8-sig"))))
    assert {r["location"]: r["demo"] for r in rows} == {"Real": "no", "Synthetic": "yes"}
    geojson = json.loads(client_in.get("/export/incidents.geojson").getvalue())
    assert {f["properties"]["location"]: f["properties"]["demo"] for f in geojson["features"]} == {
        "Real": False,
        "Synthetic": True,
    }
    only_real = list(csv.DictReader(io.StringIO(read_csv(client_in, "?demo=exclude").decode("utf-8-sig"))))
    assert [r["location"] for r in only_real] == ["Real"]


def test_csv_source_scale_joins_several_outlets(client_in, make_incident, make_source):
    local = make_source("dez24", "Deir ez-Zor 24", "دير الزور 24", "local")
    incident = make_incident(source=local)
    other = make_incident(source=make_source("sana", "SANA", "سانا", "state"))
    other.claims.update(incident=incident)
    other.delete()
    [row] = list(csv.DictReader(io.StringIO(read_csv(client_in).decode("utf-8-sig"))))
    assert row["source_scale"] == "Subnational-National"
    assert row["source"] == "Deir ez-Zor 24; SANA"
    assert len(row["article_urls"].split()) == 2


def test_geojson_export_of_the_unlocated_list_keeps_them(client_in, make_incident):
    make_incident(location="Placed")
    make_incident(location="الشحيل", lat=None, lon=None)
    geojson = json.loads(client_in.get("/export/incidents.geojson?located=no").getvalue())
    assert [(f["properties"]["location"], f["geometry"]) for f in geojson["features"]] == [("الشحيل", None)]
