"""The analysts' own admin pages: gazetteer search, paste an article, place a mention, duplicates, undo.

Thin, like the rest of the views: check the permission, validate, call a service (ingest, resolution,
merging, duplicates), render or redirect with a message. Each takes the ModelAdmin it is mounted on, so
permissions and the admin's context (site header, RTL, breadcrumbs) are the admin's own.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import acled_reference as acled
from .article_files import ArticleInput
from .duplicates import find_candidates
from .extraction.geo import haversine_km
from .forms import ArticlePasteForm, NewPlaceForm
from .gazetteer import get_index
from .ingest import IngestError, ingest_article
from .merging import MergeError, merge_incidents, undo_merge
from .models import DistinctPair, Incident, MergeRecord, Place, PlaceMention
from .resolution import create_place, resolve_mention, review_queue


def _context(model_admin, request, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


def place_search(model_admin, request):
    """Gazetteer places by Arabic or English name, exact spellings first: the point picker's search."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < 2:
        return JsonResponse({"results": []})
    index = get_index()
    # exact spellings first, then names starting with the query; dict keys keep that order, once each
    ids = list(
        dict.fromkeys([e.id for e in index.lookup(query)] + [e.id for e in index.search(query, limit=20)])
    )
    ids = ids[:20]
    places = Place.objects.in_bulk(ids)
    results = [
        {
            "id": p.pk,
            "name_en": p.name_en,
            "name_ar": p.name_ar,
            "lat": p.lat,
            "lon": p.lon,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "admin3": p.admin3,
            "admin_path": p.admin_path,
            "kind": p.kind,
        }
        for p in (places[i] for i in ids if i in places)
    ]
    return JsonResponse({"results": results})


