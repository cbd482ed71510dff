"""The timeline in a real Chromium: a date axis, keyboard brushing, zoom, and playback that stays inside
the data's dates and puts the window back when it stops."""

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest

from incidents.models import Incident
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = dt.date(2023, 1, 1)
LAST = dt.date(2023, 4, 1)  # ten incidents ten days apart: a 91-day span, counted per day


@pytest.fixture
def analyst(django_user_model):
    return django_user_model.objects.create_user("analyst", password="pw-analyst-1")


@pytest.fixture
def no_tiles(settings):
    settings.TILE_URL = ""


def open_dashboard(page, live_server, query=""):
    page.console_errors.clear()
    page.goto(f"{live_server.url}/{query}")
    page.wait_for_function("document.body.dataset.loading === 'false'")


@pytest.fixture
def spread(make_incident):
    for i in range(10):
        make_incident(event_date=FIRST + dt.timedelta(days=10 * i), lat=35 + i / 20, location=f"Village {i}")


def window(page):
    query = parse_qs(urlparse(page.url).query)
    return query.get("start", [None])[0], query.get("end", [None])[0]


def settle(page):
    page.wait_for_function("document.body.dataset.loading === 'false'")


def list_count(page):
    return page.locator("#list li").count()


def test_the_axis_is_labelled_with_dates_and_zoom_shows_the_window_s_days(
    page, live_server, analyst, spread, no_tiles
):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server, "?start=2023-01-21&end=2023-01-31")
    ticks = page.get_attribute("#tl-canvas", "data-ticks").split("|")
    # Mondays across a quarter, the first with its year
    assert ticks[0] == "2 Jan 2023" and "6 Feb" in ticks and "27 Mar" in ticks
    assert page.inner_text("#tl-window") == "21 Jan 2023 – 31 Jan 2023 · 11 days"
    page.click("#tl-zoom")
    page.wait_for_function("document.getElementById('tl-canvas').dataset.view !== ''")
    view = page.get_attribute("#tl-canvas", "data-view").split(",")
    assert view[0] <= "2023-01-21" and view[1] >= "2023-01-31" and view[1] < "2023-02-10"
    ticks = page.get_attribute("#tl-canvas", "data-ticks").split("|")
    assert "24 Jan" in ticks or "23 Jan" in ticks  # days now
    assert page.locator("#tl-zoom-out").is_visible()
    page.click("#tl-zoom-out")
    page.wait_for_function("document.getElementById('tl-canvas').dataset.view === ''")
    assert page.locator("#tl-zoom-out").is_hidden()
    assert window(page) == ("2023-01-21", "2023-01-31")  # zooming never changes the filter
    # nothing dated under the filters: the timeline says so rather than showing an empty month
    page.fill("#f-q", "no such village")
    page.wait_for_function("document.getElementById('tl-canvas').dataset.buckets === '0'")
    assert page.evaluate("document.getElementById('timeline').dataset.noDates") == (
        "No dated incidents under these filters"
    )
    assert page.console_errors == []


def test_keyboard_brushing_moves_resizes_applies_and_cancels(page, live_server, analyst, spread, no_tiles):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    assert list_count(page) == 10 and window(page) == (None, None)
    page.focus("#tl-canvas")
    page.keyboard.press("Home")  # a week at the first date, shown but not applied yet
    assert window(page) == (None, None)
    assert "1 Jan 2023 – 7 Jan 2023" in page.inner_text("#tl-window")
    assert "Enter" in page.inner_text("#tl-window")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")  # 1 to 10 January
    page.keyboard.press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('end') === '2023-01-10'")
    settle(page)
    assert window(page) == ("2023-01-01", "2023-01-10")
    assert list_count(page) == 1
    assert page.evaluate("document.activeElement.id") == "tl-canvas"  # focus stays for the next key
    page.keyboard.press("ArrowRight")  # 2 to 11 January, pending
    assert "2 Jan 2023 – 11 Jan 2023" in page.inner_text("#tl-window")
    page.keyboard.press("Escape")  # cancelled: the applied window is shown again
    assert page.inner_text("#tl-window").startswith("1 Jan 2023 – 10 Jan 2023")
    assert window(page) == ("2023-01-01", "2023-01-10")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('start') === '2023-01-11'")
    settle(page)
    assert window(page) == ("2023-01-11", "2023-01-20") and list_count(page) == 1
    page.keyboard.press("End")  # the last ten days, never past the last incident
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('end') === '2023-04-01'")
    assert window(page) == ("2023-03-23", "2023-04-01")
    assert page.get_attribute("#tl-canvas", "role") == "slider"
    assert "23 Mar 2023" in page.get_attribute("#tl-canvas", "aria-valuetext")
    assert page.console_errors == []


def test_in_arabic_the_axis_has_arabic_months_and_the_left_arrow_goes_forward(
    page, live_server, analyst, spread, no_tiles
):
    login(page, live_server, "analyst", "pw-analyst-1")
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    open_dashboard(page, live_server, "?start=2023-01-01&end=2023-01-10")
    assert page.get_attribute("html", "dir") == "rtl"
    ticks = page.get_attribute("#tl-canvas", "data-ticks")
    assert "كانون الثاني" in ticks and "شباط" in ticks and "Jan" not in ticks
    readout = page.inner_text("#tl-window")
    assert "1 كانون الثاني 2023" in readout and "10 كانون الثاني 2023" in readout and "days" not in readout
    # each date is isolated, so the bidi algorithm cannot reorder its parts
    assert page.locator("#tl-window bdi").count() == 2
    page.focus("#tl-canvas")
    page.keyboard.press("ArrowLeft")  # time runs right to left: left is later
    page.keyboard.press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('start') === '2023-01-02'")
    assert window(page) == ("2023-01-02", "2023-01-11")
    assert page.console_errors == []


