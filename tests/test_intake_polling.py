"""Polling feeds into articles, in-process, against a real server on 127.0.0.1 and the real samples."""

import datetime as dt

import pytest
from django.utils import timezone

from incidents.ingest import resolve_source
from incidents.intake import polling
from incidents.models import Article, Feed, FeedFetch, FeedItem
from tests.feed_server import Route, article_page, publish_samples, rss, sample_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_feed(gazetteer):
    def make(url, outlet="North Press", **fields):
        return Feed.objects.create(url=url, source=resolve_source(outlet_en=outlet), **fields)

    return make


def counts():
    return Article.objects.count(), FeedItem.objects.count(), FeedFetch.objects.count()


def test_a_feed_of_the_sample_articles_becomes_articles(feed_site, make_feed):
    items = publish_samples(feed_site)
    feed = make_feed(feed_site.route("/rss", Route(body=rss(items), content_type="application/rss+xml")))
    result = polling.run_due()
    assert result["feeds_read"] == 1 and result["items_new"] == len(items)
    assert Article.objects.count() == len(items)
    for item in items:
        article = Article.objects.get(url=item["link"])
        assert article.source == feed.source
        assert article.title == item["title"]
        assert "جميع الحقوق محفوظة" not in article.text  # trafilatura kept the article, not the footer
    dated = next(i for i in items if i["published"])
    assert Article.objects.get(url=dated["link"]).published_at.date().isoformat() == dated["published"]
    assert set(FeedItem.objects.values_list("status", flat=True)) == {"done"}
    fetch = FeedFetch.objects.get()
    assert (fetch.outcome, fetch.items_listed, fetch.items_new) == ("read", len(items), len(items))
    feed.refresh_from_db()
    assert feed.last_success_at and feed.consecutive_failures == 0 and feed.next_poll_at > timezone.now()


def test_the_feed_items_date_and_title_are_kept_when_the_page_has_none(feed_site, make_feed):
    baladi = next(a for a in sample_articles() if a["outlet_en"] == "Baladi News")
    feed_site.route("/page", Route(body=article_page(baladi, with_date=False, with_title=False)))
    item = {
        "title": "تنظيم الدولة يتبنى هجومين",
        "link": feed_site.url("/page"),
        "published": "2022-10-27",
        "description": "",
    }
    make_feed(feed_site.route("/rss", Route(body=rss([item]))))
    polling.run_due()
    article = Article.objects.get()
    assert article.title == "تنظيم الدولة يتبنى هجومين"
    assert article.published_at.date() == dt.date(2022, 10, 27)


def test_the_pages_own_date_wins_over_the_feeds(feed_site, make_feed):
    baladi = next(a for a in sample_articles() if a["outlet_en"] == "Baladi News")
    feed_site.route("/page", Route(body=article_page(baladi)))
    item = {"title": "x", "link": feed_site.url("/page"), "published": "2024-01-01", "description": ""}
    make_feed(feed_site.route("/rss", Route(body=rss([item]))))
    polling.run_due()
    assert Article.objects.get().published_at.date() == dt.date(2022, 10, 27)


