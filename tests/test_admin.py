"""The analysts' admin pages over HTTP: paste, search, resolve, duplicates, merge, undo, form errors."""

import datetime as dt

import pytest

from incidents.models import Article, Claim, Incident, MergeRecord, Place, PlaceMention
from tests.conftest import sample_article

SEED_TEXT = sample_article("seed-alsouria-deir-ez-zor")["text"]


@pytest.fixture
def editor(client, role_users, gazetteer):
    client.force_login(role_users["Editor"])
    return client


def paste(client, **fields):
    from incidents.models import Source

    source = Source.objects.get_or_create(slug="al-souria-net", defaults={"name_en": "Al-Souria Net"})[0]
    data = {"source": source.pk, "text": SEED_TEXT, "published": "2023-08-29", "language": "", **fields}
    return client.post("/admin/incidents/article/add/", data)


def test_pasting_an_article_proposes_unreviewed_incidents(editor):
    response = paste(editor)
    assert response.status_code == 302
    article = Article.objects.get()
    assert response["Location"] == f"/admin/incidents/article/{article.pk}/change/"
    incidents = Incident.objects.filter(claims__article=article).distinct()
    assert incidents.count() == 5
    assert set(incidents.values_list("status", flat=True)) == {"unreviewed"}
    assert {i.event_date for i in incidents} == {dt.date(2023, 8, 29)}  # "خلال الساعات القليلة الماضية"
    page = editor.get(response["Location"]).content.decode()
    assert "الشحيل" in page and "/resolve/" in page


def test_pasting_the_same_article_twice_changes_nothing(editor):
    paste(editor)
    before = (Article.objects.count(), Incident.objects.count(), Claim.objects.count())
    response = paste(editor)
    assert response.status_code == 302
    assert (Article.objects.count(), Incident.objects.count(), Claim.objects.count()) == before
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("unchanged" in m for m in messages)


