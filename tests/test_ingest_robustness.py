"""Bad input to ingest: every good file goes in, every bad one is named with its reason, no traceback.

Runs on SQLite and (in CI) PostgreSQL, where NUL bytes in text used to crash the insert.
"""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from incidents.article_files import ArticleInput
from incidents.ingest import MAX_MENTIONS, MAX_TEXT_CHARS, IngestError, ingest_article
from incidents.models import Article, PlaceMention
from tests.conftest import SAMPLES, sample_article

GOOD = sorted(p.name for p in SAMPLES.glob("*.json"))


def run_ingest(path) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", str(path), "--no-progress", stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        err.write(str(exc))
        code = exc.returncode
    return out.getvalue(), err.getvalue(), code


def odd_but_readable(tmp_path) -> dict[str, str]:
    """Files that look wrong but hold a real article: they go in. Name -> a phrase of its text."""
    seed = sample_article("seed-alsouria-deir-ez-zor")
    text = seed["text"]
    paragraphs = [p for p in text.split("\n") if len(p) > 80]
    files = {
        "nul-bytes.json": json.dumps({"text": "\x00".join(paragraphs[0].split(" ", 3)), "title": "a\x00b"}),
        "cp1256.txt": paragraphs[1],
        "utf16-bom.txt": paragraphs[2],
        "utf16-no-bom.txt": paragraphs[3],
    }
    encodings = {"cp1256.txt": "cp1256", "utf16-bom.txt": "utf-16", "utf16-no-bom.txt": "utf-16-le"}
    for name, body in files.items():
        (tmp_path / name).write_bytes(body.encode(encodings.get(name, "utf-8")))
    return {name: body.replace("\x00", "")[:30] for name, body in files.items() if name != "nul-bytes.json"}


BAD = {
    "year-0001.json": (json.dumps({"text": "هجوم أمس على ذيبان", "published": "0001-01-01"}), "outside 1900"),
    "year-9999.json": (
        json.dumps({"text": "هجوم اليوم على ذيبان", "published": "9999-12-31"}),
        "outside 1900",
    ),
    "deep.json": ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
    "truncated.json": ('{"text": "هاجم مسلحون نقطة في ذيبان", "publ', "malformed JSON"),
    "empty-feed.rss": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title></channel></rss>',
        "no items",
    ),
    "huge.txt": ("هاجم مسلحون نقطة في بلدة ذيبان. " * (MAX_TEXT_CHARS // 30 + 10), "over the limit"),
    "latin1.txt": (None, "not UTF-8"),
}


def test_good_files_go_in_and_each_bad_file_is_named_with_its_reason(gazetteer, tmp_path):
    for name in GOOD:
        shutil.copy(SAMPLES / name, tmp_path / name)
    readable = odd_but_readable(tmp_path)
    for name, (body, _reason) in BAD.items():
        raw = "Attaque à Dhiban, café détruit".encode("latin-1") if body is None else body.encode()
        (tmp_path / name).write_bytes(raw)

    out, err, code = run_ingest(tmp_path)

    assert code == 1, "a run with failures must exit 1"
    assert "Traceback" not in err and "Traceback" not in out
    for name, (_body, reason) in BAD.items():
        assert f"{name}: " in err and reason in err.split(f"{name}: ", 1)[1].split("\n", 1)[0], name
    assert f"{len(BAD)} failed" in out
    stored = list(Article.objects.values_list("text", flat=True))
    assert len(stored) == len(GOOD) + len(readable) + 1  # + the NUL-bytes file
    for name, phrase in readable.items():
        assert any(phrase in text for text in stored), f"{name} was not stored as readable text"
    assert not any("\x00" in text for text in stored)
    assert not any("\x00" in title for title in Article.objects.values_list("title", flat=True))


def test_the_same_batch_again_changes_nothing(gazetteer, tmp_path):
    for name in GOOD:
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "truncated.json").write_text('{"text": "x', encoding="utf-8")
    run_ingest(tmp_path)
    before = (Article.objects.count(), PlaceMention.objects.count())
    out, _err, code = run_ingest(tmp_path)
    assert code == 1
    assert (Article.objects.count(), PlaceMention.objects.count()) == before
    assert f"0 new, 0 updated, {len(GOOD)} unchanged, 1 failed" in out


def test_a_publication_date_outside_the_window_is_refused_before_the_database(gazetteer):
    import datetime as dt

    with pytest.raises(IngestError, match="outside 1900"):
        ingest_article(ArticleInput(text="هجوم أمس على ذيبان", published=dt.date(1, 1, 1)))
    assert not Article.objects.exists()


def test_a_long_text_stores_its_incident_places_but_caps_the_other_mentions(gazetteer):
    """Thousands of place-like words must not flood the places queue; incident places all stay."""
    seed = sample_article("seed-alsouria-deir-ez-zor")["text"]
    filler = " ".join(f"وزار الوفد قرية المزرعة{n} وبلدة الحقل{n}." for n in range(1500))
    article = ingest_article(ArticleInput(text=seed + "\n" + filler)).article
    mentions = PlaceMention.objects.filter(article=article)
    assert mentions.count() <= MAX_MENTIONS
    incident_places = set(mentions.filter(role="incident").values_list("surface", flat=True))
    assert {"ذيبان", "البصيرة"} <= incident_places
