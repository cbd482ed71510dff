"""ACLED side by side (issue 12): import an ACLED-format CSV as a reference layer, then cross-check a
selection of our incidents against it.

Import. The file is ACLED's public column standard (``event_id_cnty``, ``event_date``, ``event_type``,
``sub_event_type``, ``actor1``, ``actor2``, ``admin1``..``admin3``, ``location``, ``latitude``,
``longitude``, ``geo_precision``, ``time_precision``, ``source``, ``notes``, ``fatalities``, …; extra
columns are ignored). Rows are keyed by ``event_id_cnty``: importing the same file twice changes
nothing, a newer export updates its rows. A bad row (no id, an unreadable date, coordinates off the
globe, a negative count) is reported by its line number and left out; the good rows go in together,
in one transaction.

Cross-check. One of ours and one of ACLED's match when their types are of one family (the same type,
or two kinds of political violence: incidents/duplicates.py's rule), they are within ``MAX_KM`` and
their dates within ``MAX_DAYS``. Each event matches at most once, closest first. The selection gives
three groups: matched, only ours, only ACLED (ACLED's events within the selection's dates, and its
bounding box when one is given).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from .duplicates import compatible_types
from .extraction.geo import haversine_km

MAX_KM = 10.0
MAX_DAYS = 2
REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude")
TEXT_COLUMNS = {
    "disorder_type": 80,
    "event_type": 60,
    "sub_event_type": 80,
    "actor1": 200,
    "actor2": 200,
    "admin1": 100,
    "admin2": 100,
    "admin3": 100,
    "location": 200,
    "source": 10_000,
    "notes": 10_000,
}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%m/%d/%Y")
_CELL = 0.2  # degrees: at least MAX_KM in latitude


class AcledFileError(ValueError):
    """The file cannot be read at all (encoding, no header, missing columns)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] | None = None  # (line number, reason)

    def summary(self) -> str:
        bad = len(self.errors or [])
        return f"ACLED: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, {bad} bad rows"


