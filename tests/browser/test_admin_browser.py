"""The analysts' admin in a real Chromium: an Editor places an incident on the map, places an unknown
village, merges two reports of one event; the Arabic admin is right to left and its map still works."""

import datetime as dt

import pytest

from incidents.article_files import read_article_file
from incidents.ingest import ingest_article
from incidents.models import Incident, MergeRecord, Place, PlaceMention
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(django_user_model):
    """An Editor as the roles migration defines it (a transactional test flushes the migration's groups)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="incidents", codename__regex=r"^(view|add|change)_")
    )
    user = django_user_model.objects.create_user("editor", password="pw-editor-1", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def no_tiles(settings):
    settings.TILE_URL = ""


def admin_login(page, live_server, username="editor", password="pw-editor-1"):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def picker_click(page, dx: int, dy: int) -> tuple[float, float]:
    """Click the point picker's map dx, dy pixels from its centre; returns the coordinates under the click."""
    box = page.locator(".pp-map").bounding_box()
    x, y = round(box["x"] + box["width"] / 2 + dx), round(box["y"] + box["height"] / 2 + dy)
    expected = page.evaluate(
        "([x, y]) => { const ll = document.querySelector('.point-picker').pickerMap"
        ".mouseEventToLatLng({clientX: x, clientY: y}); return [ll.lat, ll.lng]; }",
        [x, y],
    )
    page.mouse.click(x, y)
    return expected


def marker_offset_from_map_centre(page) -> tuple[float, float]:
    """Where the marker's tip is drawn, in pixels from the centre of the map (what a person sees)."""
    box = page.locator(".pp-map").bounding_box()
    icon = page.locator(".pp-map .leaflet-marker-icon").bounding_box()
    tip_x, tip_y = icon["x"] + icon["width"] / 2, icon["y"] + icon["height"]  # the default icon's anchor
    return tip_x - (box["x"] + box["width"] / 2), tip_y - (box["y"] + box["height"] / 2)


def test_editor_creates_an_incident_by_clicking_the_map_and_finds_it_there(
    page, live_server, editor, no_tiles
):
    external = []
    page.on(
        "request",
        lambda r: (
            r.url.startswith("http") and not r.url.startswith(live_server.url) and external.append(r.url)
        ),
    )
    admin_login(page, live_server)
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    page.wait_for_selector(".pp-map.leaflet-container")
    lat, lon = picker_click(page, 60, -40)
    assert float(page.input_value("#id_lat")) == pytest.approx(lat, abs=1e-4)
    assert float(page.input_value("#id_lon")) == pytest.approx(lon, abs=1e-4)
    assert page.locator(".pp-map .leaflet-marker-icon").count() == 1
    page.fill("#id_event_date", "2023-08-29")
    page.select_option("#id_event_type", "Battles")
    page.fill("#id_location", "Shuhayl")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    incident = Incident.objects.get()
    assert (incident.lat, incident.lon) == (pytest.approx(lat, abs=1e-4), pytest.approx(lon, abs=1e-4))
    assert incident.history.first().history_user == editor

    page.goto(f"{live_server.url}/admin/incidents/incident/{incident.pk}/change/")  # reopen it
    page.wait_for_selector(".pp-map .leaflet-marker-icon")
    dx, dy = marker_offset_from_map_centre(page)
    assert abs(dx) <= 2 and abs(dy) <= 2  # the map opens on the saved point, and the marker is on it
    drawn = page.evaluate(
        "() => { const m = document.querySelector('.point-picker').pickerMap.getCenter(); return [m.lat, m.lng]; }"
    )
    assert drawn == [pytest.approx(incident.lat, abs=1e-4), pytest.approx(incident.lon, abs=1e-4)]
    assert page.console_errors == [] and external == []


def test_gazetteer_search_in_the_picker_sets_the_place(page, live_server, editor, gazetteer, no_tiles):
    admin_login(page, live_server)
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    page.fill(".pp-query", "البصيره")
    page.click(".pp-results .pp-result >> nth=0")
    busayrah = Place.objects.get(pk=int(page.input_value("#id_place")))
    assert busayrah.name_en == "Al Busayrah"
    assert float(page.input_value("#id_lat")) == pytest.approx(busayrah.lat, abs=1e-4)
    assert page.input_value("#id_admin1") == "Deir ez-Zor"


