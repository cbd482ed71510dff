"""Issue 9's remaining pieces in a real Chromium: district and sub-event type filters, the selection's
summary, and review where you read (Edit, Place it, Next unreviewed) for an Editor, none of it for a
Viewer. Each test makes the incidents it needs; the unlocated one is a real sample article's."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.db.models import Sum

from incidents.article_files import read_article_file
from incidents.filters import selection
from incidents.ingest import ingest_article
from incidents.models import Incident, Place, PlaceMention
from tests.browser.conftest import login
from tests.browser.test_reach import list_places, open_dashboard, query_of, settle
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db(transaction=True)

# REVIEW_SHOTS=/some/dir keeps screenshots (English and Arabic, desktop and phone) to look at.
SHOTS = os.environ.get("REVIEW_SHOTS", "")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def no_tiles(settings):
    settings.TILE_URL = ""


@pytest.fixture
def spread(make_incident):
    """Five incidents in three districts of Deir ez-Zor with three sub-event types, two actors."""
    hajin = Place.objects.create(
        name_en="Hajin", name_ar="هجين", lat=34.69, lon=40.83, admin1="Deir ez-Zor", admin2="Abu Kamal"
    )
    return [
        make_incident(
            location="Al Mayadin",
            admin2="Al Mayadin",
            fatalities=2,
            actor1="SDF",
            event_date=dt.date(2023, 9, 4),
        ),
        make_incident(
            location="Al Mayadin",
            admin2="Al Mayadin",
            fatalities=1,
            actor1="ISIS",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            event_date=dt.date(2023, 9, 12),
        ),
        make_incident(
            location="Hajin", admin2="Abu Kamal", fatalities=4, actor1="ISIS", place=hajin, lat=34.69
        ),
        make_incident(
            location="Hajin", admin2="Abu Kamal", fatalities=None, actor1="SDF", place=hajin, lat=34.69
        ),
        make_incident(
            location="Deir ez-Zor",
            admin2="Deir ez Zor",
            fatalities=3,
            actor1="ISIS",
            event_type="Violence against civilians",
            sub_event_type="Attack",
            lat=35.33,
            lon=40.14,
        ),
    ]


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def tick(page, facet, value):
    page.check(f"[data-facet={facet}] input[value='{value}']")
    settle(page)


def open_incident(page, incident_id):
    page.click(f"#list li[data-id='{incident_id}'] .place")
    page.wait_for_selector(f"#detail[data-id='{incident_id}'] .review-tools")


def test_district_and_sub_event_filters_change_counts_and_survive_a_reload(
    page, live_server, role_users, spread, no_tiles
):
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server)
    assert page.inner_text("#drawn-count") == "5"
    districts = page.locator("[data-facet=admin2] label").all_inner_texts()
    assert [d.strip() for d in districts] == ["Abu Kamal 2", "Al Mayadin 2", "Deir ez Zor 1"]
    tick(page, "admin2", "Al Mayadin")
    assert page.inner_text("#drawn-count") == "2"
    assert query_of(page)["admin2"] == ["Al Mayadin"]
    tick(page, "sub_event_type", "Armed clash")
    assert page.inner_text("#drawn-count") == "1"
    # OR within the group: the other districts keep their counts and can be added
    assert "Abu Kamal 2" in page.inner_text("[data-facet=admin2]")
    page.reload()
    settle(page)
    assert page.inner_text("#drawn-count") == "1"
    assert page.is_checked("[data-facet=admin2] input[value='Al Mayadin']")
    assert page.is_checked("[data-facet=sub_event_type] input[value='Armed clash']")
    tick(page, "admin2", "Abu Kamal")  # both armed clashes in Hajin join the one in Al Mayadin
    assert page.inner_text("#drawn-count") == "3"
    assert page.console_errors == []


def test_the_summary_equals_the_list_and_the_database(page, live_server, role_users, spread, no_tiles):
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server, "?type=Battles")
    page.click("#summary > summary")
    line = page.locator("#summary .summary-line")
    qs = selection({"type": "Battles"}).qs
    assert int(line.get_attribute("data-incidents")) == qs.count() == 3
    assert int(line.get_attribute("data-fatalities")) == qs.aggregate(f=Sum("fatalities"))["f"] == 6
    assert page.inner_text("#list-count") == "showing 3 of 3 incidents"
    assert page.inner_text("#summary tr[data-type=Battles] td.n") == "3"
    actors = page.locator("#summary .summary-actor button").all_inner_texts()
    assert actors == ["SDF\u00a02", "ISIS\u00a01"]
    # a top actor is a filter: the list, the map and the summary follow it
    page.click("#summary .summary-actor button[data-value=ISIS]")
    settle(page)
    assert query_of(page)["actor"] == ["ISIS"]
    assert page.inner_text("#drawn-count") == "1"
    assert line.get_attribute("data-incidents") == "1"
    # a top place too
    page.click("#summary .summary-place button")
    settle(page)
    assert "place" in query_of(page) and page.inner_text("#drawn-count") == "1"
    assert page.console_errors == []


def test_an_editor_edits_fatalities_from_the_detail(page, live_server, role_users, spread, no_tiles):
    incident = spread[0]
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server)
    open_incident(page, incident.pk)
    page.click("#detail .review-edit")
    page.fill(".rv-edit [name=fatalities]", "7")
    page.click(".rv-edit .rv-save")
    page.wait_for_selector("#detail .review-note:has-text('Saved.')")
    settle(page)
    assert "7 killed" in page.inner_text(f"#list li[data-id='{incident.pk}']")
    assert "7 / " in page.inner_text("#detail dl")
    response = page.request.get(f"{live_server.url}/api/incidents/{incident.pk}")
    assert response.json()["fatalities"] == 7
    record = Incident.objects.get(pk=incident.pk).history.first()
    assert record.fatalities == 7 and record.history_user == role_users["Editor"]
    assert record.history_change_reason == "edited from the dashboard: fatalities"
    assert page.console_errors == []


def test_invalid_input_gets_an_inline_error_not_a_500(page, live_server, role_users, spread, no_tiles):
    incident = spread[0]
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server)
    open_incident(page, incident.pk)
    page.click("#detail .review-edit")
    page.fill(".rv-edit [name=fatalities]", "-3")
    page.select_option(".rv-edit [name=sub_event_type]", "")
    page.select_option(".rv-edit [name=event_type]", "Protests")
    page.select_option(".rv-edit [name=time_precision]", "")
    with page.expect_response(f"**/api/incidents/{incident.pk}/edit") as answer:
        page.click(".rv-edit .rv-save")
    assert answer.value.status == 400
    error = page.locator("[data-field=fatalities] .field-error")
    error.wait_for()
    assert "greater than or equal to 0" in error.inner_text()
    assert page.get_attribute(".rv-edit [name=fatalities]", "aria-invalid") == "true"
    assert page.inner_text("[data-field=time_precision] .field-error")
    # the field with the error has the focus, the form stays open, nothing was saved
    assert page.evaluate("document.activeElement.name") == "fatalities"
    assert Incident.objects.get(pk=incident.pk).fatalities == 2


def test_an_editor_places_an_unlocated_sample_incident_by_clicking_the_map(
    page, live_server, role_users, gazetteer, no_tiles
):
    [article] = read_article_file(SAMPLES / "alalam-two-blasts-kishkiyah-hisan.json")
    ingest_article(article)
    kishkiyah = Incident.objects.get(location="الكشكية")
    assert kishkiyah.lat is None
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server)
    drawn = int(page.inner_text("#drawn-count"))
    open_dashboard(page, live_server, "?located=no")
    before = int(page.inner_text("#unlocated-count"))
    assert "الكشكية" in list_places(page)
    open_incident(page, kishkiyah.pk)
    page.click("#detail .review-place")
    page.click(".rv-place .rv-pick")
    assert page.get_attribute(".rv-place .rv-pick", "aria-pressed") == "true"
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    assert page.input_value(".rv-place [name=lat]") and page.input_value(".rv-place [name=lon]")
    page.select_option(".rv-place [name=precision]", "2")
    page.click(".rv-place .rv-save")
    page.wait_for_selector("#detail .review-note:has-text('Saved.')")
    settle(page)
    kishkiyah.refresh_from_db()
    assert kishkiyah.lat is not None and kishkiyah.geo_precision == 2
    assert kishkiyah.place.origin == Place.Origin.ANALYST and kishkiyah.place.name_ar == "الكشكية"
    mention = PlaceMention.objects.filter(incident=kishkiyah).first()
    assert mention.place_id == kishkiyah.place_id and mention.resolved_by == role_users["Editor"]
    assert int(page.inner_text("#unlocated-count")) == before - 1
    page.click("#unlocated-close")
    settle(page)
    assert int(page.inner_text("#drawn-count")) == drawn + 1  # it is on the map now
    assert page.console_errors == []


def test_an_editor_places_an_incident_at_a_gazetteer_place_found_by_its_arabic_name(
    page, live_server, role_users, make_incident, gazetteer, no_tiles
):
    shahil = Place.objects.get(name_ar="شحيل")
    incident = make_incident(location="الشحيل", lat=None, lon=None, admin1="Deir ez-Zor")
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server, "?located=no")
    open_incident(page, incident.pk)
    page.click("#detail .review-place")
    page.fill(".rv-place [name=place]", "شحيل")
    choose = page.locator(f".rv-place .rv-choose[data-place='{shahil.pk}']")
    choose.wait_for()
    choose.focus()
    page.keyboard.press("Enter")  # keyboard alone
    page.wait_for_selector("#detail .review-note:has-text('Saved.')")
    incident.refresh_from_db()
    assert incident.place_id == shahil.pk and (incident.lat, incident.lon) == (shahil.lat, shahil.lon)
    assert incident.history.first().history_user == role_users["Editor"]


def test_a_viewer_sees_no_edit_buttons_and_a_crafted_post_is_refused(
    page, live_server, role_users, spread, no_tiles
):
    incident = spread[0]
    login(page, live_server, "viewer", "pw-viewer")
    open_dashboard(page, live_server)
    page.click(f"#list li[data-id='{incident.pk}'] .place")
    page.wait_for_selector(f"#detail[data-id='{incident.pk}'] .claim")
    assert page.locator("#detail .review-edit, #detail .review-place, #detail .review-next").count() == 0
    statuses = page.evaluate(
        """async (id) => {
          const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
          const headers = { 'X-CSRFToken': token, 'Content-Type': 'application/x-www-form-urlencoded' };
          const edit = await fetch(`/api/incidents/${id}/edit`, { method: 'POST', headers, body: 'fatalities=99&status=verified' });
          const place = await fetch(`/api/incidents/${id}/place`, { method: 'POST', headers, body: 'lat=35&lon=40' });
          return [edit.status, place.status];
        }""",
        incident.pk,
    )
    assert statuses == [403, 403]
    incident.refresh_from_db()
    assert incident.fatalities == 2 and incident.status == "unreviewed" and incident.lat == 35.01498


def test_next_unreviewed_walks_through_the_unreviewed_incidents_in_list_order(
    page, live_server, role_users, make_incident, no_tiles
):
    first = make_incident(location="First", event_date=dt.date(2023, 9, 9))
    make_incident(location="Checked", event_date=dt.date(2023, 9, 8), status="verified")
    second = make_incident(location="Second", event_date=dt.date(2023, 9, 7))
    third = make_incident(location="Third", event_date=dt.date(2023, 9, 6))
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server)
    assert list_places(page) == ["First", "Checked", "Second", "Third"]
    open_incident(page, first.pk)
    page.click("#detail .review-verify")  # reviewing it does not lose its place in the walk
    page.wait_for_selector("#detail .review-verify[aria-pressed=true]")
    settle(page)
    seen = []
    for _ in range(3):
        page.focus("#detail .review-next")  # by keyboard (and no pointer landing on a moving layout)
        page.keyboard.press("Enter")
        page.wait_for_function(
            f"document.querySelector('#detail').dataset.id !== '{(seen or [first.pk])[-1]}'"
        )
        page.wait_for_selector("#detail .review-tools")
        seen.append(int(page.get_attribute("#detail", "data-id")))
    assert seen == [second.pk, third.pk, second.pk]  # the verified one is skipped; from the top again
    assert query_of(page)["incident"] == [str(second.pk)]


def test_arabic_new_parts_have_no_english_and_the_screenshots(
    page, live_server, role_users, spread, no_tiles
):
    incident = spread[2]
    unplaced = spread[0]
    Incident.objects.filter(pk=unplaced.pk).update(lat=None, lon=None, place=None)
    login(page, live_server, "editor", "pw-editor")
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    open_dashboard(page, live_server)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.click("#summary > summary")
    summary = page.inner_text("#summary")
    assert not LATIN.search(summary), summary
    for facet in ("admin2", "sub_event_type"):
        text = page.inner_text(f"[data-facet={facet}]")
        assert not LATIN.search(text), text
    assert "الميادين" in page.inner_text("[data-facet=admin2]")
    open_incident(page, incident.pk)
    page.click("#detail .review-edit")
    page.fill(".rv-edit [name=fatalities]", "-1")
    page.click(".rv-edit .rv-save")
    page.locator("[data-field=fatalities] .field-error").wait_for()
    for part in ("#detail .review-tools", "#detail .rv-edit"):
        text = page.inner_text(part)
        assert not LATIN.search(text), (part, text)
    shoot(page, "review-edit-ar-desktop")
    open_dashboard(page, live_server, "?located=no")
    open_incident(page, unplaced.pk)
    page.click("#detail .review-place")
    page.locator(".rv-place .rv-results li").first.wait_for()
    text = page.inner_text("#detail .rv-place")
    assert not LATIN.search(text.replace("Al Mayadin", "")), text  # the mention as written is data
    shoot(page, "review-place-ar-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    open_dashboard(page, live_server)
    assert page.locator("#map").bounding_box()["width"] >= 380  # the map is still the phone's screen
    page.click("[data-drawer-toggle=side]")
    page.click("#summary > summary")
    shoot(page, "summary-ar-phone")
    assert page.console_errors == []


def test_english_screenshots_desktop_and_phone(page, live_server, role_users, spread, no_tiles):
    login(page, live_server, "editor", "pw-editor")
    open_dashboard(page, live_server)
    page.click("#summary > summary")
    assert page.locator("#map").is_visible()  # the summary sits above the list, not over the map
    shoot(page, "summary-en-desktop")
    open_incident(page, spread[0].pk)
    page.click("#detail .review-edit")
    shoot(page, "review-edit-en-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    open_dashboard(page, live_server)
    assert page.locator("#map").bounding_box()["width"] >= 380
    page.click("[data-drawer-toggle=side]")
    open_incident(page, spread[0].pk)
    page.click("#detail .review-edit")
    edit = page.locator(".rv-edit").bounding_box()
    assert edit["x"] >= 0 and edit["x"] + edit["width"] <= 390  # the form fits the phone
    shoot(page, "review-edit-en-phone")
    assert page.console_errors == []
