"""Create synthetic demo incidents (marked is_demo) so the map has something to show."""

import time

from django.core.management.base import BaseCommand, CommandError

from incidents.demo import generate
from incidents.demo_volume import VOLUME_THRESHOLD, clear_demo_bulk, generate_volume
from incidents.models import Incident


class Command(BaseCommand):
    help = "Replace the demo incidents with N synthetic ones (real rows are never touched)."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=300)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--clear", action="store_true", help="only delete the demo rows")
        parser.add_argument(
            "--volume",
            action="store_true",
            help=f"the bulk generator (COPY on PostgreSQL, skewed like a real archive); "
            f"automatic above {VOLUME_THRESHOLD:,} incidents",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only on a database without any incident (what `make run` does: never re-seed over data)",
        )

    def handle(self, *args, **opts):
        if opts["clear"]:
            self.stdout.write(f"Deleted {clear_demo_bulk()} demo incidents.")
            return
        if opts["incidents"] < 0:
            raise CommandError("--incidents must be 0 or more")
        if opts["if_empty"] and (existing := Incident.objects.count()):
            self.stdout.write(
                f"{existing} incidents already in the database: no demo data added "
                "(`manage.py demo` replaces the demo rows, `--clear` removes them)."
            )
            return
        try:
            if opts["volume"] or opts["incidents"] > VOLUME_THRESHOLD:
                started = time.perf_counter()
                n = generate_volume(opts["incidents"], seed=opts["seed"])
                self.stdout.write(f"Generated in {time.perf_counter() - started:.1f} s.")
            else:
                n = generate(opts["incidents"], seed=opts["seed"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{n} demo incidents (marked as demo)."))
