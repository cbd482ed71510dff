"""Issue 12 on the dashboard, in a real Chromium: the corroboration facet and rings, "who says what" for
the seed article (SANA against local sources), the change-alert choropleth on a constructed series in
English and Arabic, and the ACLED reference layer with a constructed export. Hostile names stay text.
Screenshots go to test-artifacts/."""

import datetime as dt

import pytest

from incidents import corroboration
from incidents.acled_reference import import_file
from incidents.models import Claim
from tests.browser.conftest import ARTIFACTS
from tests.test_acled import build, row, to_csv
from tests.test_republication import ingest_sample

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE = "<img src=x onerror=alert(1)>"
LARGE_INCREASE_RED = "#b71c1c"  # analysis.js ALERT_COLOURS.large_increase
END = dt.date(2024, 3, 31)
ABU_KAMAL = (34.4519, 40.9186)
DEIR_EZ_ZOR = (35.3359, 40.1408)


@pytest.fixture
def public(settings):
    settings.TILE_URL = ""
    settings.PUBLIC_DASHBOARD = True


def open_dashboard(page, live_server, query=""):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}/{query}")
    page.wait_for_function("document.body.dataset.loading === 'false'")
    return dialogs


def drawn(page) -> int:
    return int(page.get_attribute("#map", "data-drawn"))


def wait_reloaded(page):
    page.wait_for_timeout(50)
    page.wait_for_function("document.body.dataset.loading === 'false'")


def no_injected_images(page) -> int:
    return page.evaluate("document.querySelectorAll('img[src=x], img[src=\"x\"]').length")


def test_the_corroboration_filter_changes_map_and_list_and_the_legend_explains_the_rings(
    page, live_server, public, make_incident, make_source
):
    souria = make_source("al-souria-net", "Al-Souria Net", "السورية نت", "opposition")
    enab = make_source("enab-baladi", "Enab Baladi", "عنب بلدي", "opposition")
    make_incident(source=souria, location="Dhiban", lat=35.01, lon=40.51)
    crossed = make_incident(source=souria, location="Al Busayrah", lat=35.15, lon=40.43, cited_source="SANA")
    Claim.objects.create(
        incident=crossed, article=make_incident(source=enab, lat=33.5, lon=36.3).claims.get().article
    )
    corroboration.refresh()
    open_dashboard(page, live_server)
    assert drawn(page) == 3
    group = page.locator("fieldset[data-facet=corroboration]")
    assert group.locator("input").count() == 2  # single (2), cross_affiliation (1)
    assert "sources of different affiliations" in group.inner_text()
    legend = page.inner_text("#legend")
    assert "Corroboration" in legend and "confirmed by a party's statement" in legend
    # keyboard: focus the checkbox and press Space
    group.locator("input[value=cross_affiliation]").focus()
    page.keyboard.press("Space")
    wait_reloaded(page)
    assert "corroboration=cross_affiliation" in page.url
    assert drawn(page) == 1
    assert page.locator("#list li.item").count() == 1
    assert page.inner_text("#list li.item .place") == "Al Busayrah"
    group.locator("input[value=single]").check()  # OR within the group
    wait_reloaded(page)
    assert drawn(page) == 3 and page.locator("#list li.item").count() == 3
    # the export links carry the filter
    assert "corroboration=cross_affiliation" in page.get_attribute("#export-csv", "href")
    assert page.console_errors == []


