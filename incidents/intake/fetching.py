"""HTTP for feeds and article pages, the way a polite crawler does it.

Every request has a connect and a read timeout and an overall deadline (a server that drips one byte a
second is cut off too), a size limit checked while reading (a gzip bomb stops at the limit), redirects
followed by hand up to a cap with loops named, a User-Agent that says who we are, conditional headers
(ETag / Last-Modified) so an unchanged feed answers 304, and a delay between two requests to one host
shared by every worker. Local and private addresses are refused unless INTAKE_ALLOW_PRIVATE_HOSTS is set:
a hostile feed must not make the worker read the cloud metadata service or an internal admin page.

A failure is a ``FetchError`` whose message says what happened and whether trying later may help.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from ..article_files import ArticleFileError, _utf16_without_bom, decode_text

REDIRECTS = {301, 302, 303, 307, 308}
# Worth trying again later: the server or the network may recover. 4xx (but these) will not.
TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}


class FetchError(Exception):
    """A request that gave no usable answer; ``transient`` says whether a later attempt may succeed."""

    def __init__(self, reason: str, *, transient: bool, status: int | None = None):
        super().__init__(reason)
        self.transient = transient
        self.status = status


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200 (or another 2xx) or 304
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.I)
        return match.group(1) if match else ""


class HostGate:
    """At most one request per host per ``delay`` seconds, within this process."""

    def __init__(self, delay: float):
        self.delay = delay
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        if self.delay <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self.delay
        if start > now:
            time.sleep(start - now)


class RedisHostGate(HostGate):
    """The same delay shared by every worker: the first to SET the host's key (NX, expiring after the
    delay) goes; the others wait for the key to expire."""

    def __init__(self, delay: float, url: str):
        super().__init__(delay)
        import redis

        self._redis = redis.Redis.from_url(url)

    def wait(self, host: str) -> None:
        if self.delay <= 0:
            return
        key = f"incidents:intake:host:{host}"
        while not self._redis.set(key, 1, nx=True, px=max(1, int(self.delay * 1000))):
            ttl_ms = self._redis.pttl(key)
            time.sleep(max(ttl_ms, 5) / 1000)


_POOL = urllib3.PoolManager(num_pools=50, maxsize=4, retries=False)
_GATE: HostGate | None = None


def host_gate() -> HostGate:
    """The process's gate: shared through Redis when Celery runs on Redis, else in-process."""
    global _GATE
    if _GATE is None:
        delay = settings.INTAKE_HOST_DELAY_SECONDS
        redis_url = settings.INTAKE_REDIS_URL
        _GATE = RedisHostGate(delay, redis_url) if redis_url and delay > 0 else HostGate(delay)
    return _GATE


def reset_host_gate() -> None:
    """Forget the gate (tests change the delay)."""
    global _GATE
    _GATE = None


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "*/*",
    max_bytes: int | None = None,
    gate: HostGate | None = None,
) -> Response:
    """GET ``url``: a 2xx with its body, a 304, or a ``FetchError`` saying why not."""
    max_bytes = max_bytes or settings.INTAKE_MAX_BYTES
    gate = gate or host_gate()
    headers = {
        "User-Agent": settings.INTAKE_USER_AGENT,
        "Accept": accept,
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = urllib3.Timeout(
        connect=min(10.0, settings.INTAKE_TIMEOUT_SECONDS), read=settings.INTAKE_TIMEOUT_SECONDS
    )
    deadline = time.monotonic() + 2 * settings.INTAKE_TIMEOUT_SECONDS
    seen = [url]
    for _hop in range(settings.INTAKE_MAX_REDIRECTS + 1):
        host = _check_url(url)
        gate.wait(host)
        try:
            r = _POOL.request(
                "GET", url, headers=headers, redirect=False, preload_content=False, timeout=timeout
            )
        except urllib3.exceptions.NewConnectionError as exc:  # (a subclass of the timeout error)
            raise FetchError(f"cannot connect to {host}: {_short(exc)}", transient=True) from exc
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError(
                f"no answer within {settings.INTAKE_TIMEOUT_SECONDS:g} s ({host})", transient=True
            ) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"cannot connect to {host}: {_short(exc)}", transient=True) from exc
        read = False
        try:
            if r.status in REDIRECTS:
                location = r.headers.get("location", "").strip()
                if not location:
                    raise FetchError(f"HTTP {r.status} redirect without a Location", transient=False)
                url = urljoin(url, location)
                if url in seen:
                    raise FetchError(f"redirect loop: {' → '.join([*seen, url])[:500]}", transient=False)
                seen.append(url)
                continue
            response_headers = {k.lower(): v for k, v in r.headers.items()}
            if r.status == 304:
                read = True
                return Response(url=url, status=304, headers=response_headers)
            if not 200 <= r.status < 300:
                raise FetchError(
                    f"HTTP {r.status} {r.reason or ''}".strip(),
                    transient=r.status in TRANSIENT_STATUSES,
                    status=r.status,
                )
            body = _read_capped(r, max_bytes, deadline)
            read = True
            return Response(url=url, status=r.status, headers=response_headers, body=body)
        finally:
            if not read:
                r.close()  # a body we did not read (redirect, error page, refused) must not be reused
            r.release_conn()
    raise FetchError(f"more than {settings.INTAKE_MAX_REDIRECTS} redirects from {seen[0]}", transient=False)


