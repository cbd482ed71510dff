"""Reaching the dashboard in a real Chromium: a phone layout with the map first and drawers, skip links,
Escape and focus around the incident detail, the loading state, and an empty state that names the
filter that emptied the result."""

import datetime as dt

import pytest

from tests.browser.conftest import ARTIFACTS, login

pytestmark = pytest.mark.django_db(transaction=True)

BATTLES_RED = (198, 40, 40)  # map.js TYPE_COLOURS['Battles']


@pytest.fixture
def analyst(django_user_model):
    return django_user_model.objects.create_user("analyst", password="pw-analyst-1")


@pytest.fixture
def no_tiles(settings):
    settings.TILE_URL = ""


@pytest.fixture
def villages(make_incident):
    return [
        make_incident(
            location=f"Village {i}",
            lat=35.0 + i * 0.4,
            lon=40.0 + i * 0.3,
            event_date=dt.date(2023, 5, 1) + dt.timedelta(days=i),
        )
        for i in range(4)
    ]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True, has_touch=True)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


def open_dashboard(page, live_server, query=""):
    page.goto(f"{live_server.url}/{query}")
    page.wait_for_function("document.body.dataset.loading === 'false'")


def active(page):
    return page.evaluate(
        "(() => { const a = document.activeElement; return a ? (a.id || a.className || a.tagName) : null; })()"
    )


def map_centre_colour(page):
    """The RGB of Leaflet's canvas under the centre of the map (where a marker is when centred on it)."""
    return page.evaluate(
        """() => {
          const map = document.getElementById('map').getBoundingClientRect();
          const canvas = document.querySelector('#map .leaflet-overlay-pane canvas');
          const r = canvas.getBoundingClientRect();
          const x = Math.round((map.left + map.width / 2 - r.left) * canvas.width / r.width);
          const y = Math.round((map.top + map.height / 2 - r.top) * canvas.height / r.height);
          return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data).slice(0, 3);
        }"""
    )


def in_viewport(page, selector):
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["width"] > 0
        and box["x"] >= -1
        and box["x"] + box["width"] <= size["width"] + 1
        and page.locator(selector).is_visible()
    )


def test_on_a_phone_the_map_fills_the_screen_and_its_markers_are_usable(
    phone, live_server, analyst, villages, no_tiles
):
    page = phone
    village = villages[2]
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server, f"?view={village.lat},{village.lon},12")
    box = page.locator("#map").bounding_box()
    assert box["width"] >= 380 and box["height"] >= 350  # was 0 px wide
    assert page.inner_text("#drawn-count") == "4"
    assert tuple(map_centre_colour(page)) == BATTLES_RED  # the marker is drawn where the map shows it
    # the filters and the list are off screen until asked for
    assert not page.locator("#filters").is_visible() and not page.locator("#side").is_visible()
    assert page.locator("#tl-canvas").bounding_box()["width"] >= 360
    # a tap on the marker opens its detail in the list drawer; Escape closes both
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(f"#detail[data-id='{village.pk}'] .claim")
    page.wait_for_function("getComputedStyle(document.getElementById('side')).transform === 'none'")
    page.wait_for_timeout(300)  # the drawer's slide
    assert in_viewport(page, "#detail")
    assert active(page) == "detail-title"
    page.keyboard.press("Escape")
    page.wait_for_function("document.getElementById('detail').hidden")
    page.wait_for_function("getComputedStyle(document.getElementById('side')).visibility === 'hidden'")
    assert not page.locator("#side").is_visible()
    assert active(page) == "map"  # back where the tap was
    assert page.console_errors == []


def test_on_a_phone_the_filters_and_the_list_are_drawers(phone, live_server, analyst, villages, no_tiles):
    page = phone
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    toggle = page.locator("[data-drawer-toggle=filters]")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    page.wait_for_function("getComputedStyle(document.getElementById('filters')).transform === 'none'")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert in_viewport(page, "#filters") and in_viewport(page, "#f-q")
    assert page.evaluate("document.getElementById('filters').contains(document.activeElement)")
    # the rest of the page is inert while the drawer is open: Tab stays in it
    assert page.evaluate(
        "document.querySelector('.mapwrap').inert && document.querySelector('.topbar').inert"
    )
    assert not page.evaluate("document.getElementById('filters').inert")
    for _ in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('filters').contains(document.activeElement)")
    page.fill("#f-q", "Village 1")
    page.wait_for_function("document.getElementById('drawn-count').textContent === '1'")
    page.keyboard.press("Escape")  # closes the drawer, focus back on its button
    page.wait_for_function("!document.body.dataset.drawer")
    page.wait_for_timeout(300)
    assert not page.locator("#filters").is_visible()
    assert page.evaluate("document.activeElement.dataset.drawerToggle") == "filters"
    assert toggle.get_attribute("aria-expanded") == "false"
    # the list drawer: its rows open the detail, Escape closes the detail then the drawer
    page.click("[data-drawer-toggle=side]")
    page.wait_for_function("getComputedStyle(document.getElementById('side')).transform === 'none'")
    assert in_viewport(page, "#list li .place")
    page.click("#list li .place")
    page.wait_for_selector("#detail .claim")
    assert active(page) == "detail-title" and in_viewport(page, "#detail")
    page.keyboard.press("Escape")
    page.wait_for_function("document.getElementById('detail').hidden")
    assert page.evaluate("document.activeElement.classList.contains('place')")
    assert page.locator("#side").is_visible()
    page.mouse.click(20, 400)  # a tap beside the drawer, on the scrim, closes it
    page.wait_for_function("!document.body.dataset.drawer")
    page.wait_for_timeout(300)
    assert not page.locator("#side").is_visible()
    assert not page.evaluate("document.querySelector('.mapwrap').inert")
    assert page.console_errors == []


