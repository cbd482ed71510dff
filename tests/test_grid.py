"""The map's grid (incidents/grid.py, /api/map/grid): cells counted in the database add up to the points."""

import json
from collections import Counter

import pytest
from django.http import QueryDict

from incidents import grid
from incidents.demo_volume import generate_volume
from incidents.filters import selection
from incidents.models import Incident

EAST_DEIR_EZ_ZOR = "39.9,34.4,41.0,35.4"


@pytest.fixture
def client_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("analyst", password="pw-analyst"))
    return client


@pytest.fixture
def volume(gazetteer, make_incident):
    generate_volume(1500, seed=3)
    make_incident(lat=None, lon=None, location="somewhere")  # unlocated: counted, never in a cell
    return Incident.objects.count()


def points(client, query):
    response = client.get(f"/api/map?{query}")
    assert response.status_code == 200
    return json.loads(response.content)


def cells(client, query):
    response = client.get(f"/api/map/grid?{query}")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


SELECTIONS = [
    "",
    "type=Battles",
    "source=demo-sana",
    "start=2024-01-01&end=2024-03-31",
    "actor=ISIS",
    "q=Demo",
    "precision=2,3",
    f"bbox={EAST_DEIR_EZ_ZOR}",
    "admin1=Aleppo&status=verified",
    "type=Protests",  # nothing
]


@pytest.mark.parametrize("query", SELECTIONS)
@pytest.mark.parametrize("zoom", [3, 6, 10])
def test_cell_counts_add_up_to_the_point_counts(volume, query, zoom):
    qs = selection(QueryDict(query)).qs
    got = grid.grid_cells(qs, zoom)
    expected = qs.located()
    assert got["count"] == sum(got["n"]) == expected.count()
    per_type = Counter()
    for by_type in got["by_type"]:
        for t, n in enumerate(by_type):
            per_type[got["types"][t]] += n
    assert +per_type == Counter(expected.values_list("event_type", flat=True))
    per_precision = [sum(p[k] for p in got["by_precision"]) for k in range(3)]
    assert per_precision == [expected.filter(geo_precision=p).count() for p in (1, 2, 3)]
    assert all(sum(b) == n for b, n in zip(got["by_type"], got["n"], strict=True))


def test_every_incident_is_in_the_cell_around_it(volume):
    got = grid.grid_cells(selection(QueryDict("")).qs, 6)
    size = grid.cell_size(6)
    incidents = Incident.objects.located()
    owners = Counter((int(lon // size), int(lat // size)) for lon, lat in incidents.values_list("lon", "lat"))
    # a cell's position is the mean of its incidents, so it lies inside the cell
    assert sorted(owners.values(), reverse=True) == got["n"]
    for lon, lat, n in zip(got["lon"], got["lat"], got["n"], strict=True):
        assert owners[(int(lon // size), int(lat // size))] == n


@pytest.mark.parametrize("query", SELECTIONS)
def test_api_cells_count_what_the_points_count(client_in, volume, settings, query):
    settings.MAP_POINT_LIMIT = 0  # always cells below the points zoom
    answer = cells(client_in, f"zoom=6&{query}")
    whole = points(client_in, query)
    assert answer["mode"] == ("cells" if whole["count"] else "points")  # nothing selected: no cells
    assert answer["count"] == sum(answer.get("n", [])) == whole["count"]
    assert answer["unlocated"] == whole["unlocated"]


def test_a_small_selection_gets_its_points(client_in, volume, settings):
    settings.MAP_POINT_LIMIT = 10_000
    answer = cells(client_in, "zoom=6&type=Battles")
    whole = points(client_in, "type=Battles")
    assert answer["mode"] == "points" and answer["bbox"] is False
    assert answer["id"] == whole["id"] and answer["count"] == whole["count"]


def test_past_the_points_zoom_only_the_view_is_sent(client_in, volume, settings):
    settings.MAP_POINT_LIMIT = 0
    answer = cells(client_in, f"zoom={grid.POINTS_ZOOM}&bbox={EAST_DEIR_EZ_ZOR}")
    in_view = points(client_in, f"bbox={EAST_DEIR_EZ_ZOR}")
    assert answer["mode"] == "points" and answer["bbox"] is True
    assert answer["id"] == in_view["id"] and 0 < answer["count"] < volume
    # without a bbox, a high zoom still gets cells for a big selection (never a million points)
    assert cells(client_in, f"zoom={grid.POINTS_ZOOM + 3}")["mode"] == "cells"


@pytest.mark.parametrize(
    "query,param",
    [
        ("", "zoom"),
        ("zoom=", "zoom"),
        ("zoom=x", "zoom"),
        ("zoom=6.5", "zoom"),
        ("zoom=-1", "zoom"),
        ("zoom=21", "zoom"),
        ("zoom=99999999999999999999", "zoom"),
        ("zoom=6&bbox=1,2,3", "bbox"),
        ("zoom=6&bbox=40,35,39,36", "bbox"),
        ("zoom=6&bbox=0,0,200,10", "bbox"),
        ("zoom=6&type=Nonsense", "type"),
    ],
)
def test_bad_zoom_or_bbox_is_400_with_the_param(client_in, gazetteer, query, param):
    response = client_in.get(f"/api/map/grid?{query}")
    assert response.status_code == 400
    assert json.loads(response.content)["param"] == param


def test_grid_answers_carry_an_etag(client_in, volume):
    first = client_in.get("/api/map/grid?zoom=6")
    again = client_in.get("/api/map/grid?zoom=6", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