def _read_capped(r, max_bytes: int, deadline: float) -> bytes:
    declared = r.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        r.close()  # do not read (or keep) a connection carrying a body we refuse
        raise FetchError(f"{int(declared):,} bytes, over the {max_bytes:,}-byte limit", transient=False)
    chunks, size = [], 0
    try:
        while True:
            chunk = r.read1(65536)  # what has arrived (decompressed): the deadline is checked in between
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                r.close()
                raise FetchError(f"over the {max_bytes:,}-byte limit", transient=False)
            if time.monotonic() > deadline:
                r.close()
                raise FetchError("the answer took too long to arrive", transient=True)
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError as exc:
        raise FetchError("the answer stopped arriving (read timeout)", transient=True) from exc
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(f"the answer was cut off: {_short(exc)}", transient=True) from exc
    return b"".join(chunks)


def _short(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    return str(reason)[:200]


def _check_url(url: str) -> str:
    """The host of a URL we may fetch: http(s), a host name, and not a local address unless allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url[:200]!r}", transient=False)
    host = parts.hostname
    if not settings.INTAKE_ALLOW_PRIVATE_HOSTS:
        try:
            infos = socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise FetchError(f"cannot resolve {host}", transient=True) from exc
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global:
                raise FetchError(
                    f"{host} is a local or private address ({address}); refused unless INTAKE_ALLOW_PRIVATE_HOSTS",
                    transient=False,
                )
    return host.lower()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)
# Labels Arabic sites send for pages that are really UTF-8 or windows-1256 (browsers treat them alike).
_LATIN_CODECS = {"iso8859-1", "cp1252", "ascii"}  # codecs.lookup() names


def decoded_text(response: Response) -> str:
    """The body as text, without mojibake. Bytes that are valid UTF-8 are UTF-8 whatever the label says
    (a windows-1256 label on a UTF-8 page would garble it); otherwise the declared charset (header, then
    <meta> or the XML declaration) when the bytes really are in it; otherwise windows-1256 when that
    gives Arabic. A Latin-1 label on Arabic bytes, a common server default, is believed last."""
    raw = response.body
    head = raw[:4096]
    codec = _codec(response.charset or _first(_META_CHARSET, head) or _first(_XML_ENCODING, head))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or _utf16_without_bom(raw):
        return decode_text(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if codec and codec not in _LATIN_CODECS:
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            pass  # mislabelled
    try:
        return decode_text(raw)  # windows-1256 when that reads as Arabic
    except ArticleFileError:
        if codec:
            return raw.decode(codec, errors="replace")
        raise


def _first(pattern: re.Pattern, head: bytes) -> str:
    match = pattern.search(head)
    return match.group(1).decode("ascii", "ignore") if match else ""


def _codec(label: str) -> str:
    if not label:
        return ""
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""
