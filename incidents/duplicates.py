"""Duplicate candidates: reports that may describe one event, for an analyst to merge or dismiss.

Two incidents are candidates when their event types are compatible, they are within 10 km and their
dates within two days of each other. Incidents one article reports separately are different events by
that article's own account (the seed's five villages, attacked the same night), so they never pair.
The search is a grid of 0.2° cells, each sorted by date (figures: bench/bench_review.py).
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from .extraction.geo import haversine_km

MAX_KM = 10.0
MAX_DAYS = 2
# Political violence is often typed differently by different outlets (ACLED: an "attack" by one is an
# "armed clash" or a "shelling" by another); the other types must agree.
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_CELL_DEG = 0.2  # ≥ 10 km in latitude, and in longitude up to 60° N/S


@dataclass(frozen=True)
class IncidentPoint:
    """What the duplicate search needs to know about one incident."""

    id: int
    event_date: dt.date
    lat: float
    lon: float
    event_type: str
    article_ids: frozenset[int] = frozenset()
    is_demo: bool = False


@dataclass(frozen=True)
class CandidatePair:
    a: int
    b: int
    distance_km: float
    days_apart: int
    latest: dt.date


def compatible_types(a: str, b: str) -> bool:
    """Same type, an unknown type on either side, or two kinds of political violence."""
    return not a or not b or a == b or (a in VIOLENT and b in VIOLENT)


def candidate_pairs(
    points, *, max_km: float = MAX_KM, max_days: int = MAX_DAYS, dismissed=frozenset()
) -> list[CandidatePair]:
    """Every pair of points that may be one event: newest first, then closest in time and space."""
    # Spatial cells, each holding its points sorted by date: nine lookups and two bisections per point.
    cells: dict[tuple[int, int], list[IncidentPoint]] = defaultdict(list)
    for p in points:
        cells[(math.floor(p.lat / _CELL_DEG), math.floor(p.lon / _CELL_DEG))].append(p)
    index = {}
    for key, members in cells.items():
        members.sort(key=lambda p: p.event_date)
        index[key] = ([p.event_date.toordinal() for p in members], members)
    pairs = []
    for (cy, cx), (_days, members) in index.items():
        neighbours = [
            index[k] for k in ((cy + y, cx + x) for y in (-1, 0, 1) for x in (-1, 0, 1)) if k in index
        ]
        for p in members:
            day = p.event_date.toordinal()
            for days, others in neighbours:
                for j in range(bisect_left(days, day - max_days), bisect_right(days, day + max_days)):
                    q = others[j]
                    if q.id <= p.id or (p.id, q.id) in dismissed:
                        continue
                    if p.is_demo != q.is_demo or p.article_ids & q.article_ids:
                        continue
                    if not compatible_types(p.event_type, q.event_type):
                        continue
                    km = haversine_km(p.lat, p.lon, q.lat, q.lon)
                    if km <= max_km:
                        apart = abs(days[j] - day)
                        pairs.append(
                            CandidatePair(p.id, q.id, round(km, 2), apart, max(p.event_date, q.event_date))
                        )
    pairs.sort(key=lambda c: (-c.latest.toordinal(), c.days_apart, c.distance_km, c.a, c.b))
    return pairs


def find_candidates(
    queryset=None, *, limit: int = 200, include_demo: bool = False, since: dt.date | None = None
):
    """Candidate pairs among visible, located, dated incidents (from ``since``), with both incidents loaded.

    A pair straddling ``since`` is found as long as its later incident is inside the window."""
    from .models import Claim, DistinctPair, Incident

    qs = (queryset if queryset is not None else Incident.objects.all()).visible().located()
    qs = qs.filter(event_date__isnull=False)
    if since is not None:
        qs = qs.filter(event_date__gte=since - dt.timedelta(days=MAX_DAYS))
    if not include_demo:
        qs = qs.filter(is_demo=False)
    rows = list(qs.values_list("id", "event_date", "lat", "lon", "event_type", "is_demo"))
    articles: dict[int, set[int]] = defaultdict(set)
    claims = Claim.objects.filter(incident_id__in=qs.values("id")).values_list("incident_id", "article_id")
    for incident_id, article_id in claims.iterator(chunk_size=20_000):
        articles[incident_id].add(article_id)
    points = [
        IncidentPoint(i, d, lat, lon, t, frozenset(articles.get(i, ())), demo)
        for i, d, lat, lon, t, demo in rows
    ]
    dismissed = set(DistinctPair.objects.values_list("incident_a_id", "incident_b_id"))
    pairs = candidate_pairs(points, dismissed=dismissed)
    if since is not None:  # the margin before the window was only there to pair with it
        pairs = [c for c in pairs if c.latest >= since]
    total = len(pairs)
    pairs = pairs[:limit]
    wanted = {i for c in pairs for i in (c.a, c.b)}
    loaded = {
        i.pk: i
        for i in Incident.objects.filter(pk__in=wanted)
        .select_related("place")
        .prefetch_related("claims__article__source")
    }
    return [(c, loaded[c.a], loaded[c.b]) for c in pairs if c.a in loaded and c.b in loaded], total
