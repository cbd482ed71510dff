"""Read article files into ``ArticleInput`` records: .txt, .html, .json and RSS/Atom feeds (no Django).

Every way a file can be wrong (too big, not UTF-8, malformed JSON, no text) raises ``ArticleFileError``
with a message that names the file and says what to do, so ``ingest`` can report it and go on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .extraction.dates import EARLIEST_YEAR, is_plausible

SUPPORTED = {".txt", ".json", ".html", ".htm", ".xml", ".rss", ".atom"}
DEFAULT_MAX_BYTES = 2 * 1024 * 1024


@dataclass
class ArticleInput:
    """One article as it arrives, before it is stored."""

    text: str
    title: str = ""
    url: str | None = None
    outlet: str = ""
    outlet_en: str = ""
    language: str | None = None
    published: dt.date | None = None
    origin: str = ""  # where it came from (file path, "admin"), for messages only
    author: str = ""
    problem: str = ""  # a feed item that cannot become an article: why (the caller reports it)


class ArticleFileError(ValueError):
    """A file that cannot become an article; the message says why."""


def iter_article_paths(paths: list[str | Path]) -> Iterator[Path]:
    """Expand directories (recursively, sorted) into the supported files inside them."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED:
                    yield child
        else:
            yield path


def read_article_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[ArticleInput]:
    """The articles in one file (a feed or a JSON list may hold several)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ArticleFileError(
            f"unsupported file type '{suffix or path.name}' (use .txt, .html, .json or a feed)"
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ArticleFileError("no such file") from exc
    if size > max_bytes:
        raise ArticleFileError(
            f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (INGEST_MAX_BYTES)"
        )
    raw = path.read_bytes()
    if suffix in {".xml", ".rss", ".atom"}:
        articles = _read_feed(raw)
    else:
        text = decode_text(raw)
        if suffix == ".json":
            articles = _read_json(text)
        elif suffix in {".html", ".htm"}:
            articles = [read_html(text)]
        else:
            articles = [_read_txt(text)]
    if not articles:
        raise ArticleFileError("no article with text in the file")
    for article in articles:
        article.origin = str(path)
        if not article.text.strip() and not article.problem:
            raise ArticleFileError("no article text")
    return articles


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM); UTF-16 with a BOM, or without one when its byte pattern is plain;
    windows-1256 (Arabic Windows) when the text it gives is mostly Arabic. Anything else is refused
    with the offending byte, never stored as garbage."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(raw, "utf-16")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return _decode_utf16(raw, utf16)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        arabic = _as_cp1256(raw)
        if arabic is not None:
            return arabic
        raise ArticleFileError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8"
        ) from exc


def _decode_utf16(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise ArticleFileError(f"broken UTF-16 text at byte {exc.start}") from exc


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the high byte of nearly every pair is 0x00 (Latin, spaces, digits)
    or 0x06 (Arabic): a pattern UTF-8 text never has (it has no NUL, and 0x06 is a control)."""
    sample = raw[:4000]
    if len(sample) < 8 or len(sample) % 2:
        return None
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if high.count(0) + high.count(6) >= 0.9 * len(high):
            return codec
    return None


def _as_cp1256(raw: bytes) -> str | None:
    """The text as windows-1256 when at least half of its letters are then Arabic, else None."""
    text = raw.decode("cp1256", errors="replace")
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return text if letters and arabic >= 0.5 * len(letters) and "\ufffd" not in text else None


def parse_date(value, field: str = "published") -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ArticleFileError(f"'{field}' must be an ISO date string or null, not {type(value).__name__}")
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ArticleFileError(f"'{field}' is not an ISO date (YYYY-MM-DD): {value[:40]!r}") from exc
    return check_published(day, field)


def check_published(day: dt.date | None, field: str = "published") -> dt.date | None:
    """A publication date must be plausible (1900 to next year): year 9999 is refused, not stored."""
    if day is not None and not is_plausible(day):
        raise ArticleFileError(
            f"'{field}' {day.isoformat()} is outside {EARLIEST_YEAR}–{dt.date.today().year + 1}"
        )
    return day


def _clean_url(value) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not re.match(r"^https?://\S+$", value.strip()):
        raise ArticleFileError(f"'url' must be an http(s) URL or null: {str(value)[:80]!r}")
    return value.strip()


