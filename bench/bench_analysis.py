"""Analysis benchmark (issue 12): corroboration, change alerts and the ACLED cross-check at N incidents.

    .venv/bin/python bench/bench_analysis.py [--incidents 100000]

Uses a fresh SQLite file (or DATABASE_URL), fills it with incidents.demo.generate and as many ACLED
reference rows (the same events, jittered by up to ~5 km and a day, every third one left out), then
prints medians of three runs: the corroboration filter and detail through the API, /api/alerts for
several filter states, the cross-check of all ours against all ACLED rows, and the one-off refresh of
every incident's corroboration level. Targets: API answers < 300 ms, cross-check < 5 s.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, runs=3):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def timed_p95(fn, runs=7):
    """Median and 95th percentile (the slowest of 7 runs stands for it) in seconds, and the last result."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-analysis-")
    os.environ.update(
        VAR_DIR=tmp, TILE_URL="", DJANGO_SETTINGS_MODULE="config.settings", ALLOWED_HOSTS="testserver"
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from incidents import acled_reference as acled
    from incidents import corroboration, demo
    from incidents.models import AcledEvent, Incident

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    demo.generate(args.incidents, seed=11)
    print(f"{django.db.connection.vendor}: {Incident.objects.count():,} incidents")

    seconds, changed = timed(lambda: corroboration.refresh(), runs=1)
    print(
        f"refresh every incident's corroboration (one-off, after a bulk load): {seconds:6.2f} s ({changed:,} set)"
    )

    rng = random.Random(5)
    rows = []
    for pk, day, lat, lon, kind in Incident.objects.located().values_list(
        "id", "event_date", "lat", "lon", "event_type"
    ):
        if pk % 3 == 0 or day is None:
            continue
        rows.append(
            AcledEvent(
                event_id_cnty=f"SYR{pk}",
                event_date=day + dt.timedelta(days=rng.choice((-1, 0, 0, 1))),
                event_type=kind,
                lat=lat + rng.uniform(-0.04, 0.04),
                lon=lon + rng.uniform(-0.04, 0.04),
            )
        )
    rows += [
        AcledEvent(
            event_id_cnty=f"SYRX{n}",
            event_date=dt.date(2023, 1, 1) + dt.timedelta(days=n % 700),
            event_type="Battles",
            lat=33 + rng.random() * 4,
            lon=36 + rng.random() * 5,
        )
        for n in range(args.incidents - len(rows))
    ]
    AcledEvent.objects.bulk_create(rows, batch_size=5000)
    print(f"ACLED reference rows: {AcledEvent.objects.count():,}")

    user = User.objects.create_user("bench", password="x")
    client = Client()
    client.force_login(user)
    newest = Incident.objects.order_by("-event_date").values_list("event_date", flat=True).first()
    month = newest - dt.timedelta(days=30)
    # Corroboration and alerts under several filter states (the issue: < 300 ms at 100 k, median and p95).
    # The first three without the corroboration filter: what the filter adds to the same request.
    fast = {
        "/api/incidents?limit=200": "list page, no filter (reference)",
        "/api/map": "map columns, no filter (reference)",
        "/api/facets": "facets, no filter (reference)",
        "/api/incidents?corroboration=cross_affiliation&limit=200": "list page, corroboration=cross",
        "/api/incidents?corroboration=single&limit=200": "list page, corroboration=single",
        "/api/map?corroboration=cross_affiliation": "map columns, corroboration=cross",
        "/api/map?corroboration=single,one_affiliation": "map columns, corroboration=single+one",
        "/api/map?corroboration=single&type=Battles": "map columns, single + Battles",
        "/api/facets?corroboration=cross_affiliation": "facets, corroboration=cross",
        "/api/alerts?corroboration=single": "alerts, corroboration=single",
        "/api/alerts?corroboration=cross_affiliation&baseline=52": "alerts, cross, 52-week baseline",
        "/api/alerts?q=Deir": "alerts, text search",
        "/api/acled/events": "ACLED layer, whole selection",
        f"/api/acled/events?start={month}": "ACLED layer, last month",
    }
    print(f"{'':48s} {'median':>8s} {'p95':>8s}  (7 runs each, the first one cold)")
    for url, label in fast.items():
        median, p95, response = timed_p95(lambda url=url: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        verdict = "ok" if p95 < 0.3 else "OVER"
        print(f"{label:48s} {median * 1000:6.0f} ms {p95 * 1000:6.0f} ms  (target < 300 ms: {verdict})")
    queries = {
        "/api/incidents?corroboration=cross_affiliation&limit=200": "corroboration filter, one page",
        "/api/alerts": "alerts, whole selection, 4-week baseline",
        "/api/alerts?baseline=52": "alerts, 52-week baseline",
        "/api/alerts?type=Battles&admin1=Deir ez-Zor": "alerts, one type in one governorate",
        f"/api/alerts?end={month}": "alerts, a month ago",
        f"/api/acled/crosscheck?start={month}": "cross-check, last month",
        "/api/acled/crosscheck": f"cross-check, all {args.incidents:,} ours vs all ACLED",
    }
    for url, label in queries.items():
        seconds, response = timed(lambda url=url: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        target = 5.0 if url == "/api/acled/crosscheck" else 0.3
        verdict = "ok" if seconds < target else "OVER"
        print(f"{label:48s} {seconds * 1000:8.0f} ms  (target < {target * 1000:.0f} ms: {verdict})")
    detail = Incident.objects.filter(claims__isnull=False).values_list("pk", flat=True).first()
    seconds, _ = timed(lambda: client.get(f"/api/incidents/{detail}"))
    print(f"{'incident detail with reconciled voices':48s} {seconds * 1000:8.0f} ms")
    result = acled.cross_check_selection(Incident.objects.visible())
    print(f"cross-check groups: {result['counts']}")


if __name__ == "__main__":
    main()
