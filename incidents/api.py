"""JSON API: GeoJSON incidents, the map's columns, one incident in full, timeline and facet counts.

All of it filters through incidents.filters.selection; a bad parameter is a 400 with
{"error": "...", "param": "..."}. The bulk payloads are built in incidents.mapdata (one raw cursor,
one orjson call), never with per-object serialisers.
"""

from __future__ import annotations

from functools import wraps

import orjson
from django import forms
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language

from . import counts, mapdata
from .access import dashboard_access
from .filters import SelectionError, selection
from .intake.republication import independent_outlets
from .models import Incident

# A page of the GeoJSON is for reading (the list shows 200 at a time); the whole selection has no limit.
MAX_PAGE = 1000
MAX_OFFSET = 100_000_000  # beyond any selection; larger numbers would overflow the databases' integers


def api_view(view):
    """Dashboard access, and JSON errors: 400 for a bad selection, 404 for an unknown incident."""

    @dashboard_access
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SelectionError as exc:
            return JsonResponse({"error": str(exc), "param": exc.param}, status=400)
        except Http404:  # an API client gets JSON, not the HTML error page
            return JsonResponse({"error": "no such incident", "param": None}, status=404)

    return wrapped


def _json(payload, status=200) -> HttpResponse:
    return _json_bytes(dumps(payload), status)


def _json_bytes(body: bytes, status=200) -> HttpResponse:
    return HttpResponse(body, content_type="application/json", status=status)


def dumps(payload) -> bytes:
    """One JSON encoder for every response (orjson: dates as ISO strings, UTF-8 as is)."""
    return orjson.dumps(payload, default=str)


class PageForm(forms.Form):
    """One page of the GeoJSON, for a list; without ``limit``, the whole selection."""

    limit = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)
    offset = forms.IntegerField(min_value=0, max_value=MAX_OFFSET, required=False)


def page_params(params) -> tuple[int | None, int]:
    form = PageForm(params)
    if not form.is_valid():
        param, errors = next(iter(form.errors.items()))
        raise SelectionError(param, f"{param}: {' '.join(errors)}")
    return form.cleaned_data["limit"], form.cleaned_data["offset"] or 0


@api_view
def incidents(request):
    fs = selection(request.GET)
    limit, offset = page_params(request.GET)
    return _json_bytes(mapdata.geojson(fs.qs, limit=limit, offset=offset))


@api_view
def map_points(request):
    """The dashboard map's columns for the selection: same filters as /api/incidents, a tenth of the bytes."""
    return _json_bytes(mapdata.map_columns(selection(request.GET).qs))


@api_view
def incident_detail(request, pk: int):
    incident = get_object_or_404(Incident.objects.select_related("place"), pk=pk)
    if incident.merged_into_id is not None:
        # Folded into another incident by an analyst's merge (undoable, so not a permanent redirect):
        # a client following redirects gets the kept incident; one that does not reads where it went.
        target = incident.merged_into_id
        return HttpResponseRedirect(
            reverse("incidents:api-incident", args=[target]),
            content=dumps({"id": incident.pk, "merged_into": target}),
            content_type="application/json",
        )
    return _json(incident_payload(incident))


def incident_payload(incident: Incident) -> dict:
    place = incident.place
    claims = []
    for c in incident.claims.select_related("article__source", "article__republished_from__source").order_by(
        "article_id", "id"
    ):
        a = c.article
        original = a.republished_from
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
                    "republished_from": {
                        "id": original.pk,
                        "outlet": original.source.name_en,
                        "url": original.url,
                    }
                    if original
                    else None,
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
        "independent_outlets": independent_outlets(incident),
        "claims": claims,
    }


IMPRECISE_DATES = (2, 3)  # TimePrecision.WEEK, TimePrecision.MONTH


def _per_day_and_spans(qs):
    """counts.per_day, and the incidents dated only to a week or a month as [date, precision, n].

    One GROUP BY over (date, precision): the timeline draws those as spans, not as days."""
    per_day: dict = {}
    undated = 0
    spans = []
    rows = qs.order_by().values_list("event_date", "time_precision").annotate(n=Count("id"))
    for day, precision, n in rows:
        if day is None:
            undated += n
            continue
        per_day[day] = per_day.get(day, 0) + n
        if precision in IMPRECISE_DATES:
            spans.append([day.isoformat(), int(precision), n])
    spans.sort()
    return sorted(per_day.items()), undated, spans


@api_view
def timeline(request):
    """Counts per day/week/month for every filter except the time window (the brush shows the window)."""
    fs = selection(request.GET, without=("start", "end"))
    days, undated, spans = _per_day_and_spans(fs.qs)
    first, last = (days[0][0], days[-1][0]) if days else (None, None)
    unit = request.GET.get("unit") or counts.bucket_for(first, last)
    if unit not in counts.UNITS:
        return JsonResponse({"error": "unit must be day, week or month", "param": "unit"}, status=400)
    return _json(
        {
            "unit": unit,
            "first": first,
            "last": last,
            "buckets": [[day.isoformat(), n] for day, n in counts.buckets(days, unit)],
            "undated": undated,
            "spans": spans,
            "window": {"start": request.GET.get("start") or None, "end": request.GET.get("end") or None},
        }
    )


@api_view
def facets(request):
    """Counts for each filter's options under the current selection."""
    return _json(counts.facet_counts(selection(request.GET).qs, get_language() or "en"))
