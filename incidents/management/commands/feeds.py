"""Feeds for operators and scripts: `feeds add URL --outlet NAME [--kind rss|html] [--interval MINUTES]`,
`feeds list`."""

import re

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.db.models import Count, Q

from incidents.ingest import resolve_source
from incidents.models import Feed


class Command(BaseCommand):
    help = "Add or list the feeds that are polled for new articles."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a feed (or change the one with this URL)")
        add.add_argument("url")
        add.add_argument(
            "--outlet", required=True, help="the outlet's name, English or Arabic (e.g. 'North Press')"
        )
        add.add_argument("--kind", choices=[k.value for k in Feed.Kind], default=Feed.Kind.RSS)
        add.add_argument(
            "--interval", type=int, default=30, metavar="MINUTES", help="polling interval (default 30)"
        )
        add.add_argument("--pattern", default="", help="html: regular expression the article links match")
        add.add_argument("--language", default="", help="ar or en; default: detected per article")
        add.add_argument("--disabled", action="store_true", help="add it without polling it yet")
        sub.add_parser("list", help="every feed with its health")

    def handle(self, *args, **opts):
        if opts["action"] == "add":
            self.add(opts)
        else:
            self.list()

    def add(self, opts):
        url = opts["url"].strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise CommandError(f"not an http(s) URL: {url!r}") from exc
        if opts["interval"] < 1:
            raise CommandError("--interval must be at least 1 minute")
        if opts["kind"] == Feed.Kind.HTML and not opts["pattern"]:
            raise CommandError(
                "an html listing page needs --pattern, the regular expression its article links match"
            )
        try:
            re.compile(opts["pattern"])
        except re.error as exc:
            raise CommandError(f"--pattern is not a valid regular expression: {exc}") from exc
        source = resolve_source(outlet=opts["outlet"], outlet_en=opts["outlet"])
        feed, created = Feed.objects.update_or_create(
            url=url,
            defaults={
                "source": source,
                "kind": opts["kind"],
                "interval_minutes": opts["interval"],
                "link_pattern": opts["pattern"],
                "language": opts["language"],
                "enabled": not opts["disabled"],
            },
        )
        verb = "added" if created else "updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"feed {feed.pk} {verb}: {feed.url} ({source}, {feed.kind}, every {feed.interval_minutes} min)"
            )
        )

    def list(self):
        feeds = Feed.objects.select_related("source").annotate(
            articles=Count("items", filter=Q(items__status="done")),
            failed=Count("items", filter=Q(items__status="failed")),
        )
        if not feeds:
            self.stdout.write("no feeds yet: manage.py feeds add URL --outlet NAME")
            return
        self.stdout.write(
            "id\tenabled\tkind\tevery\toutlet\tlast success\tfailures\tarticles\tfailed items\turl\tlast error"
        )
        for f in feeds:
            last = f.last_success_at.strftime("%Y-%m-%d %H:%M") if f.last_success_at else "never"
            error = f.last_error.splitlines()[0][:100] if f.consecutive_failures and f.last_error else ""
            self.stdout.write(
                f"{f.pk}\t{'yes' if f.enabled else 'no'}\t{f.kind}\t{f.interval_minutes}m\t{f.source}\t{last}\t"
                f"{f.consecutive_failures}\t{f.articles}\t{f.failed}\t{f.url}\t{error}"
            )