def paste_article(model_admin, request):
    """Manual entry: paste an article, run extraction, and review what it proposes (all unreviewed)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ArticlePasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_outlet = (data.get("new_outlet") or "").strip()
        inp = ArticleInput(
            text=data["text"],
            title=data.get("title") or "",
            url=data.get("url") or None,
            outlet=new_outlet,
            outlet_en=new_outlet,
            language=data.get("language") or None,
            published=data.get("published"),
            origin="admin",
        )
        try:
            outcome = ingest_article(inp, source=data.get("source"))
        except IngestError as exc:
            form.add_error("text", str(exc))
        else:
            status = {
                "new": _("stored"),
                "updated": _("updated"),
                "unchanged": _("already stored, unchanged"),
            }
            messages.success(
                request,
                _("Article %(status)s: %(n)d incident(s) proposed for review, %(u)d place(s) to resolve.")
                % {"status": status[outcome.status], "n": len(outcome.incidents), "u": outcome.unresolved},
            )
            return HttpResponseRedirect(reverse("admin:incidents_article_change", args=[outcome.article.pk]))
    return TemplateResponse(
        request,
        "admin/incidents/paste_article.html",
        _context(model_admin, request, _("Paste an article"), form=form, add=True),
    )


def _candidate_places(mention: PlaceMention) -> list[Place]:
    ids = [i for i in mention.candidates or [] if isinstance(i, int)]
    if mention.place_id and mention.place_id not in ids:
        ids.insert(0, mention.place_id)
    found = Place.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def resolve(model_admin, request, pk: int):
    """One waiting mention: its sentence, its candidates on a map; pick one or click to create a place."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    mention = get_object_or_404(
        PlaceMention.objects.select_related("article__source", "place", "incident"), pk=pk
    )
    candidates = _candidate_places(mention)
    # the article's other incident places, for orientation: where to click is usually near them
    context_places = list(
        Place.objects.filter(
            pk__in=PlaceMention.objects.filter(article_id=mention.article_id, role=PlaceMention.Role.INCIDENT)
            .exclude(pk=mention.pk)
            .values("place_id")
        )
    )
    payload = [_map_point(p, "candidate") for p in candidates]
    payload += [_map_point(p, "context") for p in context_places if p not in candidates]
    form = NewPlaceForm(
        request.POST if request.method == "POST" and not request.POST.get("choose") else None,
        candidates=payload,
        initial={
            "name_ar": mention.surface if mention.article.language == "ar" else "",
            "same_spelling": True,
        },
    )
    if not form.is_bound and mention.article.language != "ar":
        form.initial["name_en"] = mention.surface
    if request.method == "POST":
        same = request.POST.get("same_spelling") == "on"
        place = None
        if request.POST.get("choose"):  # a candidate, or a place found with the map's search
            if not request.user.has_perm("incidents.change_place"):
                raise PermissionDenied
            try:
                place = Place.objects.get(pk=int(request.POST["choose"]))
            except (ValueError, Place.DoesNotExist) as exc:
                raise Http404(_("No such place.")) from exc
        elif form.is_valid():
            if not request.user.has_perm("incidents.add_place"):
                raise PermissionDenied
            data = form.cleaned_data
            place = create_place(
                name_ar=data["name_ar"],
                name_en=data["name_en"],
                lat=data["lat"],
                lon=data["lon"],
                admin1=data["admin1"],
                admin2=data["admin2"],
                admin3=data["admin3"],
                user=request.user,
            )
        if place is not None:
            done = resolve_mention(mention, place, request.user, same_spelling=same)
            messages.success(
                request,
                _("“%(surface)s” placed at %(place)s: %(m)d mention(s), %(i)d incident(s) moved%(alias)s.")
                % {
                    "surface": mention.surface,
                    "place": place,
                    "m": done.mentions,
                    "i": done.incidents,
                    "alias": _("; the spelling is now an alias") if done.alias_added else "",
                },
            )
            return HttpResponseRedirect(reverse("admin:incidents_placemention_queue"))
    text = mention.article.text
    start, end = mention.start, mention.end
    sentence_start = max(0, text.rfind("\n", 0, start) + 1, start - 300)
    sentence_end = min(len(text), end + 300)
    nl = text.find("\n", end)
    if nl != -1:
        sentence_end = min(sentence_end, nl)
    same_spelling = review_queue().filter(surface=mention.surface).exclude(pk=mention.pk).count()
    return TemplateResponse(
        request,
        "admin/incidents/resolve_mention.html",
        _context(
            model_admin,
            request,
            _("Place “%(surface)s”") % {"surface": mention.surface},
            mention=mention,
            before=text[sentence_start:start],
            surface_text=text[start:end],
            after=text[end:sentence_end],
            candidates=[(p, _nearest_km(p, context_places)) for p in candidates],
            form=form,
            same_spelling=same_spelling,
        ),
    )


def _map_point(place: Place, role: str) -> dict:
    return {
        "id": place.pk,
        "name_en": place.name_en,
        "name_ar": place.name_ar,
        "lat": place.lat,
        "lon": place.lon,
        "role": role,
    }


def _nearest_km(place: Place, others: list[Place]) -> float | None:
    """How far a candidate is from the article's other incident places (a hint, not a rule)."""
    distances = [haversine_km(place.lat, place.lon, o.lat, o.lon) for o in others]
    return round(min(distances), 1) if distances else None


DUPLICATE_WINDOWS = ["30", "90", "365", "all"]  # days back from the newest incident


