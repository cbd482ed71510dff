"""Poll the feeds without a broker: `poll_feeds --once` for cron, or a loop on the feeds' intervals.

The same code as the Celery tasks (incidents.intake.polling), in this process: due feeds are read
(conditionally), then every due item's page is fetched and ingested. With CELERY_BROKER_URL set, run
a worker and beat instead (README); both may run at once without storing anything twice.
"""

import signal
import sys
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from incidents.intake import polling
from incidents.models import Feed


class Command(BaseCommand):
    help = "Poll due feeds and ingest their new articles, in this process (no broker needed)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one round, then exit (for cron)")
        parser.add_argument("--all", action="store_true", help="poll every enabled feed now, due or not")
        parser.add_argument(
            "--feed", type=int, action="append", metavar="ID", help="only this feed (repeatable)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **opts):
        if opts["feed"]:
            missing = set(opts["feed"]) - set(
                Feed.objects.filter(pk__in=opts["feed"]).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(
                    f"no feed with id {', '.join(map(str, sorted(missing)))} (see 'manage.py feeds list')"
                )
        elif not Feed.objects.filter(enabled=True).exists():
            raise CommandError("no enabled feed: add one with 'manage.py feeds add URL --outlet NAME'")
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        total: Counter = Counter()
        try:
            while True:
                counts = self.round(opts, force=opts["all"])
                total.update(counts)
                if opts["once"] or self.stopping:
                    break
                self.stdout.write(self.summary(counts))
                opts["all"] = False  # --all applies to the first round
                self.sleep(polling.seconds_until_due())
                if self.stopping:
                    break
        except KeyboardInterrupt:
            pass
        self.stdout.write(self.summary(total, final=True))
        if total["feeds_failed"] or total["items_failed"]:
            raise CommandError(
                "some feeds or items failed (see the feed's last error in 'feeds list' or the admin)",
                returncode=1,
            )

    def round(self, opts, force: bool) -> Counter:
        bar = None
        if not opts["no_progress"] and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(unit="article", file=sys.stderr, desc="poll_feeds")

        def on_item(result):
            if bar is not None:
                bar.update(1)
            if result.outcome in ("failed", "retry"):
                self.stderr.write(f"item {result.item_id}: {result.outcome}: {result.message}")

        counts = polling.run_due(feed_ids=opts["feed"], force=force, on_item=on_item)
        if bar is not None:
            bar.close()
        return counts

    def summary(self, c: Counter, final: bool = False) -> str:
        line = (
            f"feeds: {c['feeds_read']} read, {c['feeds_unchanged']} unchanged, {c['feeds_failed']} failed, "
            f"{c['feeds_skipped']} busy · items: {c['items_listed_new']} new in feeds, {c['items_bad']} bad · "
            f"articles: {c['items_new']} new, {c['items_updated']} updated, {c['items_unchanged']} unchanged, "
            f"{c['items_failed']} failed, {c['items_retry']} to retry"
        )
        return self.style.SUCCESS(line) if final and not (c["feeds_failed"] or c["items_failed"]) else line

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(1.0, end - time.monotonic()))

    def _stop(self, *args) -> None:
        self.stopping = True
