"""A real HTTP server on loopback serving feeds and article pages built from the real sample articles.

Each route can answer with any status, delay, redirect, encoding or size; the server honours ETag and
Last-Modified like a real one (304), and records every request so tests can see what the poller sent.
Used by the intake tests and by bench/bench_intake.py.
"""

from __future__ import annotations

import html
import json
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "incidents" / "fixtures" / "articles"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0  # seconds before answering
    location: str = ""  # for 3xx
    send_length: bool = True  # False: close-delimited body (no Content-Length), as some servers do
    headers: dict = field(default_factory=dict)


@dataclass
class Request:
    path: str
    headers: dict
    at: float


class FeedSite:
    """``with FeedSite() as site: site.route('/feed', Route(...)); site.url('/feed')``"""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                with site._lock:
                    site.requests.append(
                        Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                    )
                    route = site.routes.get(self.path)
                if route is None:
                    route = Route(status=404, body=b"not found", content_type="text/plain")
                if route.delay:
                    time.sleep(route.delay)
                if (
                    route.etag
                    and self.headers.get("If-None-Match") == route.etag
                    or (route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified)
                ):
                    self.send_response(304)
                    self._validators(route)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.location:
                    self.send_header("Location", route.location)
                self._validators(route)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client refused the rest (size limit): as a real server sees it

            def _validators(self, route):
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                import sys

                if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up is normal
                    super().handle_error(request, client_address)

        self.server = Server((host, 0), Handler)
        self.server.daemon_threads = True
        self.host, self.port = self.server.server_address[:2]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FeedSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, route: Route) -> str:
        with self._lock:
            self.routes[path] = route
        return self.url(path)

    def requests_for(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]


def sample_articles() -> list[dict]:
    """The real sample articles (JSON), sorted by file name."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.json"))]


def article_page(
    article: dict, *, with_date: bool = True, with_title: bool = True, charset: str = "utf-8"
) -> bytes:
    """An outlet's article page: navigation and footer around the article, as a real site has them."""
    title = html.escape(article.get("title") or "")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n") if p.strip())
    meta = ""
    if with_date and article.get("published"):
        meta += f'<meta property="article:published_time" content="{article["published"]}T08:00:00+03:00">'
    if article.get("author"):
        meta += f'<meta name="author" content="{html.escape(article["author"])}">'
    head_title = f"<title>{title}</title><meta property='og:title' content='{title}'>" if with_title else ""
    page = (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}">{head_title}{meta}</head><body>'
        '<nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a> <a href="/sport">رياضة</a></nav>'
        f"<main><article>{'<h1>' + title + '</h1>' if with_title else ''}{paragraphs}</article></main>"
        "<footer>جميع الحقوق محفوظة © الموقع</footer></body></html>"
    )
    return page.encode(charset, "xmlcharrefreplace")


def rss(items: list[dict], *, title: str = "Outlet", encoding: str = "utf-8") -> bytes:
    """RSS 2.0 for items {title, link, published (ISO date or None), description, guid}."""
    parts = [
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
    ]
    for item in items:
        parts.append("<item>")
        if item.get("title") is not None:
            parts.append(f"<title>{html.escape(item['title'])}</title>")
        if item.get("link") is not None:
            parts.append(f"<link>{html.escape(item['link'])}</link>")
        if item.get("guid"):
            parts.append(f"<guid>{html.escape(item['guid'])}</guid>")
        if item.get("published"):
            import datetime as dt

            day = dt.datetime.fromisoformat(item["published"]).replace(hour=9, tzinfo=dt.UTC)
            parts.append(f"<pubDate>{format_datetime(day)}</pubDate>")
        parts.append(f"<description>{html.escape(item.get('description', ''))}</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode(encoding, "xmlcharrefreplace")


def publish_samples(
    site: FeedSite, prefix: str = "", articles: list[dict] | None = None, **page_options
) -> list[dict]:
    """Article pages for the samples on ``site``; returns RSS items linking to them (the feed's date and
    title kept, the description a teaser)."""
    items = []
    for n, article in enumerate(articles or sample_articles()):
        path = f"{prefix}/news/{n}"
        site.route(path, Route(body=article_page(article, **page_options)))
        items.append(
            {
                "title": article.get("title") or f"item {n}",
                "link": site.url(path),
                "published": article.get("published"),
                "description": article["text"][:120],
            }
        )
    return items
