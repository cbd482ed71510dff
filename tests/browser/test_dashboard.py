"""The dashboard in a real Chromium against a live server: what an analyst sees and can do."""

import datetime as dt
import json
from urllib.parse import parse_qs, urlparse

import pytest

from incidents.article_files import read_article_file
from incidents.ingest import ingest_article
from incidents.models import Incident
from tests.browser.conftest import login
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analyst(django_user_model):
    return django_user_model.objects.create_user("analyst", password="pw-analyst-1")


@pytest.fixture
def no_tiles(settings):
    settings.TILE_URL = ""


@pytest.fixture
def outlets(make_incident, make_source):
    sana = make_source("sana", "SANA", "سانا", "state")
    npa = make_source("north-press", "North Press", "نورث برس", "local")
    for i in range(6):
        make_incident(
            source=sana, event_date=dt.date(2023, 1, 1) + dt.timedelta(days=30 * i), lat=35 + i / 10
        )
    for i in range(4):
        make_incident(
            source=npa,
            event_date=dt.date(2023, 8, 1) + dt.timedelta(days=10 * i),
            lat=34.5 + i / 10,
            location=f"Village {i}",
        )


def open_dashboard(page, live_server, query=""):
    page.console_errors.clear()
    page.goto(f"{live_server.url}/{query}")
    page.wait_for_function("document.body.dataset.loading === 'false'")


def api_count(page, live_server, query=""):
    data = page.evaluate(f"fetch('{live_server.url}/api/incidents?{query}').then(r => r.json())")
    return data["meta"]["count"]


def list_count(page):
    return page.locator("#list li").count()


def test_page_loads_clean_and_draws_every_api_incident(page, live_server, analyst, outlets, no_tiles):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    login(page, live_server, "analyst", "pw-analyst-1")
    requests.clear()
    open_dashboard(page, live_server)
    assert page.console_errors == []
    assert [u for u in requests if not u.startswith(live_server.url) and not u.startswith("data:")] == []
    drawn = int(page.inner_text("#drawn-count"))
    assert drawn == api_count(page, live_server) == 10
    # no tile server: the offline basemap, not a "tiles unavailable" notice (tests/browser/test_basemap.py)
    page.wait_for_selector("#map[data-basemap=drawn]")
    assert page.locator("#tile-notice").is_hidden()


def test_choosing_one_outlet_narrows_map_list_and_url_and_survives_reload(
    page, live_server, analyst, outlets, no_tiles
):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    assert list_count(page) == 10
    page.check("fieldset[data-facet=source] input[value=north-press]")
    page.wait_for_function("document.getElementById('drawn-count').textContent === '4'")
    page.wait_for_function("document.body.dataset.loading === 'false'")
    assert list_count(page) == 4
    assert parse_qs(urlparse(page.url).query)["source"] == ["north-press"]
    page.reload()
    page.wait_for_function("document.body.dataset.loading === 'false'")
    assert page.inner_text("#drawn-count") == "4" and list_count(page) == 4
    assert page.is_checked("fieldset[data-facet=source] input[value=north-press]")


def test_brushing_the_timeline_narrows_the_list_and_play_advances(
    page, live_server, analyst, outlets, no_tiles
):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    box = page.locator("#tl-canvas").bounding_box()
    y = box["y"] + box["height"] / 2
    # drag across the first third of the time axis (January to May 2023)
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.up()
    page.wait_for_function("new URLSearchParams(location.search).has('start')")
    page.wait_for_function("document.body.dataset.loading === 'false'")
    brushed = list_count(page)
    assert 0 < brushed < 10
    first_start = parse_qs(urlparse(page.url).query)["start"][0]
    page.click("#tl-play")
    page.wait_for_function(
        f"new URLSearchParams(location.search).get('start') > '{first_start}'", timeout=10000
    )
    page.click("#tl-play")  # pause
    assert page.get_attribute("#tl-play", "aria-pressed") == "false"