def test_who_says_what_for_the_seed_and_hostile_names_stay_text(
    page, live_server, public, gazetteer, make_incident, make_source
):
    ingest_sample("seed-alsouria-deir-ez-zor")
    seed = Claim.objects.filter(cited_source="SANA").order_by("incident_id").first().incident
    # a constructed incident with figures: a hostile outlet name says 5 killed, SANA says 2
    bad = make_source("hostile", HOSTILE, HOSTILE, "other")
    sana = make_source("sana", "SANA", "سانا", "state")
    figures = make_incident(source=sana, location="Hajin", lat=34.69, lon=40.83)
    figures.claims.update(claimed_killed=2, claimed_perpetrator="Popular factions")
    other = make_incident(source=bad, lat=33.5, lon=36.3).claims.get().article
    Claim.objects.create(incident=figures, article=other, claimed_killed=5, claimed_perpetrator=HOSTILE)
    corroboration.refresh()
    dialogs = open_dashboard(page, live_server, f"?incident={seed.pk}")
    page.wait_for_selector("#detail .voices")
    voices = page.locator("#detail .voice")
    names = [voices.nth(i).locator(".voice-name").inner_text() for i in range(voices.count())]
    assert names == ["Al-Souria Net", "SANA", "Local sources"]
    sana_voice = page.locator("#detail .voice[data-voice=SANA]")
    assert "State media" in sana_voice.inner_text() and "via" in sana_voice.inner_text()
    assert "Popular factions" in sana_voice.inner_text()
    assert "ISIS" in page.inner_text("#detail .voice[data-voice='Local sources']")
    assert "corroborates nothing" in page.inner_text("#detail .voice[data-voice='Local sources']")
    perpetrator = page.inner_text("#detail .voices .perpetrator")
    assert perpetrator.startswith("Perpetrator disputed")
    assert "SANA: Popular factions" in perpetrator and "Local sources: ISIS" in perpetrator
    assert page.get_attribute("#detail .voices .level", "data-level") == "cross_affiliation"
    assert "lowest any voice reports" in page.inner_text("#detail .voices .rule")
    page.screenshot(path=str(ARTIFACTS / "who-says-what-seed.png"))

    page.click(f"#list li.item[data-id='{figures.pk}'] .place")
    page.wait_for_selector(f"#detail[data-id='{figures.pk}'] .voices")
    killed = page.inner_text("#detail .voices .range[data-figure=fatalities]")
    assert "2–5" in killed and "SANA 2" in killed and f"{HOSTILE} 5" in killed
    assert page.locator("#detail .voice-name", has_text=HOSTILE).count() == 1
    assert no_injected_images(page) == 0 and dialogs == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "who-says-what-hostile.png"))
    assert page.console_errors == []


@pytest.fixture
def doubling(make_incident, make_source):
    """Abu Kamal: 4 battles a week for four weeks, then 8 (large increase); Deir ez-Zor: 5 explosions a
    week throughout (limited change)."""
    source = make_source()
    for n in range(5):
        day = END - dt.timedelta(days=7 * n + 2)
        for _ in range(8 if n == 0 else 4):
            make_incident(
                source=source,
                event_date=day,
                lat=ABU_KAMAL[0],
                lon=ABU_KAMAL[1],
                location="Abu Kamal",
                fatalities=1,
            )
        for _ in range(5):
            make_incident(
                source=source,
                event_date=day,
                lat=DEIR_EZ_ZOR[0],
                lon=DEIR_EZ_ZOR[1],
                location="Deir ez-Zor",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
            )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_change_alert_choropleth_colours_a_district_that_doubles(
    page, live_server, public, doubling, language
):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    open_dashboard(page, live_server)
    page.check("#layer-alerts")
    page.wait_for_function("document.getElementById('map').dataset.alerts === 'drawn'")
    red = page.locator("path.alert-large_increase")
    assert red.count() == 1
    assert red.get_attribute("fill") == LARGE_INCREASE_RED
    assert page.locator("path.alert-limited_change").count() == 1  # Deir ez-Zor, flat
    items = page.locator("#alerts-panel .alert-item")
    assert items.count() == 1
    item = items.first
    name = "البوكمال" if language == "ar" else "Abu Kamal"
    assert name in item.locator("button").inner_text()
    assert "+100 %" in item.inner_text()
    assert "8" in item.inner_text()
    legend = page.inner_text("#alerts-legend")
    assert ("زيادة كبيرة" if language == "ar" else "large increase") in legend
    # hovering the district shows its tooltip
    red.hover()
    page.wait_for_selector(".leaflet-tooltip .alert-tip")
    assert name in page.inner_text(".leaflet-tooltip .alert-tip")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"change-alerts-{language}.png"))
    # the list zooms to the district, by keyboard too
    item.locator("button").focus()
    page.keyboard.press("Enter")
    code = item.get_attribute("data-code")
    page.wait_for_function(f"document.getElementById('map').dataset.alertFocus === '{code}'")
    assert item.locator("button").get_attribute("aria-pressed") == "true"
    # the 52-week baseline: the same district has no earlier baseline beyond 4 weeks -> still an increase
    # against 52 weeks (with nothing before these five), both districts rose; back to 4 weeks
    page.select_option("#alerts-baseline", "52")
    page.wait_for_function("document.querySelectorAll('path.alert-large_increase').length === 2")
    assert "52" in page.inner_text("#alerts-panel .window")
    page.select_option("#alerts-baseline", "4")
    page.wait_for_function("document.querySelectorAll('path.alert-large_increase').length === 1")
    # following the filters: Deir ez-Zor's explosions alone -> nothing changed
    page.check("fieldset[data-facet=type] input[value='Explosions/Remote violence']")
    page.wait_for_function("new URL(location.href).searchParams.get('type') === 'Explosions/Remote violence'")
    page.wait_for_function(
        "document.getElementById('map').dataset.alerts === 'drawn' && !document.querySelector('path.alert-large_increase')"
    )
    assert page.locator("#alerts-panel .alert-item").count() == 0
    assert page.console_errors == []


