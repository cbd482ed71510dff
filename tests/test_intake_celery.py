"""The Celery path for real: Redis on 127.0.0.1, Celery workers and beat started here as processes, the
test database shared with them, feeds and pages on a loopback server.

Needs Redis (INTAKE_TEST_REDIS_URL, default redis://127.0.0.1:6379/5; the database is flushed). Without
it these tests are skipped, so `make test` needs no Redis; CI sets INTAKE_TEST_REQUIRE_REDIS=1 and then
a missing Redis fails them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from incidents.ingest import resolve_source
from incidents.models import Article, Claim, Feed, FeedFetch, FeedItem
from tests.feed_server import Route, publish_samples, rss, sample_articles
from tests.test_concurrent_ingest import database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("INTAKE_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def redis_url():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("INTAKE_TEST_REQUIRE_REDIS"):
            pytest.fail(
                f"Redis is required here (INTAKE_TEST_REQUIRE_REDIS) but {REDIS_URL} is unreachable: {exc}"
            )
        pytest.skip(f"no Redis at {REDIS_URL}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


class Celery:
    """Workers and beat as separate processes (their own process groups, so a kill takes the pool too)."""

    def __init__(self, tmp_path: Path, broker: str):
        self.tmp_path = tmp_path
        self.env = dict(
            os.environ,
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=broker,
            PYTHONPATH=str(ROOT),
            INTAKE_ALLOW_PRIVATE_HOSTS="true",
            INTAKE_HOST_DELAY_SECONDS="0",
            INTAKE_LEASE_SECONDS="4",
            INTAKE_DISPATCH_SECONDS="1",
            INTAKE_RETRY_SECONDS="0",
            INTAKE_TIMEOUT_SECONDS="10",
        )
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(  # noqa: S603 (our own Celery app)
            [sys.executable, "-m", "celery", "-A", "config.celery", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs[name] = proc
        return proc

    def worker(self, name: str, concurrency: int = 2) -> subprocess.Popen:
        return self.start(
            name,
            "worker",
            "-n",
            f"{name}@%h",
            "-c",
            str(concurrency),
            "-l",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        )

    def beat(self) -> subprocess.Popen:
        return self.start("beat", "beat", "-l", "INFO", "-s", str(self.tmp_path / "beat-schedule"))

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.procs):
            proc = self.procs.pop(name)
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)

    def logs(self) -> str:
        return "\n".join(f"== {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.tmp_path.glob("*.log")))


@pytest.fixture
def celery(tmp_path, redis_url, gazetteer):
    runner = Celery(tmp_path, redis_url)
    yield runner
    runner.stop_all()


def wait_for(condition, celery: Celery, timeout: float = 120, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}\n{celery.logs()}")


def many_articles(copies: int) -> list[dict]:
    """The samples, each in ``copies`` versions with distinct texts (distinct articles)."""
    out = []
    for n in range(copies):
        for article in sample_articles():
            out.append(
                dict(article, text=f"{article['text']}\n(نسخة {n})", title=f"{article['title']} ({n})")
            )
    return out


def assert_each_article_once(items: list[dict]) -> None:
    assert Article.objects.count() == len(items)
    assert sorted(Article.objects.values_list("url", flat=True)) == sorted(i["link"] for i in items)
    assert set(FeedItem.objects.values_list("status", flat=True)) == {"done"}
    for article in Article.objects.all():
        voices = list(Claim.objects.filter(article=article).values_list("extraction_key", "cited_source"))
        assert len(voices) == len(set(voices))


def test_worker_and_beat_poll_a_feed_into_articles_then_find_it_unchanged(celery, feed_site):
    items = publish_samples(feed_site)
    feed = Feed.objects.create(
        url=feed_site.route("/rss", Route(body=rss(items), etag='"one"')),
        source=resolve_source(outlet_en="North Press"),
    )
    celery.worker("w1")
    celery.beat()
    wait_for(
        lambda: FeedItem.objects.filter(status="done").count() == len(items),
        celery,
        what="every item ingested",
    )
    assert_each_article_once(items)
    assert FeedFetch.objects.count() == 1
    # make it due again: beat dispatches, the worker asks with If-None-Match, the server says 304
    checked = Feed.objects.get().last_checked_at
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    wait_for(lambda: Feed.objects.get().last_checked_at > checked, celery, what="the second poll")
    assert FeedFetch.objects.count() == 1 and Article.objects.count() == len(items)
    assert feed_site.requests_for("/rss")[-1].headers.get("if-none-match") == '"one"'


def test_two_workers_given_the_same_feed_store_each_article_once(celery, feed_site):
    items = publish_samples(feed_site, articles=many_articles(2))
    feed = Feed.objects.create(
        url=feed_site.route("/rss", Route(body=rss(items), delay=0.5)),
        source=resolve_source(outlet_en="North Press"),
    )
    celery.worker("w1")
    celery.worker("w2")
    from config.celery import app

    app.conf.broker_url = celery.env["CELERY_BROKER_URL"]
    for _ in range(4):  # the same poll sent four times at once, to two workers: one polls, three skip
        app.send_task("intake.poll_feed", args=[feed.pk])
    celery.beat()  # and beat's dispatcher too
    wait_for(
        lambda: FeedItem.objects.filter(status="done").count() == len(items),
        celery,
        what="every item ingested",
    )
    assert_each_article_once(items)
    assert FeedFetch.objects.count() == 1
    assert len(feed_site.requests_for("/rss")) == 1


def test_a_worker_killed_mid_task_then_restarted_stores_every_article_exactly_once(celery, feed_site):
    articles = many_articles(3)
    items = publish_samples(feed_site, articles=articles)
    for n in range(len(items)):  # slow pages: the worker is always in the middle of something
        feed_site.routes[f"/news/{n}"].delay = 1.0
    Feed.objects.create(
        url=feed_site.route("/rss", Route(body=rss(items))), source=resolve_source(outlet_en="SANA")
    )
    celery.worker("w1", concurrency=2)
    celery.beat()

    def in_flight():
        return list(
            FeedItem.objects.filter(status="pending", lease_until__gt=timezone.now()).values_list(
                "pk", flat=True
            )
        )

    wait_for(
        lambda: FeedItem.objects.filter(status="done").count() >= 2 and in_flight(),
        celery,
        what="work in flight",
    )
    interrupted = in_flight()
    celery.kill("w1")  # SIGKILL to the worker and its pool, in the middle of fetching those pages
    assert FeedItem.objects.filter(pk__in=interrupted, status="pending").exists()
    celery.worker("w2", concurrency=2)  # restarted: beat re-dispatches what the dead worker held
    wait_for(
        lambda: FeedItem.objects.filter(status="done").count() == len(items),
        celery,
        timeout=180,
        what="recovery",
    )
    assert_each_article_once(items)
    retried = FeedItem.objects.filter(pk__in=interrupted)
    assert all(item.attempts >= 2 for item in retried)  # started by the dead worker, finished by the new one


def test_the_politeness_delay_is_shared_through_redis(redis_url, feed_site):
    from incidents.intake.fetching import RedisHostGate, fetch

    url = feed_site.route("/p", Route(body=b"ok"))
    workers = [RedisHostGate(0.8, redis_url), RedisHostGate(0.8, redis_url)]  # as two processes would have
    for n in range(4):
        fetch(url, gate=workers[n % 2])
    times = [r.at for r in feed_site.requests_for("/p")]
    # never two within the delay; the margin is for a loaded machine, where one request can reach the
    # server later after its gate than the next one does (two unshared gates give gaps near 0)
    assert all(b - a >= 0.6 for a, b in zip(times, times[1:], strict=False))
