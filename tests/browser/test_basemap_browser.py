"""The offline basemap in a real Chromium: the dashboard, the admin's point picker and the HTML export
opened from disk draw borders, rivers and town names with no tile server and no network."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from incidents.models import Incident, Place
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

# A few real towns with GeoNames' populations (the only towns in the gazetteer during these tests): the
# largest are named on the whole-country view, Dayr Hafir only from zoom 8 and Dhiban from zoom 9.
TOWNS = [
    ("Aleppo", "حلب", 36.2012, 37.1612, 2_098_210),
    ("Ar Raqqah", "الرقة", 35.9528, 39.0079, 531_952),
    ("Deir ez-Zor", "دير الزور", 35.3359, 40.1408, 271_800),
    ("Al Bab", "الباب", 36.3705, 37.5157, 130_745),
    ("Dayr Hafir", "دير حافر", 36.1569, 37.7081, 15_000),
    ("Dhiban", "ذيبان", 35.0128, 40.5072, 10_000),
    ("Shuhayl", "شحيل", 35.0865, 40.4523, 0),  # a village: no population in GeoNames
]


@pytest.fixture
def towns(db):
    from django.db import connection

    # Not the whole gazetteer (a transactional test may still see the session's): these towns alone.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM incidents_place")
    for name_en, name_ar, lat, lon, population in TOWNS:
        Place.objects.create(
            name_en=name_en,
            name_ar=name_ar,
            lat=lat,
            lon=lon,
            population=population,
            kind="town",
            origin="geonames",
        )


@pytest.fixture
def public_no_tiles(settings):
    settings.TILE_URL = ""
    settings.PUBLIC_DASHBOARD = True


def open_dashboard(page, live_server, query=""):
    page.goto(f"{live_server.url}/{query}")
    page.wait_for_function(
        "document.body.dataset.loading === 'false' && document.getElementById('map').dataset.basemap === 'drawn'"
    )


def click_centre(page, selector: str) -> None:
    """Click where the element is drawn, as a person would (whatever lies on top receives it)."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def town_names(page) -> set[str]:
    return set(page.locator("#map .bm-town").all_inner_texts())


def test_without_tiles_the_dashboard_draws_borders_rivers_and_town_names(
    page, live_server, towns, public_no_tiles, make_incident
):
    make_incident(lat=35.01, lon=40.5)
    open_dashboard(page, live_server, "?view=35.0,39.5,7")
    assert page.locator("path.bm-country").count() == 1
    assert page.locator("path.bm-neighbour").count() >= 6  # Turkey, Iraq, Jordan, Lebanon, Israel, …
    assert page.locator("path.bm-governorate").count() == 14
    assert page.locator("path.bm-district").count() == 62
    assert page.locator("path.bm-river").count() >= 3  # Euphrates, Tigris, Jordan
    assert page.locator("path.bm-lake").count() >= 1  # Lake Assad among them
    names = town_names(page)
    assert {"Aleppo", "Ar Raqqah", "Deir ez-Zor"} <= names
    assert "Dhiban" not in names  # a small town waits for a closer zoom
    assert "Who's On First" in page.inner_text(".leaflet-control-attribution")
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
    assert page.locator("#tile-notice").is_hidden()
    # paper, not data: nothing on the basemap takes a click, and the incident is still drawn
    assert page.locator(".bm-label.leaflet-interactive, path[class*=bm-].leaflet-interactive").count() == 0
    assert page.inner_text("#drawn-count") == "1"
    assert page.console_errors == []


