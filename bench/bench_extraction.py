"""Extraction throughput on one core with the full index: the six real sample articles over and over,
then the 185 reports of the evaluation set (longer, more varied, English a third), each once a round.

    .venv/bin/python bench/bench_extraction.py [--seconds 5]

Prints articles/s for extraction alone (issue 8's target: >= 1,000 on one core) and CPU time per
article (less sensitive than wall time to a busy machine). The index is the one `extract` uses without
a database: every shipped layer (GeoNames cities500 for Syria and its neighbours, Who's On First's
Syrian localities, the project's supplement), merged.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidents.article_files import parse_date  # noqa: E402
from incidents.extraction.pipeline import extract  # noqa: E402
from incidents.extraction.places import GazetteerIndex  # noqa: E402
from incidents.gazetteer_sources import default_entries  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, honestly

    t0 = time.perf_counter()
    entries = list(default_entries())
    t1 = time.perf_counter()
    index = GazetteerIndex(entries)
    t2 = time.perf_counter()
    samples = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "incidents" / "fixtures" / "articles").glob("*.json"))
    ]
    articles = [(s["text"], parse_date(s.get("published")), s.get("title", "")) for s in samples]
    chars = sum(len(a[0]) for a in articles)
    for text, published, title in articles:  # warm caches once
        extract(text, index, published=published, title=title)

    rounds, timings = 0, []
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        for text, published, title in articles:
            extract(text, index, published=published, title=title)
        timings.append(time.perf_counter() - start)
        rounds += 1
    total = sum(timings)
    n = rounds * len(articles)
    print(f"gazetteer: {len(entries):,} entries read in {t1 - t0:.2f} s, index built in {t2 - t1:.2f} s")
    print(f"articles: {len(articles)} samples, mean {chars / len(articles):,.0f} characters")
    print(
        f"extraction: {n:,} articles in {total:.2f} s on one core = {n / total:,.0f} articles/s "
        f"(median {statistics.median(timings) / len(articles) * 1000:.2f} ms/article)"
    )
    reports = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "eval" / "reports").glob("*/*.json"))
    ]
    if reports:
        docs = [(r["text"], parse_date(r.get("published")), r.get("title", "")) for r in reports]
        rounds, cpu, wall = 0, 0.0, 0.0
        deadline = time.perf_counter() + args.seconds
        while time.perf_counter() < deadline or rounds == 0:
            c0, w0 = time.process_time(), time.perf_counter()
            for text, published, title in docs:
                extract(text, index, published=published, title=title)
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            rounds += 1
        n = rounds * len(docs)
        mean_chars = sum(len(d[0]) for d in docs) / len(docs)
        print(
            f"evaluation reports: {len(docs)} (mean {mean_chars:,.0f} characters), {n:,} extractions: "
            f"{n / wall:,.0f} articles/s wall, {n / cpu:,.0f} articles/s CPU ({cpu / n * 1000:.2f} ms CPU/article)"
        )


if __name__ == "__main__":
    main()
