"""Ingest throughput into a fresh SQLite database (WAL): `manage.py ingest` on a directory of JSON files.

    .venv/bin/python bench/bench_ingest.py [--articles 1000]

Each article is one of the six real samples with a distinct closing line (so none is deduplicated),
written as a JSON file and ingested by the command itself: reading, extraction and one transaction per
article. Wall time on one core, and CPU time (steadier when other work shares the machine).
Target: >= 200 articles/s.
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    tmp = tempfile.mkdtemp(prefix="bench-ingest-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from incidents.gazetteer import get_index
    from incidents.models import Article, Claim, Incident

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    get_index()  # built once per process, as in a long-running worker; the command reuses it
    samples = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "incidents" / "fixtures" / "articles").glob("*.json"))
    ]
    folder = Path(tmp) / "articles"
    folder.mkdir()
    for i in range(args.articles):
        s = dict(samples[i % len(samples)])
        s.update(text=s["text"] + f"\n\n(نسخة رقم {i})", url=f"https://bench.example/{i}")
        (folder / f"{i:05d}.json").write_text(json.dumps(s, ensure_ascii=False), encoding="utf-8")
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    start, cpu = time.perf_counter(), time.process_time()
    call_command("ingest", str(folder), "--no-progress", **quiet)
    elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - cpu
    again = time.perf_counter()
    call_command("ingest", str(folder), "--no-progress", **quiet)
    elapsed_again = time.perf_counter() - again
    engine = django.db.connection.vendor
    print(
        f"ingest ({engine}): {args.articles:,} articles in {elapsed:.2f} s = {args.articles / elapsed:,.0f} articles/s "
        f"on one core ({args.articles / elapsed_cpu:,.0f}/s of CPU time) -> {Incident.objects.count():,} incidents, "
        f"{Claim.objects.count():,} claims"
    )
    print(
        f"re-ingest of the same {args.articles:,} files (unchanged): {args.articles / elapsed_again:,.0f} articles/s; "
        f"articles stored: {Article.objects.count():,} (no duplicates)"
    )


if __name__ == "__main__":
    main()
