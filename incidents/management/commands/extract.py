"""Run the extraction pipeline on one article file and print what it finds; the database is not written."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from incidents.article_files import ArticleFileError, read_article_file
from incidents.extraction.pipeline import extract


class Command(BaseCommand):
    help = (
        "Extract incidents from one article file and print them (JSON contract: language, published, "
        "incidents[], places[]). Nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--gazetteer",
            choices=["auto", "db", "files"],
            default="auto",
            help="db: the loaded gazetteer (with analysts' aliases); files: the shipped layers; "
            "auto (default): db when loaded, else files",
        )
        parser.add_argument(
            "--item", type=int, default=1, help="which article of a feed or JSON list (1-based)"
        )

    def handle(self, *args, **opts):
        from pathlib import Path

        try:
            articles = read_article_file(Path(opts["file"]))
        except ArticleFileError as exc:
            raise CommandError(f"{opts['file']}: {exc}") from exc
        if not 1 <= opts["item"] <= len(articles):
            raise CommandError(
                f"{opts['file']} holds {len(articles)} article(s); --item {opts['item']} is out of range"
            )
        article = articles[opts["item"] - 1]
        result = extract(
            article.text,
            self._index(opts["gazetteer"]),
            published=article.published,
            language=article.language,
            title=article.title,
        )
        payload = result.to_dict()
        if opts["format"] == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
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
        return GazetteerIndex(default_entries())