def test_an_unchanged_feed_costs_one_conditional_request_and_writes_nothing(feed_site, make_feed):
    items = publish_samples(feed_site)
    feed = make_feed(feed_site.route("/rss", Route(body=rss(items), etag='"abc"')))
    polling.run_due()
    before = counts()
    stamps = list(Article.objects.order_by("pk").values_list("updated_at", flat=True))
    requests_before = len(feed_site.requests)
    result = polling.run_due(force=True)
    assert result["feeds_unchanged"] == 1 and result["items_due"] == 0
    new_requests = feed_site.requests[requests_before:]
    assert [r.path for r in new_requests] == ["/rss"]
    assert new_requests[0].headers["if-none-match"] == '"abc"'
    assert counts() == before
    assert list(Article.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    feed.refresh_from_db()
    assert feed.last_checked_at > feed.last_success_at - dt.timedelta(seconds=1)


def test_a_server_without_etag_sending_the_same_bytes_costs_no_work(feed_site, make_feed):
    items = publish_samples(feed_site)
    make_feed(feed_site.route("/rss", Route(body=rss(items))))
    polling.run_due()
    before, requests_before = counts(), len(feed_site.requests)
    assert polling.run_due(force=True)["feeds_unchanged"] == 1
    assert len(feed_site.requests) == requests_before + 1 and counts() == before


def test_new_items_only_are_fetched_on_the_next_poll(feed_site, make_feed):
    items = publish_samples(feed_site)
    url = feed_site.route("/rss", Route(body=rss(items[:3])))
    make_feed(url)
    polling.run_due()
    feed_site.route("/rss", Route(body=rss(items)))  # three more, the first three again
    result = polling.run_due(force=True)
    assert result["items_listed_new"] == len(items) - 3
    page_requests = [r.path for r in feed_site.requests if r.path.startswith("/news/")]
    assert sorted(page_requests) == sorted({r for r in page_requests})  # each page fetched once
    assert Article.objects.count() == len(items)


def test_one_bad_item_never_fails_the_feed(feed_site, make_feed):
    items = publish_samples(feed_site)
    broken = [
        {"title": "no link", "link": None, "description": ""},
        {"title": "script link", "link": "javascript:alert(1)", "description": ""},
        {"title": "gone", "link": feed_site.url("/gone"), "description": ""},  # 404
    ]
    make_feed(feed_site.route("/rss", Route(body=rss(items[:2] + broken + items[2:]))))
    result = polling.run_due()
    assert Article.objects.count() == len(items)
    assert result["feeds_read"] == 1 and result["items_bad"] == 2 and result["items_failed"] == 1
    failed = dict(FeedItem.objects.filter(status="failed").values_list("title", "last_error"))
    assert failed["no link"] == "no link and no text"
    assert "is not an http(s) URL" in failed["script link"]
    assert failed["gone"].startswith("HTTP 404")
    assert "item 3 ('no link'): no link and no text" in FeedFetch.objects.get().message


def test_an_item_with_its_own_text_and_no_link_is_ingested_from_the_feed(feed_site, make_feed):
    article = sample_articles()[0]
    make_feed(
        feed_site.route(
            "/rss",
            Route(body=rss([{"title": "t", "link": None, "description": f"<p>{article['text']}</p>"}])),
        )
    )
    polling.run_due()
    assert Article.objects.get().text.startswith(article["text"][:40])


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(status=500, body=b"oops"), "HTTP 500"),
        (Route(status=404, body=b"missing"), "HTTP 404"),
        (
            Route(body=b"<html><body>a page, not a feed</body></html>", content_type="text/html"),
            "not a readable RSS/Atom feed",
        ),
        (Route(body=b"\x00\x01 garbage"), "not a readable RSS/Atom feed"),
    ],
)
def test_a_failing_feed_is_recorded_and_backs_off(feed_site, make_feed, route, reason):
    feed = make_feed(feed_site.route("/rss", route), interval_minutes=10)
    for n in (1, 2, 3):
        start = timezone.now()
        assert polling.poll_feed(feed.pk).outcome == "failed"
        feed.refresh_from_db()
        assert feed.consecutive_failures == n and reason in feed.last_error
        wait = feed.next_poll_at - start
        assert (
            dt.timedelta(minutes=10 * 2 ** (n - 1))
            <= wait
            < dt.timedelta(minutes=10 * 2 ** (n - 1), seconds=30)
        )
    assert list(FeedFetch.objects.values_list("outcome", flat=True)) == ["failed"] * 3
    assert Article.objects.count() == 0
    # once it answers again, the failures are forgotten
    feed_site.route("/rss", Route(body=rss(publish_samples(feed_site)[:1])))
    assert polling.poll_feed(feed.pk).outcome == "read"
    feed.refresh_from_db()
    assert feed.consecutive_failures == 0


def test_a_feed_timeout_is_a_recorded_failure(feed_site, make_feed, settings):
    settings.INTAKE_TIMEOUT_SECONDS = 0.3
    feed = make_feed(feed_site.route("/rss", Route(body=b"<rss/>", delay=1.5)))
    assert polling.poll_feed(feed.pk).outcome == "failed"
    assert "no answer within" in Feed.objects.get().last_error