def test_editor_places_an_unknown_village_on_the_map(page, live_server, editor, gazetteer, no_tiles):
    [seed] = read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor.json")
    ingest_article(seed)
    mention = PlaceMention.objects.filter(surface="الرز", role="incident").order_by("start").first()
    admin_login(page, live_server)
    page.goto(f"{live_server.url}/admin/incidents/placemention/queue/")
    assert page.locator("#result_list mark", has_text="الرز").count() >= 1
    page.goto(f"{live_server.url}/admin/incidents/placemention/{mention.pk}/resolve/")
    assert page.inner_text("#mention-surface") == "الرز"
    # the map opens around the article's other places (Dhiban, Busayrah), drawn for orientation
    assert page.locator(".pp-map .leaflet-tooltip", has_text="Dhiban").count() == 1
    lat, lon = picker_click(page, -30, 20)
    page.fill("#id_name_ar", "الزر")
    page.fill("#id_name_en", "al-Zir")
    page.click("#create-place")
    page.wait_for_selector(".messagelist .success")
    assert "الرز" in page.inner_text(".messagelist")

    place = Place.objects.get(name_en="al-Zir")
    assert (place.lat, place.lon) == (pytest.approx(lat, abs=1e-4), pytest.approx(lon, abs=1e-4))
    assert place.aliases == ["الرز"] and place.admin1 == "Deir ez-Zor"
    mention.refresh_from_db()
    assert mention.place == place and mention.incident.place == place
    assert page.console_errors == []


def test_editor_merges_two_reports_of_one_event(
    page, live_server, editor, make_incident, make_source, no_tiles
):
    a = make_incident(cited_source="SANA", claimed_perpetrator="Popular factions")
    b = make_incident(
        source=make_source("sohr", "SOHR", "المرصد السوري", "monitor"),
        event_date=dt.date(2023, 9, 6),
        lat=35.02,
        text="ISIS cells attacked an SDF post in Dhiban.",
        claimed_perpetrator="ISIS",
    )
    admin_login(page, live_server)
    page.goto(f"{live_server.url}/admin/")
    page.click("#review-module >> text=Possible duplicates")
    pair = page.locator(f'[data-pair="{a.pk}-{b.pk}"]')
    assert "SANA" in pair.inner_text() and "SOHR" in pair.inner_text()
    pair.locator("button.merge-left").click()
    page.wait_for_selector(".messagelist .success")
    assert page.locator(f'[data-pair="{a.pk}-{b.pk}"]').count() == 0

    assert a.claims.count() == 2
    assert {c.claimed_perpetrator for c in a.claims.all()} == {"Popular factions", "ISIS"}
    record = MergeRecord.objects.get()
    assert record.merged_by == editor

    page.goto(f"{live_server.url}/admin/incidents/incident/{a.pk}/change/")
    assert page.locator(".inline-related.has_original").count() == 2  # both claims, inline
    page.click(f"a[href='/admin/incidents/mergerecord/{record.pk}/change/']")
    page.click("text=Undo this merge")
    page.click("input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    b.refresh_from_db()
    assert b.merged_into is None and b.claims.count() == 1
    assert page.console_errors == []


def test_arabic_admin_is_right_to_left_and_its_map_still_places_points(page, live_server, editor, no_tiles):
    admin_login(page, live_server)
    page.click("#admin-lang")  # العربية
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute(".pp-map", "dir") == "ltr"  # the map itself has no direction
    lat, lon = picker_click(page, -50, 30)
    assert float(page.input_value("#id_lat")) == pytest.approx(lat, abs=1e-4)
    assert float(page.input_value("#id_lon")) == pytest.approx(lon, abs=1e-4)
    dx, dy = marker_offset_from_map_centre(page)
    assert abs(dx + 50) <= 2 and abs(dy - 30) <= 2  # drawn where it was clicked, not mirrored
    page.screenshot(path="test-artifacts/admin-incident-add-ar.png", full_page=True)
    assert page.console_errors == []
