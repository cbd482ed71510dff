"""The map of a large selection in Chromium: grid cells at zoom 6, the points themselves when zoomed in."""

import json

import pytest

from incidents.demo_volume import generate_volume
from tests.browser.conftest import ARTIFACTS, login

pytestmark = pytest.mark.django_db(transaction=True)

# Over Dhiban and Al Busayrah (eastern Deir ez-Zor): a town's surroundings, past the points zoom
TOWN_VIEW = "35.08,40.45,12"


@pytest.fixture
def large_selection(gazetteer, django_user_model, settings):
    settings.TILE_URL = ""
    settings.MAP_POINT_LIMIT = 300  # "large" for a test: 1500 incidents are more than the map's points
    generate_volume(1500, seed=5)
    django_user_model.objects.create_user("analyst", password="pw-analyst-1")


def wait_loaded(page):
    page.wait_for_function("document.body.dataset.loading === 'false'")


def test_zoom_6_shows_cells_that_add_up_and_a_town_view_shows_points(page, live_server, large_selection):
    grid_answers = []
    page.on("response", lambda r: "/api/map/grid" in r.url and grid_answers.append(r))
    login(page, live_server, "analyst", "pw-analyst-1")
    page.goto(f"{live_server.url}/?demo=include&view=35.0,38.5,6")
    wait_loaded(page)
    page.wait_for_selector(".grid-cell-count")
    counts = [
        int(c) for c in page.locator(".grid-cell-body").evaluate_all("els => els.map(e => e.dataset.count)")
    ]
    api = page.evaluate(f"fetch('{live_server.url}/api/map?demo=include').then(r => r.json())")
    assert sum(counts) == api["count"] == 1500  # every incident in one cell, none twice
    assert 3 < len(counts) < 200
    assert int(page.inner_text("#drawn-count")) == 1500
    first = page.locator(".grid-cell-body").first
    assert "Click to zoom in" in first.get_attribute("title")
    assert page.console_errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-grid-zoom6.png"))

    # at a town's zoom: the points in view (canvas or markers), no cells; the URL carries a rounded bbox
    page.goto(f"{live_server.url}/?demo=include&view={TOWN_VIEW}")
    wait_loaded(page)
    page.wait_for_function("document.querySelectorAll('.grid-cell').length === 0")
    page.wait_for_function("document.querySelector('#map').dataset.drawn !== undefined")
    page.wait_for_timeout(500)
    last = grid_answers[-1]
    assert "bbox=" in last.url and "zoom=12" in last.url
    data = json.loads(last.body())
    assert data["mode"] == "points" and data["bbox"] is True
    drawn = int(page.inner_text("#drawn-count"))
    assert 0 < drawn == data["count"] < 1500
    assert page.locator(".leaflet-marker-icon, .leaflet-interactive, canvas.incident-canvas").count() > 0
    assert page.console_errors == []
    page.screenshot(path=str(ARTIFACTS / "map-grid-zoom12.png"))