def test_pasting_blank_text_or_no_outlet_is_a_form_error(editor):
    response = editor.post("/admin/incidents/article/add/", {"text": "   ", "new_outlet": "X"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = editor.post("/admin/incidents/article/add/", {"text": "Gunmen attacked Dhiban."})
    assert response.status_code == 200 and "Choose the outlet" in response.content.decode()
    assert Article.objects.count() == 0


def test_place_search_finds_arabic_and_english_names(editor):
    by_ar = editor.get("/admin/incidents/place/search/", {"q": "البصيره"}).json()["results"]
    assert by_ar and by_ar[0]["name_en"] == "Al Busayrah" and by_ar[0]["admin1"] == "Deir ez-Zor"
    by_en = editor.get("/admin/incidents/place/search/", {"q": "Dhiban"}).json()["results"]
    assert any(r["admin1"] == "Deir ez-Zor" for r in by_en)
    assert editor.get("/admin/incidents/place/search/", {"q": "x"}).json() == {"results": []}


def test_resolve_page_shows_sentence_candidates_and_escapes_text(editor):
    paste(editor)
    mention = PlaceMention.objects.filter(surface="ضمان").first()
    html = editor.get(f"/admin/incidents/placemention/{mention.pk}/resolve/").content.decode()
    assert '<mark id="mention-surface">ضمان</mark>' in html
    # the candidates: Daman near al-Busayrah (GeoNames writes دامان), a spelling variant; never Amman or
    # Tall ad Daman near Aleppo (a variant is looked for in Syria, near the article's places)
    assert "Daman" in html and "Amman" not in html


def test_resolve_by_clicking_the_map_creates_a_place_and_alias(editor, role_users):
    paste(editor)
    mention = PlaceMention.objects.filter(surface="الشحيل", role="incident").first()
    response = editor.post(
        f"/admin/incidents/placemention/{mention.pk}/resolve/",
        {
            "action": "create",
            "name_ar": "الشحيل",
            "name_en": "Shuhayl",
            "lat": "35.1183",
            "lon": "40.3842",
            "same_spelling": "on",
        },
    )
    assert response.status_code == 302
    place = Place.objects.get(name_en="Shuhayl")
    assert place.origin == "analyst" and place.admin1 == "Deir ez-Zor"
    mention.refresh_from_db()
    assert mention.place == place and mention.resolved_by == role_users["Editor"]
    assert mention.incident.lat == pytest.approx(35.1183)


def test_resolve_with_absurd_coordinates_is_a_form_error(editor):
    paste(editor)
    mention = PlaceMention.objects.filter(surface="الرز").first()
    url = f"/admin/incidents/placemention/{mention.pk}/resolve/"
    for lat, lon in (("135", "40"), ("35", ""), ("abc", "40")):
        response = editor.post(url, {"action": "create", "name_ar": "الزر", "lat": lat, "lon": lon})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Place.objects.filter(origin="analyst").exists()


def test_resolve_by_choosing_a_candidate(editor):
    paste(editor)
    mention = PlaceMention.objects.get(surface="ذبيان")
    dhiban = mention.place
    response = editor.post(f"/admin/incidents/placemention/{mention.pk}/resolve/", {"choose": dhiban.pk})
    assert response.status_code == 302
    dhiban.refresh_from_db()
    assert "ذبيان" in dhiban.aliases
    assert (
        editor.post(f"/admin/incidents/placemention/{mention.pk}/resolve/", {"choose": "nope"}).status_code
        == 404
    )


def test_incident_form_refuses_bad_coordinates(editor):
    for lat, lon in (("91", "40"), ("35", "200"), ("35", "")):
        response = editor.post(
            "/admin/incidents/incident/add/", {"status": "unreviewed", "lat": lat, "lon": lon}
        )
        assert response.status_code == 200 and "errornote" in response.content.decode()
    assert Incident.objects.count() == 0


def test_incident_form_saves_a_clicked_point(editor):
    data = {
        "status": "unreviewed",
        "lat": "35.10000",
        "lon": "40.45000",
        "event_date": "2023-08-29",
        "event_type": "Battles",
        "actors": "[]",
        "evidence": "[]",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
    }
    response = editor.post("/admin/incidents/incident/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    assert (incident.lat, incident.lon, incident.geo_precision) == (35.1, 40.45, 1)


def test_duplicates_page_merge_and_undo(editor, make_incident, make_source):
    a = make_incident(cited_source="SANA")
    b = make_incident(source=make_source("sohr", "SOHR"), lat=35.02)
    html = editor.get("/admin/incidents/incident/duplicates/").content.decode()
    assert f'data-pair="{a.pk}-{b.pk}"' in html
    assert editor.post("/admin/incidents/incident/merge/", {"keep": a.pk, "merge": b.pk}).status_code == 302
    assert a.claims.count() == 2
    record = MergeRecord.objects.get()
    assert (
        f'data-pair="{a.pk}-{b.pk}"'
        not in editor.get("/admin/incidents/incident/duplicates/").content.decode()
    )
    assert editor.post(f"/admin/incidents/mergerecord/{record.pk}/undo/").status_code == 302
    b.refresh_from_db()
    assert b.merged_into is None and b.claims.count() == 1


def test_different_events_are_no_longer_offered(editor, make_incident):
    a, b = make_incident(), make_incident(lat=35.02)
    editor.post("/admin/incidents/incident/merge/", {"keep": a.pk, "merge": b.pk, "action": "distinct"})
    assert "data-pair" not in editor.get("/admin/incidents/incident/duplicates/").content.decode()
    assert Incident.objects.visible().count() == 2


def test_merge_with_bad_ids_is_404_not_500(editor, make_incident):
    a = make_incident()
    assert editor.post("/admin/incidents/incident/merge/", {"keep": a.pk, "merge": "x"}).status_code == 404
    assert editor.post("/admin/incidents/incident/merge/", {"keep": a.pk, "merge": 999999}).status_code == 404
    response = editor.post("/admin/incidents/incident/merge/", {"keep": a.pk, "merge": a.pk})
    assert response.status_code == 302 and not MergeRecord.objects.exists()


@pytest.mark.parametrize(
    "method,url",
    [
        ("post", "/admin/incidents/article/add/"),
        ("post", "/admin/incidents/incident/merge/"),
        ("get", "/admin/incidents/incident/duplicates/"),
    ],
)
def test_viewer_cannot_use_the_review_pages(client, role_users, method, url, make_incident):
    viewer = role_users["Viewer"]
    viewer.is_staff = True  # even as staff, the Viewer role has view permissions only
    viewer.save()
    client.force_login(viewer)
    a, b = make_incident(), make_incident(lat=35.02)
    response = getattr(client, method)(
        url, {"keep": a.pk, "merge": b.pk, "text": SEED_TEXT, "new_outlet": "X"}
    )
    assert response.status_code == 403
    assert Incident.objects.visible().count() == 2 and Article.objects.count() == 2


def test_viewer_cannot_resolve_or_undo(client, role_users, make_incident, gazetteer):
    viewer = role_users["Viewer"]
    viewer.is_staff = True
    viewer.save()
    from incidents.merging import merge_incidents

    a, b = make_incident(), make_incident(lat=35.02)
    record = merge_incidents(a, [b])
    mention = PlaceMention.objects.create(article=a.claims.first().article, surface="Dhiban", start=0, end=6)
    client.force_login(viewer)
    dhiban = Place.objects.filter(name_en="Dhiban").first()
    assert (
        client.post(f"/admin/incidents/placemention/{mention.pk}/resolve/", {"choose": dhiban.pk}).status_code
        == 403
    )
    assert client.post(f"/admin/incidents/mergerecord/{record.pk}/undo/").status_code == 403
    mention.refresh_from_db()
    record.refresh_from_db()
    assert mention.place is None and not record.is_undone


def test_anonymous_is_sent_to_login_from_review_pages(client, make_incident):
    for url in ("/admin/incidents/incident/duplicates/", "/admin/incidents/place/search/?q=dh"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_review_pages_are_right_to_left_in_arabic(editor):
    editor.cookies["django_language"] = "ar"
    for url in ("/admin/", "/admin/incidents/incident/duplicates/", "/admin/incidents/article/add/"):
        html = editor.get(url).content.decode()
        assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_duplicates_page_window_counts_back_from_the_newest_incident(editor, make_incident):
    old_a, old_b = (
        make_incident(event_date=dt.date(2020, 1, 1)),
        make_incident(lat=35.02, event_date=dt.date(2020, 1, 2)),
    )
    new_a, new_b = make_incident(), make_incident(lat=35.02)
    html = editor.get("/admin/incidents/incident/duplicates/").content.decode()  # 90 days by default
    assert f'data-pair="{new_a.pk}-{new_b.pk}"' in html and f'data-pair="{old_a.pk}-{old_b.pk}"' not in html
    html = editor.get("/admin/incidents/incident/duplicates/", {"window": "all"}).content.decode()
    assert f'data-pair="{old_a.pk}-{old_b.pk}"' in html
    assert editor.get("/admin/incidents/incident/duplicates/", {"window": "'; drop"}).status_code == 200


def test_rerun_extraction_uses_what_the_gazetteer_learned(editor):
    paste(editor)
    article = Article.objects.get()
    dhiban = PlaceMention.objects.get(article=article, surface="ذبيان").place
    dhiban.aliases = [*dhiban.aliases, "ذبيان"]  # as a resolution elsewhere would have taught it
    dhiban.save()
    response = editor.post(
        "/admin/incidents/article/", {"action": "rerun_extraction", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    redone = PlaceMention.objects.get(article=article, surface="ذبيان")
    assert redone.place == dhiban and not redone.needs_review


def test_article_list_counts_incidents(editor):
    paste(editor)
    html = editor.get("/admin/incidents/article/").content.decode()
    assert '<td class="field-incident_count">5</td>' in html


def test_a_group_of_three_reports_is_shown_and_merged_at_once(editor, make_incident, make_source):
    a = make_incident()
    b = make_incident(source=make_source("sohr", "SOHR"), lat=35.02)
    c = make_incident(source=make_source("npa", "North Press"), lat=35.03, event_date=None)
    Article.objects.filter(claims__incident=c).update(published_at=dt.datetime(2023, 9, 5, 9, tzinfo=dt.UTC))
    html = editor.get("/admin/incidents/incident/duplicates/").content.decode()
    assert f'data-group="{a.pk}-{b.pk}-{c.pk}"' in html
    response = editor.post("/admin/incidents/incident/merge/", {"keep": a.pk, "merge": [b.pk, c.pk]})
    assert response.status_code == 302
    assert a.claims.count() == 3 and MergeRecord.objects.count() == 1
    assert set(Incident.objects.visible().values_list("pk", flat=True)) == {a.pk}


def test_the_places_queue_puts_place_it_first_in_each_row(client, role_users, make_incident):
    """On a narrow screen the last columns are off to the side: the row's action comes first."""
    import re

    from incidents.models import PlaceMention

    incident = make_incident(location="الكشكية", lat=None, lon=None)
    PlaceMention.objects.create(
        article=incident.claims.get().article, incident=incident, surface="الكشكية", start=0, end=7
    )
    client.force_login(role_users["Editor"])
    html = client.get("/admin/incidents/placemention/?queue=waiting").content.decode()
    row = re.search(r"<tbody>\s*<tr[^>]*>(.*?)</tr>", html, re.S).group(1)
    first_cell = re.match(r"\s*<t[dh][^>]*>(.*?)</t[dh]>", row, re.S).group(1)
    assert "/resolve/" in first_cell and "Place it" in first_cell