def test_the_page_asks_for_its_modules_and_basemap_at_once_and_each_only_once(
    page, live_server, towns, public_no_tiles, make_incident
):
    # modulepreload and preload links: the scripts' imports and the basemap's files are requested with
    # the page, not discovered one import after another. A preload the scripts then fail to reuse (a
    # different mode or credentials) would show here as a second request for the same URL.
    make_incident(lat=35.01, lon=40.5)
    asked = []
    page.on("request", lambda r: asked.append(r.url.removeprefix(live_server.url)))
    open_dashboard(page, live_server)
    modules = sorted(p.name for p in (Path(settings.BASE_DIR) / "static/incidents").glob("*.js"))
    dashboard_modules = [u for u in asked if u.startswith("/static/incidents/") and u.endswith(".js")]
    assert len(dashboard_modules) == len(set(dashboard_modules))
    assert {"app.js", "map.js", "basemap.js", "terms.js", "voices.js"} <= {
        u.rsplit("/", 1)[1] for u in dashboard_modules
    }
    assert {u.rsplit("/", 1)[1] for u in dashboard_modules} <= set(modules)
    basemap_files = [u for u in asked if u.startswith(("/static/basemap/", "/api/basemap/towns"))]
    assert len(basemap_files) == 5 and len(set(basemap_files)) == 5
    preloaded = page.eval_on_selector_all(
        "link[rel=modulepreload], link[rel=preload]", "ls => ls.map(l => l.href)"
    )
    assert len(preloaded) == len(dashboard_modules) - 1 + len(basemap_files)  # app.js itself is the script
    assert page.console_errors == []


def test_zooming_in_names_more_towns(page, live_server, towns, public_no_tiles):
    open_dashboard(page, live_server, "?view=36.3,37.4,7")
    at_7 = town_names(page)
    for _ in range(2):
        page.click(".leaflet-control-zoom-in")
        page.wait_for_timeout(400)
    page.wait_for_function("document.getElementById('map').dataset.basemapZoom === '9'")
    at_9 = town_names(page)
    assert "Aleppo" in at_7 and "Dayr Hafir" not in at_7
    assert {"Aleppo", "Al Bab", "Dayr Hafir"} <= at_9
    assert len(at_9) > len(at_7)


def test_zoomed_in_far_enough_the_villages_of_the_view_are_named(page, live_server, towns, public_no_tiles):
    open_dashboard(page, live_server, "?view=35.05,40.45,10")
    assert "Dhiban" in town_names(page) and "Shuhayl" not in town_names(page)
    page.click(".leaflet-control-zoom-in")
    page.wait_for_function("document.getElementById('map').dataset.basemapVillages")
    assert {"Dhiban", "Shuhayl"} <= town_names(page)


def test_clicking_a_town_name_is_a_click_on_the_map_not_on_an_incident(
    page, live_server, towns, public_no_tiles
):
    open_dashboard(page, live_server, "?view=36.2,37.16,9")
    label = page.locator("#map .bm-town", has_text="Aleppo")
    assert page.evaluate("(el) => getComputedStyle(el).pointerEvents", label.element_handle()) == "none"
    click_centre(page, "#map .bm-town .bm-name >> text=Aleppo")
    page.wait_for_timeout(300)
    assert page.locator("#detail").is_hidden() and "incident=" not in page.url


def test_the_arabic_dashboard_names_towns_in_arabic(page, live_server, towns, public_no_tiles):
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    open_dashboard(page, live_server, "?view=35.0,39.5,7")
    names = town_names(page)
    assert {"حلب", "الرقة", "دير الزور"} <= names and "Aleppo" not in names
    assert "حلب" in page.locator("#map .bm-gov").all_inner_texts()  # the governorate, in Arabic too


def test_a_failing_tile_server_falls_back_to_the_basemap(page, live_server, towns, settings):
    settings.PUBLIC_DASHBOARD = True
    settings.TILE_URL = f"{live_server.url}/no-tiles-here/{{z}}/{{x}}/{{y}}.png"  # every tile is a 404
    page.goto(f"{live_server.url}/")
    page.wait_for_function("document.getElementById('map').dataset.basemap === 'drawn'")
    assert page.locator("path.bm-governorate").count() == 14
    assert page.locator(".leaflet-tile-pane img").count() == 0  # the broken tile layer is gone


