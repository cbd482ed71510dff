"""A bounded load test of the production server: gunicorn (config/gunicorn.conf.py) on loopback.

    .venv/bin/python bench/load_test.py [--clients 16] [--seconds 30] [--incidents 20000] [--sqlite]
    DATABASE_URL=postgres://…/bench_1m .venv/bin/python bench/load_test.py --reuse --seconds 60 --runserver

Creates a fresh database (PostgreSQL at 127.0.0.1:5432 unless --sqlite or DATABASE_URL says
otherwise), migrates it, loads the gazetteer, ingests the sample articles and generates demo
incidents, starts gunicorn as `make serve` does, signs in N clients and has each one request, for the
given time, what an analyst's browser asks for: the dashboard page, its map columns, timeline, facets,
a page of the list, one incident, filtered views and a CSV export. It stops by itself, stops gunicorn,
drops the database, and prints requests, errors (any status >= 500 or failed connection), and latency.
--reuse serves the database of DATABASE_URL as it is (e.g. 1 M incidents from `manage.py demo`) and
keeps it; --runserver then puts `manage.py runserver` under the same load in the same run, to compare.
"""

import argparse
import http.cookiejar
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

PATHS = [
    "/",
    "/api/map/grid?zoom=7",
    "/api/map/grid?zoom=10&bbox=39.990234,34.365234,41.000977,35.419922",
    "/api/timeline",
    "/api/facets",
    "/api/incidents?limit=200",
    "/api/incidents?limit=200&offset=200",
    "/api/map/grid?zoom=7&source=demo-sana",
    "/api/map/grid?zoom=7&type=Battles&start=2023-01-01&end=2023-12-31",
    "/api/timeline?source=demo-north-press",
    "/api/facets?admin1=Deir ez-Zor",
    "/api/map/grid?zoom=7&q=ذيبان",
    "/api/incidents/{id}",
    "/export/incidents.csv?start=2024-01-01&end=2024-01-31",
    "/static/incidents/app.js",
]


def manage(env, *args, quiet=True):
    subprocess.run(  # noqa: S603
        [PY, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def wait_until_up(url: str, server, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=2).read()  # noqa: S310
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = exc
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not come up ({last}; exit status {server.poll()})")


def signed_in_opener(base: str, username: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(  # noqa: S310
        base + "/accounts/login/", data=data.encode(), headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(request).read()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit("could not sign in")
    return opener


def client_loop(opener, base, ids, stop_at, results, lock, seed):
    rng = random.Random(seed)
    local = []
    while time.time() < stop_at:
        path = rng.choice(PATHS).format(id=rng.choice(ids))
        url = base + urllib.parse.quote(path, safe="/?=&")
        start = time.perf_counter()
        try:
            with opener.open(url, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            status = f"connection: {exc}"
        kind = path.split("?")[0].rstrip("0123456789").replace("/incidents/", "/incidents/<id>")
        local.append((kind, status, (time.perf_counter() - start) * 1000))
    with lock:
        results.extend(local)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--incidents", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--reuse", action="store_true", help="serve DATABASE_URL's data as it is; keep it")
    parser.add_argument("--runserver", action="store_true", help="then the same load on manage.py runserver")
    args = parser.parse_args()
    if args.reuse and "DATABASE_URL" not in os.environ:
        raise SystemExit("--reuse needs DATABASE_URL")

    var = Path(tempfile.mkdtemp(prefix="incident-load-"))
    db_name = f"loadtest_{os.getpid()}"
    if args.sqlite:
        url = f"sqlite:///{var / 'load.sqlite3'}"
    else:
        url = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{db_name}")
        if not args.reuse:
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db_name], check=True)  # noqa: S607
    env = dict(os.environ, DATABASE_URL=url, VAR_DIR=str(var), PYTHONPATH=str(ROOT), LOG_LEVEL="ERROR")
    env.update(DJANGO_ADMIN_USER="loadtest", DJANGO_ADMIN_PASSWORD="a-long-load-test-password")
    servers = {"gunicorn": [str(Path(PY).parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "--bind"]}
    if args.runserver:
        servers["runserver"] = [PY, "manage.py", "runserver", "--noreload"]
    failed = False
    try:
        if args.reuse:
            print(f"database: {url.split('@')[-1]} as it is …", flush=True)
            manage(env, "migrate", "--noinput")
        else:
            print(f"database: {url.split('@')[-1]}; preparing {args.incidents:,} incidents …", flush=True)
            manage(env, "migrate", "--noinput")
            manage(env, "load_gazetteer")
            manage(env, "ingest", "--no-progress", str(ROOT / "incidents" / "fixtures" / "articles"))
            manage(env, "demo", "--incidents", str(args.incidents))
        manage(env, "ensure_admin")
        for name, command in servers.items():
            print(f"== {name}", flush=True)
            failed |= load(name, [*command, f"127.0.0.1:{args.port}"], env, args)
    finally:
        if not args.sqlite and not args.reuse and "DATABASE_URL" not in os.environ:
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", db_name], check=False
            )  # noqa: S607
        shutil.rmtree(var, ignore_errors=True)
    if failed:
        raise SystemExit(1)


def load(name: str, command: list[str], env: dict, args) -> bool:
    """Start one server, load it for the given time, stop it, print the figures; True if errors."""
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(  # noqa: S603
        command,
        env=dict(env, GUNICORN_ACCESSLOG=""),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    server_log = ""
    try:
        wait_until_up(base, server)
        ids = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233]
        openers = [
            signed_in_opener(base, "loadtest", "a-long-load-test-password") for _ in range(args.clients)
        ]
        results, lock = [], threading.Lock()
        stop_at = time.time() + args.seconds
        threads = [
            threading.Thread(target=client_loop, args=(o, base, ids, stop_at, results, lock, n))
            for n, o in enumerate(openers)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            _out, server_log = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    errors = [r for r in results if not isinstance(r[1], int) or r[1] >= 500]
    not_ok = [r for r in results if isinstance(r[1], int) and r[1] != 200]
    times = sorted(r[2] for r in results)

    def pct(p):
        return times[int(p * (len(times) - 1))]

    print(
        f"{name}: {len(results):,} requests from {args.clients} clients in {elapsed:.1f} s: "
        f"{len(results) / elapsed:.1f}/s"
    )
    print(
        f"errors (5xx or no answer): {len(errors)}; other non-200: {len(not_ok) - len([e for e in errors if isinstance(e[1], int)])}"
    )
    print(
        f"latency ms: median {statistics.median(times):.0f}, p95 {pct(0.95):.0f}, p99 {pct(0.99):.0f}, max {times[-1]:.0f}"
    )
    by_path = {}
    for path, _status, ms in results:
        by_path.setdefault(path, []).append(ms)
    for path, ms in sorted(by_path.items()):
        ms.sort()
        print(
            f"  {path:<28} {len(ms):>6} req  median {statistics.median(ms):>6.0f} ms  p95 {ms[int(0.95 * (len(ms) - 1))]:>6.0f} ms"
        )
    if errors:
        print("first errors:", errors[:5])
        print("server log tail:", (server_log or "")[-2000:])
    return bool(errors)


if __name__ == "__main__":
    main()