def parse_rows(data: bytes | str) -> tuple[list[dict], list[tuple[int, str]]]:
    """Clean rows and (line, reason) for the bad ones. Raises AcledFileError for an unreadable file."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AcledFileError(f"not UTF-8 text (byte {exc.start}); save the CSV as UTF-8") from exc
    data = data.removeprefix("\ufeff")
    if "\x00" in data:
        raise AcledFileError("the file holds NUL bytes: not a CSV text file")
    reader = csv.DictReader(io.StringIO(data, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise AcledFileError(f"missing ACLED columns: {', '.join(missing)}")
    reader.fieldnames = header
    rows, errors, seen = [], [], set()
    for row in reader:
        line = reader.line_num
        try:
            clean = _clean(row)
        except ValueError as exc:
            errors.append((line, str(exc)))
            continue
        if clean["event_id_cnty"] in seen:
            errors.append((line, f"event_id_cnty {clean['event_id_cnty']} appears twice in the file"))
            continue
        seen.add(clean["event_id_cnty"])
        rows.append(clean)
    return rows, errors


def _clean(row: dict) -> dict:
    def text(name: str) -> str:
        return (row.get(name) or "").strip()

    event_id = text("event_id_cnty")
    if not event_id or len(event_id) > 40:
        raise ValueError("event_id_cnty is empty or longer than 40 characters")
    day = _date(text("event_date"))
    try:
        lat, lon = float(text("latitude")), float(text("longitude"))
    except ValueError:
        raise ValueError("latitude/longitude are not numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise ValueError(f"coordinates off the globe ({lat}, {lon})")
    out = {"event_id_cnty": event_id, "event_date": day, "lat": lat, "lon": lon}
    for name in ("time_precision", "geo_precision", "fatalities"):
        raw = text(name)
        if raw == "":
            out[name] = None
            continue
        try:
            value = int(float(raw))
        except ValueError:
            raise ValueError(f"{name} is not a number: {raw[:20]!r}") from None
        if value < 0 or (name != "fatalities" and value > 3) or value > 100_000:
            raise ValueError(f"{name} out of range: {value}")
        out[name] = value
    for name, limit in TEXT_COLUMNS.items():
        out[name] = text(name)[:limit]
    return out


def _date(raw: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if not 1990 <= day.year <= 2100:
            raise ValueError(f"event_date out of range: {raw}")
        return day
    raise ValueError(f"event_date not a date: {raw[:30]!r}")


def import_rows(rows: list[dict], errors, file_name: str = "") -> ImportReport:
    """Store clean rows, keyed by event_id_cnty (idempotent), in one transaction."""
    from django.db import transaction

    from .models import AcledEvent

    report = ImportReport(errors=list(errors))
    fields = [f for f in rows[0] if f != "event_id_cnty"] if rows else []
    with transaction.atomic():
        existing = {}
        ids = [r["event_id_cnty"] for r in rows]
        for start in range(0, len(ids), 5000):
            for e in AcledEvent.objects.filter(event_id_cnty__in=ids[start : start + 5000]):
                existing[e.event_id_cnty] = e
        new, changed = [], []
        for r in rows:
            old = existing.get(r["event_id_cnty"])
            if old is None:
                new.append(AcledEvent(import_file=file_name[:300], **r))
            elif any(getattr(old, f) != r[f] for f in fields):
                for f in fields:
                    setattr(old, f, r[f])
                old.import_file = file_name[:300]
                changed.append(old)
            else:
                report.unchanged += 1
        AcledEvent.objects.bulk_create(new, batch_size=2000)
        if changed:
            AcledEvent.objects.bulk_update(changed, [*fields, "import_file"], batch_size=2000)
    report.created, report.updated = len(new), len(changed)
    return report


def import_file(data: bytes | str, file_name: str = "") -> ImportReport:
    rows, errors = parse_rows(data)
    return import_rows(rows, errors, file_name)


# --- cross-check -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    id: int | str
    day: dt.date
    lat: float
    lon: float
    event_type: str


@dataclass(frozen=True)
class Match:
    ours: int
    acled: str
    distance_km: float
    days_apart: int


def cross_check(ours, theirs, *, max_km: float = MAX_KM, max_days: int = MAX_DAYS):
    """(matches, only ours, only ACLED) between two lists of Points; each point matches at most once,
    the closest pairs (in days, then km) first."""
    cells: dict[tuple[int, int], list[Point]] = defaultdict(list)
    for p in theirs:
        cells[(math.floor(p.lat / _CELL), math.floor(p.lon / _CELL))].append(p)
    index = {}
    for key, members in cells.items():
        members.sort(key=lambda p: p.day)
        index[key] = ([p.day.toordinal() for p in members], members)
    candidates = []
    deg = max_km / 110.0  # a degree of latitude is at least 110 km: a cheap bound before haversine
    for p in ours:
        cy, cx = math.floor(p.lat / _CELL), math.floor(p.lon / _CELL)
        day = p.day.toordinal()
        lon_deg = deg / max(math.cos(math.radians(p.lat)), 0.01)
        for y in (-1, 0, 1):
            for x in (-1, 0, 1):
                cell = index.get((cy + y, cx + x))
                if cell is None:
                    continue
                days, members = cell
                for j in range(bisect_left(days, day - max_days), bisect_right(days, day + max_days)):
                    q = members[j]
                    if abs(q.lat - p.lat) > deg or abs(q.lon - p.lon) > lon_deg:
                        continue
                    if not compatible_types(p.event_type, q.event_type):
                        continue
                    km = haversine_km(p.lat, p.lon, q.lat, q.lon)
                    if km <= max_km:
                        candidates.append((abs(days[j] - day), km, p.id, q.id))
    candidates.sort()
    used_ours, used_theirs, matches = set(), set(), []
    for apart, km, a, b in candidates:
        if a in used_ours or b in used_theirs:
            continue
        used_ours.add(a)
        used_theirs.add(b)
        matches.append(Match(a, b, round(km, 2), apart))
    only_ours = [p.id for p in ours if p.id not in used_ours]
    only_theirs = [q.id for q in theirs if q.id not in used_theirs]
    return matches, only_ours, only_theirs


def reference_window(ours_qs, *, start=None, end=None, bbox=None):
    """``(start, end, AcledEvent queryset)``: ACLED's events beside a selection of ours (located and dated
    incidents): within ``start``..``end`` (the selection's own dates when not given) and ``bbox``."""
    from django.db.models import Max, Min

    from .models import AcledEvent

    if not (start and end):
        span = ours_qs.aggregate(first=Min("event_date"), last=Max("event_date"))
        start = start or span["first"]
        end = end or span["last"]
    theirs_qs = AcledEvent.objects.all()
    if start:
        theirs_qs = theirs_qs.filter(event_date__gte=start)
    if end:
        theirs_qs = theirs_qs.filter(event_date__lte=end)
    if bbox:
        x0, y0, x1, y1 = bbox
        theirs_qs = theirs_qs.filter(lon__gte=x0, lon__lte=x1, lat__gte=y0, lat__lte=y1)
    return start, end, theirs_qs


def reference_layer(qs, *, start=None, end=None, bbox=None, limit: int = 5000) -> dict:
    """ACLED's events beside a selection, for the dashboard's reference layer (drawn apart from ours):
    the newest ``limit`` as parallel columns, with how many there are and how many were imported."""
    from .models import AcledEvent

    ours_qs = qs.located().filter(event_date__isnull=False)
    start, end, theirs_qs = reference_window(ours_qs, start=start, end=end, bbox=bbox)
    rows = list(
        theirs_qs.order_by("-event_date", "event_id_cnty").values_list(
            "event_id_cnty",
            "event_date",
            "lat",
            "lon",
            "event_type",
            "sub_event_type",
            "location",
            "fatalities",
        )[:limit]
    )
    return {
        "imported": AcledEvent.objects.count(),
        "window": {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None},
        "count": theirs_qs.count(),
        "shown": len(rows),
        "event_id_cnty": [r[0] for r in rows],
        "date": [r[1].isoformat() for r in rows],
        "lat": [r[2] for r in rows],
        "lon": [r[3] for r in rows],
        "event_type": [r[4] for r in rows],
        "sub_event_type": [r[5] for r in rows],
        "location": [r[6] for r in rows],
        "fatalities": [r[7] for r in rows],
    }


def cross_check_selection(qs, *, start=None, end=None, bbox=None) -> dict:
    """The three groups for a selection of our incidents (a FilterSet's queryset)."""
    ours_qs = qs.located().filter(event_date__isnull=False)
    start, end, theirs_qs = reference_window(ours_qs, start=start, end=end, bbox=bbox)
    ours = [Point(*r) for r in ours_qs.values_list("id", "event_date", "lat", "lon", "event_type").iterator()]
    theirs = [
        Point(*r)
        for r in theirs_qs.values_list("event_id_cnty", "event_date", "lat", "lon", "event_type").iterator()
    ]
    matches, only_ours, only_theirs = cross_check(ours, theirs)
    return {
        "window": {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None},
        "counts": {"matched": len(matches), "only_ours": len(only_ours), "only_acled": len(only_theirs)},
        "matched": [
            {"id": m.ours, "event_id_cnty": m.acled, "distance_km": m.distance_km, "days_apart": m.days_apart}
            for m in matches
        ],
        "only_ours": only_ours,
        "only_acled": only_theirs,
    }


GROUPS = ("matched", "only_ours", "only_acled")


def crosscheck_rows(result: dict, group: str) -> tuple[list[str], list[list]]:
    """One group of a cross-check as a table (header, rows) for the CSV."""
    from .models import AcledEvent, Incident

    ours_cols = [
        "id",
        "event_date",
        "event_type",
        "sub_event_type",
        "location",
        "admin1",
        "lat",
        "lon",
        "fatalities",
    ]
    acled_cols = [
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "location",
        "admin1",
        "lat",
        "lon",
        "fatalities",
    ]
    if group == "matched":
        ids = [m["id"] for m in result["matched"]]
        keys = [m["event_id_cnty"] for m in result["matched"]]
    else:
        ids = result["only_ours"] if group == "only_ours" else []
        keys = result["only_acled"] if group == "only_acled" else []
    ours = {r[0]: r for r in Incident.objects.filter(pk__in=ids).values_list(*ours_cols)}
    theirs = {r[0]: r for r in AcledEvent.objects.filter(event_id_cnty__in=keys).values_list(*acled_cols)}
    if group == "matched":
        header = (
            [f"ours_{c}" for c in ours_cols]
            + [f"acled_{c}" for c in acled_cols]
            + ["distance_km", "days_apart"]
        )
        rows = [
            [*ours[m["id"]], *theirs[m["event_id_cnty"]], m["distance_km"], m["days_apart"]]
            for m in result["matched"]
            if m["id"] in ours and m["event_id_cnty"] in theirs
        ]
    elif group == "only_ours":
        header, rows = ours_cols, [list(ours[i]) for i in ids if i in ours]
    else:
        header, rows = acled_cols, [list(theirs[k]) for k in keys if k in theirs]
    return header, [[c.isoformat() if isinstance(c, dt.date) else c for c in row] for row in rows]
