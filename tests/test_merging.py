"""Merging duplicates keeps every claim and article, is recorded, and can be undone."""

import datetime as dt

import pytest

from incidents.article_files import ArticleInput
from incidents.ingest import ingest_article
from incidents.merging import MergeError, merge_incidents, undo_merge
from incidents.models import Claim, Incident, MergeRecord


@pytest.fixture
def pair(make_incident, make_source):
    """One attack on Dhiban reported by North Press (citing SANA) and by SOHR, a day apart."""
    sohr = make_source("sohr", "SOHR", "المرصد السوري", "monitor")
    a = make_incident(cited_source="SANA", claimed_perpetrator="Popular factions", fatalities=None)
    b = make_incident(
        source=sohr,
        event_date=dt.date(2023, 9, 6),
        lat=35.02,
        lon=40.51,
        text="ISIS cells attacked an SDF post in Dhiban, killing two.",
        claimed_perpetrator="ISIS",
        fatalities=2,
    )
    return a, b


def test_merge_keeps_every_claim_and_article(pair, role_users):
    a, b = pair
    articles = {c.article_id for c in Claim.objects.filter(incident__in=[a, b])}
    record = merge_incidents(a, [b], role_users["Editor"])
    assert a.claims.count() == 2
    assert {c.article_id for c in a.claims.all()} == articles
    assert {c.claimed_perpetrator for c in a.claims.all()} == {"Popular factions", "ISIS"}
    b.refresh_from_db()
    assert b.merged_into == a and Incident.objects.filter(pk=b.pk).exists()  # hidden, not deleted
    assert list(Incident.objects.visible().filter(pk__in=[a.pk, b.pk])) == [a]
    assert record.merged_by == role_users["Editor"] and record.merged_ids == [b.pk]


def test_merge_fills_what_the_kept_incident_did_not_know(pair):
    a, b = pair
    merge_incidents(a, [b])
    a.refresh_from_db()
    assert a.fatalities == 2


def test_merge_is_in_both_incidents_history(pair, role_users):
    a, b = pair
    merge_incidents(a, [b], role_users["Editor"])
    assert "absorbed" in a.history.first().history_change_reason
    last_b = b.history.first()
    assert last_b.merged_into_id == a.pk and last_b.history_user == role_users["Editor"]


def test_undo_restores_both_incidents_as_they_were(pair, role_users):
    a, b = pair
    record = merge_incidents(a, [b], role_users["Editor"])
    undo_merge(record, role_users["Admin"])
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.merged_into is None and a.fatalities is None
    assert [c.claimed_perpetrator for c in a.claims.all()] == ["Popular factions"]
    assert [c.claimed_perpetrator for c in b.claims.all()] == ["ISIS"]
    record.refresh_from_db()
    assert record.is_undone and record.undone_by == role_users["Admin"]
    with pytest.raises(MergeError, match="already undone"):
        undo_merge(record)


def test_cannot_merge_into_itself_or_twice(pair):
    a, b = pair
    with pytest.raises(MergeError, match="itself"):
        merge_incidents(a, [a])
    merge_incidents(a, [b])
    with pytest.raises(MergeError, match="already merged"):
        merge_incidents(a, [b])
    assert MergeRecord.objects.count() == 1


def test_undo_waits_for_a_later_merge_of_the_kept_incident(pair, make_incident):
    a, b = pair
    c = make_incident(event_date=dt.date(2023, 9, 5))
    first = merge_incidents(a, [b])
    second = merge_incidents(c, [a])
    with pytest.raises(MergeError, match="undo that merge first"):
        undo_merge(first)
    undo_merge(second)
    undo_merge(first)
    assert Incident.objects.visible().filter(pk__in=[a.pk, b.pk, c.pk]).count() == 3


def test_reingesting_a_merged_article_keeps_its_claims_on_the_kept_incident(gazetteer):
    text_a = "Unidentified gunmen attacked an SDF post in Dhiban, eastern Deir ez-Zor, on Tuesday."
    text_b = (
        "According to SOHR, ISIS cells attacked an SDF checkpoint in Dhiban, eastern Deir ez-Zor, on Tuesday."
    )
    day = dt.date(2023, 9, 6)
    first = ingest_article(
        ArticleInput(text=text_a, outlet_en="North Press", published=day, url="https://example.org/a")
    )
    second = ingest_article(
        ArticleInput(text=text_b, outlet_en="Enab Baladi", published=day, url="https://example.org/b")
    )
    [a], [b] = first.incidents, second.incidents
    record = merge_incidents(a, [b])
    a.refresh_from_db()
    before = (a.place_id, a.event_date, a.claims.count(), a.evidence)

    ingest_article(
        ArticleInput(text=text_b, outlet_en="Enab Baladi", published=day, url="https://example.org/b"),
        reextract=True,
    )
    a.refresh_from_db()
    assert (a.place_id, a.event_date, a.claims.count(), a.evidence) == before  # not rewritten from B
    b.refresh_from_db()
    assert b.claims.count() == 0 and b.merged_into == a

    undo_merge(record)
    assert b.claims.filter(article=second.article).exists()
    assert not a.claims.filter(article=second.article).exists()
