"""manage.py import_acled FILE: an ACLED-format CSV as a reference layer (incidents/acled_reference.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.acled_reference import AcledFileError, import_file


class Command(BaseCommand):
    help = "Import an ACLED-format CSV export as a reference layer beside our incidents (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an ACLED CSV export (UTF-8)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        try:
            report = import_file(data, path.name)
        except AcledFileError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        for line, reason in report.errors:
            self.stderr.write(f"{path.name}:{line}: {reason}")
        self.stdout.write(report.summary())
