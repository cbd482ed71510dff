"""The selection's incidents in bulk: a GeoJSON FeatureCollection (QGIS, exports) and the map's columns.

At 100 k incidents the time goes into Python objects, not SQL: Django's values_list runs a converter on
every value (SQLite dates are parsed one by one in Python), and a per-feature loop allocates so many
small containers that the garbage collector rescans the same rows again and again. So both payloads
read the SQL that the FilterSet's queryset compiles to through one raw cursor, with the database doing
what it does in C (rounding, the date as text), and the collector paused while the rows are turned
into JSON. The dashboard map gets parallel arrays of numbers, not 100 k features: a tenth of the bytes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import (
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast

from .models import Claim, Place, PlaceMention, Source
from .resolution import WAITING

# The map's coordinates are integers in 1e-5 degrees (about a metre), as the GeoJSON's five decimals.
COORDINATE_SCALE = 100_000

# Newest first, as the list and the GeoJSON API promise.
NEWEST_FIRST = ("-event_date", "-id")


def _first_outlet():
    # The alphabetically first outlet reporting the incident: what "sort by outlet" sorts on.
    return Subquery(
        Claim.objects.filter(incident=OuterRef("pk"))
        .order_by("article__source__name_en")
        .values("article__source__name_en")[:1]
    )


# The list's orders (?sort=): each ends with the newest first, so equal rows keep a stable order.
# Unknown values (no fatalities stated, no precision) go last on every database.
LIST_ORDERS = {
    "newest": lambda: NEWEST_FIRST,
    "oldest": lambda: (F("event_date").asc(nulls_last=True), "id"),
    "fatalities": lambda: (F("fatalities").desc(nulls_last=True), *NEWEST_FIRST),
    "precision": lambda: (F("geo_precision").asc(nulls_last=True), *NEWEST_FIRST),
    "status": lambda: ("status", *NEWEST_FIRST),
    "place": lambda: ("location", *NEWEST_FIRST),
    "outlet": lambda: (_first_outlet().asc(nulls_last=True), *NEWEST_FIRST),
}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many short-lived containers that hold no cycles.

    Reference counting still frees everything; only the repeated scans of the live rows are skipped
    (they doubled the time to build 100 k features)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def raw_rows(qs) -> list[tuple]:
    """The rows of a values_list queryset through one raw cursor: the same SQL, none of the per-value work."""
    try:
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:  # a filter that can match nothing (e.g. pk__in=[]) compiles to no SQL
        return []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _iso_date(qs):
    # SQLite stores dates as ISO text and Django's cursor parses each into a date in Python; cast, it
    # stays text. Other databases return date objects cheaply, and orjson writes them as ISO text too.
    if connections[qs.db].vendor == "sqlite":
        return Cast("event_date", TextField())
    return F("event_date")


def _scaled(field: str):
    # ROUND(x * 1e5) on the double itself, in C on both databases. ROUND(x, 5) would go through printf
    # and text on SQLite, and Django's Round casts a float to numeric on PostgreSQL (slower, and the
    # value would arrive as a Decimal).
    return Func(F(field) * COORDINATE_SCALE, function="ROUND", output_field=FloatField())


def _five_decimals(field: str):
    # The same double as rounding to five decimals.
    return ExpressionWrapper(_scaled(field) / COORDINATE_SCALE, output_field=FloatField())


def _arabic_names(place_ids) -> dict[int, str]:
    """Arabic place names by place id: a few hundred rows here cost less than joining 100 k incidents."""
    ids = sorted(pk for pk in place_ids if pk is not None)
    names: dict[int, str] = {}
    for start in range(0, len(ids), 500):  # under every database's limit on query parameters
        names.update(Place.objects.filter(pk__in=ids[start : start + 500]).values_list("pk", "name_ar"))
    return names


def _outlets(incident_ids) -> dict[int, tuple[list[str], list[str]]]:
    """The outlets reporting each incident of a page: (English names, Arabic names), in English name
    order. Claims give source ids (one join, no sort); the handful of outlets' names are read once."""
    ids = sorted(incident_ids)
    per_incident: dict[int, set[int]] = {}
    for start in range(0, len(ids), 500):  # under every database's limit on query parameters
        batch = Claim.objects.filter(incident_id__in=ids[start : start + 500]).order_by()
        for incident_id, source_id in raw_rows(batch.values_list("incident_id", "article__source_id")):
            per_incident.setdefault(incident_id, set()).add(source_id)
    used = set().union(*per_incident.values()) if per_incident else set()
    names = dict(
        (pk, (en, ar))
        for pk, en, ar in Source.objects.filter(pk__in=used).values_list("pk", "name_en", "name_ar")
    )
    out: dict[int, tuple[list[str], list[str]]] = {}
    for incident_id, sources in per_incident.items():
        ordered = sorted((names[s] for s in sources if s in names), key=lambda n: n[0])
        out[incident_id] = ([en for en, _ar in ordered], [ar or en for en, ar in ordered])
    return out