def _read_json(text: str) -> list[ArticleInput]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleFileError(f"malformed JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    except RecursionError as exc:
        raise ArticleFileError("malformed JSON: nested too deeply") from exc
    items = data if isinstance(data, list) else [data]
    out = []
    for n, item in enumerate(items, start=1):
        where = f" (item {n})" if isinstance(data, list) else ""
        if not isinstance(item, dict):
            raise ArticleFileError(f"expected a JSON object with a 'text' field{where}")
        body = item.get("text")
        if not isinstance(body, str) or not body.strip():
            raise ArticleFileError(f"no article text: 'text' is missing or empty{where}")
        for key in ("title", "outlet", "outlet_en", "language"):
            if item.get(key) is not None and not isinstance(item.get(key), str):
                raise ArticleFileError(f"'{key}' must be a string{where}")
        out.append(
            ArticleInput(
                text=body,
                title=(item.get("title") or "").strip(),
                url=_clean_url(item.get("url")),
                outlet=(item.get("outlet") or "").strip(),
                outlet_en=(item.get("outlet_en") or "").strip(),
                language=item.get("language") or None,
                published=parse_date(item.get("published")),
            )
        )
    return out


_SOURCE_TRAILER = re.compile(r"^\s*(?:المصدر|Source)\s*[:：]?\s*(.{2,60}?)\s*$", re.MULTILINE)


def _read_txt(text: str) -> ArticleInput:
    """Plain text: a short first line followed by a blank line is the title; 'المصدر X' names the outlet."""
    text = text.replace("\r\n", "\n")
    title, body = "", text
    lines = text.split("\n")
    if len(lines) > 2 and lines[0].strip() and not lines[1].strip() and len(lines[0]) < 300:
        title, body = lines[0].strip(), "\n".join(lines[2:])
    trailer = _SOURCE_TRAILER.findall(body[-400:])
    return ArticleInput(text=body.strip("\n"), title=title, outlet=trailer[-1] if trailer else "")


def read_html(html: str, url: str | None = None) -> ArticleInput:
    """Main text, title, date and author through trafilatura (navigation, ads and comments dropped).

    Dates come from the page's metadata only: trafilatura's extensive search would take any date in
    the text or the URL for the publication date, and a wrong date misplaces every relative date."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        raise ArticleFileError("no article text found in the HTML")
    meta = doc.as_dict()
    body = meta.get("text") or ""
    title = (meta.get("title") or "").strip()
    if title and body.startswith(title):
        body = body[len(title) :].lstrip("\n")
    try:
        found_url = _clean_url(meta.get("url"))
    except ArticleFileError:
        found_url = None
    try:
        published = parse_date(meta.get("date"))
    except ArticleFileError:
        published = None
    return ArticleInput(
        text=body,
        title=title,
        url=url or found_url,
        outlet=(meta.get("sitename") or "").strip(),
        published=published,
        author=(meta.get("author") or "").strip()[:300],
    )


def _read_feed(raw: bytes) -> list[ArticleInput]:
    """RSS/Atom items; each item's HTML content is reduced to text. A bad item comes back with its
    ``problem`` (reported by the caller) and the others are read as usual."""
    from .intake.feeds import ListingError, parse_feed

    try:
        listing = parse_feed(raw)
    except ListingError as exc:
        raise ArticleFileError(str(exc)) from exc
    if not listing.entries and not listing.problems:
        raise ArticleFileError("the feed has no items")
    outlet = listing.title
    out = [
        ArticleInput(text=e.text, title=e.title, url=e.url or None, outlet=outlet, published=e.published)
        for e in listing.entries
    ]
    for article in out:
        if not article.text.strip():
            article.problem = "the item has no text of its own (poll the feed to read its page)"
    out += [ArticleInput(text="", outlet=outlet, problem=str(problem)) for problem in listing.problems]
    return out


def html_to_text(html: str) -> str:
    """An item's HTML reduced to text: paragraphs, list items and headings; scripts and styles dropped."""
    import lxml.html

    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    root = lxml.html.fromstring(f"<div>{html}</div>")
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    blocks = [b.text_content().strip() for b in root.xpath("//p|//li|//h1|//h2|//h3")]
    text = "\n\n".join(b for b in blocks if b)
    return text or root.text_content().strip()
