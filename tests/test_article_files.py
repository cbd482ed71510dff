"""Reading article files: every supported format, and a clear reason for every bad one."""

import datetime as dt
import io
import json

import pytest

from incidents.article_files import (
    ArticleFileError,
    decode_text,
    iter_article_paths,
    read_article_file,
)
from tests.conftest import SAMPLES


def test_json_sample_keeps_metadata():
    [article] = read_article_file(SAMPLES / "baladi-88147-isis-claims-two-attacks.json")
    assert article.outlet_en == "Baladi News"
    assert article.published == dt.date(2022, 10, 27)
    assert article.url == "https://baladi-news.com/ar/articles/88147/"
    assert "أمس الأربعاء 26 تشرين الأول" in article.text


def test_json_unknown_publication_date_stays_unknown():
    [article] = read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor.json")
    assert article.published is None
    assert article.url is None


def test_txt_first_line_is_title_and_source_trailer_names_outlet():
    [article] = read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor-original.txt")
    assert article.title.startswith("“الأعنف” منذ عامين")
    assert article.text.startswith("تعرضت مقرات")
    assert article.outlet == "السورية نت"


def test_txt_and_json_of_the_same_article_have_the_same_body():
    [from_txt] = read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor-original.txt")
    [from_json] = read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor.json")
    assert from_txt.text.strip() == from_json.text.strip()


def test_html_main_text_without_navigation(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><title>هجوم على ذيبان</title><meta name='date' content='2023-09-05'></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/news'>أخبار</a></nav>"
        "<article><h1>هجوم على ذيبان</h1>"
        + "<p>هاجم مسلحون مجهولون مقراً لقوات سوريا الديمقراطية في بلدة ذيبان بريف دير الزور الشرقي.</p>" * 3
        + "</article><footer>جميع الحقوق محفوظة</footer></body></html>",
        encoding="utf-8",
    )
    [article] = read_article_file(page)
    assert "بلدة ذيبان" in article.text
    assert "جميع الحقوق محفوظة" not in article.text
    assert article.published == dt.date(2023, 9, 5)


def test_rss_feed_items_become_articles(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>North Press</title>
        <item><title>هجوم في الشحيل</title><link>https://npasyria.com/1/</link>
        <pubDate>Sat, 02 Sep 2023 10:00:00 GMT</pubDate>
        <description>&lt;p&gt;هاجم مسلحون مقراً في بلدة الشحيل.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description></item>
        <item><title>empty</title><link>https://npasyria.com/2/</link><description></description></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    article, empty = read_article_file(feed)
    assert article.outlet == "North Press"
    assert article.published == dt.date(2023, 9, 2)
    assert article.text == "هاجم مسلحون مقراً في بلدة الشحيل."
    assert not article.problem
    # an item with nothing to ingest is reported with its reason, not silently dropped
    assert empty.url == "https://npasyria.com/2/" and "no text" in empty.problem


def test_feed_file_with_one_bad_item_ingests_the_others(db, tmp_path):
    from django.core.management import CommandError, call_command

    from incidents.models import Article

    feed = tmp_path / "feed.xml"
    feed.write_text(
        """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>North Press</title>
        <item><title>A</title><link>https://npasyria.com/1/</link><description>هاجم مسلحون مقراً في الشحيل.</description></item>
        <item><title>bad</title><link>javascript:alert(1)</link><description></description></item>
        <item><title>C</title><link>https://npasyria.com/3/</link><description>قصف مدفعي على ذيبان.</description></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):  # exit status 1: one item failed
        call_command("ingest", str(feed), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "https://npasyria.com/1/",
        "https://npasyria.com/3/",
    ]
    assert "item 2 ('bad'): link 'javascript:alert(1)' is not an http(s) URL" in err.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.json", b'{"text": "x",', "malformed JSON"),
        ("empty.json", json.dumps({"text": "  "}).encode(), "no article text"),
        ("date.json", json.dumps({"text": "t", "published": "last week"}).encode(), "not an ISO date"),
        ("url.json", json.dumps({"text": "t", "url": "javascript:alert(1)"}).encode(), r"http\(s\) URL"),
        ("latin1.txt", "Attaque à Dhiban, café détruit".encode("latin-1"), "not UTF-8"),
        ("empty.txt", b"", "no article text"),
        ("deep.json", b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        ("year9999.json", json.dumps({"text": "t", "published": "9999-01-01"}).encode(), "outside 1900"),
        ("year1066.json", json.dumps({"text": "t", "published": "1066-10-14"}).encode(), "outside 1900"),
        ("year0001.json", json.dumps({"text": "أمس", "published": "0001-01-01"}).encode(), "outside 1900"),
        ("truncated.json", '{"text": "هجوم على ذيبان", "tit'.encode(), "malformed JSON"),
        (
            "empty.rss",
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
            "no items",
        ),
        ("empty-list.json", b"[]", "no article with text"),
        ("scan.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_file_is_refused_with_its_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleFileError, match=reason):
        read_article_file(path)


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("ا" * 2000, encoding="utf-8")
    with pytest.raises(ArticleFileError, match="over the 1,000-byte limit"):
        read_article_file(path, max_bytes=1000)


def test_utf16_with_bom_is_read():
    assert decode_text("ذيبان".encode("utf-16")) == "ذيبان"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text", ["هجوم مسلح على نقطة لقسد في بلدة ذيبان", "Gunmen attacked an SDF post in Dhiban"]
)
def test_utf16_without_bom_is_recognised_not_stored_as_garbage(codec, text):
    assert decode_text(text.encode(codec)) == text


def test_windows_1256_arabic_is_read_without_mojibake():
    text = "هاجم مسلحون مجهولون نقطة لقسد في بلدة الشحيل بريف دير الزور الشرقي"
    assert decode_text(text.encode("cp1256")) == text


def test_utf8_text_is_never_taken_for_utf16():
    text = "ذيبان " * 50
    assert decode_text(text.encode("utf-8")) == text


def test_directory_expands_to_supported_files_only(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.json", "a.txt", "sub/c.html", "README.md", "x.png"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_article_paths([tmp_path])]
    assert names == ["a.txt", "b.json", "sub/c.html"]