def test_a_truncated_feed_gives_its_complete_items_and_is_read_again_in_full(feed_site, make_feed):
    items = publish_samples(feed_site)
    body = rss(items)
    cut = body[
        : body.index(b"<item>", body.index(b"<item>", body.index(b"<item>") + 1) + 1) + 40
    ]  # inside item 3
    feed = make_feed(feed_site.route("/rss", Route(body=cut, etag='"partial"')))
    result = polling.run_due()
    assert result["feeds_read"] == 1
    assert "not well-formed" in FeedFetch.objects.get().message
    assert Article.objects.filter(url__in=[items[0]["link"], items[1]["link"]]).count() == 2
    feed.refresh_from_db()
    assert feed.etag == "" and feed.body_hash == ""  # not trusted: the next poll reads it all
    feed_site.route("/rss", Route(body=body, etag='"full"'))
    polling.run_due(force=True)
    assert Article.objects.count() == len(items)


def test_an_oversized_page_fails_its_item_only(feed_site, make_feed, settings):
    settings.INTAKE_MAX_BYTES = 200_000
    items = publish_samples(feed_site)
    feed_site.route("/huge", Route(body=b"<html>" + b"x" * 400_000))
    make_feed(
        feed_site.route(
            "/rss",
            Route(body=rss(items + [{"title": "huge", "link": feed_site.url("/huge"), "description": ""}])),
        )
    )
    polling.run_due()
    assert Article.objects.count() == len(items)
    assert "over the 200,000-byte limit" in FeedItem.objects.get(title="huge").last_error


def test_a_redirect_loop_fails_its_item_only(feed_site, make_feed):
    items = publish_samples(feed_site)
    feed_site.route("/l1", Route(status=302, location="/l2"))
    feed_site.route("/l2", Route(status=302, location="/l1"))
    make_feed(
        feed_site.route(
            "/rss",
            Route(body=rss([{"title": "loop", "link": feed_site.url("/l1"), "description": ""}] + items)),
        )
    )
    polling.run_due()
    assert Article.objects.count() == len(items)
    assert "redirect loop" in FeedItem.objects.get(title="loop").last_error


def test_a_windows_1256_page_is_stored_without_mojibake(feed_site, make_feed):
    hawa = next(a for a in sample_articles() if a["outlet"] == "هوى الشام")
    feed_site.route(
        "/cp",
        Route(body=article_page(hawa, charset="windows-1256"), content_type="text/html; charset=iso-8859-1"),
    )
    make_feed(
        feed_site.route(
            "/rss", Route(body=rss([{"title": "t", "link": feed_site.url("/cp"), "description": ""}]))
        )
    )
    polling.run_due()
    assert "مدينة البصيرة وبلدة الشحيل" in Article.objects.get().text


def test_a_windows_1256_feed_is_read(feed_site, make_feed):
    items = publish_samples(feed_site)
    make_feed(
        feed_site.route(
            "/rss", Route(body=rss(items, encoding="windows-1256"), content_type="application/rss+xml")
        )
    )
    polling.run_due()
    assert set(Article.objects.values_list("title", flat=True)) == {i["title"] for i in items}


def test_a_transient_page_failure_is_retried_with_backoff_then_given_up(feed_site, make_feed, settings):
    settings.INTAKE_ITEM_ATTEMPTS = 3
    settings.INTAKE_RETRY_SECONDS = 60
    feed_site.route("/flaky", Route(status=503, body=b"busy"))
    make_feed(
        feed_site.route(
            "/rss", Route(body=rss([{"title": "flaky", "link": feed_site.url("/flaky"), "description": ""}]))
        )
    )
    polling.run_due()
    item = FeedItem.objects.get()
    assert (item.status, item.attempts) == ("pending", 1)
    assert dt.timedelta(seconds=55) < item.next_attempt_at - timezone.now() <= dt.timedelta(seconds=60)
    assert polling.fetch_item(item.pk).outcome == "skipped"  # not due yet
    for attempt, wait in ((2, 120), (3, None)):
        FeedItem.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
        polling.fetch_item(item.pk)
        item.refresh_from_db()
        assert item.attempts == attempt
        if wait:
            assert item.status == "pending"
            assert (
                dt.timedelta(seconds=wait - 5)
                < item.next_attempt_at - timezone.now()
                <= dt.timedelta(seconds=wait)
            )
    assert item.status == "failed" and "gave up after 3 attempts" in item.last_error
    feed_site.route("/flaky", Route(body=article_page(sample_articles()[0])))
    polling.retry_item(item)  # an analyst's "try again"
    assert polling.fetch_item(item.pk).outcome == "new"


