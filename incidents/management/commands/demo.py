"""Create synthetic demo incidents (marked is_demo) so the map has something to show."""

from django.core.management.base import BaseCommand, CommandError

from incidents.demo import clear_demo, generate


class Command(BaseCommand):
    help = "Replace the demo incidents with N synthetic ones (real rows are never touched)."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=300)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--clear", action="store_true", help="only delete the demo rows")

    def handle(self, *args, **opts):
        if opts["clear"]:
            self.stdout.write(f"Deleted {clear_demo()} demo rows.")
            return
        if opts["incidents"] < 0:
            raise CommandError("--incidents must be 0 or more")
        try:
            n = generate(opts["incidents"], seed=opts["seed"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{n} demo incidents (marked as demo)."))
