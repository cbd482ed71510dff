"""Eight `manage.py ingest` processes over overlapping files at once: all finish, each article exactly once.

On PostgreSQL two transactions could both miss an article and both insert it; the loser used to die on
IntegrityError. Now it retries and finds the winner's row. Runs against whichever database the suite uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from incidents.models import Article, Claim, Incident
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 8


def database_url() -> str:
    """The test database (not the development one) as a DATABASE_URL for a child process."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def article_files(tmp_path) -> list[Path]:
    """The real samples plus variants of them (distinct texts and URLs): 18 articles."""
    files = []
    for n, path in enumerate(sorted(SAMPLES.glob("*.json"))):
        base = json.loads(path.read_text(encoding="utf-8"))
        for variant in range(3):
            item = dict(base, text=base["text"] + f"\n({variant})")
            item["url"] = f"https://example.org/{n}/{variant}" if variant else base["url"]
            target = tmp_path / f"{n}-{variant}.json"
            target.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
            files.append(target)
    return files


def test_concurrent_ingests_store_each_article_exactly_once(gazetteer, tmp_path):
    files = article_files(tmp_path)
    env = dict(os.environ, DATABASE_URL=database_url(), PYTHONPATH=str(ROOT))
    procs = []
    for p in range(PROCESSES):
        # each process takes about half the files, starting at a different place: every file is in
        # four lists, and the lists overlap in different orders
        mine = [files[(p * 2 + k) % len(files)] for k in range(len(files) // 2)]
        procs.append(
            subprocess.Popen(  # noqa: S603 (our own manage.py)
                [sys.executable, str(ROOT / "manage.py"), "ingest", "--no-progress", *map(str, mine)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    results = [(*proc.communicate(timeout=300), proc.returncode) for proc in procs]
    for _out, err, code in results:
        assert code == 0, err
        assert "Traceback" not in err
    assert Article.objects.count() == len(files)
    assert Article.objects.values("content_hash").distinct().count() == len(files)
    # every article has its incidents once: no claim was written twice by two processes
    for article in Article.objects.all():
        keys = list(Claim.objects.filter(article=article).values_list("extraction_key", "cited_source"))
        assert len(keys) == len(set(keys)), article.url
    assert Incident.objects.filter(claims__isnull=True).count() == 0