def test_the_acled_layer_says_how_to_import_then_shows_the_groups(page, live_server, public, make_incident):
    open_dashboard(page, live_server)
    page.check("#layer-acled")
    page.wait_for_function("document.getElementById('map').dataset.acled === 'none'")
    panel = page.inner_text("#acled-panel")
    assert "No ACLED events have been imported" in panel and "manage.py import_acled" in panel

    rows, ours = build()
    rows.append(row("SYR-HOSTILE", ours[0][0], 35.5, 40.0, location=HOSTILE))  # only ACLED
    import_file(to_csv(rows))
    for day, lat, lon in ours:
        make_incident(event_date=day, lat=lat, lon=lon)
    dialogs = open_dashboard(page, live_server)
    page.check("#layer-acled")
    page.wait_for_function("document.getElementById('map').dataset.acled === 'drawn'")
    counts = {
        g: int(page.inner_text(f"#acled-panel li[data-group={g}] .n"))
        for g in ("matched", "only_ours", "only_acled")
    }
    # ACLED's side stops at our newest incident, and the last incident's match comes a day later
    assert counts["matched"] == 19 and counts["only_ours"] == 1
    marks = page.locator(".leaflet-acled-pane .acled-mark")
    assert marks.count() == counts["matched"] + counts["only_acled"]
    assert page.locator(".acled-mark.acled-matched").count() == 19
    # ACLED's diamonds are not incidents: the incident count is ours alone
    assert drawn(page) == 20
    href = page.get_attribute("#acled-panel li[data-group=only_acled] a", "href")
    assert "group=only_acled" in href
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and "SYR-HOSTILE" in response.text()
    # a hostile ACLED location stays text in the popup
    # (by keyboard: each diamond is focusable and Enter opens it)
    page.locator(".acled-mark[title^='ACLED SYR-HOSTILE']").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".acled-popup")
    assert HOSTILE in page.inner_text(".acled-popup")
    assert no_injected_images(page) == 0 and dialogs == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "acled-layer.png"))
    page.uncheck("#layer-acled")
    assert page.locator(".acled-mark").count() == 0
    assert page.console_errors == []


def test_the_canvas_view_rings_a_cross_affiliation_dot_in_black(
    page, live_server, public, settings, make_incident, make_source
):
    """Above the cluster limit one canvas draws every incident: the corroboration ring is drawn there too."""
    settings.MAP_CLUSTER_LIMIT = 0
    souria = make_source("al-souria-net", "Al-Souria Net", "السورية نت", "opposition")
    own = make_incident(source=souria, location="Hajin", lat=34.69, lon=40.83).claims.get().article
    crossed = make_incident(source=souria, location="Al Busayrah", lat=35.15, lon=40.43, cited_source="SANA")
    Claim.objects.create(incident=crossed, article=own)  # Al-Souria Net's own voice beside SANA's
    corroboration.refresh()
    open_dashboard(page, live_server, "?corroboration=cross_affiliation&view=35.15,40.43,10")
    assert page.console_errors == [] and drawn(page) == 1
    assert page.locator("canvas.incident-canvas").count() == 1
    # a ring of black pixels around the red dot's centre: the dot is 5 px, its 3 px ring reaches 6.5 px
    ring = page.evaluate(
        """(() => {
          const canvas = document.querySelector('canvas.incident-canvas');
          const map = document.getElementById('map').getBoundingClientRect();
          const box = canvas.getBoundingClientRect();
          const ratio = canvas.width / box.width;
          const x = (map.left + map.width / 2 - box.left) * ratio;
          const y = (map.top + map.height / 2 - box.top) * ratio;
          const ctx = canvas.getContext('2d');
          const at = (dx) => Array.from(ctx.getImageData(Math.round(x + dx * ratio), Math.round(y), 1, 1).data);
          return { centre: at(0), ring: at(5) };
        })()"""
    )
    assert ring["centre"][0] > 150 and ring["centre"][1] < 90  # the Battles red
    assert max(ring["ring"][:3]) < 60 and ring["ring"][3] > 200  # the black ring
    assert page.console_errors == []


