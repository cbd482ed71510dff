"""Nothing hidden, in a real Chromium: the incidents without coordinates as a list (with "Place it" for
an Editor), the undated ones counted beside the timeline, demo data behind a switch, list rows with
their facts and sortable, facets that keep their options. Each test makes the incidents it needs."""

import datetime as dt
import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from incidents.models import Incident, PlaceMention
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# REACH_SHOTS=/some/dir keeps screenshots of the unlocated list and the demo switch, to look at.
SHOTS = os.environ.get("REACH_SHOTS", "")


@pytest.fixture
def no_tiles(settings):
    settings.TILE_URL = ""


@pytest.fixture
def viewer(role_users):
    return role_users["Viewer"]


@pytest.fixture
def unlocated(make_incident):
    """Two incidents on the map, two without coordinates: an Arabic mention in Deir ez-Zor, an English one."""
    make_incident(location="Dhiban", fatalities=2)
    make_incident(location="Hajin", lat=34.7, lon=40.8, event_date=dt.date(2023, 9, 1))
    shuhayl = make_incident(location="الشحيل", lat=None, lon=None, admin1="Deir ez-Zor", fatalities=4)
    shheil = make_incident(location="Shheil", lat=None, lon=None, admin1="", event_date=dt.date(2023, 8, 1))
    return shuhayl, shheil


def open_dashboard(page, live_server, query=""):
    page.console_errors.clear()
    page.goto(f"{live_server.url}/{query}")
    settle(page)


def settle(page):
    page.wait_for_function("document.body.dataset.loading === 'false'")


def list_places(page):
    return [t.strip() for t in page.locator("#list li .place").all_inner_texts()]


def query_of(page):
    return parse_qs(urlparse(page.url).query)


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def test_without_coordinates_opens_a_searchable_list(page, live_server, viewer, unlocated, no_tiles):
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server)
    assert page.inner_text("#drawn-count") == "2" and page.inner_text("#unlocated-count") == "2"
    assert sorted(list_places(page)) == ["Dhiban", "Hajin"]
    page.click("#unlocated-open")
    page.wait_for_function("new URLSearchParams(location.search).get('located') === 'no'")
    settle(page)
    assert sorted(list_places(page)) == sorted(["الشحيل", "Shheil"])
    assert page.locator("#unlocated-head").is_visible()
    assert "2" in page.inner_text("#list-count")
    row = page.locator("#list li", has_text="الشحيل")
    assert "Deir ez-Zor" in row.inner_text() and "not placed yet" in row.inner_text()
    assert "governorate unknown" in page.locator("#list li", has_text="Shheil").inner_text()
    assert page.locator("#list .place-it").count() == 0  # a Viewer cannot place
    # searchable by the Arabic mention (folded spelling) and by the English name
    page.fill("#f-q", "شحيل")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'شحيل'")
    settle(page)
    assert list_places(page) == ["الشحيل"]
    page.fill("#f-q", "shheil")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'shheil'")
    settle(page)
    assert list_places(page) == ["Shheil"]
    page.fill("#f-q", "")
    page.wait_for_function("!new URLSearchParams(location.search).has('q')")
    settle(page)
    # a row opens the incident like any other
    page.click("#list li .place >> text=الشحيل")
    page.wait_for_selector("#detail .claim")
    assert "not placed yet" in page.inner_text("#detail")
    page.click("#unlocated-close")
    page.wait_for_function("!new URLSearchParams(location.search).has('located')")
    settle(page)
    assert sorted(list_places(page)) == ["Dhiban", "Hajin"]
    assert page.console_errors == []


def test_an_editor_places_an_incident_from_the_list(
    page, live_server, role_users, make_incident, gazetteer, no_tiles
):
    busayrah = gazetteer.get(name_en="Al Busayrah", geonameid__isnull=False)
    incident = make_incident(location="البصيره", lat=None, lon=None, admin1="Deir ez-Zor")
    article = incident.claims.get().article
    PlaceMention.objects.create(
        article=article,
        surface="البصيره",
        start=0,
        end=7,
        role=PlaceMention.Role.INCIDENT,
        incident=incident,
        needs_review=True,
        confidence=0.3,
        candidates=[busayrah.pk],
    )
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server, "?located=no")
    assert list_places(page) == ["البصيره"]
    shoot(page, "unlocated-list-editor-en")
    page.click("#list .place-it")
    page.wait_for_url("**/placemention/*/resolve/")
    page.click(f"button.choose[value='{busayrah.pk}']")
    page.wait_for_load_state("networkidle")
    incident.refresh_from_db()
    assert incident.place_id == busayrah.pk and incident.lat is not None
    open_dashboard(page, live_server, "?located=no")
    assert page.inner_text("#unlocated-count") == "0" and list_places(page) == []
    open_dashboard(page, live_server)
    assert page.inner_text("#drawn-count") == "1"