def test_seed_detail_shows_sana_and_local_sources_side_by_side(
    page, live_server, analyst, gazetteer, no_tiles
):
    [article] = read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor.json")
    outcome = ingest_article(article)
    dhiban = next(i for i in outcome.incidents if i.place and i.place.name_en == "Dhiban")
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server, f"?incident={dhiban.pk}")
    page.wait_for_selector("#detail .claim")
    sana = page.locator("#detail .claim[data-cited=SANA]")
    local = page.locator("#detail .claim[data-cited='Local sources']")
    assert "Popular factions" in sana.inner_text()
    assert "ISIS" in local.inner_text()
    assert "سانا" in sana.locator("mark").inner_text()
    assert "مصادر محلية" in local.locator("mark").inner_text()
    sana_box, local_box = sana.bounding_box(), local.bounding_box()
    assert abs(sana_box["y"] - local_box["y"]) < 5, "claims are laid out side by side"
    # each quote opens scrolled to its highlighted evidence sentence
    for claim in (sana, local):
        quote, mark = claim.locator(".article-text").bounding_box(), claim.locator("mark").bounding_box()
        assert quote["y"] <= mark["y"] < quote["y"] + quote["height"]


def test_article_markup_is_shown_as_text_and_never_runs(page, live_server, analyst, make_incident, no_tiles):
    hostile = (
        'Gunmen attacked <img src=x onerror="window.pwned=1"> </script><script>window.pwned=2</script> Dhiban'
    )
    incident = make_incident(text=hostile, location='<b onmouseover="window.pwned=3">Dhiban</b>')
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server, f"?incident={incident.pk}")
    page.wait_for_selector("#detail .claim")
    assert "<img src=x" in page.inner_text("#detail .claim")
    assert page.locator("#detail img, #list img, #detail script").count() == 0
    assert '<b onmouseover="window.pwned=3">Dhiban</b>' in page.inner_text("#list")
    page.hover("#list .place")
    assert page.evaluate("window.pwned") is None and dialogs == []


def test_a_link_with_a_refused_filter_says_why(page, live_server, analyst, outlets, no_tiles):
    login(page, live_server, "analyst", "pw-analyst-1")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_dashboard(page, live_server, "?type=Picnic")
    assert "type" in page.inner_text("#list-count") and "Picnic" in page.inner_text("#list-count")
    assert page.inner_text("#drawn-count") == "0" and errors == []
    page.click("#f-reset")
    page.wait_for_function("document.getElementById('drawn-count').textContent === '10'")
    assert "Picnic" not in page.inner_text("#list-count")


def test_arabic_interface_is_right_to_left(page, live_server, analyst, outlets, no_tiles):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    page.click("#lang-switch")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    page.wait_for_function("document.body.dataset.loading === 'false'")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.inner_text("#lang-switch") == "English"
    assert int(page.inner_text("#drawn-count")) == 10
    # stored English terms read in Arabic: the legend, the type facet and the list
    assert "معارك" in page.inner_text("#legend")
    assert "معارك" in page.inner_text("fieldset[data-facet=type]")
    assert "اشتباك مسلح" in page.inner_text("#list")
    # governorates too, and a chosen value the other filters leave empty
    governorates = page.inner_text("fieldset[data-facet=admin1]")
    assert "دير الزور" in governorates and "Deir" not in governorates
    open_dashboard(page, live_server, "?type=Protests")  # chosen, and no incident has it
    page.wait_for_function("document.body.dataset.loading === 'false'")
    types = page.inner_text("fieldset[data-facet=type]")
    assert "احتجاجات" in types and "Protests" not in types
    assert page.console_errors == []


def test_offline_map_export_opens_from_disk_without_network(
    page, live_server, analyst, outlets, no_tiles, tmp_path
):
    login(page, live_server, "analyst", "pw-analyst-1")
    html = page.evaluate(f"fetch('{live_server.url}/export/incidents.html?source=sana').then(r => r.text())")
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    outside = []
    page.route(
        "**/*",
        lambda route: (
            (outside.append(route.request.url), route.abort())
            if not route.request.url.startswith("file:")
            else route.continue_()
        ),
    )
    page.console_errors.clear()
    page.goto(path.as_uri())
    page.wait_for_function(
        "document.querySelectorAll('.marker-cluster, path.leaflet-interactive').length > 0"
    )
    assert outside == [] and page.console_errors == []
    assert json.dumps(html).count("marker") > 0


@pytest.fixture
def canvas_above(settings):
    """Draw on the one canvas from this many incidents on (the dashboard's default is thousands)."""

    def above(n):
        settings.MAP_CLUSTER_LIMIT = n

    return above


