"""JSON API: GeoJSON incidents, the map's columns, one incident in full, timeline and facet counts.

All of it filters through incidents.filters.selection; a bad parameter is a 400 with
{"error": "...", "param": "..."}. The bulk payloads are built in incidents.mapdata (one raw cursor,
one orjson call), never with per-object serialisers.
"""

from __future__ import annotations

import csv
import io
from functools import wraps

import orjson
from django import forms
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from . import acled_reference as acled
from . import alerts as alerts_mod
from . import corroboration, counts, grid, mapdata, summary
from .access import dashboard_access
from .exports import _csv_safe as csv_safe
from .filters import SelectionError, selection
from .intake.republication import independent_outlets
from .models import Incident
from .review import can_review, set_status

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
    sort = forms.ChoiceField(choices=[(s, s) for s in mapdata.LIST_ORDERS], required=False)


def page_params(params) -> tuple[int | None, int, str]:
    form = PageForm(params)
    if not form.is_valid():
        param, errors = next(iter(form.errors.items()))
        raise SelectionError(param, f"{param}: {' '.join(errors)}")
    data = form.cleaned_data
    return data["limit"], data["offset"] or 0, data["sort"] or "newest"


@api_view
def incidents(request):
    fs = selection(request.GET)
    limit, offset, sort = page_params(request.GET)
    return _json_bytes(
        mapdata.geojson(fs.qs, limit=limit, offset=offset, sort=sort, unlocated=fs.unlocated_only)
    )


@api_view
def map_points(request):
    """The dashboard map's columns for the selection: same filters as /api/incidents, a tenth of the bytes."""
    return _json_bytes(mapdata.map_columns(selection(request.GET).qs))


class GridForm(forms.Form):
    zoom = forms.IntegerField(min_value=grid.MIN_ZOOM, max_value=grid.MAX_ZOOM)


@api_view
def map_grid(request):
    """The map at a zoom (and bbox): grid cells counted in the database, or the points when few
    (incidents/grid.py). Same filters as /api/map; ``zoom`` is required, ``bbox`` optional."""
    form = GridForm(request.GET)
    if not form.is_valid():
        param, errors = next(iter(form.errors.items()))
        raise SelectionError(param, f"{param}: {' '.join(errors)}")
    fs = selection(request.GET)
    bbox = fs.form.cleaned_data.get("bbox") is not None
    return _json_bytes(grid.map_view(fs.qs, form.cleaned_data["zoom"], bbox=bbox))


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


# What the dashboard's detail offers an Editor: the admin's review actions, by name.
DASHBOARD_REVIEW = {"verify": Incident.Status.VERIFIED, "dispute": Incident.Status.DISPUTED}


@require_POST
def review(request, pk: int):
    """Verify or dispute an incident from the dashboard's detail (POST, CSRF-protected like every POST).

    The same rule as the admin's review actions decides who may: anyone else gets a 403, whatever they
    send. The answer is the incident as /api/incidents/<id> gives it."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "authentication required", "param": None}, status=401)
    if not can_review(request):
        return JsonResponse({"error": "reviewing needs an Editor's permission", "param": None}, status=403)
    action = request.POST.get("action", "")
    if action not in DASHBOARD_REVIEW:
        return JsonResponse({"error": "action must be verify or dispute", "param": "action"}, status=400)
    incident = Incident.objects.select_related("place").filter(pk=pk).first()
    if incident is None:
        return JsonResponse({"error": "no such incident", "param": None}, status=404)
    if incident.merged_into_id is not None:
        return JsonResponse(
            {"error": f"merged into #{incident.merged_into_id}", "merged_into": incident.merged_into_id},
            status=409,
        )
    set_status([incident], DASHBOARD_REVIEW[action], request.user)
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
        "corroboration": incident.corroboration or None,
        # each voice's figures and accusation side by side (incidents/corroboration.py)
        "reconciled": corroboration.reconciled(incident).as_dict(),
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
    """Counts for each filter's options: a group with a filter set counts without its own filter."""
    fs = selection(request.GET)
    own = {group: selection(request.GET, without=(group,)).qs for group in counts.FACETS if fs.values(group)}
    return _json(counts.facet_counts(fs.qs, get_language() or "en", own=own))


@api_view
def selection_summary(request):
    """Incidents and fatalities by type and week, top actors and places, for the whole selection."""
    return _json(summary.summary(selection(request.GET).qs, get_language() or "en"))


@api_view
def alerts(request):
    """Change alerts per district and governorate (incidents/alerts.py) for the selection: the last
    week to ``end`` (or the newest incident) against the ``baseline`` weeks before it (4 or 52)."""
    fs = selection(request.GET, without=("start", "end"))
    end = selection(request.GET).form.cleaned_data.get("end")
    weeks = request.GET.get("baseline") or "4"
    if weeks not in {str(w) for w in alerts_mod.BASELINES}:
        return JsonResponse({"error": "baseline must be 4 or 52 (weeks)", "param": "baseline"}, status=400)
    return _json(alerts_mod.alerts_for(fs.qs, end, int(weeks)))


@api_view
def acled_crosscheck(request):
    """Our selection against the imported ACLED events (incidents/acled_reference.py): matched, only ours, only
    ACLED. ACLED's side is bounded by the selection's dates (``start``/``end`` when given) and ``bbox``."""
    fs = selection(request.GET)
    data = fs.form.cleaned_data
    result = acled.cross_check_selection(
        fs.qs, start=data.get("start"), end=data.get("end"), bbox=data.get("bbox")
    )
    group = request.GET.get("group")
    if group is None:
        return _json(result)
    if group not in acled.GROUPS:
        return JsonResponse(
            {"error": "group must be matched, only_ours or only_acled", "param": "group"}, status=400
        )
    header, rows = acled.crosscheck_rows(result, group)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[csv_safe(c) if isinstance(c, str) else c for c in row] for row in rows])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="acled-crosscheck-{group}.csv"'
    return response


@api_view
def acled_events(request):
    """The imported ACLED events beside the selection (the same window as the cross-check), as columns for
    the dashboard's reference layer; ``imported`` says whether any were imported at all."""
    fs = selection(request.GET)
    data = fs.form.cleaned_data
    return _json(
        acled.reference_layer(fs.qs, start=data.get("start"), end=data.get("end"), bbox=data.get("bbox"))
    )
