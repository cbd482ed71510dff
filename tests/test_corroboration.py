"""Corroboration across affiliations and each voice's claims side by side (incidents/corroboration.py),
on the real outlets and sources of the samples."""

import datetime as dt

import pytest

from incidents import corroboration
from incidents.corroboration import ClaimRecord, level, reconcile, voice_of
from incidents.ingest import resolve_source
from incidents.models import Incident, Source
from tests.test_republication import ingest_sample, ingest_sana

# --- voices and levels on plain records -----------------------------------------------------------------


def test_a_named_cited_source_is_its_own_voice_and_an_anonymous_one_adds_nothing():
    souria = ClaimRecord("Al-Souria Net", "opposition")
    assert voice_of(souria).name == "Al-Souria Net"
    assert voice_of(ClaimRecord("Al-Souria Net", "opposition", cited_source="SANA")).affiliation == "state"
    local = voice_of(ClaimRecord("North Press", "kurdish", cited_source="Local sources"))
    assert local.anonymous
    assert voice_of(ClaimRecord("North Press", "kurdish", cited_source="North Press")).name == "North Press"
    assert level([voice_of(ClaimRecord("North Press", "kurdish")), local]) == "single"
    assert level([]) == ""


def test_levels_from_single_to_a_partys_own_statement():
    def lv(*claims):
        return reconcile([ClaimRecord(*c) for c in claims]).level

    assert lv(("Enab Baladi", "opposition")) == "single"
    assert lv(("Enab Baladi", "opposition"), ("Syria TV", "opposition")) == "one_affiliation"
    assert lv(("Al-Souria Net", "opposition"), ("Al-Souria Net", "opposition", "SANA")) == "cross_affiliation"
    assert (
        lv(("North Press", "kurdish"), ("Syrian Observatory for Human Rights", "monitor"))
        == "cross_affiliation"
    )
    assert lv(("MENA Monitor", "monitor"), ("MENA Monitor", "monitor", "SDF statement")) == "party_confirmed"
    assert lv(("Baladi News", "opposition", "Amaq")) == "single"  # the party alone confirms nothing
    # an outlet of unknown affiliation beside a known one: several voices, no second affiliation
    assert lv(("Enab Baladi", "opposition"), ("Some blog", "other")) == "one_affiliation"


def test_the_seeds_voices_disagree_on_the_perpetrator_and_casualties_make_a_range():
    """Al-Souria Net's seed: SANA blames "popular factions", local sources suspect ISIS."""
    r = reconcile(
        [
            ClaimRecord("Al-Souria Net", "opposition"),
            ClaimRecord("Al-Souria Net", "opposition", "SANA", killed=2, perpetrator="Popular factions"),
            ClaimRecord(
                "Al-Souria Net", "opposition", "Local sources", killed=5, injured=3, perpetrator="ISIS"
            ),
            ClaimRecord("Al-Souria Net", "opposition", "Local sources", killed=4),
        ]
    )
    assert r.perpetrator_status == "disputed"
    assert dict(r.perpetrators) == {"SANA": "Popular factions", "Local sources": "ISIS"}
    assert (r.fatalities.low, r.fatalities.high) == (2, 5)  # ACLED's rule takes the lowest
    assert r.fatalities.by_voice == [("SANA", 2), ("Local sources", 5)]
    assert (r.injured.low, r.injured.high) == (3, 3)
    payload = r.as_dict()
    assert payload["corroboration"] == "cross_affiliation"
    assert payload["perpetrator"]["status"] == "disputed"


# --- stored on incidents, kept up to date -------------------------------------------------------------


@pytest.mark.django_db
def test_known_outlets_are_seeded_with_an_affiliation_and_a_reason():
    for name, kind in [("North Press", "kurdish"), ("SANA", "state"), ("Enab Baladi", "opposition")]:
        source = resolve_source(outlet_en=name)
        assert source.kind == kind and source.kind_reason


@pytest.mark.django_db
def test_ingest_stores_the_level_and_a_republished_copy_counts_once(gazetteer):
    ingest_sana()
    sana_incidents = set(Incident.objects.visible().values_list("pk", flat=True))
    assert set(Incident.objects.filter(pk__in=sana_incidents).values_list("corroboration", flat=True)) == {
        "single"
    }
    ingest_sample("hawaalsham-sana-busayrah-shuhayl")  # Hawa al-Sham's copy of SANA's report
    assert set(Incident.objects.filter(pk__in=sana_incidents).values_list("corroboration", flat=True)) == {
        "single"
    }


@pytest.mark.django_db
def test_the_seed_through_ingest_reads_sana_against_local_sources(gazetteer, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("viewer", password="x"))
    outcome = ingest_sample("seed-alsouria-deir-ez-zor")
    shuhayl = next(
        i for i in outcome.incidents if "SANA" in set(i.claims.values_list("cited_source", flat=True))
    )
    shuhayl.refresh_from_db()
    assert shuhayl.corroboration == "cross_affiliation"  # Al-Souria Net (opposition) and SANA (state)
    reconciled = client.get(f"/api/incidents/{shuhayl.pk}").json()["reconciled"]
    assert reconciled["perpetrator"]["status"] == "disputed"
    assert {v["voice"] for v in reconciled["perpetrator"]["by_voice"]} == {"SANA", "Local sources"}
    ids = {f["id"] for f in client.get("/api/incidents?corroboration=cross_affiliation").json()["features"]}
    assert shuhayl.lat is not None and shuhayl.pk in ids
    assert client.get("/api/incidents?corroboration=bogus").status_code == 400


@pytest.mark.django_db
def test_changing_an_outlets_affiliation_or_a_claim_recomputes(make_incident, make_source):
    enab = make_source("enab-baladi", "Enab Baladi")
    syria_tv = make_source("syria-tv", "Syria TV")
    Source.objects.filter(pk__in=[enab.pk, syria_tv.pk]).update(kind="opposition")
    a = make_incident(source=enab)
    claim = a.claims.get()
    claim.pk = None
    claim.article = make_incident(source=syria_tv, event_date=dt.date(2023, 9, 5)).claims.get().article
    claim.save()  # a second outlet's claim on the same incident: signal recomputes
    a.refresh_from_db()
    assert a.corroboration == "one_affiliation"
    syria_tv.refresh_from_db()
    syria_tv.kind = "state"
    syria_tv.save()
    a.refresh_from_db()
    assert a.corroboration == "cross_affiliation"
    assert corroboration.refresh() == 0  # everything already up to date
