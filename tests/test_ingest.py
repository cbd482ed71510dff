"""Ingest: one transaction per article, idempotent by URL or text, bad files named and skipped."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from incidents.article_files import read_article_file
from incidents.ingest import IngestError, ingest_article
from incidents.models import Article, Claim, Incident, PlaceMention, Source
from tests.conftest import SAMPLES

SEED = SAMPLES / "seed-alsouria-deir-ez-zor.json"


def ingest(*paths, failures: int = 0) -> tuple[str, str]:
    """Run the command; a run with failed files must end with a non-zero exit (a CommandError)."""
    out, err = io.StringIO(), io.StringIO()
    if failures:
        with pytest.raises(CommandError, match=f"{failures} of .* could not be ingested") as raised:
            call_command("ingest", *map(str, paths), "--no-progress", stdout=out, stderr=err)
        assert raised.value.returncode == 1
    else:
        call_command("ingest", *map(str, paths), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in (Source, Article, Incident, Claim, PlaceMention)}


@pytest.fixture
def seed(gazetteer):
    [article] = read_article_file(SEED)
    return ingest_article(article)


def test_seed_yields_one_incident_per_attacked_village(seed):
    locations = {(i.place.name_en if i.place else i.location) for i in seed.incidents}
    assert {"Dhiban", "Al Busayrah", "Shahil"} <= locations  # Shuhayl: Who's On First's Shahil
    unresolved = {i.location for i in seed.incidents if i.place is None}
    assert "الرز" in unresolved  # al-Zir is in no gazetteer
    assert len(seed.incidents) == 5


def test_seed_unresolved_villages_have_no_coordinates(seed):
    for incident in seed.incidents:
        if incident.place is None:
            assert incident.lat is None and incident.lon is None


def test_seed_sana_and_local_sources_claims_are_kept_apart(seed):
    dhiban = next(i for i in seed.incidents if i.place and i.place.name_en == "Dhiban")
    by_source = {c.cited_source: c for c in dhiban.claims.all()}
    assert by_source["SANA"].claimed_perpetrator == "Popular factions"
    assert by_source["Local sources"].claimed_perpetrator == "ISIS"


def test_claim_evidence_offsets_point_into_the_article_text(seed):
    for claim in Claim.objects.filter(article=seed.article).exclude(evidence_start=None):
        assert seed.article.text[claim.evidence_start : claim.evidence_end] == claim.evidence_text


def test_seed_unknown_publication_date_gives_undated_incidents(seed):
    assert seed.article.published_at is None
    assert all(i.event_date is None for i in seed.incidents)


def test_seed_background_places_are_mentions_not_incidents(seed):
    background = set(
        PlaceMention.objects.filter(article=seed.article, role="background").values_list("surface", flat=True)
    )
    assert any("الباغوز" in s for s in background)
    incident_places = {i.place.name_en for i in seed.incidents if i.place}
    assert not incident_places & {"Al-Baghuz Fawqani", "Al Hasakah", "Ar Raqqah", "Raqqa"}


def test_reingest_same_file_leaves_every_count_unchanged(seed):
    before = counts()
    ids = sorted(i.pk for i in seed.incidents)
    [article] = read_article_file(SEED)
    again = ingest_article(article)
    assert again.status == "unchanged"
    assert counts() == before
    assert sorted(i.pk for i in again.incidents) == ids


def test_reextract_keeps_incident_ids_and_counts(seed):
    before = counts()
    ids = sorted(i.pk for i in seed.incidents)
    [article] = read_article_file(SEED)
    again = ingest_article(article, reextract=True)
    assert again.status == "updated"
    assert counts() == before
    assert sorted(i.pk for i in again.incidents) == ids


def test_txt_copy_of_the_seed_is_the_same_article(seed):
    before = counts()
    [article] = read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor-original.txt")
    outcome = ingest_article(article)
    assert outcome.article.pk == seed.article.pk
    assert counts()["Article"] == before["Article"]
    assert counts()["Incident"] == before["Incident"]


def test_reviewed_incident_keeps_analyst_fields_on_reingest(seed):
    incident = next(i for i in seed.incidents if i.place and i.place.name_en == "Dhiban")
    incident.status = Incident.Status.VERIFIED
    incident.fatalities = 3
    incident.save()
    [article] = read_article_file(SEED)
    ingest_article(article, reextract=True)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.VERIFIED and incident.fatalities == 3
    assert incident.claims.count() >= 2


def test_same_url_with_new_text_updates_the_article(gazetteer):
    [article] = read_article_file(SAMPLES / "baladi-88147-isis-claims-two-attacks.json")
    first = ingest_article(article)
    article.text += "\nتحديث: لا تغيير في الحصيلة."
    second = ingest_article(article)
    assert second.status == "updated" and second.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_empty_text_is_refused(db):
    from incidents.article_files import ArticleInput

    with pytest.raises(IngestError, match="no article text"):
        ingest_article(ArticleInput(text="  \n "))


def test_command_ingests_samples_twice_without_duplicates(gazetteer):
    out, err = ingest(SAMPLES)
    assert "7 new" not in out  # the .txt copy of the seed is the seed, not a new article
    first = counts()
    out2, _ = ingest(SAMPLES)
    assert counts() == first
    assert "0 new" in out2 and "0 failed" in out2


def test_directory_with_a_broken_file_ingests_the_rest(gazetteer, tmp_path):
    for name in ("baladi-88147-isis-claims-two-attacks.json", "mena-monitor-isis-jazrat-dhiban.json"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "broken.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Attaque à Dhiban, café détruit".encode("latin-1"))
    out, err = ingest(tmp_path, failures=2)
    assert "broken.json: malformed JSON" in err
    assert "latin1.txt: not UTF-8" in err
    assert "2 new" in out and "2 failed" in out
    assert Article.objects.count() == 2


def test_json_list_with_one_bad_item_stores_nothing_from_that_file(gazetteer, tmp_path):
    good = json.loads((SAMPLES / "baladi-88147-isis-claims-two-attacks.json").read_text(encoding="utf-8"))
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([good, {"title": "no text"}], ensure_ascii=False), encoding="utf-8")
    out, err = ingest(path, failures=1)
    assert "item 2" in err
    assert Article.objects.count() == 0


def test_each_extracted_incident_has_its_creation_in_history(seed):
    for incident in seed.incidents:
        [created] = incident.history.all()
        assert created.history_type == "+"
        assert created.history_change_reason == f"extracted from article {seed.article.pk}"
