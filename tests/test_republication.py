"""Republished copies: the real SANA / Hawa al-Sham pair, and the same event told by other outlets."""

import datetime as dt

import pytest

from incidents.article_files import ArticleInput
from incidents.ingest import ingest_article
from incidents.intake.republication import THRESHOLD, containment, independent_outlets, shingles
from incidents.models import Article, Claim, Incident, MergeRecord
from tests.conftest import sample_article

pytestmark = pytest.mark.django_db

HAWA = sample_article("hawaalsham-sana-busayrah-shuhayl")


def sana_text() -> str:
    """SANA's report: Hawa al-Sham's copy without its masthead and its source/follow-us footer."""
    body = HAWA["text"].removeprefix("هوى الشام| ")
    return body[: body.index("\nالمصدر: سانا")]


def ingest_sana():
    inp = ArticleInput(
        text=sana_text(),
        title=HAWA["title"],
        url="https://sana.sy/?p=1",
        outlet="سانا",
        outlet_en="SANA",
        published=dt.date(2023, 9, 4),
    )
    return ingest_article(inp).article


def ingest_sample(name: str, **changes):
    item = sample_article(name) | changes
    inp = ArticleInput(
        text=item["text"],
        title=item["title"],
        url=item["url"],
        outlet=item["outlet"],
        outlet_en=item["outlet_en"],
        published=dt.date.fromisoformat(item["published"]) if item.get("published") else None,
    )
    return ingest_article(inp)


def test_the_hawa_al_sham_copy_is_linked_to_sanas_original(gazetteer):
    sana = ingest_sana()
    incidents_before = set(Incident.objects.visible().values_list("pk", flat=True))
    copy = ingest_sample("hawaalsham-sana-busayrah-shuhayl").article
    assert copy.republished_from == sana
    assert copy.republication_similarity >= THRESHOLD
    # the copy's claims joined SANA's incidents: no second incident for the same report
    assert set(Incident.objects.visible().values_list("pk", flat=True)) == incidents_before
    for incident in Incident.objects.filter(pk__in=incidents_before):
        outlets = set(incident.claims.values_list("article__source__slug", flat=True))
        assert outlets == {"sana", "hawa-al-sham"}
        assert independent_outlets(incident) == 1  # the copy counts once, with its original
    assert MergeRecord.objects.filter(note__startswith="republication").exists()


def test_a_copy_stored_before_its_original_is_linked_when_the_original_arrives(gazetteer):
    copy = ingest_sample("hawaalsham-sana-busayrah-shuhayl").article  # undated
    sana = ingest_sana()
    copy.refresh_from_db()
    assert copy.republished_from == sana and sana.republished_from is None
    visible = Incident.objects.visible()
    assert all(independent_outlets(i) == 1 for i in visible)
    assert Claim.objects.filter(article=sana).values("incident").distinct().count() == visible.count()


def test_other_outlets_on_the_same_attacks_are_independent_reports(gazetteer):
    # Al-Souria Net, North Press and SANA's copy all report the Busayrah and Shuhayl attacks
    for name in (
        "seed-alsouria-deir-ez-zor",
        "npa-173363-attacks-after-shelling",
        "hawaalsham-sana-busayrah-shuhayl",
    ):
        ingest_sample(name)
    assert not Article.objects.filter(republished_from__isnull=False).exists()
    assert not MergeRecord.objects.exists()


def test_the_same_outlet_saying_it_again_is_not_a_republication(gazetteer):
    ingest_sample("npa-173363-attacks-after-shelling")
    item = sample_article("npa-173363-attacks-after-shelling")
    again = ingest_sample(
        "npa-173363-attacks-after-shelling",
        url="https://npasyria.com/173363-b/",
        text=item["text"] + "\nتحديث",
    )
    assert again.article.republished_from is None


def test_reingesting_a_copy_changes_nothing(gazetteer):
    ingest_sana()
    ingest_sample("hawaalsham-sana-busayrah-shuhayl")
    counts = (Incident.objects.count(), Claim.objects.count(), MergeRecord.objects.count())
    assert ingest_sample("hawaalsham-sana-busayrah-shuhayl").status == "unchanged"
    outcome = ingest_article(
        ArticleInput(text=HAWA["text"], url=HAWA["url"], outlet=HAWA["outlet"], outlet_en=HAWA["outlet_en"]),
        reextract=True,
    )
    assert outcome.article.republished_from.source.slug == "sana"
    assert (Incident.objects.count(), Claim.objects.count(), MergeRecord.objects.count()) == counts


def test_a_copy_whose_text_changes_into_another_report_is_unlinked(gazetteer):
    ingest_sana()
    copy = ingest_sample("hawaalsham-sana-busayrah-shuhayl").article
    other = sample_article("alalam-two-blasts-kishkiyah-hisan")
    changed = ingest_article(
        ArticleInput(text=other["text"], url=copy.url, outlet=HAWA["outlet"], outlet_en=HAWA["outlet_en"])
    )
    assert changed.article.pk == copy.pk and changed.article.republished_from is None


def test_shingles_fold_arabic_spelling_variants():
    assert shingles("استهدفت الفصائلُ الشعبية نقاطاً") == shingles("استهدفت الفصائل الشعبيه نقاطا")
    assert containment(shingles(sana_text()), shingles(HAWA["text"])) == 1.0


def test_the_api_counts_a_copy_with_its_original(gazetteer, client, role_users):
    ingest_sana()
    ingest_sample("hawaalsham-sana-busayrah-shuhayl")
    client.force_login(role_users["Viewer"])
    incident = Incident.objects.visible().first()
    body = client.get(f"/api/incidents/{incident.pk}").json()
    assert body["independent_outlets"] == 1
    copies = [c["article"]["republished_from"] for c in body["claims"] if c["outlet"] == "Hawa al-Sham"]
    assert copies and all(c["outlet"] == "SANA" for c in copies)


def test_the_article_page_says_republished_from_sana(gazetteer, client, role_users):
    ingest_sana()
    copy = ingest_sample("hawaalsham-sana-busayrah-shuhayl").article
    client.force_login(role_users["Editor"])
    page = client.get(f"/admin/incidents/article/{copy.pk}/change/").content.decode()
    assert "Republished from SANA" in page
    original = client.get(f"/admin/incidents/article/{copy.republished_from_id}/change/").content.decode()
    assert "Republished by" in original and "Hawa al-Sham" in original
