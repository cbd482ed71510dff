"""Ingest throughput into a fresh SQLite database (WAL): parse-free, extraction + transactional storage.

    .venv/bin/python bench/bench_ingest.py [--articles 1000]

Each article is one of the six real samples with a distinct closing line (so none is deduplicated),
stored through incidents.ingest.ingest_article exactly as `manage.py ingest` does. Target: >= 200/s.
"""

import argparse
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

    from incidents.article_files import ArticleInput, parse_date
    from incidents.gazetteer import get_index
    from incidents.ingest import ingest_article
    from incidents.models import Article, Claim, Incident

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    index = get_index()
    samples = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "incidents" / "fixtures" / "articles").glob("*.json"))
    ]
    inputs = []
    for i in range(args.articles):
        s = samples[i % len(samples)]
        inputs.append(
            ArticleInput(
                text=s["text"] + f"\n\n(نسخة رقم {i})",
                title=s.get("title", ""),
                url=f"https://bench.example/{i}",
                outlet=s.get("outlet", ""),
                outlet_en=s.get("outlet_en", ""),
                published=parse_date(s.get("published")),
            )
        )
    start = time.perf_counter()
    for inp in inputs:
        ingest_article(inp, index=index)
    elapsed = time.perf_counter() - start
    again = time.perf_counter()
    for inp in inputs[:200]:
        ingest_article(inp, index=index)
    elapsed_again = time.perf_counter() - again
    engine = django.db.connection.vendor
    print(
        f"ingest ({engine}): {len(inputs):,} articles in {elapsed:.2f} s = {len(inputs) / elapsed:,.0f} articles/s "
        f"on one core -> {Incident.objects.count():,} incidents, {Claim.objects.count():,} claims"
    )
    print(
        f"re-ingest of 200 unchanged articles: {200 / elapsed_again:,.0f} articles/s; "
        f"articles stored: {Article.objects.count():,} (no duplicates)"
    )


if __name__ == "__main__":
    main()