def duplicates(model_admin, request):
    """Pairs of incidents that may be one event, each with merge and "different events" buttons."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    include_demo = request.GET.get("demo") == "include"
    window = request.GET.get("window", "90")
    if window not in DUPLICATE_WINDOWS:
        window = "90"
    since = None
    if window != "all":  # counted back from the newest incident, so an old data set still shows pairs
        qs = Incident.objects.visible() if include_demo else Incident.objects.visible().filter(is_demo=False)
        newest = qs.aggregate(newest=Max("event_date"))["newest"]
        since = newest - dt.timedelta(days=int(window)) if newest else None
    pairs, total, groups = find_candidates(include_demo=include_demo, limit=100, since=since)
    return TemplateResponse(
        request,
        "admin/incidents/duplicates.html",
        _context(
            model_admin,
            request,
            _("Possible duplicates"),
            pairs=pairs,
            total=total,
            groups=groups,
            include_demo=include_demo,
            window=window,
            windows=DUPLICATE_WINDOWS,
            since=since,
            recent_merges=MergeRecord.objects.select_related("merged_by", "undone_by")[:10],
        ),
    )


def merge(model_admin, request):
    """Merge one incident into another (POST: keep, merge); both sides' claims end on the kept one."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        keep = Incident.objects.get(pk=int(request.POST.get("keep", "")))
        ids = [int(v) for v in request.POST.getlist("merge")][:50]  # a pair, or a group's other reports
        others = list(Incident.objects.filter(pk__in=ids))
        if not others or len(others) != len(set(ids)):
            raise Incident.DoesNotExist
        other = others[0]
    except (ValueError, Incident.DoesNotExist) as exc:
        raise Http404(_("No such incident.")) from exc
    if request.POST.get("action") == "distinct":
        a, b = sorted((keep.pk, other.pk))
        DistinctPair.objects.get_or_create(
            incident_a_id=a, incident_b_id=b, defaults={"decided_by": request.user}
        )
        messages.success(request, _("#%(a)d and #%(b)d marked as different events.") % {"a": a, "b": b})
        return HttpResponseRedirect(reverse("admin:incidents_incident_duplicates"))
    try:
        record = merge_incidents(keep, others, request.user, note=request.POST.get("note", "")[:2000])
    except MergeError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("admin:incidents_incident_duplicates"))
    messages.success(
        request,
        _("#%(b)s merged into #%(a)d (merge %(r)d; it can be undone from the merge record).")
        % {"a": keep.pk, "b": ", #".join(str(o.pk) for o in others), "r": record.pk},
    )
    return HttpResponseRedirect(reverse("admin:incidents_incident_duplicates"))


def undo(model_admin, request, pk: int):
    """Confirm, then undo a merge."""
    if not request.user.has_perm("incidents.change_incident") or not model_admin.has_view_permission(request):
        raise PermissionDenied
    record = get_object_or_404(MergeRecord, pk=pk)
    if request.method == "POST":
        try:
            restored = undo_merge(record, request.user)
        except MergeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Merge %(r)d undone: %(ids)s restored with their own claims.")
                % {"r": record.pk, "ids": ", ".join(f"#{i.pk}" for i in restored)},
            )
        return HttpResponseRedirect(reverse("admin:incidents_mergerecord_change", args=[record.pk]))
    return TemplateResponse(
        request,
        "admin/incidents/undo_merge.html",
        _context(
            model_admin, request, _("Undo merge %(r)d") % {"r": record.pk}, record=record, original=record
        ),
    )


def queue(model_admin, request):
    """The unresolved places queue: the mention list, filtered to what waits for an analyst."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return HttpResponseRedirect(reverse("admin:incidents_placemention_changelist") + "?queue=waiting")


class AcledImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ACLED CSV export"),
        help_text=gettext_lazy("UTF-8, ACLED's column names; at most 50 MB."),
    )


def import_acled(model_admin, request):
    """Upload an ACLED CSV: good rows go in (idempotent, by event_id_cnty), bad ones are listed by line."""
    if not model_admin.can_import(request):
        raise PermissionDenied
    form = AcledImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            form.add_error("file", _("The file is over 50 MB."))
        else:
            try:
                report = acled.import_file(upload.read(), upload.name)
            except acled.AcledFileError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, report.summary())
    return TemplateResponse(
        request,
        "admin/incidents/import_acled.html",
        _context(model_admin, request, _("Import ACLED events"), form=form, report=report),
    )
