"""Run the extraction pipeline on article files and print what it finds; the database is not written.

One file: one indented JSON document (or text). Several files, a directory or --format jsonl: one JSON
document per line per article, each with the "file" (and "item" for feeds and lists) it came from, so an
evaluation of hundreds of articles pays the start-up (the gazetteer index) once.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from incidents.article_files import ArticleFileError, iter_article_paths, read_article_file
from incidents.extraction.pipeline import extract


def _files_index(index_class, entries):
    """The shipped layers' index, kept in var/cache/ by the layers' and the index code's versions."""
    import hashlib
    from pathlib import Path

    from django.conf import settings

    from incidents import gazetteer_sources
    from incidents.extraction import places

    files = sorted(gazetteer_sources.FIXTURES.glob("*.csv")) + [
        Path(places.__file__),
        places.COMMON_WORDS_FILE,
    ]
    files.append(Path(gazetteer_sources.__file__))
    stamp = repr([(str(f), f.stat().st_mtime_ns) for f in files if f.exists()])
    key = hashlib.sha256(stamp.encode()).hexdigest()[:20]
    path = Path(settings.VAR_DIR) / "cache" / f"files-{key}.pickle"
    index = index_class.load(path)
    if index is None:
        index = index_class(entries())
        try:
            for old in path.parent.glob("files-*.pickle"):
                old.unlink(missing_ok=True)
            index.save(path)
        except OSError:
            pass
    return index


class Command(BaseCommand):
    help = (
        "Extract incidents from article files and print them (JSON contract: language, published, "
        "incidents[], places[]). Nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories")
        parser.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
        parser.add_argument(
            "--gazetteer",
            choices=["auto", "db", "files"],
            default="auto",
            help="db: the loaded gazetteer (with analysts' aliases); files: the shipped layers; "
            "auto (default): db when loaded, else files",
        )
        parser.add_argument(
            "--item", type=int, default=None, help="only this article of a feed or JSON list (1-based)"
        )

    def handle(self, *args, **opts):
        paths = list(iter_article_paths(opts["paths"]))
        if not paths:
            raise CommandError("no article files found (looked for .txt, .html, .json, .xml/.rss/.atom)")
        index = self._index(opts["gazetteer"])
        lines = opts["format"] == "jsonl" or len(paths) > 1
        failed = 0
        for path in paths:
            try:
                articles = read_article_file(path)
            except ArticleFileError as exc:
                if not lines:
                    raise CommandError(f"{path}: {exc}") from exc
                self.stderr.write(f"skipped {path}: {exc}")
                failed += 1
                continue
            chosen = list(enumerate(articles, start=1))
            if opts["item"] is not None:
                if not 1 <= opts["item"] <= len(articles):
                    raise CommandError(
                        f"{path} holds {len(articles)} article(s); --item {opts['item']} is out of range"
                    )
                chosen = [chosen[opts["item"] - 1]]
            for item, article in chosen:
                payload = extract(
                    article.text,
                    index,
                    published=article.published,
                    language=article.language,
                    title=article.title,
                ).to_dict()
                if lines:
                    payload = {"file": str(path), "item": item, **payload}
                    self.stdout.write(json.dumps(payload, ensure_ascii=False))
                elif opts["format"] == "json":
                    self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
                else:
                    self._write_text(payload)
        if failed:
            raise CommandError(f"{failed} file(s) could not be read", returncode=1)

    def _write_text(self, payload: dict) -> None:
        self.stdout.write(f"language: {payload['language']}  published: {payload['published'] or 'unknown'}")
        for inc in payload["incidents"]:
            place = inc["place"] or {}
            where = place.get("name_en") or f"{inc['mention']} (unresolved)"
            self.stdout.write(
                f"- {inc['event_date'] or 'date unknown'} (precision {inc['time_precision']}) {where}: "
                f"{inc['event_type']} / {inc['sub_event_type']}; actors {', '.join(inc['actors']) or '-'}; "
                f"sources {', '.join(s or 'outlet' for s in inc['cited_sources']) or '-'}"
            )
        for p in payload["places"]:
            self.stdout.write(f"  {p['role']:<10} {p['mention']} -> {p['name_en'] or 'UNRESOLVED'}")

    @staticmethod
    def _index(choice: str):
        from incidents.extraction.places import GazetteerIndex
        from incidents.gazetteer_sources import default_entries

        if choice in ("auto", "db"):
            try:
                from incidents.gazetteer import get_index
                from incidents.models import Place

                if Place.objects.exists():
                    return get_index()
                if choice == "db":
                    raise CommandError("the database gazetteer is empty: run 'manage.py load_gazetteer'")
            except DatabaseError as exc:
                if choice == "db":
                    raise CommandError(f"cannot read the gazetteer from the database: {exc}") from exc
        return _files_index(GazetteerIndex, default_entries)