def test_the_timeline_counts_undated_incidents_and_a_date_filter_says_so(
    page, live_server, viewer, make_incident, no_tiles
):
    for day in (1, 10, 20):
        make_incident(location=f"Dated {day}", event_date=dt.date(2023, 3, day))
    make_incident(location="Undated A", event_date=None)
    make_incident(location="Undated B", event_date=None, lat=None, lon=None)
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server)
    assert page.inner_text("#tl-undated").startswith("2 undated")
    open_dashboard(page, live_server, "?start=2023-03-05&end=2023-03-31")
    assert sorted(list_places(page)) == ["Dated 10", "Dated 20"]
    note = page.locator("#tl-undated")
    assert note.is_visible() and "outside any date window" in note.inner_text()
    assert "warn" in note.get_attribute("class")
    note.click()
    page.wait_for_function("new URLSearchParams(location.search).get('dated') === 'no'")
    settle(page)
    assert "start" not in query_of(page) and "end" not in query_of(page)
    assert list_places(page) == ["Undated A"]  # the undated one on the map; the other is unlocated
    assert "date unknown" in page.inner_text("#list li")
    assert page.inner_text("#unlocated-count") == "1"
    page.click("#unlocated-open")
    page.wait_for_function("new URLSearchParams(location.search).get('located') === 'no'")
    settle(page)
    assert list_places(page) == ["Undated B"]
    page.click("#tl-undated")  # back to every date
    page.wait_for_function("!new URLSearchParams(location.search).has('dated')")
    assert page.console_errors == []


def test_demo_data_is_hidden_by_default_once_real_incidents_exist(
    page, live_server, viewer, make_incident, no_tiles
):
    make_incident(location="Real report")
    for i in range(3):
        make_incident(location=f"Synthetic {i}", is_demo=True, lat=35 + i / 10)
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server)
    assert page.locator("#demo-switch").is_visible() and page.is_checked("#f-hide-demo")
    assert query_of(page)["demo"] == ["exclude"]
    assert page.inner_text("#drawn-count") == "1" and list_places(page) == ["Real report"]
    assert "demo=exclude" in page.get_attribute("#export-csv", "href")
    shoot(page, "demo-switch-en")
    page.uncheck("#f-hide-demo")
    page.wait_for_function("document.getElementById('drawn-count').textContent === '4'")
    settle(page)
    assert query_of(page)["demo"] == ["include"]
    assert page.locator("#list .tag").count() == 3  # demo rows say so
    page.reload()
    settle(page)
    assert not page.is_checked("#f-hide-demo") and page.inner_text("#drawn-count") == "4"
    page.click("#f-reset")  # clearing the filters keeps the switch as it is
    settle(page)
    assert query_of(page)["demo"] == ["include"]


def test_demo_only_database_shows_demo_data_and_no_switch_without_any(
    page, live_server, viewer, make_incident, no_tiles
):
    make_incident(location="Synthetic", is_demo=True)
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server)
    assert not page.is_checked("#f-hide-demo") and page.inner_text("#drawn-count") == "1"
    Incident.objects.all().delete()
    make_incident(location="Real")
    open_dashboard(page, live_server)
    assert page.locator("#demo-switch").is_hidden() and "demo" not in query_of(page)


def test_list_rows_show_outlet_status_fatalities_precision_and_sort(
    page, live_server, viewer, make_incident, make_source, no_tiles
):
    sana = make_source("sana", "SANA", "سانا", "state")
    make_incident(location="Quiet", fatalities=0, event_date=dt.date(2023, 9, 9))
    make_incident(location="Deadly", fatalities=7, source=sana, status="verified")
    make_incident(location="Unknown toll", fatalities=None, event_date=dt.date(2023, 9, 1))
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server)
    assert list_places(page) == ["Quiet", "Deadly", "Unknown toll"]  # newest first
    deadly = page.locator("#list li", has_text="Deadly").inner_text()
    assert "SANA" in deadly and "Verified" in deadly and "7 killed" in deadly and "town" in deadly
    page.select_option("#list-sort", "fatalities")
    page.wait_for_function("new URLSearchParams(location.search).get('sort') === 'fatalities'")
    settle(page)
    assert list_places(page) == ["Deadly", "Quiet", "Unknown toll"]
    page.select_option("#list-sort", "outlet")
    page.wait_for_function("new URLSearchParams(location.search).get('sort') === 'outlet'")
    settle(page)
    assert list_places(page)[-1] == "Deadly"  # North Press before SANA
    page.reload()
    settle(page)
    assert page.input_value("#list-sort") == "outlet"


def test_a_chosen_facet_keeps_its_group_whole_and_in_order(
    page, live_server, viewer, make_incident, no_tiles
):
    for _ in range(3):
        make_incident(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")
    make_incident(event_type="Battles", admin1="Raqqa", lat=35.95, lon=39.01)
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server)
    types = "fieldset[data-facet=type] label"
    before = page.locator(types).all_inner_texts()
    page.check("fieldset[data-facet=type] input[value=Battles]")
    page.wait_for_function("document.getElementById('drawn-count').textContent === '1'")
    settle(page)
    after = page.locator(types).all_inner_texts()
    assert [t.strip() for t in after] == [t.strip() for t in before]  # same options, same order, same counts
    assert page.inner_text("fieldset[data-facet=admin1]").count("\n") <= 2  # Raqqa only
    assert "Raqqa" in page.inner_text("fieldset[data-facet=admin1]")


