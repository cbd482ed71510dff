"""Scale benchmark: the dashboard's data at 1 M incidents on PostgreSQL (or any DATABASE_URL), in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1m \\
        .venv/bin/python bench/bench_scale.py [--incidents 1000000] [--reuse] [--runs 15] [--no-browser]

Without --reuse it fills the database with `manage.py demo --incidents N` (incidents/demo_volume.py:
COPY on PostgreSQL) and prints the time; with --reuse it uses the demo rows already there (a 1 M load
takes minutes). Then it serves the database with `manage.py runserver --noreload --nothreading` (one
process: its memory is the server's) and prints, every request cold (no cache, no ETag sent):
- the map's data (/api/map/grid, what the dashboard asks): zoom 6 over the whole of Syria, zoom 10 over
  eastern Deir ez-Zor, one outlet, one month, one actor, a text search; median and p95;
- the timeline and the facets;
- the CSV and GeoJSON exports of everything: time to first byte, total time and size, and the server's
  peak RSS while streaming (sampled from /proc every 10 ms) against its RSS before;
- time to interactive in Chromium, whole Syria: navigation until the map has drawn (cells or points)
  and painted.
Targets (issue 11): map p95 < 150 ms, timeline < 50 ms, facets < 150 ms, export first byte < 300 ms
with flat memory, interactive < 1.5 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_dashboard import CHROMIUM_ARGS, stats, verdict  # noqa: E402

MAP_TARGET_MS = 150
TIMELINE_TARGET_MS = 50
FACETS_TARGET_MS = 150
FIRST_BYTE_TARGET_MS = 300
INTERACTIVE_TARGET_S = 1.5
# Eastern Deir ez-Zor (the Euphrates from Deir ez-Zor city to Al Bukamal) at zoom 10, as the map asks it:
# the view's bounds rounded outward to the zoom's cells (static/incidents/grid.js).
EAST_DEIR_EZ_ZOR = "39.990234,34.365234,41.000977,35.419922"


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def export_run(url: str, pid: int) -> tuple[float, float, float, int, int, int]:
    """(first byte ms, first incident ms, total ms, bytes, RSS before kB, peak RSS while streaming kB)."""
    before = rss_kb(pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    size = 0
    first_row_ms = None
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 (local server)
        first = response.read(1)
        first_ms = (time.perf_counter() - start) * 1000
        size = len(first)
        seen = first
        # the first incident: the CSV's second line, the GeoJSON's first feature (the header and the
        # document's opening are sent before the database is asked)
        while chunk := response.read1(1 << 16):
            size += len(chunk)
            if first_row_ms is None:
                seen += chunk
                if seen.count(b"\n") >= 2 or b'"Feature"' in seen:
                    first_row_ms = (time.perf_counter() - start) * 1000
                    seen = b""
    total_ms = (time.perf_counter() - start) * 1000
    done.set()
    sampler.join()
    return first_ms, first_row_ms or total_ms, total_ms, size, before, peak[0]


def report(name: str, url: str, runs: int, target_ms: float) -> tuple[float, float]:
    median, p95, size = stats(url, runs)
    print(
        f"{name:<34} median {median:7.1f} ms  p95 {p95:7.1f} ms  ({size / 1e3:8.1f} kB)  "
        f"{verdict(p95, target_ms, 'ms', 'p95 ')}",
        flush=True,
    )
    return median, p95


def time_to_interactive(browser, url: str) -> tuple[float, str]:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(
        "document.getElementById('drawn-count').textContent !== '0'"
        " && document.getElementById('map').dataset.basemap === 'drawn'",
        timeout=120000,
    )
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    seconds = time.perf_counter() - start
    how = f"{page.locator('.grid-cell').count()} cells" if page.locator(".grid-cell").count() else "points"
    drawn = page.inner_text("#drawn-count")
    page.wait_for_function("document.body.dataset.loading === 'false'", timeout=120000)
    page.close()
    return seconds, f"{drawn} incidents as {how}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="use the demo rows already in DATABASE_URL")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--port", type=int, default=8798)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--exports-only", action="store_true", help="only the exports")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit(
            "set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/bench_1m; createdb it first)"
        )
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        VAR_DIR=str(var),
        PUBLIC_DASHBOARD="true",
        TILE_URL="",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from incidents.models import Incident

    call_command("migrate", verbosity=0)
    if not args.reuse:
        call_command("load_gazetteer", verbosity=0)
        t0 = time.perf_counter()
        call_command("demo", "--incidents", str(args.incidents), "--volume")
        print(f"generated {args.incidents:,} incidents in {time.perf_counter() - t0:.0f} s", flush=True)
    n = Incident.objects.count()
    last = Incident.objects.order_by("-event_date").values_list("event_date", flat=True).first()
    print(
        f"{connection.vendor}: {n:,} incidents; load average {os.getloadavg()[0]:.2f} (1 min), "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    django.db.connections.close_all()

    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/api/facets?start=2099-01-01", timeout=5).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.3)
        month = f"start={last:%Y-%m}-01&end={last}"
        views = {
            "zoom 6, whole Syria": "zoom=6",
            "zoom 10, eastern Deir ez-Zor": f"zoom=10&bbox={EAST_DEIR_EZ_ZOR}",
            "zoom 6, one outlet": "zoom=6&source=demo-sana",
            "zoom 6, one month": f"zoom=6&{month}",
            "zoom 6, one actor": "zoom=6&actor=ISIS",
            "zoom 6, text search": "zoom=6&q=Hajin",
        }
        if not args.exports_only:
            print("map data /api/map/grid (cells counted in the database, or points):")
            for name, query in views.items():
                report(f"  {name}", f"{base}/api/map/grid?{query}", args.runs, MAP_TARGET_MS)
            report("timeline (all)", f"{base}/api/timeline", args.runs, TIMELINE_TARGET_MS)
            report(
                "timeline (one outlet)",
                f"{base}/api/timeline?source=demo-sana",
                args.runs,
                TIMELINE_TARGET_MS,
            )
            report("facets (all)", f"{base}/api/facets", max(5, args.runs // 2), FACETS_TARGET_MS)
            report(
                "facets (one month)", f"{base}/api/facets?{month}", max(5, args.runs // 2), FACETS_TARGET_MS
            )
        for fmt in ("csv", "geojson"):
            first, row, total, size, before, peak = export_run(f"{base}/export/incidents.{fmt}", server.pid)
            print(
                f"export {fmt:<8} everything: first byte {first:6.0f} ms, first incident {row:6.0f} ms "
                f"{verdict(row, FIRST_BYTE_TARGET_MS, 'ms')}; all {size / 1e6:6.1f} MB in {total / 1000:5.1f} s; "
                f"server RSS {before / 1024:.0f} MB before, peak {peak / 1024:.0f} MB while streaming "
                f"(+{(peak - before) / 1024:.0f} MB)",
                flush=True,
            )
        if not (args.no_browser or args.exports_only):
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                runs = [time_to_interactive(browser, f"{base}/?view=35.0,38.5,6") for _ in range(3)]
                browser.close()
            seconds = statistics.median(r[0] for r in runs)
            print(
                f"interactive (whole Syria, zoom 6; {runs[-1][1]}): median {seconds:.2f} s "
                f"(runs {', '.join(f'{r[0]:.2f}' for r in runs)})  {verdict(seconds, INTERACTIVE_TARGET_S, 's')}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
