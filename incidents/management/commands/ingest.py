"""Ingest article files (.txt, .html, .json, RSS/Atom) and directories of them."""

import logging
import sys
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents.article_files import ArticleFileError, iter_article_paths, read_article_file
from incidents.gazetteer import get_index
from incidents.ingest import IngestError, ingest_article

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Ingest articles: each file is parsed, stored and extracted in its own transaction. A bad file is "
        "named with its reason and skipped; the rest still go in. Ingesting again never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
        parser.add_argument("--outlet", default="", help="outlet name for files that do not carry one")
        parser.add_argument(
            "--reextract", action="store_true", help="re-run extraction on unchanged articles"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **opts):
        paths = list(iter_article_paths(opts["paths"]))
        if not paths:
            raise CommandError("no article files found (looked for .txt, .html, .json, .xml/.rss/.atom)")
        index = get_index()
        if not index.entries:
            self.stderr.write(
                self.style.WARNING("The gazetteer is empty: run 'manage.py load_gazetteer' first.")
            )
        counts: Counter = Counter()
        failures: list[str] = []
        show_bar = len(paths) > 3 and not opts["no_progress"] and sys.stderr.isatty()
        progress = None
        if show_bar:
            from tqdm import tqdm

            progress = tqdm(total=len(paths), unit="file", file=sys.stderr, desc="ingest")
        sources = {}  # outlet names -> Source, once an article from it is committed (so the row exists)
        for path in paths:
            try:
                articles = read_article_file(path, max_bytes=settings.INGEST_MAX_BYTES)
            except ArticleFileError as exc:
                articles = []
                counts["failed"] += 1
                failures.append(f"{path}: {exc}")
            except OSError as exc:
                articles = []
                counts["failed"] += 1
                failures.append(f"{path}: cannot read the file ({exc.strerror or exc})")
            for n, article in enumerate(articles, start=1):
                where = f"{path} (item {n})" if len(articles) > 1 else str(path)
                if article.problem:  # a feed's bad item: reported, the file's other items go on
                    counts["failed"] += 1
                    failures.append(f"{path}: {article.problem}")  # the problem names its item
                    continue
                if opts["outlet"] and not (article.outlet or article.outlet_en):
                    article.outlet = opts["outlet"]
                outlet = (article.outlet, article.outlet_en)
                try:
                    outcome = ingest_article(
                        article, reextract=opts["reextract"], index=index, source=sources.get(outlet)
                    )
                except (ArticleFileError, IngestError) as exc:
                    counts["failed"] += 1
                    failures.append(f"{where}: {exc}")
                    continue
                except Exception as exc:  # one article's failure is that article's: report it, go on
                    logger.info("ingest of %s failed", where, exc_info=True)  # LOG_LEVEL=INFO shows it
                    counts["failed"] += 1
                    failures.append(f"{where}: internal error ({type(exc).__name__}: {str(exc)[:200]})")
                    continue
                if outcome.status != "unchanged":  # an unchanged article keeps whatever source it had
                    sources[outlet] = outcome.article.source
                counts[outcome.status] += 1
                counts["incidents_new"] += outcome.incidents_created
                counts["incidents_updated"] += outcome.incidents_updated
                counts["unresolved"] += outcome.unresolved
            if progress:
                progress.update(1)
        if progress:
            progress.close()
        for line in failures:
            self.stderr.write(self.style.ERROR(f"skipped {line}"))
        summary = (
            f"articles: {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['failed']} failed · incidents: {counts['incidents_new']} new, "
            f"{counts['incidents_updated']} updated · unresolved incident places: {counts['unresolved']}"
        )
        self.stdout.write(self.style.SUCCESS(summary) if not failures else summary)
        if failures:  # the others are in; the exit status still tells a script that some were not
            tried = sum(counts[k] for k in ("new", "updated", "unchanged", "failed"))
            raise CommandError(
                f"{len(failures)} of {tried} article(s) could not be ingested (see above)", returncode=1
            )