def test_escape_closes_the_detail_and_focus_returns_to_the_row_that_opened_it(
    page, live_server, analyst, villages, no_tiles
):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    assert page.locator("[data-drawer-toggle]").first.is_hidden()  # no drawers on a wide screen
    row = page.locator("#list li").nth(1)
    incident = row.get_attribute("data-id")
    row.locator(".place").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#detail[data-id='{incident}'] .claim")
    assert active(page) == "detail-title"
    assert page.get_attribute("#detail", "aria-labelledby") == "detail-title"
    assert f"incident={incident}" in page.url
    page.keyboard.press("Escape")
    page.wait_for_function("document.getElementById('detail').hidden")
    assert f"incident={incident}" not in page.url
    assert page.evaluate("document.activeElement.closest('li').dataset.id") == incident
    # the close button does the same
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#detail[data-id='{incident}'] .claim")
    page.click("#detail .close")
    page.wait_for_function("document.getElementById('detail').hidden")
    assert page.evaluate("document.activeElement.closest('li').dataset.id") == incident
    assert page.console_errors == []


def test_skip_links_reach_the_map_the_timeline_and_the_list(page, live_server, analyst, villages, no_tiles):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to map"
    assert in_viewport(page, ".skip-links a:focus")  # visible once focused
    page.keyboard.press("Enter")
    assert active(page) == "map"
    for n, target in ((2, "tl-canvas"), (3, "list")):
        page.focus(f".skip-links a:nth-child({n})")
        page.keyboard.press("Enter")
        assert active(page) == target
    assert page.console_errors == []


def test_loading_marks_the_regions_busy_and_shows_it(page, live_server, analyst, villages, no_tiles):
    page.add_init_script(
        """
        window.busySeen = [];
        new MutationObserver((records) => {
          for (const r of records) {
            if (r.attributeName === 'aria-busy' && r.target.matches('main.layout')) {
              const loading = document.getElementById('loading');
              busySeen.push([r.target.getAttribute('aria-busy'), loading && getComputedStyle(loading).display]);
            }
          }
        }).observe(document, { attributes: true, subtree: true, attributeFilter: ['aria-busy'] });
        """
    )
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    assert page.get_attribute("main.layout", "aria-busy") == "false"
    assert page.get_attribute("#timeline", "aria-busy") == "false"
    assert page.locator("#loading").is_hidden()
    page.evaluate("busySeen.length = 0")
    page.check("fieldset[data-facet=type] input[value=Battles]")
    page.wait_for_function("busySeen.length >= 2 && document.body.dataset.loading === 'false'")
    seen = page.evaluate("busySeen")
    assert seen[0] == ["true", "block"]  # busy, and the "Loading…" line is shown
    assert seen[-1] == ["false", "none"]
    assert page.console_errors == []


def test_an_empty_result_names_the_filter_that_emptied_it(page, live_server, analyst, villages, no_tiles):
    login(page, live_server, "analyst", "pw-analyst-1")
    # Nothing is a protest; all four are in Deir ez-Zor. The type filter is what empties the result.
    open_dashboard(page, live_server, "?admin1=Deir+ez-Zor&type=Protests")
    page.wait_for_selector("#empty:not([hidden])")
    text = page.inner_text("#empty")
    assert "No incidents match: Event types = Protests; try removing it." in text
    assert "Governorate" not in text.split("try removing it.")[0]
    assert "No incidents match: Event types = Protests" in page.inner_text("#list-count")
    buttons = page.locator("#empty button")
    assert buttons.count() == 1 and buttons.first.get_attribute("data-remove") == "type"
    assert "(4)" in buttons.first.inner_text()
    buttons.first.click()
    page.wait_for_function("document.getElementById('drawn-count').textContent === '4'")
    page.wait_for_function("document.body.dataset.loading === 'false'")
    assert page.locator("#empty").is_hidden()
    assert "type=" not in page.url and "admin1=" in page.url
    assert page.console_errors == []