def _waiting_mentions(incident_ids) -> dict[int, int]:
    """For incidents without coordinates, the place mention an analyst can resolve ("Place it")."""
    found: dict[int, int] = {}
    ids = sorted(incident_ids)
    for start in range(0, len(ids), 500):
        rows = (
            PlaceMention.objects.filter(WAITING, incident_id__in=ids[start : start + 500])
            .order_by("incident_id", "id")
            .values_list("incident_id", "id")
        )
        for incident_id, mention_id in rows:
            found.setdefault(incident_id, mention_id)
    return found


def geojson(
    qs,
    *,
    limit: int | None = None,
    offset: int = 0,
    meta: bool = True,
    unlocated: bool = False,
    sort: str = "newest",
) -> bytes:
    """A lean GeoJSON FeatureCollection (RFC 7946: lon, lat) of the located incidents in qs, newest first.

    ``limit``/``offset`` give one page of it (the dashboard's list). ``meta`` adds the API's
    {"count": features here, "unlocated": incidents in qs without coordinates}. ``unlocated`` keeps the
    incidents without coordinates too, as features with a null geometry (RFC 7946 allows it), each with
    the ``mention_id`` an analyst can place. ``sort`` is one of LIST_ORDERS."""
    page = _feature_query(qs, unlocated, sort)
    if limit is not None:
        page = page[offset : offset + limit]
    elif offset:
        page = page[offset:]
    unlocated_n = unlocated_count(qs) if meta else None
    payload: dict = {"type": "FeatureCollection"}
    with collector_paused():
        rows = raw_rows(page)
        payload["features"] = _features(rows, unlocated)
        if limit is not None:
            # A page is for reading (the list): who reported each incident. The whole selection (QGIS,
            # exports) goes without; at 100 k incidents the lookup would double its time.
            outlets = _outlets([r[0] for r in rows])
            for feature in payload["features"]:
                en, ar = outlets.get(feature["id"], ([], []))
                feature["properties"] |= {"outlets": en, "outlets_ar": ar}
        if meta:
            payload["meta"] = {"count": len(rows), "unlocated": unlocated_n}
        del rows
        return _encoded(payload)


def _feature_query(qs, unlocated: bool, sort: str):
    """The GeoJSON's columns for qs in the list's order (the located incidents only, unless ``unlocated``)."""
    located = (qs if unlocated else qs.located()).order_by(*LIST_ORDERS[sort]())
    return located.values_list(
        "id",
        _five_decimals("lon"),
        _five_decimals("lat"),
        _iso_date(located),
        "time_precision",
        "event_type",
        "sub_event_type",
        "location",
        "place_id",
        "geo_precision",
        "status",
        "fatalities",
        "admin1",
        "is_demo",
        "corroboration",
    )


def _features(rows, unlocated: bool) -> list[dict]:
    """GeoJSON features for rows of _feature_query (and, with ``unlocated``, each unlocated incident's
    waiting mention)."""
    arabic = _arabic_names({r[8] for r in rows})
    waiting = _waiting_mentions([r[0] for r in rows if r[1] is None]) if unlocated else {}
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": None if lon is None or lat is None else {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": pk,
                "date": day,
                "time_precision": tp,
                "event_type": etype,
                "sub_event_type": sub,
                "location": loc,
                "location_ar": arabic.get(place, ""),
                "geo_precision": gp,
                "status": st,
                "fatalities": fat,
                "admin1": adm1,
                "demo": bool(demo),
                "corroboration": corr,
            },
        }
        for pk, lon, lat, day, tp, etype, sub, loc, place, gp, st, fat, adm1, demo, corr in rows
    ]
    if unlocated:  # the waiting mention behind each incident without coordinates ("Place it")
        for feature in features:
            if feature["geometry"] is None:
                feature["properties"]["mention_id"] = waiting.get(feature["id"])
    return features


