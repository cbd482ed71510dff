"""Review benchmark: duplicate candidates and the admin's review pages at N synthetic incidents.

    .venv/bin/python bench/bench_review.py [--incidents 100000]

Uses a fresh SQLite file (or DATABASE_URL), fills it with incidents.demo.generate, then prints: the
duplicate search (incidents.duplicates, a day x 0.2° grid) and, in the same run, the obvious alternative
(a date-sorted sliding window comparing every pair within two days); then the admin pages an analyst
opens (duplicates, places queue, incident list, incident form) through Django's test client.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sliding_window_pairs(points, max_km=10.0, max_days=2):
    """The obvious implementation: sort by date, compare each incident with every later one within two days."""
    from incidents.duplicates import compatible_types
    from incidents.extraction.geo import haversine_km

    points = sorted(points, key=lambda p: p.event_date)
    pairs = 0
    for i, p in enumerate(points):
        for q in points[i + 1 :]:
            if (q.event_date - p.event_date).days > max_days:
                break
            if p.is_demo != q.is_demo or p.article_ids & q.article_ids:
                continue
            if (
                compatible_types(p.event_type, q.event_type)
                and haversine_km(p.lat, p.lon, q.lat, q.lon) <= max_km
            ):
                pairs += 1
    return pairs


def timed(fn, runs=3):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-review-")
    os.environ.update(VAR_DIR=tmp, TILE_URL="", DJANGO_SETTINGS_MODULE="config.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from incidents import demo
    from incidents.duplicates import IncidentPoint, candidate_pairs, find_candidates
    from incidents.models import Claim, Incident

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    demo.generate(args.incidents, seed=11)
    print(f"{django.db.connection.vendor}: {Incident.objects.count():,} incidents")

    seconds, (pairs, total, _groups) = timed(lambda: find_candidates(include_demo=True, limit=100))
    print(
        f"find_candidates, all years (query, grid, load): {seconds * 1000:7.0f} ms, {total:,} candidate pairs"
    )
    newest = Incident.objects.order_by("-event_date").values_list("event_date", flat=True).first()
    since = newest - dt.timedelta(days=90)
    seconds, (pairs, total, _groups) = timed(
        lambda: find_candidates(include_demo=True, limit=100, since=since)
    )
    print(
        f"find_candidates, last 90 days (the default):  {seconds * 1000:7.0f} ms, {total:,} candidate pairs"
    )

    rows = list(
        Incident.objects.visible()
        .located()
        .values_list("id", "event_date", "lat", "lon", "event_type", "is_demo")
    )
    articles = dict(Claim.objects.values_list("incident_id", "article_id"))
    points = [
        IncidentPoint(i, d, la, lo, t, frozenset([articles.get(i)]), demo)
        for i, d, la, lo, t, demo in rows
        if d
    ]
    grid_s, grid_pairs = timed(lambda: len(candidate_pairs(points)))
    print(f"grid search alone:                             {grid_s * 1000:8.0f} ms, {grid_pairs:,} pairs")
    window_s, window_pairs = timed(lambda: sliding_window_pairs(points), runs=1)
    print(f"sliding window (the obvious way):              {window_s * 1000:8.0f} ms, {window_pairs:,} pairs")
    print(f"  ratio: grid is {window_s / grid_s:.1f}x faster; same pairs: {grid_pairs == window_pairs}")

    admin = User.objects.create_superuser("bench", password="bench-pw-123")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    incident = Incident.objects.order_by("-event_date").first()
    pages = {
        "duplicates page (90 days)": "/admin/incidents/incident/duplicates/?demo=include",
        "duplicates page (all years)": "/admin/incidents/incident/duplicates/?demo=include&window=all",
        "places queue": "/admin/incidents/placemention/?queue=waiting",
        "incident list": "/admin/incidents/incident/",
        "incident list, one outlet": "/admin/incidents/incident/?claims__article__source__id__exact=2",
        "incident form": f"/admin/incidents/incident/{incident.pk}/change/",
    }
    for name, url in pages.items():
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        print(f"{name:<28} median {statistics.median(times) * 1000:7.0f} ms  max {times[-1] * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
