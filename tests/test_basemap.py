"""The offline basemap's data: shipped layers, towns ranked from the gazetteer, and the HTML export that
embeds them (no network, no template evaluation, the dashboard's colours)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from incidents import basemap, exports
from incidents.models import Place

pytestmark = pytest.mark.django_db


def make_place(name_en, population, name_ar="", country="SY", kind="town"):
    return Place.objects.create(
        name_en=name_en,
        name_ar=name_ar,
        lat=35.0,
        lon=39.0,
        population=population,
        country=country,
        kind=kind,
    )


@pytest.fixture(autouse=True)
def interface_language_restored():
    """A request in Arabic leaves Arabic active in this thread: the next tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def analyst(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("analyst", password="pw-analyst"))
    return client


def test_tiles_are_off_by_default_and_the_csp_allows_no_tile_server():
    # The test settings come from config/settings.py with no TILE_URL in the environment.
    assert settings.TILE_URL == ""
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


def test_a_configured_tile_server_is_allowed_by_the_csp():
    from config.settings import _tile_origin

    assert _tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == ["https://*.tile.example.org"]


def test_every_shipped_layer_parses_and_carries_its_attribution_readme():
    for name in basemap.LAYERS:
        layer = basemap.layer_data(name)
        assert layer["type"] == "FeatureCollection" and layer["features"]
    readme = (basemap.BASEMAP_DIR / "README.md").read_text(encoding="utf-8")
    assert "Who's On First" in readme and "Natural Earth" in readme
    assert "whosonfirst.org/docs/licenses" in basemap.ATTRIBUTION


def test_larger_towns_are_named_from_a_lower_zoom():
    assert basemap.label_zoom(2_000_000) < basemap.label_zoom(300_000) < basemap.label_zoom(60_000)
    assert basemap.label_zoom(60_000) < basemap.label_zoom(20_000) < basemap.label_zoom(6_000)
    assert basemap.label_zoom(500) == basemap.label_zoom(0)


def test_towns_are_syrian_places_with_a_population_largest_first():
    make_place("Megacity", 9_000_000, "مدينة")
    make_place("Istanbul", 15_000_000, "استنبول", country="TR")
    make_place("Unknown hamlet", 0, "قرية")
    make_place("A governorate", 10_000_000, kind="governorate")
    towns = basemap.towns()
    assert towns["fields"] == ["lat", "lon", "name_en", "name_ar", "zoom"]
    names = [t[2] for t in towns["towns"]]
    assert names[0] == "Megacity" and towns["towns"][0][3] == "مدينة"
    assert not {"Istanbul", "Unknown hamlet", "A governorate"} & set(names)
    zooms = [t[4] for t in towns["towns"]]  # largest first, so the first zooms come first
    assert zooms == sorted(zooms) and len(names) <= basemap.TOWN_LIMIT


def test_a_romanised_arabic_name_is_not_shown_as_arabic():
    make_place("Al Malikiyah", 90_000_000, "ryk'sd")
    assert basemap.towns()["towns"][0][2:4] == ["Al Malikiyah", ""]


def test_the_towns_api_needs_a_signed_in_user_and_may_be_cached(client, analyst):
    make_place("Megacity", 90_000_000, "مدينة")
    response = analyst.get("/api/basemap/towns")
    assert response.status_code == 200
    assert "max-age=600" in response["Cache-Control"]
    assert response.json()["towns"][0][3] == "مدينة"
    analyst.logout()
    assert client.get("/api/basemap/towns").status_code == 401


def test_the_towns_api_names_every_village_of_a_view(analyst):
    Place.objects.create(name_en="Shuhayl", name_ar="شحيل", lat=35.0865, lon=40.4523, kind="village")
    Place.objects.create(name_en="Far away", name_ar="بعيد", lat=33.0, lon=36.0, kind="village")
    response = analyst.get("/api/basemap/towns?bbox=40.40,35.05,40.50,35.10")
    villages = {t[2]: t for t in response.json()["towns"]}
    assert "Shuhayl" in villages and "Far away" not in villages
    assert villages["Shuhayl"][4] == basemap.VILLAGE_ZOOM
    refused = analyst.get("/api/basemap/towns?bbox=40,35,nope")
    assert refused.status_code == 400 and refused.json()["param"] == "bbox"


