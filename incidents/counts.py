"""Counts under the selection: incidents per day/week/month for the timeline, per option for the facets.

Each query re-runs the whole selection (an outlet filter is a subquery over claims and articles), so
these ask for as few grouped queries as they can and sum the groups here, where it costs microseconds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count

from .models import Claim, Source

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


def facet_counts(qs, language: str = "en") -> dict:
    """Counts for each filter's option under the selection qs, largest first; "" and NULL are left out."""
    ids = qs.values("id")
    # Distinct incidents per outlet, grouped on the claims; the outlets' names come from six rows after.
    per_source = dict(
        Claim.objects.filter(incident__in=ids)
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
    sources.sort(key=lambda row: -row[2])
    cited = (
        Claim.objects.filter(incident__in=ids)
        .values_list("cited_source")
        .annotate(n=Count("incident", distinct=True))
        .order_by("-n")
    )
    # The single-valued columns in one GROUP BY (a few thousand combinations), the actor pair in another.
    columns = ("event_type", "admin1", "status", "geo_precision")
    per_column: dict[str, Counter] = {name: Counter() for name in columns}
    total = 0
    for *values, n in qs.order_by().values_list(*columns).annotate(n=Count("id")):
        total += n
        for name, value in zip(columns, values, strict=True):
            if value not in ("", None):
                per_column[name][value] += n
    actors: Counter = Counter()
    for actor1, actor2, n in qs.order_by().values_list("actor1", "actor2").annotate(n=Count("id")):
        for actor in (actor1, actor2):
            if actor:
                actors[actor] += n  # an incident with the same actor on both sides is rare enough

    def ranked(counter: Counter) -> list[list]:
        return [[value, n] for value, n in counter.most_common()]

    return {
        "total": total,
        "source": sources,
        "cited": [[cited_source or "outlet", n] for cited_source, n in cited],
        "type": ranked(per_column["event_type"]),
        "actor": ranked(actors),
        "admin1": ranked(per_column["admin1"]),
        "status": ranked(per_column["status"]),
        "precision": ranked(per_column["geo_precision"]),
    }