def test_dashboard_text_colours_meet_wcag_aa(page, live_server, analyst, villages, no_tiles):
    """Every text node on the dashboard against its own or nearest opaque background: 4.5:1."""
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    page.click("#list li .place")
    page.wait_for_selector("#detail .claim")
    failures = page.evaluate(
        """() => {
          const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
            .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
          const background = (el) => {
            for (let e = el; e; e = e.parentElement) {
              const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || c[3] === 1) return c;
            }
            return [255, 255, 255];
          };
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!n.textContent.trim() || !el.checkVisibility() || el.closest('.leaflet-control-attribution')) continue;
            if (el.closest('button:disabled, select:disabled, input:disabled')) continue;
            const style = getComputedStyle(el);
            let fg = rgb(style.color);
            const bg = background(el);
            const alpha = (fg[3] ?? 1) * Number(style.opacity);
            fg = fg.slice(0, 3).map((c, i) => c * alpha + bg[i] * (1 - alpha));
            const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            const ratio = (a + 0.05) / (b + 0.05);
            if (ratio < 4.5) out.push(`${el.tagName}.${el.className}: ${n.textContent.trim().slice(0, 30)} ${ratio.toFixed(2)}`);
          }
          return out;
        }"""
    )
    assert failures == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_detail_says_in_words_how_exactly_the_date_is_known(
    page, live_server, analyst, make_incident, no_tiles, language
):
    from incidents.models import Incident

    week = make_incident(location="Hajin", event_date=dt.date(2023, 9, 5))
    Incident.objects.filter(pk=week.pk).update(time_precision=2)
    month = make_incident(location="Dhiban", event_date=dt.date(2023, 8, 1), lat=35.2, lon=40.2)
    Incident.objects.filter(pk=month.pk).update(time_precision=3)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(page, live_server, "analyst", "pw-analyst-1")
    words = {
        "en": ("within a week", "month only", "exact day"),
        "ar": ("خلال أسبوع", "الشهر فقط", "اليوم بدقة"),
    }[language]
    for incident, expected in ((week, words[0]), (month, words[1])):
        open_dashboard(page, live_server, f"?incident={incident.pk}")
        page.wait_for_selector(f"#detail[data-id='{incident.pk}'] dd.event-date")
        when = page.inner_text("#detail dd.event-date")
        assert expected in when and incident.event_date.isoformat() in when
        assert (
            "time precision" not in page.inner_text("#detail dl")
            and f"({incident.time_precision})" not in when
        )
        # the date is isolated left to right inside an Arabic line
        assert page.get_attribute("#detail dd.event-date bdi", "dir") == "ltr"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"detail-time-precision-{language}.png"))
    assert page.console_errors == []


def legend_state(page) -> dict:
    return page.evaluate(
        """(() => {
          const legend = document.getElementById('legend');
          const box = legend.getBoundingClientRect();
          const map = document.getElementById('map').getBoundingClientRect();
          return {
            expanded: document.getElementById('legend-toggle').getAttribute('aria-expanded'),
            bodyHidden: document.getElementById('legend-body').hidden,
            height: box.height, width: box.width, mapHeight: map.height, mapWidth: map.width,
          };
        })()"""
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_legend_folds_away_and_is_remembered(page, live_server, analyst, villages, no_tiles, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    opened = legend_state(page)
    assert opened["expanded"] == "true" and not opened["bodyHidden"]  # a desktop starts with it open
    toggle = page.locator("#legend-toggle")
    assert toggle.inner_text().strip() == ("مفتاح الخريطة" if language == "ar" else "Legend")
    toggle.focus()
    page.keyboard.press("Enter")  # a button: the keyboard folds it too
    folded = legend_state(page)
    assert folded["expanded"] == "false" and folded["bodyHidden"]
    assert folded["height"] < 40 and folded["height"] < opened["height"] / 4
    page.screenshot(path=str(ARTIFACTS / f"legend-folded-{language}.png"))
    page.reload()
    page.wait_for_function("document.body.dataset.loading === 'false'")
    assert legend_state(page)["bodyHidden"]  # remembered
    page.click("#legend-toggle")
    assert legend_state(page)["expanded"] == "true"
    page.reload()
    page.wait_for_function("document.body.dataset.loading === 'false'")
    assert not legend_state(page)["bodyHidden"]
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_legend_starts_folded_and_opens_within_a_third_of_the_map(
    phone, live_server, analyst, villages, no_tiles, language
):
    page = phone
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    folded = legend_state(page)
    assert folded["bodyHidden"] and folded["expanded"] == "false"
    assert folded["height"] < 40 and folded["width"] < folded["mapWidth"] / 2
    page.screenshot(path=str(ARTIFACTS / f"legend-phone-folded-{language}.png"))
    page.locator("#legend-toggle").tap()
    opened = legend_state(page)
    assert not opened["bodyHidden"]
    assert opened["height"] <= opened["mapHeight"] / 3 + 1  # the rest scrolls inside a third of the map
    assert page.evaluate(
        "(() => { const b = document.getElementById('legend-body'); return b.scrollHeight > b.clientHeight; })()"
    )
    page.screenshot(path=str(ARTIFACTS / f"legend-phone-open-{language}.png"))
    assert page.console_errors == []
