"""`manage.py feeds add/list` and `manage.py poll_feeds` (in-process polling, no broker)."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from incidents.models import Article, Feed, FeedFetch
from tests.feed_server import Route, publish_samples, rss
from tests.test_concurrent_ingest import ROOT, database_url


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_feeds_add_then_list(gazetteer):
    out, _ = run("feeds", "add", "https://npasyria.com/feed/", "--outlet", "North Press", "--interval", "15")
    assert "added" in out
    feed = Feed.objects.get()
    assert (feed.source.slug, feed.kind, feed.interval_minutes, feed.enabled) == (
        "north-press",
        "rss",
        15,
        True,
    )
    out, _ = run("feeds", "add", "https://npasyria.com/feed/", "--outlet", "نورث برس", "--interval", "20")
    assert "updated" in out and Feed.objects.get().interval_minutes == 20  # same URL, same feed
    run(
        "feeds",
        "add",
        "https://enabbaladi.net/archives/category/news",
        "--outlet",
        "Enab Baladi",
        "--kind",
        "html",
        "--pattern",
        r"/archives/\d+",
    )
    out, _ = run("feeds", "list")
    lines = out.splitlines()
    assert len(lines) == 3 and "North Press" in out and "Enab Baladi" in out and "never" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://x.org/feed", "--outlet", "SANA"], r"not an http\(s\) URL"),
        (["https://x.org/", "--outlet", "SANA", "--kind", "html"], "needs --pattern"),
        (
            ["https://x.org/", "--outlet", "SANA", "--kind", "html", "--pattern", "(["],
            "not a valid regular expression",
        ),
        (["https://x.org/", "--outlet", "SANA", "--interval", "0"], "at least 1 minute"),
    ],
)
def test_feeds_add_refuses_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        run("feeds", "add", *args)
    assert not Feed.objects.exists()


@pytest.mark.django_db
def test_poll_feeds_once_prints_a_summary_and_fails_when_an_item_failed(feed_site, gazetteer):
    items = publish_samples(feed_site)
    items.append({"title": "gone", "link": feed_site.url("/gone"), "description": ""})
    run("feeds", "add", feed_site.route("/rss", Route(body=rss(items))), "--outlet", "North Press")
    with pytest.raises(CommandError) as caught:
        out, err = run("poll_feeds", "--once", "--no-progress")
    assert caught.value.returncode == 1
    assert Article.objects.count() == len(items) - 1
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "poll_feeds", "--once", "--all", "--no-progress", stdout=out, stderr=err
    )  # nothing new: fine
    assert "feeds: 0 read, 1 unchanged, 0 failed" in out.getvalue()


@pytest.mark.django_db
def test_poll_feeds_without_feeds_says_what_to_do():
    with pytest.raises(CommandError, match="feeds add URL --outlet NAME"):
        run("poll_feeds", "--once")
    with pytest.raises(CommandError, match="no feed with id 7"):
        run("poll_feeds", "--once", "--feed", "7")


@pytest.mark.django_db(transaction=True)
def test_two_poll_feeds_processes_at_once_store_each_article_once(feed_site, gazetteer):
    items = publish_samples(feed_site)
    for item in items:
        feed_site.routes[item["link"].split(str(feed_site.port))[1]].delay = 0.2
    run("feeds", "add", feed_site.route("/rss", Route(body=rss(items))), "--outlet", "SANA")
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        PYTHONPATH=str(ROOT),
        INTAKE_ALLOW_PRIVATE_HOSTS="true",
        INTAKE_HOST_DELAY_SECONDS="0",
    )
    cmd = [sys.executable, str(ROOT / "manage.py"), "poll_feeds", "--once", "--all", "--no-progress"]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(2)
    ]
    results = [(*p.communicate(timeout=300), p.returncode) for p in procs]
    for _out, err, code in results:
        assert code == 0, err
    assert Article.objects.count() == len(items)
    assert FeedFetch.objects.count() == 1  # one read the feed; the other found it being polled, or unchanged
