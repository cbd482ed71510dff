"""Dashboard benchmark at N synthetic incidents, with folium's standalone map of the same points.

    .venv/bin/python bench/bench_dashboard.py [--incidents 100000] [--runs 15]

Uses a fresh SQLite file (or DATABASE_URL, e.g. PostgreSQL), fills it with incidents.demo.generate
(real Syrian gazetteer places, five years, six outlets), serves it with `manage.py runserver`, and
prints: API median/p95 for unfiltered, one-outlet, one-month and bbox views; timeline time; time to
interactive in headless Chromium (page load until the map has drawn); folium build time and file size.
Targets (issue 3): API p95 < 300 ms, timeline < 100 ms, interactive < 2 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed_get(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (local server)
        body = response.read()
    return (time.perf_counter() - start) * 1000, len(body)


def stats(url: str, runs: int) -> str:
    timings, size = [], 0
    for _ in range(runs):
        ms, size = timed_get(url)
        timings.append(ms)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return f"median {statistics.median(timings):7.1f} ms  p95 {p95:7.1f} ms  ({size / 1e6:.2f} MB)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-dashboard-")
    env = dict(
        os.environ,
        VAR_DIR=tmp,
        PUBLIC_DASHBOARD="true",
        TILE_URL="",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from incidents import demo, exports
    from incidents.models import Incident

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    t0 = time.perf_counter()
    demo.generate(args.incidents, seed=11)
    print(
        f"{django.db.connection.vendor}: generated {args.incidents:,} incidents in {time.perf_counter() - t0:.1f} s"
    )

    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                timed_get(f"{base}/api/facets?status=verified&start=2099-01-01")
                break
            except OSError:
                time.sleep(0.2)
        last = Incident.objects.order_by("-event_date").values_list("event_date", flat=True).first()
        month = f"start={last:%Y-%m}-01&end={last}"
        views = {
            "unfiltered": "",
            "one outlet": "source=demo-sana",
            "one month": month,
            "bbox (Deir ez-Zor)": "bbox=39.8,34.4,41.0,35.6",
        }
        for name, query in views.items():
            print(f"API {name:<20} {stats(f'{base}/api/incidents?{query}', args.runs)}")
        print(f"timeline (all)           {stats(f'{base}/api/timeline', args.runs)}")
        print(f"timeline (one outlet)    {stats(f'{base}/api/timeline?source=demo-sana', args.runs)}")
        print(f"facets (unfiltered)      {stats(f'{base}/api/facets', max(3, args.runs // 3))}")

        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            for name, query in [("unfiltered", ""), ("one month", month)]:
                times = []
                for _ in range(3):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    start = time.perf_counter()
                    page.goto(f"{base}/?{query}")
                    page.wait_for_function(
                        "document.getElementById('drawn-count').textContent !== '0'", timeout=120000
                    )
                    times.append(time.perf_counter() - start)
                    drawn = page.inner_text("#drawn-count")
                    page.close()
                print(f"interactive ({name}, {drawn} drawn): median {statistics.median(times):.2f} s")
            browser.close()
    finally:
        server.terminate()

    qs = Incident.objects.visible()
    t0 = time.perf_counter()
    html, n = exports.folium_map(qs)
    build = time.perf_counter() - t0
    out = Path(tmp) / "folium.html"
    out.write_text(html, encoding="utf-8")
    print(
        f"folium FastMarkerCluster, same {n:,} points: built in {build:.2f} s, {len(html.encode()) / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