def test_playback_stays_inside_the_data_and_puts_the_window_back(
    page, live_server, analyst, spread, no_tiles
):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server, "?start=2023-01-01&end=2023-01-07")
    page.evaluate(
        "window.frames_seen = [];"
        "document.addEventListener('selection:change', () => {"
        "  const p = new URLSearchParams(location.search); frames_seen.push([p.get('start'), p.get('end')]); });"
    )
    page.select_option("#tl-step", "week")
    page.select_option("#tl-speed", "250")
    page.click("#tl-play")
    assert page.get_attribute("#tl-play", "aria-pressed") == "true"
    page.wait_for_function("document.getElementById('tl-canvas').dataset.playing === 'false'", timeout=30000)
    settle(page)
    frames = page.evaluate("frames_seen")
    played, restored = frames[:-1], frames[-1]
    assert restored == ["2023-01-01", "2023-01-07"] and window(page) == ("2023-01-01", "2023-01-07")
    assert len(played) >= 12
    for start, end in played:
        assert FIRST.isoformat() <= start and end <= LAST.isoformat()
        assert (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days == 6  # the window's length
    starts = [s for s, _ in played]
    assert starts == sorted(starts) and played[0][0] == "2023-01-01"
    assert played[-1][1] == LAST.isoformat()  # it reached the last date, and no further
    assert page.get_attribute("#tl-play", "aria-pressed") == "false"
    assert page.console_errors == []


def test_stopping_playback_from_all_dates_clears_the_window_again(
    page, live_server, analyst, spread, no_tiles
):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    assert page.is_disabled("#tl-stop")
    page.select_option("#tl-speed", "500")
    page.click("#tl-play")
    page.wait_for_function("new URLSearchParams(location.search).has('start')")
    first_start, first_end = window(page)
    assert first_start == FIRST.isoformat() and first_end <= LAST.isoformat()
    page.wait_for_function(f"new URLSearchParams(location.search).get('start') > '{first_start}'")
    page.click("#tl-play")  # pause: the frame stays
    assert page.get_attribute("#tl-play", "aria-pressed") == "false"
    paused = window(page)
    assert paused[0] > first_start
    page.wait_for_timeout(800)
    assert window(page) == paused
    page.click("#tl-stop")
    page.wait_for_function("!new URLSearchParams(location.search).has('start')")
    settle(page)
    assert window(page) == (None, None) and list_count(page) == 10
    assert page.is_disabled("#tl-stop")


def test_week_and_month_dated_incidents_are_drawn_as_spans(
    page, live_server, analyst, make_incident, no_tiles
):
    make_incident(event_date=dt.date(2023, 1, 4))
    month = make_incident(event_date=dt.date(2023, 2, 1), location="Month village")
    week = make_incident(event_date=dt.date(2023, 3, 8), location="Week village")
    Incident.objects.filter(pk=month.pk).update(time_precision=3)
    Incident.objects.filter(pk=week.pk).update(time_precision=2)
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server)
    data = page.evaluate(f"fetch('{live_server.url}/api/timeline').then(r => r.json())")
    assert data["spans"] == [["2023-02-01", 3, 1], ["2023-03-08", 2, 1]]
    assert page.get_attribute("#tl-canvas", "data-spans") == "2"
    # The month-dated incident is a line across February, not a bar on 1 February: the canvas is coloured
    # (the span colour) well inside February, below the bars and above the axis.
    colours = page.evaluate(
        """() => {
          const c = document.getElementById('tl-canvas');
          const r = window.devicePixelRatio || 1;
          const ctx = c.getContext('2d');
          const first = Date.parse('2023-01-04'), last = Date.parse('2023-03-09');
          const x = (t) => Math.round(((t - first) / (last - first)) * c.clientWidth * r);
          const column = (t) => {
            const px = [];
            for (let y = 0; y < c.height; y += 1) px.push(Array.from(ctx.getImageData(x(t), y, 1, 1).data));
            return px;
          };
          return { mid: column(Date.parse('2023-02-15')), first: column(Date.parse('2023-02-01T12:00:00Z')) };
        }"""
    )

    def purple(px):
        r, g, b, a = px
        return a > 0 and b > 100 and r > 80 and g < 120

    assert any(purple(px) for px in colours["mid"])
    assert not any(px[3] > 0 and px[0] < 100 and px[1] > 100 for px in colours["first"])  # no grey day bar


def test_playback_when_zoomed_in_runs_through_the_dates_shown(page, live_server, analyst, spread, no_tiles):
    login(page, live_server, "analyst", "pw-analyst-1")
    open_dashboard(page, live_server, "?start=2023-02-01&end=2023-02-28")
    page.click("#tl-zoom")
    page.wait_for_function("document.getElementById('tl-canvas').dataset.view !== ''")
    view_from, view_to = page.get_attribute("#tl-canvas", "data-view").split(",")
    page.evaluate(
        "window.frames_seen = [];"
        "document.addEventListener('selection:change', () => {"
        "  const p = new URLSearchParams(location.search); frames_seen.push([p.get('start'), p.get('end')]); });"
    )
    page.select_option("#tl-step", "week")
    page.select_option("#tl-speed", "250")
    page.click("#tl-play")
    page.wait_for_function("document.getElementById('tl-canvas').dataset.playing === 'false'", timeout=30000)
    frames = page.evaluate("frames_seen")
    played, restored = frames[:-1], frames[-1]
    assert restored == ["2023-02-01", "2023-02-28"]
    assert len(played) >= 3
    for start, end in played:
        assert view_from <= start and end <= view_to
    assert played[-1][1] == view_to
    assert page.get_attribute("#tl-canvas", "data-view") == f"{view_from},{view_to}"  # still zoomed
