"""Counts under the selection: incidents per day/week/month for the timeline, per option for the facets.

Each query re-runs the whole selection (an outlet filter is a subquery over claims and articles), so
these ask for as few grouped queries as they can and sum the groups here, where it costs microseconds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count

from .mapdata import raw_rows
from .models import EVENT_TYPES, Claim, GeoPrecision, Incident, Source

UNITS = ("day", "week", "month")


def bucket_for(start: dt.date | None, end: dt.date | None) -> str:
    """The timeline's unit for a span: days up to four months, weeks up to about two and a half years."""
    if not start or not end:
        return "day"
    days = (end - start).days
    return "day" if days <= 120 else ("week" if days <= 900 else "month")


def per_day(qs) -> tuple[list[tuple[dt.date, int]], int]:
    """(day, count) for the dated incidents in qs, oldest first, and the count of undated ones.

    One GROUP BY over the (indexed) date; the undated incidents are its NULL group rather than a second
    query. Buckets are made in Python: Django's SQLite date truncation calls back into Python per row."""
    dated, undated = [], 0
    for day, n in qs.order_by().values_list("event_date").annotate(n=Count("id")):
        if day is None:
            undated = n
        else:
            dated.append((day, n))
    dated.sort()
    return dated, undated


def buckets(days: list[tuple[dt.date, int]], unit: str) -> list[tuple[dt.date, int]]:
    """Per-day counts summed per week (starting Monday) or per month, in date order."""
    counts: Counter = Counter()
    for day, n in days:
        if unit == "week":
            day = day - dt.timedelta(days=day.weekday())
        elif unit == "month":
            day = day.replace(day=1)
        counts[day] += n
    return sorted(counts.items())


SUB_EVENT_TYPES = [s for subs in EVENT_TYPES.values() for s in subs]  # the codebook's order

# The facet groups, each one filter parameter of the FilterSet.
FACETS = (
    "source",
    "cited",
    "type",
    "sub_event_type",
    "actor",
    "admin1",
    "admin2",
    "status",
    "corroboration",
    "precision",
)
_COLUMNS = {
    "type": "event_type",
    "sub_event_type": "sub_event_type",
    "admin1": "admin1",
    "admin2": "admin2",
    "status": "status",
    "corroboration": "corroboration",
    "precision": "geo_precision",
}
# Corroboration levels, weakest first (incidents/corroboration.py).
CORROBORATION = [c for c, _ in Incident._meta.get_field("corroboration").choices]


def facet_counts(qs, language: str = "en", own: dict | None = None) -> dict:
    """Counts for each filter's options, in a stable order; "" and NULL are left out.

    ``qs`` is the whole selection. A group whose filter is set counts over ``own[group]``: the selection
    without that group's own filter, so its other options keep their counts and stay choosable (OR
    within a group, AND across groups, as ACLED's explorer and every faceted search do). The order never
    depends on the counts: types and statuses in the codebook's order, precision 1-3, names
    alphabetically, so a click never moves the option under the pointer."""
    own = own or {}
    total = qs.order_by().count()
    counted: dict[str, Counter] = {}
    # The single-valued columns of the unfiltered groups in one GROUP BY (a few thousand combinations).
    shared = [g for g in _COLUMNS if g not in own]
    counted |= _column_counts(qs, shared)
    for group in _COLUMNS:
        if group in own:
            counted |= _column_counts(own[group], [group])
    counted["actor"] = _actor_counts(own.get("actor", qs))
    counted["cited"] = _cited_counts(own.get("cited", qs))
    sources = _source_counts(own.get("source", qs), language)
    return {
        "total": total,
        "source": sources,
        "cited": sorted(
            ([value, n] for value, n in counted["cited"].items()),
            key=lambda row: (row[0] != "outlet", row[0].casefold()),
        ),
        "type": _in_order(counted["type"], list(EVENT_TYPES)),
        "sub_event_type": _in_order(counted["sub_event_type"], SUB_EVENT_TYPES),
        "actor": _alphabetical(counted["actor"]),
        "admin1": _alphabetical(counted["admin1"]),
        "admin2": _alphabetical(counted["admin2"]),
        "status": _in_order(counted["status"], [s for s, _ in Incident.Status.choices]),
        "corroboration": _in_order(counted["corroboration"], CORROBORATION),
        "precision": _in_order(counted["precision"], [int(p) for p in GeoPrecision.values]),
    }


def _column_counts(qs, groups: list[str]) -> dict[str, Counter]:
    if not groups:
        return {}
    columns = [_COLUMNS[g] for g in groups]
    per_group: dict[str, Counter] = {g: Counter() for g in groups}
    for *values, n in raw_rows(qs.order_by().values_list(*columns).annotate(n=Count("id"))):
        for group, value in zip(groups, values, strict=True):
            if value not in ("", None):
                per_group[group][value] += n
    return per_group


def _actor_counts(qs) -> Counter:
    actors: Counter = Counter()
    for actor1, actor2, n in qs.order_by().values_list("actor1", "actor2").annotate(n=Count("id")):
        for actor in {actor1, actor2}:  # the same actor on both sides counts the incident once
            if actor:
                actors[actor] += n
    return actors


def _cited_counts(qs) -> Counter:
    rows = (
        Claim.objects.filter(incident__in=qs.values("id"))
        .values_list("cited_source")
        .annotate(n=Count("incident", distinct=True))
        .order_by()
    )
    return Counter({(cited or "outlet"): n for cited, n in rows})


def _source_counts(qs, language: str) -> list[list]:
    # Distinct incidents per outlet, grouped on the claims; the outlets' names come from a few rows after.
    per_source = dict(
        Claim.objects.filter(incident__in=qs.values("id"))
        .values_list("article__source_id")
        .annotate(n=Count("incident", distinct=True))
        .order_by()
    )
    sources = [
        [slug, (ar if language == "ar" and ar else en), per_source[pk]]
        for pk, slug, en, ar in Source.objects.filter(pk__in=per_source).values_list(
            "pk", "slug", "name_en", "name_ar"
        )
    ]
    sources.sort(key=lambda row: (row[1].casefold(), row[0]))
    return sources


def _in_order(counter: Counter, order: list) -> list[list]:
    known = [[value, counter[value]] for value in order if counter.get(value)]
    rest = sorted((v for v in counter if v not in order), key=str)
    return known + [[value, counter[value]] for value in rest]


def _alphabetical(counter: Counter) -> list[list]:
    return [[value, counter[value]] for value in sorted(counter, key=lambda v: (str(v).casefold(), v))]
