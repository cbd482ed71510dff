"""JSON API: GeoJSON incidents, one incident in full, timeline counts and facet counts.

All of it filters through incidents.filters.selection; a bad parameter is a 400 with
{"error": "...", "param": "..."}. Hot paths use values_list and one json.dumps, never per-object
serialisers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import wraps

import orjson
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from .access import dashboard_access
from .filters import SelectionError, selection
from .models import Claim, Incident, Source

FEATURE_FIELDS = (
    "id",
    "lon",
    "lat",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "location",
    "place__name_ar",
    "geo_precision",
    "status",
    "fatalities",
    "admin1",
    "is_demo",
)


def api_view(view):
    """Dashboard access, and a 400 JSON answer for a bad selection."""

    @dashboard_access
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SelectionError as exc:
            return JsonResponse({"error": str(exc), "param": exc.param}, status=400)

    return wrapped


def _json(payload, status=200) -> HttpResponse:
    return HttpResponse(dumps(payload), content_type="application/json", status=status)


def dumps(payload) -> bytes:
    """One JSON encoder for every response (orjson: dates as ISO strings, UTF-8 as is)."""
    return orjson.dumps(payload, default=str)


def feature_collection(qs) -> dict:
    """A lean GeoJSON FeatureCollection (RFC 7946: lon, lat) of the located incidents in qs."""
    features = []
    for row in (
        qs.located().order_by("-event_date", "-id").values_list(*FEATURE_FIELDS).iterator(chunk_size=5000)
    ):
        (pk, lon, lat, day, tp, etype, sub, loc, loc_ar, gp, st, fat, adm1, demo) = row
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                "properties": {
                    "id": pk,
                    "date": day.isoformat() if day else None,
                    "time_precision": tp,
                    "event_type": etype,
                    "sub_event_type": sub,
                    "location": loc,
                    "location_ar": loc_ar or "",
                    "geo_precision": gp,
                    "status": st,
                    "fatalities": fat,
                    "admin1": adm1,
                    "demo": demo,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@api_view
def incidents(request):
    fs = selection(request.GET)
    payload = feature_collection(fs.qs)
    payload["meta"] = {
        "count": len(payload["features"]),
        "unlocated": fs.qs.filter(lat__isnull=True).count(),
    }
    return _json(payload)


@api_view
def incident_detail(request, pk: int):
    incident = get_object_or_404(Incident.objects.select_related("place"), pk=pk)
    return _json(incident_payload(incident))


def incident_payload(incident: Incident) -> dict:
    place = incident.place
    claims = []
    for c in incident.claims.select_related("article__source").order_by("article_id", "id"):
        a = c.article
        claims.append(
            {
                "id": c.pk,
                "outlet": a.source.name_en,
                "outlet_ar": a.source.name_ar,
                "outlet_kind": a.source.kind,
                "cited_source": c.cited_source or None,
                "claimed_perpetrator": c.claimed_perpetrator or None,
                "claimed_killed": c.claimed_killed,
                "claimed_injured": c.claimed_injured,
                "event_type": c.event_type or None,
                "evidence_text": c.evidence_text,
                "evidence_start": c.evidence_start,
                "evidence_end": c.evidence_end,
                "article": {
                    "id": a.pk,
                    "title": a.title,
                    "url": a.url,
                    "text": a.text,
                    "language": a.language,
                    "published": a.published_at.date().isoformat() if a.published_at else None,
                },
            }
        )
    return {
        "id": incident.pk,
        "event_date": incident.event_date.isoformat() if incident.event_date else None,
        "time_precision": incident.time_precision,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "actors": incident.actors or [a for a in (incident.actor1, incident.actor2) if a],
        "fatalities": incident.fatalities,
        "injured": incident.injured,
        "status": incident.status,
        "location": incident.location,
        "lat": incident.lat,
        "lon": incident.lon,
        "geo_precision": incident.geo_precision,
        "place": {
            "name_en": place.name_en,
            "name_ar": place.name_ar,
            "admin1": place.admin1,
            "admin2": place.admin2,
            "admin3": place.admin3,
        }
        if place
        else None,
        "admin1": incident.admin1,
        "notes": incident.notes,
        "demo": incident.is_demo,
        "claims": claims,
    }


def bucket_for(start: dt.date | None, end: dt.date | None) -> str:
    if not start or not end:
        return "day"
    days = (end - start).days
    return "day" if days <= 120 else ("week" if days <= 900 else "month")


@api_view
def timeline(request):
    """Counts per day/week/month for every filter except the time window (the brush shows the window)."""
    fs = selection(request.GET, without=("start", "end"))
    qs = fs.qs.filter(event_date__isnull=False)
    # Count per day in the database (an indexed column, at most a few thousand rows), bucket here:
    # Django's SQLite date truncation calls back into Python for every row.
    per_day = list(qs.order_by().values_list("event_date").annotate(n=Count("id")).order_by("event_date"))
    first, last = (per_day[0][0], per_day[-1][0]) if per_day else (None, None)
    unit = request.GET.get("unit") or bucket_for(first, last)
    if unit not in ("day", "week", "month"):
        return JsonResponse({"error": "unit must be day, week or month", "param": "unit"}, status=400)
    buckets: Counter = Counter()
    for day, n in per_day:
        if unit == "week":
            day = day - dt.timedelta(days=day.weekday())
        elif unit == "month":
            day = day.replace(day=1)
        buckets[day] += n
    return _json(
        {
            "unit": unit,
            "first": first,
            "last": last,
            "buckets": [[day.isoformat(), n] for day, n in sorted(buckets.items())],
            "undated": fs.qs.filter(event_date__isnull=True).count(),
            "window": {"start": request.GET.get("start") or None, "end": request.GET.get("end") or None},
        }
    )


@api_view
def facets(request):
    """Counts for each filter's options under the current selection."""
    qs = selection(request.GET).qs
    ids = qs.values("id")
    lang = get_language() or "en"
    sources = (
        Source.objects.filter(articles__claims__incident__in=ids)
        .annotate(n=Count("articles__claims__incident", distinct=True))
        .order_by("-n")
        .values_list("slug", "name_en", "name_ar", "n")
    )
    cited = (
        Claim.objects.filter(incident__in=ids)
        .values("cited_source")
        .annotate(n=Count("incident", distinct=True))
        .order_by("-n")
    )

    def count(field):
        return [
            [v, n]
            for v, n in qs.order_by().values_list(field).annotate(n=Count("id")).order_by("-n")
            if v not in ("", None)
        ]

    actors: Counter = Counter()
    for field in ("actor1", "actor2"):
        for actor, n in qs.order_by().values_list(field).annotate(n=Count("id")):
            if actor:
                actors[actor] += n  # an incident with the same actor on both sides is rare enough
    return _json(
        {
            "total": qs.count(),
            "source": [[slug, (ar if lang == "ar" and ar else en), n] for slug, en, ar, n in sources],
            "cited": [[c["cited_source"] or "outlet", c["n"]] for c in cited],
            "type": count("event_type"),
            "actor": actors.most_common(),
            "admin1": count("admin1"),
            "status": count("status"),
            "precision": count("geo_precision"),
        }
    )
