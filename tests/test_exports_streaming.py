"""Streaming exports: CSV and GeoJSON of any size go out in pieces, with the same bytes as before."""

import json

import pytest
from django.http import QueryDict

from incidents import exports, mapdata
from incidents.demo_volume import generate_volume
from incidents.filters import selection


@pytest.fixture
def client_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("analyst", password="pw-analyst"))
    return client


@pytest.fixture
def incidents(gazetteer, make_incident):
    generate_volume(700, seed=11)
    make_incident(lat=None, lon=None, location='=HYPERLINK("x")', notes='a note, with "quotes"\nand lines')
    make_incident(event_date=None, location="ديبان", cited_source="SANA")


SELECTIONS = ["", "type=Battles", "source=demo-sana&start=2023-01-01", "located=no", "q=Nothing at all"]


@pytest.mark.parametrize("query", SELECTIONS)
def test_streamed_csv_is_the_same_text_whatever_the_chunk_size(incidents, query):
    qs = selection(QueryDict(query)).qs
    whole = exports.csv_text(qs)
    for size in (1, 7, 500):
        assert "".join(text for text, _n in exports.csv_chunks(qs, chunk_size=size)) == whole[1:]
    assert "".join(exports.csv_stream(qs)) == whole
    assert whole.startswith("\ufeff" + ",".join(exports.CSV_COLUMNS))


@pytest.mark.parametrize("query", SELECTIONS)
def test_streamed_geojson_is_the_bytes_of_the_whole_document(incidents, query):
    fs = selection(QueryDict(query))
    whole = mapdata.geojson(fs.qs, meta=False, unlocated=fs.unlocated_only)  # built in one piece
    for size in (1, 13, 5000):
        pieces = list(mapdata.geojson_stream(fs.qs, unlocated=fs.unlocated_only, chunk_size=size))
        assert b"".join(pieces) == whole
    json.loads(whole)


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_export_views_stream(client_in, incidents, fmt):
    response = client_in.get(f"/export/incidents.{fmt}?type=Battles")
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content)
    qs = selection(QueryDict("type=Battles")).qs
    if fmt == "csv":
        assert body.decode() == exports.csv_text(qs)
        assert "attachment" in response["Content-Disposition"]
    else:
        assert body == mapdata.geojson(qs, meta=False)
        assert len(json.loads(body)["features"]) == qs.located().count()


def test_a_bad_parameter_is_still_a_400_before_anything_streams(client_in, incidents):
    response = client_in.get("/export/incidents.csv?type=Nonsense")
    assert response.status_code == 400 and not response.streaming


@pytest.mark.django_db(transaction=True)
def test_streamed_exports_read_through_a_cursor_postgresql_does_not_copy(make_incident):
    """Outside a transaction Django declares PostgreSQL's cursor WITH HOLD, and PostgreSQL copies a held
    cursor's whole result before the first row leaves (5.9 s at a million incidents). The exports read
    inside a read transaction instead, closed when the stream ends or is dropped."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("server-side cursors are PostgreSQL's (SQLite's cursor streams anyway)")
    for i in range(5):
        make_incident(location=f"place {i}", cited_source="SANA")
    qs = selection(QueryDict("")).qs

    def open_cursors():
        with connection.cursor() as cursor:
            cursor.execute("SELECT is_holdable FROM pg_cursors")
            return [row[0] for row in cursor.fetchall()]

    for stream in (exports.csv_chunks(qs, chunk_size=1), mapdata.geojson_stream(qs, chunk_size=1)):
        next(stream), next(stream)  # the header, then the first incident
        assert open_cursors() == [False] and connection.in_atomic_block
        stream.close()  # a client that goes away mid-download
        assert not connection.in_atomic_block and connection.get_autocommit()
    assert "".join(exports.csv_stream(qs)).count("place ") == 5  # read to the end: every incident
    assert not connection.in_atomic_block