def geojson_stream(qs, *, unlocated: bool = False, chunk_size: int = 2000) -> Iterator[bytes]:
    """The whole selection's FeatureCollection (as geojson(meta=False) gives it, byte for byte) in pieces:
    rows read through a server-side cursor on PostgreSQL, ``chunk_size`` at a time, so memory stays flat
    and the first bytes leave at once, whatever the size of the selection."""
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for rows in chunked_rows(_feature_query(qs, unlocated, "newest"), chunk_size):
        with collector_paused():
            body = b",".join(orjson.dumps(f) for f in _features(rows, unlocated))
        yield body if first else b"," + body
        first = False
    yield b"]}"


def chunked_rows(qs, chunk_size: int) -> Iterator[list[tuple]]:
    """The rows of a values_list queryset, ``chunk_size`` at a time, through the database's chunked
    cursor (a named, server-side cursor on PostgreSQL: it never holds the whole result)."""
    try:
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:
        return
    connection = connections[qs.db]
    with streaming_read(qs.db), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield rows


@contextmanager
def streaming_read(using: str):
    """A read transaction around a server-side cursor, so that its first rows leave at once.

    Outside a transaction Django declares PostgreSQL's cursor WITH HOLD, and PostgreSQL copies a held
    cursor's whole result when the declaring transaction commits: at a million incidents the first row
    of an export waited 3.4-5.5 s for the last one to be read. Inside a transaction the cursor streams,
    and ``cursor_tuple_fraction`` tells the planner that the first rows are what counts (the date index
    in order, not a sort of the whole selection). A no-op elsewhere (SQLite's cursor streams anyway) and
    inside a transaction already open."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not connection.get_autocommit():
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 0.01")
        yield


def map_columns(qs, *, head: dict | None = None) -> bytes:
    """The dashboard map's payload: one array per column, index i in each is one located incident.

    Only what drawing needs (id, position, precision, event type index into ``types``, corroboration
    level index into ``corroborations``), plus ``count`` and ``unlocated``. The list and the popups read
    their text from a page of the GeoJSON and from the incident detail: a person reads a few incidents,
    never 100 k. ``head``: keys to put first (incidents.grid's mode)."""
    located = qs.located().order_by(*NEWEST_FIRST)
    payload: dict = dict(head or {})
    payload |= {
        "unlocated": unlocated_count(qs),
        "scale": COORDINATE_SCALE,
    }
    with collector_paused():
        rows = raw_rows(
            located.values_list(
                "id",
                Cast(_scaled("lon"), IntegerField()),
                Cast(_scaled("lat"), IntegerField()),
                "geo_precision",
                "event_type",
                "corroboration",
            )
        )
        # A comprehension per column is several times faster than transposing with zip(*rows).
        types: dict[str, int] = {}
        levels: dict[str, int] = {}
        payload |= {
            "count": len(rows),
            "id": [r[0] for r in rows],
            "lon": [r[1] for r in rows],
            "lat": [r[2] for r in rows],
            "precision": [r[3] for r in rows],
            "type": [types.setdefault(r[4], len(types)) for r in rows],
            "types": list(types),
            "corroboration": [levels.setdefault(r[5], len(levels)) for r in rows],
            "corroborations": list(levels),
        }
        del rows
        return _encoded(payload)


def _encoded(payload: dict) -> bytes:
    """The JSON, and the payload's containers freed while the collector is still paused.

    Freed first, they are gone before it resumes; alive, its first pass would scan all of them."""
    encoded = orjson.dumps(payload)
    payload.clear()
    return encoded


def unlocated_count(qs) -> int:
    """Incidents in the selection that have no coordinates (counted, never drawn at a guessed place).

    The few unlocated ids are found first, then checked against the selection: asked in one WHERE,
    SQLite walked every visible incident by the merged_into index (46 ms at 100 k, on each map answer)."""
    return qs.filter(pk__in=qs.model.objects.unlocated().values("pk")).count()
