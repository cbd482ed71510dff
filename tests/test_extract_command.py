"""`manage.py extract FILE --format json`: the stable JSON contract, on real articles; nothing stored."""

import io
import json
import math

import pytest
from django.core.management import CommandError, call_command

from incidents.models import Article, Incident
from tests.conftest import SAMPLES

INCIDENT_KEYS = {
    "place",
    "mention",
    "start",
    "end",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actors",
    "fatalities",
    "cited_sources",
    "evidence",
}
PLACE_KEYS = {"name_en", "name_ar", "lat", "lon", "admin1", "geo_precision"}
MENTION_KEYS = {"mention", "start", "end", "role", "resolved", "name_en", "lat", "lon"}


def extract(path, *extra) -> dict:
    out = io.StringIO()
    call_command("extract", str(path), "--format", "json", *extra, stdout=out)
    return json.loads(out.getvalue())


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def seed_json(django_db_blocker):
    """The seed through the shipped gazetteer files (no database involved)."""
    with django_db_blocker.unblock():
        return extract(SAMPLES / "seed-alsouria-deir-ez-zor.json", "--gazetteer", "files")


def test_contract_keys(seed_json):
    assert {"language", "published", "incidents", "places"} <= set(seed_json)
    for incident in seed_json["incidents"]:
        assert INCIDENT_KEYS <= set(incident)
        assert PLACE_KEYS <= set(incident["place"])
    for mention in seed_json["places"]:
        assert MENTION_KEYS <= set(mention)


def test_seed_incident_places(seed_json):
    incident_mentions = {p["mention"] for p in seed_json["places"] if p["role"] == "incident"}
    for village in ("الشحيل", "ذيبان", "البصيرة", "ضمان", "الرز"):
        assert any(village in m for m in incident_mentions), village


def test_seed_dhiban_and_busayrah_within_5_km_of_geonames(seed_json):
    expected = {"Dhiban": (35.01498, 40.51028), "Al Busayrah": (35.15618, 40.42716)}
    found = {i["place"]["name_en"]: i["place"] for i in seed_json["incidents"] if i["place"]["name_en"]}
    for name, (lat, lon) in expected.items():
        assert km(found[name]["lat"], found[name]["lon"], lat, lon) < 5


def test_seed_unknown_village_is_unresolved_not_guessed(seed_json):
    mentions = [p for p in seed_json["places"] if p["mention"] == "الرز" and p["role"] == "incident"]
    assert mentions and all(not p["resolved"] and p["lat"] is None for p in mentions)
    assert all(p["confidence"] == "low" for p in mentions)


def test_seed_shuhayl_resolves_near_geonames_164623(seed_json):
    for p in seed_json["places"]:
        if p["mention"] == "الشحيل":
            assert km(p["lat"], p["lon"], 35.0865, 40.4523) < 5


def test_seed_daman_is_low_confidence_near_busayrah_or_unresolved(seed_json):
    """ضمان is Daman near al-Busayrah (GeoNames writes دامان): a variant, so low confidence; never
    Tall ad Daman near Aleppo or Amman."""
    for p in seed_json["places"]:
        if p["mention"] == "ضمان":
            assert p["confidence"] == "low"
            if p["resolved"]:
                assert km(p["lat"], p["lon"], 35.15618, 40.42716) < 25


def test_seed_background_places_only_background(seed_json):
    for name in ("الباغوز", "الحسكة", "الرقة", "بادية حمص"):
        roles = {p["role"] for p in seed_json["places"] if name in p["mention"]}
        assert roles == {"background"}, (name, roles)


def test_seed_publication_date_unknown_and_not_invented(seed_json):
    assert seed_json["published"] is None
    assert all(i["event_date"] is None for i in seed_json["incidents"])


def test_offsets_slice_the_original_text(seed_json):
    text = json.loads((SAMPLES / "seed-alsouria-deir-ez-zor.json").read_text(encoding="utf-8"))["text"]
    for p in seed_json["places"]:
        assert text[p["start"] : p["end"]] == p["mention"]
    for incident in seed_json["incidents"]:
        for ev in incident["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_extract_writes_nothing(db):
    extract(SAMPLES / "baladi-88147-isis-claims-two-attacks.json")
    assert Article.objects.count() == 0 and Incident.objects.count() == 0


def test_extract_bad_file_is_a_clear_error(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="malformed JSON"):
        extract(bad)


def test_a_directory_gives_one_json_document_per_line(db, tmp_path):
    import shutil

    for name in ("seed-alsouria-deir-ez-zor.json", "mena-monitor-isis-jazrat-dhiban.json"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("extract", str(tmp_path), "--gazetteer", "files", stdout=out, stderr=err)
    docs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [d["file"].rsplit("/", 1)[1] for d in docs] == [
        "mena-monitor-isis-jazrat-dhiban.json",
        "seed-alsouria-deir-ez-zor.json",
    ]
    assert all({"incidents", "places", "item"} <= set(d) for d in docs)
    assert "broken.json: malformed JSON" in err.getvalue()


def test_each_place_says_how_sure_it_is(seed_json):
    labels = {p["mention"]: p["confidence"] for p in seed_json["places"]}
    assert set(labels.values()) <= {"high", "low"}
    assert labels["ذيبان"] == "high"
    for p in seed_json["places"]:
        if not p["resolved"]:
            assert p["confidence"] == "low"
    for incident in seed_json["incidents"]:
        assert incident["place"]["confidence"] in {"high", "low"}