def test_an_item_held_by_another_worker_is_skipped(feed_site, make_feed):
    items = publish_samples(feed_site)
    make_feed(feed_site.route("/rss", Route(body=rss(items[:1]))))
    polling.poll_feed(Feed.objects.get().pk)
    item = FeedItem.objects.get()
    FeedItem.objects.filter(pk=item.pk).update(lease_until=timezone.now() + dt.timedelta(minutes=5))
    assert polling.fetch_item(item.pk).outcome == "skipped"
    # the worker died: its lease runs out and the item is fetched
    FeedItem.objects.filter(pk=item.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    assert polling.fetch_item(item.pk).outcome == "new"
    assert polling.fetch_item(item.pk).outcome == "skipped"  # done is done


def test_a_feed_being_polled_is_not_polled_twice(feed_site, make_feed):
    feed = make_feed(feed_site.route("/rss", Route(body=rss([]))))
    Feed.objects.filter(pk=feed.pk).update(lease_until=timezone.now() + dt.timedelta(minutes=5))
    assert polling.poll_feed(feed.pk).outcome == "skipped"
    assert feed_site.requests == []


def test_the_same_article_in_two_feeds_is_one_article(feed_site, make_feed):
    items = publish_samples(feed_site)
    make_feed(feed_site.route("/a", Route(body=rss(items))))
    make_feed(feed_site.route("/b", Route(body=rss(items[::-1]))), outlet="North Press")
    polling.run_due()
    assert Article.objects.count() == len(items)
    assert FeedItem.objects.filter(status="done").count() == 2 * len(items)


def test_an_html_listing_page_yields_its_article_links(feed_site, make_feed):
    items = publish_samples(feed_site)
    links = "".join(f'<li><a href="/news/{n}">{i["title"]}</a></li>' for n, i in enumerate(items))
    listing = f'<html><body><nav><a href="/about">about</a></nav><ul>{links}</ul><a href="/news/0#comments">c</a></body></html>'
    make_feed(
        feed_site.route("/latest", Route(body=listing.encode())), kind="html", link_pattern=r"/news/\d+$"
    )
    polling.run_due()
    assert Article.objects.count() == len(items)
    assert not any(r.path == "/about" for r in feed_site.requests)


def test_dispatch_hands_out_due_work_once_until_its_lease_runs_out(feed_site, make_feed, settings):
    feed = make_feed(feed_site.route("/rss", Route(body=rss([]))))
    polls, fetches = [], []
    assert polling.dispatch(polls.append, fetches.append) == (1, 0)
    assert polling.dispatch(polls.append, fetches.append) == (0, 0)  # queued, not yet run
    Feed.objects.filter(pk=feed.pk).update(
        dispatched_at=timezone.now() - dt.timedelta(seconds=settings.INTAKE_LEASE_SECONDS + 1)
    )
    assert polling.dispatch(polls.append, fetches.append) == (1, 0)  # the message was lost: again
    assert polls == [feed.pk, feed.pk]


def test_editors_see_a_feeds_polls_and_the_articles_they_brought(feed_site, make_feed, client, role_users):
    items = publish_samples(feed_site)
    feed = make_feed(
        feed_site.route("/rss", Route(body=rss(items + [{"title": "<script>x</script>", "link": None}])))
    )
    polling.run_due()
    client.force_login(role_users["Editor"])
    page = client.get(f"/admin/incidents/feed/{feed.pk}/change/").content.decode()
    assert "Recent polls" in page and "Items and the articles they brought" in page
    for item in items:
        assert Article.objects.get(url=item["link"]).title.split()[0] in page
    assert (
        "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    )  # hostile titles escaped
    listing = client.get("/admin/incidents/feed/").content.decode()
    assert feed.url in listing
    assert client.get("/admin/incidents/feed/add/").status_code == 200


def test_viewers_see_feeds_but_cannot_add_or_change_them(feed_site, make_feed, client, role_users):
    feed = make_feed(feed_site.url("/rss"))
    viewer = role_users["Viewer"]
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    assert client.get("/admin/incidents/feed/").status_code == 200
    assert client.get("/admin/incidents/feed/add/").status_code == 403
    response = client.post(
        f"/admin/incidents/feed/{feed.pk}/change/",
        {"url": "https://evil.example/", "source": feed.source_id, "kind": "rss", "interval_minutes": 1},
    )
    assert response.status_code == 403 and Feed.objects.get().url == feed.url
