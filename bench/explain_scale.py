"""EXPLAIN (ANALYZE, BUFFERS) of the dashboard's real queries, as the views send them, on DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1m \\
        .venv/bin/python bench/explain_scale.py > bench/plans-1m-postgres.txt

Each request goes through the real view (Django's test client, in process); every query it sends that
takes over --min-ms is explained with the same SQL and parameters. The indexes of migration 0013 were
chosen from these plans.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = [
    ("map, zoom 6, unfiltered", "/api/map/grid?zoom=6"),
    (
        "map, zoom 10, eastern Deir ez-Zor",
        "/api/map/grid?zoom=10&bbox=39.990234,34.365234,41.000977,35.419922",
    ),
    ("map, one outlet", "/api/map/grid?zoom=6&source=demo-sana"),
    ("map, one month", "/api/map/grid?zoom=6&start={month_start}&end={last}"),
    ("map, one actor", "/api/map/grid?zoom=6&actor=ISIS"),
    ("map, text search", "/api/map/grid?zoom=6&q=Hajin"),
    ("timeline", "/api/timeline"),
    ("facets", "/api/facets"),
    ("CSV export (first chunk)", "/export/incidents.csv?start={month_start}&end={last}"),
    ("GeoJSON export (first chunk)", "/export/incidents.geojson?start={month_start}&end={last}"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-ms", type=float, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PUBLIC_DASHBOARD", "true")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from incidents.models import Incident

    last = Incident.objects.order_by("-event_date").values_list("event_date", flat=True).first()
    client = Client(HTTP_HOST="127.0.0.1")
    n = Incident.objects.count()
    print(
        f"# {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}, {n:,} incidents"
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute(
            "SELECT correlation FROM pg_stats WHERE tablename = 'incidents_incident' AND attname = 'event_date'"
        )
        corr = cursor.fetchone()
    print(
        f"# session: work_mem={work_mem} jit={jit}; event_date correlation with row order: {corr and corr[0]}"
    )
    print("# (a BRIN index on event_date pays only when rows arrive in date order: correlation near 1)\n")
    for name, path in REQUESTS:
        path = path.format(month_start=f"{last:%Y-%m}-01", last=last)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.streaming:
                response.close()
            ms = (time.perf_counter() - started) * 1000
        print(
            f"=== {name}: GET {path} -> {response.status_code}, {len(body):,} bytes, {ms:.0f} ms in process"
        )
        for query in queries.captured_queries:
            if float(query["time"]) * 1000 < args.min_ms or not query["sql"].lstrip().upper().startswith(
                "SELECT"
            ):
                continue
            print(f"--- {float(query['time']) * 1000:.0f} ms: {query['sql'][:600]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
        print()


if __name__ == "__main__":
    main()
