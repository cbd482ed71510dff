"""A compact summary of the selection: incidents and fatalities by type and by week, top actors and places.

Everything is counted by the database (GROUP BY under the one FilterSet); Python only orders the groups
and sums per-day groups into weeks, never touching one row per incident.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Sum

from . import counts
from .models import EVENT_TYPES, Place

TOP = 5  # actors and places shown; each is a filter one click away


def summary(qs, language: str = "en") -> dict:
    """The summary of ``qs`` (the whole selection, time window included)."""
    qs = qs.order_by()
    # One GROUP BY (date, type) gives both the per-type totals and the weeks (index incident_summary_idx).
    by_type: dict[str, list[int]] = {}
    days: dict = {}
    for day, event_type, n, f in qs.values_list("event_date", "event_type").annotate(
        n=Count("id"), f=Sum("fatalities")
    ):
        f = f or 0
        totals = by_type.setdefault(event_type or "", [0, 0])
        totals[0] += n
        totals[1] += f
        if day is not None:
            known = days.setdefault(day, [0, 0])
            known[0] += n
            known[1] += f
    order = [t for t in EVENT_TYPES if t in by_type] + sorted(t for t in by_type if t not in EVENT_TYPES)
    return {
        "incidents": sum(n for n, _f in by_type.values()),
        "fatalities": sum(f for _n, f in by_type.values()),
        "by_type": [[t, *by_type[t]] for t in order],
        **_by_period(sorted(days.items())),
        "top_actors": _top_actors(qs),
        "top_places": _top_places(qs, language),
    }


def _by_period(days: list) -> dict:
    """Incidents and fatalities per week (Monday), or per month for spans over about two and a half years."""
    unit = counts.bucket_for(days[0][0], days[-1][0]) if days else "week"
    unit = "month" if unit == "month" else "week"
    incidents = dict(counts.buckets([(d, n) for d, (n, _f) in days], unit))
    fatalities = dict(counts.buckets([(d, f) for d, (_n, f) in days], unit))
    return {
        "unit": unit,
        "by_period": [[period.isoformat(), n, fatalities.get(period, 0)] for period, n in incidents.items()],
    }


def _top_actors(qs) -> list[list]:
    actors: Counter = Counter()
    for actor1, actor2, n in qs.values_list("actor1", "actor2").annotate(n=Count("id")):
        for actor in {actor1, actor2}:  # the same actor on both sides counts the incident once
            if actor:
                actors[actor] += n
    return [[actor, n] for actor, n in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]


def _top_places(qs, language: str) -> list[list]:
    """[place id, name in the interface language, incidents] for the most frequent gazetteer places."""
    rows = list(
        qs.exclude(place=None)
        .values_list("place_id")
        .annotate(n=Count("id"))
        .order_by("-n", "place_id")[:TOP]
    )
    names = Place.objects.in_bulk([pk for pk, _n in rows])
    return [[pk, names[pk].display_name(language), n] for pk, n in rows if pk in names]
