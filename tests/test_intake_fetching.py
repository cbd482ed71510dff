"""HTTP for feeds and pages against a real server on 127.0.0.1: every way a request goes wrong."""

import pytest

from incidents.intake.fetching import FetchError, HostGate, decoded_text, fetch
from tests.feed_server import Route, article_page, sample_articles

HAWA = next(a for a in sample_articles() if a["outlet"] == "هوى الشام")


def test_user_agent_and_conditional_headers_are_sent(feed_site, settings):
    url = feed_site.route(
        "/feed", Route(body=b"<rss/>", etag='"v1"', last_modified="Tue, 05 Sep 2023 10:00:00 GMT")
    )
    first = fetch(url)
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    again = fetch(url, etag='"v1"', last_modified=first.headers["last-modified"])
    assert again.not_modified and again.body == b""
    sent = feed_site.requests_for("/feed")[-1].headers
    assert sent["user-agent"] == settings.INTAKE_USER_AGENT
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 05 Sep 2023 10:00:00 GMT"


@pytest.mark.parametrize(
    ("status", "transient"), [(500, True), (503, True), (429, True), (404, False), (410, False), (403, False)]
)
def test_http_errors_say_whether_to_retry(feed_site, status, transient):
    url = feed_site.route("/x", Route(status=status, body=b"error page"))
    with pytest.raises(FetchError, match=f"HTTP {status}") as caught:
        fetch(url)
    assert caught.value.transient is transient and caught.value.status == status


def test_a_server_that_does_not_answer_times_out(feed_site, settings):
    settings.INTAKE_TIMEOUT_SECONDS = 0.3
    url = feed_site.route("/slow", Route(body=b"late", delay=1.5))
    with pytest.raises(FetchError, match="no answer within 0.3 s") as caught:
        fetch(url)
    assert caught.value.transient


def test_an_unreachable_port_is_a_transient_error(intake_settings):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect") as caught:
        fetch(f"http://127.0.0.1:{port}/feed")
    assert caught.value.transient


@pytest.mark.parametrize("send_length", [True, False])
def test_an_oversized_page_is_refused(feed_site, settings, send_length):
    settings.INTAKE_MAX_BYTES = 100_000
    url = feed_site.route("/big", Route(body=b"x" * 300_000, send_length=send_length))
    with pytest.raises(FetchError, match="over the 100,000-byte limit") as caught:
        fetch(url)
    assert not caught.value.transient


def test_a_gzip_bomb_stops_at_the_limit(feed_site, settings):
    import gzip

    settings.INTAKE_MAX_BYTES = 100_000
    body = gzip.compress(b"a" * 5_000_000)  # 5 KB on the wire, 5 MB unpacked
    url = feed_site.route("/bomb", Route(body=body, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="over the 100,000-byte limit"):
        fetch(url)


def test_redirects_are_followed_up_to_the_cap(feed_site, settings):
    settings.INTAKE_MAX_REDIRECTS = 3
    feed_site.route("/a", Route(status=301, location="/b"))
    feed_site.route("/b", Route(status=302, location=feed_site.url("/c")))
    feed_site.route("/c", Route(body=b"arrived"))
    response = fetch(feed_site.url("/a"))
    assert response.body == b"arrived" and response.url == feed_site.url("/c")
    for n in range(6):
        feed_site.route(f"/chain{n}", Route(status=307, location=f"/chain{n + 1}"))
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(feed_site.url("/chain0"))


def test_a_redirect_loop_is_named(feed_site):
    feed_site.route("/loop1", Route(status=301, location="/loop2"))
    feed_site.route("/loop2", Route(status=301, location="/loop1"))
    with pytest.raises(FetchError, match="redirect loop") as caught:
        fetch(feed_site.url("/loop1"))
    assert not caught.value.transient
    assert len(feed_site.requests) == 2  # stopped as soon as a URL came round again


def test_a_redirect_to_another_scheme_is_refused(feed_site):
    feed_site.route("/r", Route(status=302, location="file:///etc/passwd"))
    with pytest.raises(FetchError, match="not an http"):
        fetch(feed_site.url("/r"))


def test_local_addresses_are_refused_by_default(feed_site, settings):
    settings.INTAKE_ALLOW_PRIVATE_HOSTS = False
    url = feed_site.route("/feed", Route(body=b"secret"))
    with pytest.raises(FetchError, match="local or private address"):
        fetch(url)
    assert feed_site.requests == []  # nothing was sent


@pytest.mark.parametrize(
    ("content_type", "charset_in_page"),
    [
        ("text/html; charset=windows-1256", "windows-1256"),  # the header says so
        ("text/html", "windows-1256"),  # only the <meta> says so
        ("text/html; charset=iso-8859-1", "windows-1256"),  # a server default that lies
        ("text/html", "iso-8859-1"),  # the page itself lies
    ],
)
def test_windows_1256_pages_decode_without_mojibake(feed_site, content_type, charset_in_page):
    body = article_page(HAWA, charset="windows-1256").replace(
        b'charset="windows-1256"', f'charset="{charset_in_page}"'.encode()
    )
    url = feed_site.route("/cp1256", Route(body=body, content_type=content_type))
    text = decoded_text(fetch(url))
    assert "استهدفت الفصائل الشعبية نقاطاً عسكرية" in text
    assert "Ø" not in text and "\ufffd" not in text


def test_a_utf8_page_labelled_windows_1256_stays_utf8(feed_site):
    body = article_page(HAWA)  # UTF-8 bytes
    url = feed_site.route("/mislabelled", Route(body=body, content_type="text/html; charset=windows-1256"))
    assert "مدينة البصيرة وبلدة الشحيل" in decoded_text(fetch(url))


def test_one_host_waits_for_the_politeness_delay(feed_site):
    url = feed_site.route("/p", Route(body=b"ok"))
    gate = HostGate(0.3)
    for _ in range(3):
        fetch(url, gate=gate)
    times = [r.at for r in feed_site.requests_for("/p")]
    assert all(b - a >= 0.25 for a, b in zip(times, times[1:], strict=False))
