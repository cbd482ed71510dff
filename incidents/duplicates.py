"""Duplicate candidates: reports that may describe one event, for an analyst to merge or dismiss.

Two incidents are candidates when their event types are compatible, they are within 10 km and their
dates within two days of each other. Incidents one article reports separately are different events by
that article's own account (the seed's five villages, attacked the same night), so they never pair.
The search is a grid of 0.2° cells, each sorted by date (figures: bench/bench_review.py).

Nothing is left out for lacking a field: an undated incident is compared by the date its earliest
report was published (the pair says its date is approximate), and an incident without coordinates
is compared with every incident of the same place name as written (and the same governorate when
both have one), within the same two days. Pairs that share incidents form groups: three or more
reports of one event are shown, and merged, together.
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
    event_date: dt.date  # for an undated incident, when its earliest report was published
    lat: float | None
    lon: float | None
    event_type: str
    article_ids: frozenset[int] = frozenset()
    is_demo: bool = False
    place_name: str = ""  # the place as written, folded (pairs incidents without coordinates)
    admin1: str = ""
    dated: bool = True


@dataclass(frozen=True)
class CandidatePair:
    a: int
    b: int
    distance_km: float | None  # None: paired by place name, one side has no coordinates
    days_apart: int
    latest: dt.date
    approximate_date: bool = False  # one side is undated: its report's publication date stood in


def compatible_types(a: str, b: str) -> bool:
    """Same type, an unknown type on either side, or two kinds of political violence."""
    return not a or not b or a == b or (a in VIOLENT and b in VIOLENT)


def _may_pair(p: IncidentPoint, q: IncidentPoint, dismissed) -> bool:
    return (
        (min(p.id, q.id), max(p.id, q.id)) not in dismissed
        and p.is_demo == q.is_demo
        and not p.article_ids & q.article_ids
        and compatible_types(p.event_type, q.event_type)
    )


def candidate_pairs(
    points, *, max_km: float = MAX_KM, max_days: int = MAX_DAYS, dismissed=frozenset()
) -> list[CandidatePair]:
    """Every pair of points that may be one event: newest first, then closest in time and space."""
    points = list(points)
    pairs = _pairs_by_distance([p for p in points if p.lat is not None], max_km, max_days, dismissed)
    pairs += _pairs_by_name(points, max_days, dismissed)
    pairs.sort(
        key=lambda c: (
            -c.latest.toordinal(),
            c.days_apart,
            c.distance_km is None,
            c.distance_km or 0,
            c.a,
            c.b,
        )
    )
    return pairs


def _pairs_by_name(points, max_days: int, dismissed) -> list[CandidatePair]:
    """Pairs with a side without coordinates: the same place name as written, the same two days."""
    by_name: dict[str, list[IncidentPoint]] = defaultdict(list)
    for p in points:
        if p.place_name:
            by_name[p.place_name].append(p)
    pairs = []
    for members in by_name.values():
        if len(members) < 2 or all(p.lat is not None for p in members):
            continue
        members.sort(key=lambda p: p.event_date)
        for i, p in enumerate(members):
            for q in members[i + 1 :]:
                apart = (q.event_date - p.event_date).days
                if apart > max_days:
                    break
                if p.lat is not None and q.lat is not None:
                    continue  # both placed: the distance decides (_pairs_by_distance)
                if p.admin1 and q.admin1 and p.admin1 != q.admin1:
                    continue
                if not _may_pair(p, q, dismissed):
                    continue
                a, b = sorted((p.id, q.id))
                pairs.append(CandidatePair(a, b, None, apart, q.event_date, not (p.dated and q.dated)))
    return pairs


def _pairs_by_distance(points, max_km: float, max_days: int, dismissed) -> list[CandidatePair]:
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
                    if q.id <= p.id or not _may_pair(p, q, dismissed):
                        continue
                    km = haversine_km(p.lat, p.lon, q.lat, q.lon)
                    if km <= max_km:
                        apart = abs(days[j] - day)
                        latest = max(p.event_date, q.event_date)
                        pairs.append(
                            CandidatePair(p.id, q.id, round(km, 2), apart, latest, not (p.dated and q.dated))
                        )
    return pairs


def groups(pairs) -> list[list[int]]:
    """Incidents linked by candidate pairs, three or more together (one event reported many times),
    each group's ids in order, the group with the newest pair first."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for c in pairs:
        parent[root(c.a)] = root(c.b)
    members: dict[int, list[int]] = defaultdict(list)
    for i in parent:
        members[root(i)].append(i)
    order = {}
    for n, c in enumerate(pairs):  # pairs come newest first
        order.setdefault(root(c.a), n)
    return [sorted(m) for r, m in sorted(members.items(), key=lambda kv: order[kv[0]]) if len(m) >= 3]


