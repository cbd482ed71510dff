"""Live intake throughput: 50 local feeds x 40 items through two Celery workers, into SQLite and PostgreSQL,
compared with the same articles through `manage.py ingest` from files in the same run.

    .venv/bin/python bench/bench_intake.py [--feeds 50] [--items 40] [--databases sqlite,postgres]

Needs Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/6; flushed) and, for PostgreSQL,
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/intake_pg; flushed).

Articles: 2,000 distinct reports, each 6 to 10 sentences drawn from the 32 real reports (the samples and
eval/'s dev reports), so extraction does real work. Feeds and pages are served by one threaded HTTP server
on 127.0.0.1 in this process (it shares the two cores with the workers); the politeness delay is 0 (one
host serves every feed). Per database, in order:
  1. `manage.py ingest DIR` on the 2,000 articles as JSON files (one process), after a flush;
  2. flush; 50 feeds; two Celery workers (`-c 1` each) and beat (dispatching every second): wall time
     from the first dispatch until every item is ingested;
  3. the same 50 feeds made due again, unchanged (ETag): time until all 50 are checked, HTTP requests
     made, and rows written.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/intake_pg")


def sentences() -> list[str]:
    paths = sorted((ROOT / "incidents/fixtures/articles").glob("*.json")) + sorted(
        (ROOT / "eval/reports/dev").glob("*.json")
    )
    out = []
    for path in paths:
        text = json.loads(path.read_text(encoding="utf-8"))["text"]
        out += [s.strip() for s in re.split(r"(?<=[.!؟])\s+|\n+", text) if len(s.strip()) > 40]
    return out


def make_articles(n: int) -> list[dict]:
    pool, rng = sentences(), random.Random(2024)
    articles = []
    for i in range(n):
        body = "\n".join(rng.sample(pool, rng.randint(6, 10)))
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        articles.append({"title": f"تقرير ميداني رقم {i}", "text": f"{body}\n(تقرير {i})", "published": day})
    return articles


def run(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True, text=True, **kw)  # noqa: S603


def bench_database(label: str, url: str, args) -> dict:
    """Runs in a child process with DATABASE_URL=url (Django configured for that database)."""
    env = dict(
        os.environ,
        DATABASE_URL=url,
        PYTHONPATH=str(ROOT),
        CELERY_BROKER_URL=REDIS,
        INTAKE_ALLOW_PRIVATE_HOSTS="true",
        INTAKE_HOST_DELAY_SECONDS="0",
        INTAKE_DISPATCH_SECONDS="1",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    os.environ.update(env)
    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.utils import timezone

    from incidents.ingest import resolve_source
    from incidents.models import Article, Feed, FeedFetch, FeedItem, Incident
    from tests.feed_server import FeedSite, Route, article_page, rss

    python = sys.executable
    n = args.feeds * args.items
    articles = make_articles(n)
    tmp = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    result = {"database": label, "articles": n}

    def fresh():
        call_command("migrate", verbosity=0)
        call_command("flush", "--noinput", verbosity=0)
        call_command("load_gazetteer", verbosity=0)

    # 1. files through `manage.py ingest`
    fresh()
    folder = tmp / "files"
    folder.mkdir()
    for i, a in enumerate(articles):
        item = dict(
            a, outlet_en=f"Outlet {i // args.items}", url=f"https://outlet{i // args.items}.example/news/{i}"
        )
        (folder / f"{i:05d}.json").write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    start = time.perf_counter()
    run([python, "manage.py", "ingest", "--no-progress", str(folder)], env)
    result["ingest_s"] = time.perf_counter() - start
    assert Article.objects.count() == n, Article.objects.count()

    # 2. the same articles through 50 feeds and two Celery workers
    fresh()
    redis.Redis.from_url(REDIS).flushdb()
    with FeedSite() as site:
        for f in range(args.feeds):
            items = []
            for k in range(args.items):
                i = f * args.items + k
                path = f"/o{f}/news/{i}"
                site.route(path, Route(body=article_page(articles[i])))
                items.append(
                    {
                        "title": articles[i]["title"],
                        "link": site.url(path),
                        "published": articles[i]["published"],
                    }
                )
            feed_url = site.route(f"/o{f}/rss", Route(body=rss(items, title=f"Outlet {f}"), etag=f'"{f}-v1"'))
            Feed.objects.create(
                url=feed_url, source=resolve_source(outlet_en=f"Outlet {f}"), interval_minutes=60
            )
        procs = []
        logs = tmp / "logs"
        logs.mkdir()

        def start_celery(name, *celery_args):
            log = open(logs / f"{name}.log", "w")  # noqa: SIM115
            procs.append(
                subprocess.Popen(  # noqa: S603
                    [python, "-m", "celery", "-A", "config.celery", *celery_args],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

        try:
            for w in ("w1", "w2"):
                start_celery(
                    w,
                    "worker",
                    "-n",
                    f"{w}@%h",
                    "-c",
                    "1",
                    "-l",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                )
            time.sleep(8)  # workers up (imports, gazetteer index) before the clock starts
            start = time.perf_counter()
            start_celery("beat", "beat", "-l", "WARNING", "-s", str(tmp / "beat-schedule"))
            while FeedItem.objects.filter(status="done").count() < n:
                if FeedItem.objects.filter(status="failed").exists():
                    raise SystemExit(
                        f"items failed: {list(FeedItem.objects.filter(status='failed').values_list('last_error', flat=True)[:3])}"
                    )
                if time.perf_counter() - start > 1800:
                    raise SystemExit("timed out")
                time.sleep(0.5)
            result["celery_s"] = time.perf_counter() - start
            assert Article.objects.count() == n
            result["incidents"] = Incident.objects.count()
            result["republications"] = Article.objects.filter(republished_from__isnull=False).count()

            # 3. a poll of 50 unchanged feeds
            rows_before = (Article.objects.count(), FeedItem.objects.count(), FeedFetch.objects.count())
            requests_before = len(site.requests)
            checked = timezone.now()
            start = time.perf_counter()
            Feed.objects.update(next_poll_at=timezone.now())
            while Feed.objects.filter(last_checked_at__lt=checked).exists():
                time.sleep(0.05)
            result["unchanged_s"] = time.perf_counter() - start
            new = site.requests[requests_before:]
            result["unchanged_requests"] = len(new)
            result["unchanged_304"] = sum(1 for r in new if r.headers.get("if-none-match"))
            result["unchanged_rows"] = (
                Article.objects.count(),
                FeedItem.objects.count(),
                FeedFetch.objects.count(),
            ) == rows_before
        finally:
            for p in procs:
                os.killpg(p.pid, signal.SIGTERM)
            for p in procs:
                p.wait(timeout=30)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--child", nargs=2, metavar=("LABEL", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(bench_database(*args.child, args)))
        return
    results = []
    for label in args.databases.split(","):
        url = (
            f"sqlite:///{tempfile.mkdtemp(prefix='bench-intake-db-')}/bench.sqlite3"
            if label == "sqlite"
            else POSTGRES
        )
        out = subprocess.run(  # noqa: S603
            [
                sys.executable,
                __file__,
                "--feeds",
                str(args.feeds),
                "--items",
                str(args.items),
                "--child",
                label,
                url,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            sys.exit(f"{label}: failed\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    n = results[0]["articles"]
    print(
        f"{args.feeds} feeds x {args.items} items = {n} articles; two Celery workers (-c 1) and beat on Redis; {os.cpu_count()} cores\n"
    )
    print(
        "| database | manage.py ingest (files) | Celery: feeds → pages → ingest | poll of 50 unchanged feeds |"
    )
    print("|---|---|---|---|")
    for r in results:
        print(
            f"| {r['database']} | {r['ingest_s']:.1f} s, {n / r['ingest_s']:.0f} articles/s | "
            f"{r['celery_s']:.1f} s, {n / r['celery_s']:.0f} articles/s | "
            f"{r['unchanged_s']:.2f} s, {r['unchanged_requests']} requests ({r['unchanged_304']} conditional), "
            f"rows unchanged: {'yes' if r['unchanged_rows'] else 'NO'} |"
        )
    for r in results:
        print(
            f"{r['database']}: {r['incidents']} incidents, {r['republications']} articles linked as republications"
        )


if __name__ == "__main__":
    main()