def click_map_centre(page):
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_a_large_selection_is_drawn_on_one_canvas_and_a_click_opens_the_incident(
    page, live_server, analyst, outlets, no_tiles, canvas_above
):
    canvas_above(5)
    village = Incident.objects.get(location="Village 2")
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server, f"?view={village.lat},{village.lon},9")
    assert int(page.inner_text("#drawn-count")) == api_count(page, live_server) == 10
    assert page.locator("#map canvas.incident-canvas").count() == 1
    assert page.locator("#map .marker-cluster, #map path.leaflet-interactive").count() == 0
    click_map_centre(page)
    page.wait_for_selector(f"#detail[data-id='{village.pk}'] .claim")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Village 2" in page.inner_text(".leaflet-popup-content")
    assert parse_qs(urlparse(page.url).query)["incident"] == [str(village.pk)]
    assert page.console_errors == []


def test_a_small_selection_is_clustered_and_a_click_on_a_marker_opens_the_incident(
    page, live_server, analyst, outlets, no_tiles
):
    village = Incident.objects.get(location="Village 2")
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server, f"?view={village.lat},{village.lon},12")
    assert page.locator("#map canvas.incident-canvas").count() == 0
    click_map_centre(page)
    page.wait_for_selector(f"#detail[data-id='{village.pk}'] .claim")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Village 2" in page.inner_text(".leaflet-popup-content")


def test_a_region_level_incident_is_an_area_on_the_canvas_not_a_point(
    page, live_server, analyst, make_incident, no_tiles, canvas_above
):
    canvas_above(1)
    region = make_incident(location="Deir ez-Zor countryside", lat=35.3, lon=40.1)
    make_incident(location="Raqqa", lat=35.95, lon=39.01)
    Incident.objects.filter(pk=region.pk).update(geo_precision=3)
    login(page, live_server, "analyst", "pw-analyst-1")
    # centred 11 km north of it: inside its 25 km ring, far from any exact point
    open_dashboard(page, live_server, "?view=35.4,40.1,9")
    click_map_centre(page)
    page.wait_for_selector(f"#detail[data-id='{region.pk}']")
    page.wait_for_selector(".leaflet-popup-content")
    assert "region-level location" in page.inner_text(".leaflet-popup-content")


def test_the_list_shows_the_newest_page_and_more_on_demand(
    page, live_server, analyst, make_incident, no_tiles
):
    for i in range(205):
        make_incident(location=f"Place {i}", event_date=dt.date(2023, 1, 1) + dt.timedelta(days=i))
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    assert page.inner_text("#drawn-count") == "205"
    assert list_count(page) == 200
    assert page.inner_text("#list li:first-child .place") == "Place 204"  # newest first
    assert "200" in page.inner_text("#list-count") and "205" in page.inner_text("#list-count")
    page.click("#list-more")
    page.wait_for_function("document.querySelectorAll('#list li').length === 205")
    assert page.inner_text("#list li:last-child .place") == "Place 0"
    assert page.locator("#list-more").is_hidden()


def test_the_map_fits_the_selection_but_not_the_time_window(page, live_server, analyst, outlets, no_tiles):
    """No saved position: the map opens on the incidents (not on the whole country); choosing an outlet
    fits its incidents; brushing dates keeps the map where it is."""
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)

    def view():  # the map's centre and zoom, as the URL keeps them
        page.wait_for_function("new URLSearchParams(location.search).get('view') !== null")
        lat, lon, zoom = parse_qs(urlparse(page.url).query)["view"][0].split(",")
        return float(lat), float(lon), int(zoom)

    lat, lon, zoom = view()
    assert zoom > 7 and 34.5 <= lat <= 35.5  # the ten incidents, closer than the country (zoom 7)
    page.check("fieldset[data-facet=source] input[value=north-press]")
    page.wait_for_function("document.getElementById('drawn-count').textContent === '4'")
    page.wait_for_timeout(300)
    fitted = view()
    assert 34.5 <= fitted[0] <= 34.8 and fitted[2] >= zoom  # North Press's four villages
    page.fill("#f-start", "2023-08-15")
    page.dispatch_event("#f-start", "change")
    page.wait_for_function("document.getElementById('drawn-count').textContent === '2'")
    page.wait_for_timeout(300)
    assert view() == fitted  # a date window does not move the map