def find_candidates(
    queryset=None, *, limit: int = 200, include_demo: bool = False, since: dt.date | None = None
):
    """Candidate pairs among visible incidents (from ``since``), with both incidents loaded, and the
    groups of three or more they form: ``(pairs, total, groups)``.

    A pair straddling ``since`` is found as long as its later incident is inside the window. An incident
    without a date stands at its earliest report's publication date; one without coordinates and
    without a place name as written has nothing to be compared by and is left out."""
    from django.db.models import Min, Q

    from .extraction.normalise import normalise_ar
    from .models import Claim, DistinctPair, Incident

    qs = (queryset if queryset is not None else Incident.objects.all()).visible()
    qs = qs.filter(Q(lat__isnull=False, lon__isnull=False) | ~Q(location=""))
    if since is not None:
        qs = qs.filter(Q(event_date__gte=since - dt.timedelta(days=MAX_DAYS)) | Q(event_date__isnull=True))
    if not include_demo:
        qs = qs.filter(is_demo=False)
    rows = list(
        qs.values_list("id", "event_date", "lat", "lon", "event_type", "is_demo", "location", "admin1")
    )
    undated = [r[0] for r in rows if r[1] is None]
    first_reports = dict(
        Claim.objects.filter(incident_id__in=undated)
        .values("incident_id")
        .annotate(first=Min("article__published_at"))
        .values_list("incident_id", "first")
    )
    articles: dict[int, set[int]] = defaultdict(set)
    claims = Claim.objects.filter(incident_id__in=qs.values("id")).values_list("incident_id", "article_id")
    for incident_id, article_id in claims.iterator(chunk_size=20_000):
        articles[incident_id].add(article_id)
    points = []
    for i, d, lat, lon, kind, demo, location, admin1 in rows:
        first_report = first_reports.get(i)
        day = d or (first_report.date() if first_report else None)
        if day is None:
            continue  # neither a date nor a report date: nothing to compare by
        located = lat is not None and lon is not None
        points.append(
            IncidentPoint(
                i,
                day,
                lat if located else None,
                lon if located else None,
                kind,
                frozenset(articles.get(i, ())),
                demo,
                " ".join(normalise_ar(location).split()),
                admin1,
                dated=d is not None,
            )
        )
    dismissed = set(DistinctPair.objects.values_list("incident_a_id", "incident_b_id"))
    pairs = candidate_pairs(points, dismissed=dismissed)
    if since is not None:  # the margin before the window was only there to pair with it
        pairs = [c for c in pairs if c.latest >= since]
    total = len(pairs)
    found_groups = groups(pairs)
    pairs = pairs[:limit]
    wanted = {i for c in pairs for i in (c.a, c.b)} | {i for g in found_groups[:limit] for i in g}
    loaded = {
        i.pk: i
        for i in Incident.objects.filter(pk__in=wanted)
        .select_related("place")
        .prefetch_related("claims__article__source")
    }
    shown_pairs = [(c, loaded[c.a], loaded[c.b]) for c in pairs if c.a in loaded and c.b in loaded]
    shown_groups = [[loaded[i] for i in g] for g in found_groups[:limit] if all(i in loaded for i in g)]
    return shown_pairs, total, shown_groups