def test_the_dashboard_and_the_point_picker_get_the_layers_urls():
    config = basemap.client_config()
    assert set(config["layers"]) == {"country", "districts", "governorates", "rivers"}
    assert all(
        re.fullmatch(r"/static/basemap/syria-[a-z]+\.geojson\?v=[0-9a-f]{10}", u)
        for u in config["layers"].values()
    )
    assert config["towns"] == "/api/basemap/towns"


def test_the_export_uses_the_dashboards_type_colours():
    source = (Path(settings.BASE_DIR) / "static" / "incidents" / "map.js").read_text(encoding="utf-8")
    block = source.split("TYPE_COLOURS = {", 1)[1].split("};", 1)[0]
    in_js = dict(re.findall(r"'([^']+)': '(#[0-9a-f]{6})'", block))
    assert in_js == exports.TYPE_COLOURS


def _block(html: str, element_id: str):
    return json.loads(html.split(f'id="{element_id}"', 1)[1].split(">", 1)[1].split("</script>", 1)[0])


def test_the_html_export_embeds_the_basemap_and_loads_nothing(analyst, make_incident, settings):
    settings.TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"
    make_place("Megacity", 90_000_000, "مدينة")
    make_incident()
    html = analyst.get("/export/incidents.html").content.decode()
    embedded = _block(html, "incident-map-basemap")
    assert set(embedded["layers"]) == set(basemap.LAYERS)
    assert len(embedded["layers"]["districts"]["features"]) == 62
    assert embedded["towns"]["towns"][0][2] == "Megacity"
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)  # every asset inline
    assert "tiles.invalid" not in html


def test_the_html_export_header_describes_the_filters(analyst, make_incident, make_source):
    make_incident(source=make_source("sana", "SANA", "سانا", "state"))
    html = analyst.get("/export/incidents.html?source=sana&type=Battles&start=2023-01-01").content.decode()
    head = html.split('id="export-head"', 1)[1].split("</header>", 1)[0]
    assert "<dt>Outlets</dt><dd><bdi>SANA</bdi></dd>" in head
    assert "<dt>Event types</dt><dd><bdi>Battles</bdi></dd>" in head
    assert "<dt>From</dt><dd><bdi>2023-01-01</bdi></dd>" in head
    assert '<span id="export-count">1</span>' in head


def test_the_html_export_header_escapes_what_the_person_typed(analyst, make_incident):
    make_incident(text="{{ 7*7 }} <b>x</b>")
    html = analyst.get(
        "/export/incidents.html", {"q": "<img src=x onerror=alert(1)>{{ 7*7 }}"}
    ).content.decode()
    head = html.split('id="export-head"', 1)[1].split("</header>", 1)[0]
    assert "&lt;img src=x onerror=alert(1)&gt;{{ 7*7 }}" in head and "<img" not in head


def test_an_arabic_export_is_right_to_left_with_arabic_labels(analyst, make_incident):
    make_incident()
    analyst.cookies["django_language"] = "ar"
    html = analyst.get("/export/incidents.html").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    meta = _block(html, "incident-map-meta")
    assert meta["lang"] == "ar" and "معارك" in meta["typeNames"]
    [row] = _block(html, "incident-map-data")
    assert row[meta["fields"]["sub_type"]] == "اشتباك مسلح"


def test_the_dashboard_preloads_every_module_and_without_tiles_the_basemap(client, settings):
    settings.PUBLIC_DASHBOARD = True
    settings.TILE_URL = ""
    html = client.get("/").content.decode()
    imported = set()
    for path in (Path(settings.BASE_DIR) / "static/incidents").glob("*.js"):
        imported |= set(re.findall(r"from '\./([\w-]+\.js)'", path.read_text()))
    assert {"map.js", "terms.js", "voices.js", "grid.js"} <= imported
    preloaded = set(re.findall(r'<link rel="modulepreload" href="/static/incidents/([\w-]+\.js)">', html))
    assert preloaded == imported  # every module some module imports, whatever the depth
    fetches = re.findall(r'<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]+)">', html)
    config = basemap.client_config()
    assert fetches == [config["towns"], *config["layers"].values()]
    settings.TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"
    assert 'rel="preload"' not in client.get("/").content.decode()  # tiles first: the basemap only on failure