def test_arabic_unlocated_list_and_demo_switch(
    page, live_server, role_users, unlocated, make_incident, no_tiles
):
    shuhayl, _ = unlocated
    PlaceMention.objects.create(
        article=shuhayl.claims.get().article,
        surface="الشحيل",
        start=0,
        end=6,
        role=PlaceMention.Role.INCIDENT,
        incident=shuhayl,
    )
    make_incident(location="Synthetic", is_demo=True)
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server)
    page.click("#lang-switch")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    settle(page)
    assert page.is_checked("#f-hide-demo")
    switch = page.inner_text("#demo-switch")
    assert "إخفاء" in switch and "demo" not in switch.lower()
    shoot(page, "demo-switch-ar")
    page.click("#unlocated-open")
    page.wait_for_function("new URLSearchParams(location.search).get('located') === 'no'")
    settle(page)
    head = page.inner_text("#unlocated-head")
    assert "without" not in head and "Back" not in head
    row = page.locator("#list li", has_text="الشحيل").inner_text()
    # the waiting mention's resolve page; without one (Shheil), the places queue searched for the spelling
    links = page.locator("#list .place-it")
    assert links.count() == 2
    assert f"/placemention/{shuhayl.mentions.get().pk}/resolve/" in page.locator(
        "#list li", has_text="الشحيل"
    ).locator(".place-it").get_attribute("href")
    assert "q=Shheil" in page.locator("#list li", has_text="Shheil").locator(".place-it").get_attribute(
        "href"
    )
    for english in ("not placed yet", "Place it", "killed", "Unreviewed", "governorate unknown"):
        assert english not in page.inner_text("#list"), english
    assert "4" in row
    assert "Sort" not in page.inner_text(".side") and "undated" not in page.inner_text(".timeline")
    shoot(page, "unlocated-list-ar")
    page.click("#list li .place >> text=الشحيل")
    page.wait_for_selector("#detail .review button")
    review = page.inner_text("#detail .review")
    assert "توثيق" in review and "Verify" not in review and "Dispute" not in review
    shoot(page, "unlocated-detail-review-ar")
    assert page.console_errors == []


def test_an_editor_verifies_and_disputes_from_the_detail(
    page, live_server, role_users, make_incident, no_tiles
):
    incident = make_incident(location="Dhiban")
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server, f"?incident={incident.pk}")
    page.wait_for_selector("#detail .claim")
    page.click("#detail .review-verify")
    page.wait_for_function(
        "document.querySelector('#detail .review-verify').getAttribute('aria-pressed') === 'true'"
    )
    assert "Verified" in page.inner_text("#detail dl")
    settle(page)
    assert "Verified" in page.inner_text("#list li")  # the list follows
    assert Incident.objects.get(pk=incident.pk).status == "verified"
    page.click("#detail .review-dispute")
    page.wait_for_function(
        "document.querySelector('#detail .review-dispute').getAttribute('aria-pressed') === 'true'"
    )
    assert Incident.objects.get(pk=incident.pk).reviewed_by == role_users["Editor"]
    assert Incident.objects.get(pk=incident.pk).status == "disputed"
    assert page.console_errors == []


def test_a_viewer_gets_no_review_buttons_and_a_crafted_post_is_refused(
    page, live_server, viewer, make_incident, no_tiles
):
    incident = make_incident(location="Dhiban")
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server, f"?incident={incident.pk}")
    page.wait_for_selector("#detail .claim")
    assert page.locator("#detail .review button").count() == 0
    status = page.evaluate(
        """(id) => fetch(`/api/incidents/${id}/review`, {method: 'POST',
             headers: {'X-CSRFToken': document.querySelector('input[name=csrfmiddlewaretoken]').value},
             body: new URLSearchParams({action: 'verify'})}).then(r => r.status)""",
        incident.pk,
    )
    assert status == 403
    assert Incident.objects.get(pk=incident.pk).status == "unreviewed"


def test_a_merged_incidents_old_link_says_where_it_went(page, live_server, viewer, make_incident, no_tiles):
    kept = make_incident(location="Kept")
    gone = make_incident(location="Folded")
    Incident.objects.filter(pk=gone.pk).update(merged_into=kept)
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server, f"?incident={gone.pk}")
    page.wait_for_selector("#detail .merged")
    assert f"#{gone.pk}" in page.inner_text("#detail .merged") and f"#{kept.pk}" in page.inner_text(
        "#detail .merged"
    )
    assert page.get_attribute("#detail", "data-id") == str(kept.pk)
    page.wait_for_function(f"new URLSearchParams(location.search).get('incident') === '{kept.pk}'")
