"""What a feed lists: RSS/Atom items, or the article links of an HTML listing page (no Django).

A listing is read item by item: an item that cannot become an article (no link and no text, a link that
is not http(s) with nothing else) is a *problem* with its reason, and the other items still count. Only
a feed that cannot be read at all (not XML, no items and broken) is a ``ListingError``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

from ..article_files import html_to_text
from ..extraction.dates import is_plausible

MAX_KEY = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ListingError(ValueError):
    """A feed or listing page that cannot be read at all; the message says why."""


@dataclass
class Entry:
    """One item: its article page (``url``) is fetched; ``text`` is the item's own text, if any."""

    key: str
    url: str = ""
    title: str = ""
    published: dt.date | None = None
    text: str = ""


@dataclass
class Problem:
    """An item that cannot become an article, and why."""

    position: int
    title: str
    reason: str

    def __str__(self) -> str:
        return (
            f"item {self.position}" + (f" ({self.title[:60]!r})" if self.title else "") + f": {self.reason}"
        )

    @property
    def key(self) -> str:
        """Stable across polls (the position is not): the same bad item is recorded once."""
        return "bad:" + hashlib.sha256(f"{self.title}\n{self.reason}".encode()).hexdigest()


@dataclass
class Listing:
    entries: list[Entry] = field(default_factory=list)
    title: str = ""  # the feed's own title
    problems: list[Problem] = field(default_factory=list)
    warning: str = ""  # read, but something is off (not well-formed, no items)

    @property
    def complete(self) -> bool:
        """A listing read without doubt; a doubtful one is read again in full next time."""
        return not self.warning


def _clean(value: str | None, limit: int = 1000) -> str:
    return _CONTROL.sub("", value or "").strip()[:limit]


def _http_url(value: str | None) -> str:
    value = (value or "").strip()
    return value if re.match(r"^https?://[^\s/]+", value) and len(value) <= 1000 else ""


def item_key(guid: str, url: str, title: str, text: str) -> str:
    """Identity of an item within its feed: guid, else link, else a hash of what it says."""
    key = _clean(guid) or url
    if not key:
        key = "sha256:" + hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
    if len(key) > MAX_KEY:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def parse_feed(raw: bytes, content_type: str = "") -> Listing:
    """RSS or Atom bytes (feedparser finds the encoding: XML declaration, then the HTTP header)."""
    import feedparser

    parsed = feedparser.parse(raw, response_headers={"content-type": content_type} if content_type else None)
    # A wrong media type or charset label is the server's slip, not a broken feed.
    benign = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
    broken = parsed.bozo and not isinstance(parsed.bozo_exception, benign)
    if not parsed.entries and (broken or not parsed.version):
        reason = _clean(str(parsed.bozo_exception), 200) if broken else "no RSS or Atom root element"
        raise ListingError(f"not a readable RSS/Atom feed ({reason})")
    listing = Listing(title=_clean(parsed.feed.get("title"), 200))
    if broken:
        listing.warning = (
            f"the feed is not well-formed ({_clean(str(parsed.bozo_exception), 200)}); read what it holds"
        )
    elif not parsed.entries:
        listing.warning = "the feed lists no items"
    seen = set()
    for n, item in enumerate(parsed.entries, start=1):
        title = _clean(item.get("title"))
        try:
            entry = _entry(item, title)
        except ValueError as exc:
            listing.problems.append(Problem(n, title, str(exc)))
            continue
        if entry.key in seen:
            continue
        seen.add(entry.key)
        listing.entries.append(entry)
    return listing


def _entry(item, title: str) -> Entry:
    html = ""
    if item.get("content"):
        html = item.content[0].get("value", "") or ""
    html = html or item.get("summary", "") or ""
    try:
        text = html_to_text(_CONTROL.sub("", html))
    except Exception as exc:  # lxml's parser errors are several classes; any of them spoils only this item
        raise ValueError(f"its text cannot be read ({type(exc).__name__})") from exc
    url = _http_url(item.get("link"))
    if not url and not text.strip():
        link = _clean(item.get("link"), 80)
        raise ValueError(
            f"link {link!r} is not an http(s) URL and the item has no text" if link else "no link and no text"
        )
    published = None
    if item.get("published_parsed") or item.get("updated_parsed"):
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        try:
            published = dt.date(*stamp[:3])
        except ValueError:
            published = None
        if published is not None and not is_plausible(published):
            published = None  # an absurd date is dropped, not a reason to lose the item
    return Entry(
        key=item_key(item.get("id", ""), url, title, text),
        url=url,
        title=title,
        published=published,
        text=text,
    )


def parse_html_listing(html: str, base_url: str, pattern: str) -> Listing:
    """Links of a listing page whose absolute URL matches ``pattern`` (a regular expression), in page
    order, each once; the link's text is the item's title."""
    import lxml.html

    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise ListingError(f"the link pattern is not a valid regular expression: {exc}") from exc
    try:
        root = lxml.html.fromstring(html or "<html></html>")
    except Exception as exc:
        raise ListingError(f"not a readable HTML page ({type(exc).__name__})") from exc
    listing, seen = Listing(), set()
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        url = _http_url(urldefrag(urljoin(base_url, href.strip())).url)
        if not url or url in seen or not regex.search(url):
            continue
        seen.add(url)
        title = _clean(anchor.text_content())
        listing.entries.append(Entry(key=item_key("", url, title, ""), url=url, title=title))
    if not listing.entries:
        raise ListingError(f"no link on the page matches the pattern {pattern!r}")
    return listing
