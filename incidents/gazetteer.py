"""The gazetteer as the extraction pipeline sees it: Place rows turned into one in-process index.

The index is built once per process and rebuilt only when Place rows change: a save or delete in this
process invalidates it at once (signals.py), and a cheap (count, last update) stamp catches changes made
by other processes, such as an analyst adding an alias in the admin while an ingest worker runs.
"""

from __future__ import annotations

import threading

from django.db.models import Count, Max
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .extraction.places import GazetteerEntry, GazetteerIndex
from .models import Place

_lock = threading.Lock()
_index: GazetteerIndex | None = None
_stamp: tuple | None = None


def place_to_entry(place: Place) -> GazetteerEntry:
    return GazetteerEntry(
        id=place.pk,
        name_en=place.name_en,
        name_ar=place.name_ar,
        aliases=tuple(place.aliases or ()),
        lat=place.lat,
        lon=place.lon,
        admin1=place.admin1,
        admin2=place.admin2,
        admin3=place.admin3,
        kind=place.kind,
        population=place.population,
        country=place.country,
    )


def _current_stamp() -> tuple:
    agg = Place.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (agg["n"], agg["last"])


def get_index() -> GazetteerIndex:
    """The current gazetteer index, rebuilt if any Place changed since it was built.

    A built index is also kept in var/cache/, named by the places' stamp and the extraction code's
    version: a new process (an ``extract`` or ``ingest`` run, a worker) reads it in a fraction of a
    second instead of building it again (seconds with Who's On First)."""
    global _index, _stamp
    stamp = _current_stamp()
    with _lock:
        if _index is None or stamp != _stamp:
            path = _cache_path(stamp)
            _index = GazetteerIndex.load(path)
            if _index is None:
                fields = [f.name for f in Place._meta.fields if f.name not in {"origin_key", "source_url"}]
                places = Place.objects.only(*fields)
                _index = GazetteerIndex(place_to_entry(p) for p in places.iterator(chunk_size=2000))
                _save_quietly(_index, path)
            _stamp = stamp
        return _index


def _cache_path(stamp: tuple):
    """var/cache/gazetteer-<hash>.pickle for this stamp, database and version of the index code."""
    import hashlib
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    from .extraction import normalise as normalise_module
    from .extraction import places as places_module

    # the index's keys come from places.py and the spellings normalise.py folds together
    code = tuple(Path(m.__file__).stat().st_mtime_ns for m in (places_module, normalise_module))
    words = Path(places_module.COMMON_WORDS_FILE)
    words_stamp = words.stat().st_mtime_ns if words.exists() else 0
    db = connection.settings_dict.get("NAME")
    key = hashlib.sha256(repr((stamp, str(db), code, words_stamp)).encode()).hexdigest()[:20]
    return Path(settings.VAR_DIR) / "cache" / f"gazetteer-{key}.pickle"


def _save_quietly(index: GazetteerIndex, path) -> None:
    """Keep the index for the next process; a read-only or full disk only costs the next one time."""
    try:
        for old in path.parent.glob("gazetteer-*.pickle"):
            old.unlink(missing_ok=True)
        index.save(path)
    except OSError:
        pass


def invalidate_index() -> None:
    global _index, _stamp
    with _lock:
        _index, _stamp = None, None


class LoadReport:
    """What a gazetteer load did: counts plus every skipped row with its reason."""

    def __init__(self) -> None:
        self.created = 0
        self.updated = 0
        self.unchanged = 0
        self.errors: list[str] = []

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.errors)} rows skipped"
        )


_SYNCED_FIELDS = [
    "geonameid",
    "name_en",
    "name_ar",
    "aliases",
    "lat",
    "lon",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "kind",
    "population",
    "origin",
    "source_url",
]


def load_records(records, report: LoadReport | None = None, origin: str = "") -> LoadReport:
    """Upsert PlaceRecords as Place rows, keyed by geonameid or origin_key; never duplicates.

    Aliases only grow: an alias an analyst added to a GeoNames place survives a reload. Runs in one
    transaction so a file that fails half-way leaves the gazetteer as it was.
    """
    from django.db import transaction

    report = report or LoadReport()
    records = list(records)
    with transaction.atomic():
        by_gid = {p.geonameid: p for p in Place.objects.filter(geonameid__isnull=False)}
        by_key = {p.origin_key: p for p in Place.objects.filter(origin_key__isnull=False)}
        seen_gid: set[int] = set()
        seen_key: set[str] = set()
        to_create, to_update = [], []
        for rec in records:
            if rec.geonameid in seen_gid or (rec.origin_key and rec.origin_key in seen_key):
                continue
            if rec.geonameid is not None:
                seen_gid.add(rec.geonameid)
            if rec.origin_key:
                seen_key.add(rec.origin_key)
            # by GeoNames id, else by the layer's own key: a supplement row that a later layer gave a
            # GeoNames id is still the same row
            existing = by_gid.get(rec.geonameid) if rec.geonameid is not None else None
            if existing is None and rec.origin_key:
                existing = by_key.get(rec.origin_key)
            if existing is None:
                to_create.append(
                    Place(
                        origin_key=rec.origin_key,
                        **{f: getattr(rec, f) for f in _SYNCED_FIELDS},
                    )
                )
                continue
            changed = False
            for f in _SYNCED_FIELDS:
                new = getattr(rec, f)
                if f == "geonameid" and new is None:
                    continue  # never forget an id a place has
                if f == "aliases":
                    new = existing.aliases + [a for a in new if a not in existing.aliases]
                if getattr(existing, f) != new:
                    setattr(existing, f, new)
                    changed = True
            if changed:
                to_update.append(existing)
            else:
                report.unchanged += 1
        # In bulk, but with a history row per place created or changed (never per unchanged one), so a
        # reload that moves a place is as traceable as an analyst's edit.
        reason = f"gazetteer load ({origin})" if origin else "gazetteer load"
        bulk_create_with_history(to_create, Place, batch_size=1000, default_change_reason=reason)
        if to_update:
            from django.utils import timezone

            now = timezone.now()
            for p in to_update:
                p.updated_at = now
            bulk_update_with_history(
                to_update,
                Place,
                _SYNCED_FIELDS + ["updated_at"],
                batch_size=500,
                default_change_reason=reason,
            )
        report.created += len(to_create)
        report.updated += len(to_update)
    invalidate_index()
    return report