def layers_in_url(page) -> tuple[str | None, str | None]:
    return tuple(page.evaluate("['alerts', 'acled'].map((k) => new URL(location.href).searchParams.get(k))"))


def alerts_drawn_with(page, weeks: str):
    page.wait_for_function(
        "document.getElementById('map').dataset.alerts === 'drawn'"
        f" && document.querySelector('#alerts-panel .window').textContent.includes('{weeks}')"
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_layers_are_in_the_url_restored_on_load_and_back_and_forward_step_through_them(
    page, live_server, public, doubling, language
):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    open_dashboard(page, live_server, "?type=Battles&alerts=52&acled=on")
    # restored from the link: alerts on with the 52-week baseline, the ACLED layer on
    alerts_drawn_with(page, "52")
    page.wait_for_function("document.getElementById('map').dataset.acled === 'none'")
    assert page.is_checked("#layer-alerts") and page.is_checked("#layer-acled")
    assert page.input_value("#alerts-baseline") == "52" and not page.is_disabled("#alerts-baseline")
    assert page.is_visible("#alerts-panel") and page.is_visible("#acled-panel")
    page.evaluate("window.sameDocument = true")  # gone if a step reloaded the page
    page.uncheck("#layer-acled")
    assert layers_in_url(page) == ("52", None)
    page.select_option("#alerts-baseline", "4")
    alerts_drawn_with(page, "4")
    assert layers_in_url(page) == ("4", None)
    page.uncheck("#layer-alerts")
    assert layers_in_url(page) == (None, None)
    assert page.get_attribute("#map", "data-alerts") == "off" and page.locator("path.alert-area").count() == 0
    # the filters stay in the URL through every switch, and the layer keys never reach the API
    assert "type=Battles" in page.url
    page.go_back()
    alerts_drawn_with(page, "4")
    assert page.is_checked("#layer-alerts") and page.input_value("#alerts-baseline") == "4"
    page.go_back()
    alerts_drawn_with(page, "52")
    assert page.input_value("#alerts-baseline") == "52" and not page.is_checked("#layer-acled")
    page.go_back()
    page.wait_for_function("document.getElementById('layer-acled').checked")
    page.wait_for_function("document.getElementById('map').dataset.acled === 'none'")
    assert layers_in_url(page) == ("52", "on")
    page.go_forward()
    page.wait_for_function("!document.getElementById('layer-acled').checked")
    assert page.get_attribute("#map", "data-acled") == "off" and page.is_hidden("#acled-panel")
    assert page.evaluate("window.sameDocument") is True
    # a reload keeps the state; a mistyped baseline is simply off
    page.reload()
    page.wait_for_function("document.body.dataset.loading === 'false'")
    alerts_drawn_with(page, "52")
    open_dashboard(page, live_server, "?alerts=7")
    assert not page.is_checked("#layer-alerts") and page.is_hidden("#analysis")
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_each_district_of_the_choropleth_is_reached_by_tab_and_named(
    page, live_server, public, doubling, language
):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    open_dashboard(page, live_server, "?alerts=4")
    page.wait_for_function("document.getElementById('map').dataset.alerts === 'drawn'")
    areas = page.locator("path.alert-area")
    total = areas.count()
    assert total > 50  # every district outline of the basemap
    # Tab from the first outline walks through every one, each once
    visit = "(() => { const a = document.activeElement; a.dataset.visits = Number(a.dataset.visits || 0) + 1; })()"
    areas.first.focus()
    page.evaluate(visit)
    for _ in range(total - 1):
        page.keyboard.press("Tab")
        page.evaluate(visit)
    assert page.locator("path.alert-area[data-visits='1']").count() == total
    red = page.locator("path.alert-large_increase")
    name = "البوكمال" if language == "ar" else "Abu Kamal"
    label = red.get_attribute("aria-label")
    assert red.get_attribute("role") == "button" and red.get_attribute("tabindex") == "0"
    assert name in label and ("زيادة كبيرة" if language == "ar" else "large increase") in label
    assert "+100 %" in label and ": 8" in label  # the change and last week's count
    quiet = page.locator("path.alert-none").first.get_attribute("aria-label")
    assert ("لا حوادث" if language == "ar" else "no incidents") in quiet
    # focused: its tooltip shows and its outline is heavy; Enter zooms to it
    red.focus()
    tip = page.locator(".leaflet-tooltip .alert-tip", has_text=name)
    tip.wait_for()
    # the last outline's tooltip went with its focus (Leaflet fades a closed tooltip out for 200 ms)
    page.wait_for_function("document.querySelectorAll('.leaflet-tooltip .alert-tip').length === 1")
    assert red.get_attribute("stroke-width") == "3"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"change-alerts-focus-{language}.png"))
    page.keyboard.press("Enter")
    code = red.get_attribute("data-code")
    page.wait_for_function(f"document.getElementById('map').dataset.alertFocus === '{code}'")
    page.keyboard.press("Tab")  # leaving it: its tooltip goes, the chosen district stays outlined
    tip.wait_for(state="detached")
    assert red.get_attribute("stroke-width") == "3"
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_html_export_rings_each_dot_by_corroboration_and_explains_it_offline(
    page, client, django_user_model, make_incident, make_source, tmp_path, language
):
    from tests.browser.test_basemap_browser import open_export_from_disk

    souria = make_source("al-souria-net", "Al-Souria Net", "السورية نت", "opposition")
    own = make_incident(source=souria, location="Hajin", lat=34.69, lon=40.83).claims.get().article
    crossed = make_incident(source=souria, location="Al Busayrah", lat=35.15, lon=40.43, cited_source="SANA")
    Claim.objects.create(incident=crossed, article=own)  # Al-Souria Net's own voice beside SANA's
    corroboration.refresh()
    client.force_login(django_user_model.objects.create_user("analyst", password="pw-analyst-1"))
    client.cookies["django_language"] = language
    html = client.get("/export/incidents.html").content.decode()
    assert open_export_from_disk(page, html, tmp_path) == []  # offline: not one request
    black = page.locator("path.incident-point.level-cross_affiliation")
    white = page.locator("path.incident-point.level-single")
    assert black.count() == 1 and white.count() == 1
    assert black.get_attribute("stroke") == "#000" and black.get_attribute("stroke-width") == "3"
    assert white.get_attribute("stroke") == "#fff" and white.get_attribute("stroke-width") == "1"
    legend = page.locator("#export-legend")
    assert ("التأكيد من مصادر متعددة" if language == "ar" else "Corroboration") in legend.inner_text()
    levels = legend.locator("[data-level]")
    assert levels.count() == 4
    cross = legend.locator("[data-level=cross_affiliation]")
    assert ("مصادر من انتماءات مختلفة" if language == "ar" else "sources of different affiliations") in (
        cross.inner_text()
    )
    # the legend's swatch is the same black 3 px ring
    assert cross.locator(".swatch").evaluate("(s) => getComputedStyle(s).borderTopWidth") == "3px"
    black.click(force=True)
    page.wait_for_selector(".leaflet-popup-content .level")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"export-rings-{language}.png"))
    assert page.console_errors == []


def test_demo_data_gives_the_corroboration_facet_and_rings_something_to_show(
    page, live_server, public, gazetteer
):
    from incidents import demo

    demo.generate(150, seed=3, end=END)
    open_dashboard(page, live_server, "?demo=include")
    facet = page.locator("fieldset[data-facet=corroboration]")
    counts = {
        box.get_attribute("value"): int(box.locator("xpath=..").locator(".n").inner_text())
        for box in facet.locator("input").all()
    }
    # every incident has a level (none blank), and more than one level shows
    assert sum(counts.values()) == 150 and "" not in counts
    assert {"single", "one_affiliation", "cross_affiliation"} <= {k for k, n in counts.items() if n > 0}
    page.check("fieldset[data-facet=corroboration] input[value=cross_affiliation]")
    page.wait_for_function("new URL(location.href).searchParams.get('corroboration') === 'cross_affiliation'")
    wait_reloaded(page)
    assert 0 < drawn(page) < 150
    assert page.console_errors == []