def test_the_point_picker_draws_the_basemap_offline(page, live_server, towns, django_user_model, settings):
    settings.TILE_URL = ""
    django_user_model.objects.create_superuser("admin", password="pw-admin-1")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-admin-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    external = []
    page.on("request", lambda r: r.url.startswith(live_server.url) or external.append(r.url))
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    page.wait_for_function("document.querySelector('.pp-map').dataset.basemap === 'drawn'")
    assert page.locator(".pp-map path.bm-governorate").count() == 14
    assert page.locator(".pp-map path.bm-river").count() >= 3
    assert "Aleppo" in page.locator(".pp-map .bm-town").all_inner_texts()
    assert page.locator(".pp-notice").is_hidden()
    # a click on the basemap still sets the point
    box = page.locator(".pp-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2)
    assert page.input_value("#id_lat") and page.input_value("#id_lon")
    assert external == [] and page.console_errors == []


# --- the HTML export, opened from disk with the network refused ---


def open_export_from_disk(page, html: str, tmp_path, name="map.html") -> list[str]:
    """Open the export as a file, refusing and recording every request but the file itself."""
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    requests = []

    def record(route):
        requests.append(route.request.url)
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            route.abort()

    page.route("**/*", record)
    page.on("request", lambda r: r.url in requests or requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-drawn=true]", timeout=20_000)
    return [u for u in requests if u != path.as_uri()]


@pytest.fixture
def exported_incidents(make_incident, make_source):
    """A town-precise clash in Dhiban (a gazetteer place) and a region-level explosion near Aleppo."""
    sana = make_source("sana", "SANA", "سانا", "state")
    dhiban = Place.objects.create(name_en="Dhiban", name_ar="ذيبان", lat=35.0128, lon=40.5072, kind="town")
    make_incident(source=sana, event_date=dt.date(2023, 8, 29), lat=35.0128, lon=40.5072, place=dhiban)
    region = make_incident(
        source=sana,
        event_date=dt.date(2023, 8, 30),
        lat=36.2,
        lon=37.16,
        location="Aleppo countryside",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
    )
    Incident.objects.filter(pk=region.pk).update(geo_precision=3)


def test_the_html_export_from_disk_draws_basemap_legend_and_points_with_no_request(
    page, client, django_user_model, towns, exported_incidents, settings, tmp_path
):
    settings.TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"  # configured tiles never reach the export
    client.force_login(django_user_model.objects.create_user("analyst", password="pw-analyst-1"))
    html = client.get("/export/incidents.html?source=sana").content.decode()
    outside = open_export_from_disk(page, html, tmp_path)
    assert outside == []
    assert page.locator("path.bm-governorate").count() == 14
    assert page.locator("path.bm-river").count() >= 3
    assert page.locator(".bm-town").count() > 0
    assert page.locator("path.incident.leaflet-interactive").count() == 2
    assert page.locator("path.incident-region").count() == 1  # a region-level place is a dashed ring
    assert page.locator("path.incident-point").get_attribute("fill") == "#c62828"  # Battles' colour
    head = page.inner_text("#export-head")
    assert "Incident map" in head and "2 incidents" in head and "SANA" in head
    legend = page.inner_text("#export-legend")
    assert "Battles" in legend and "region-level location" in legend
    # fitted to the two incidents, not the whole region
    assert page.evaluate("Object.values(window).find((v) => v instanceof L.Map).getZoom()") >= 7
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "export-from-disk.png"))
    assert page.console_errors == []


def test_an_export_from_the_arabic_interface_has_arabic_popups(
    page, client, django_user_model, towns, exported_incidents, tmp_path
):
    client.force_login(django_user_model.objects.create_user("analyst", password="pw-analyst-1"))
    client.cookies["django_language"] = "ar"
    html = client.get("/export/incidents.html").content.decode()
    assert open_export_from_disk(page, html, tmp_path) == []
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert "خريطة الحوادث" in page.inner_text("#export-head")
    assert "معارك" in page.inner_text("#export-legend")
    click_centre(page, "path.incident-point")
    page.wait_for_selector(".leaflet-popup-content")
    popup = page.inner_text(".leaflet-popup-content")
    assert "ذيبان" in popup and "Dhiban" not in popup
    assert "اشتباك مسلح" in popup  # the sub-event type, in Arabic
    assert "حلب" in page.locator(".bm-town").all_inner_texts()
