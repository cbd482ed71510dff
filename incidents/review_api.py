"""Review where you read: an Editor edits, places, and walks the unreviewed incidents from the dashboard.

The same rules as the admin decide who may (incidents.review.can_review; placing also needs the places
queue's permissions), every POST is CSRF-protected like any other, and each change is saved through the
model with its reason and author, so django-simple-history records it exactly as an admin save.
Bad input is a 400 with the form's errors per field, for the dashboard to show beside each field.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from . import admin_views, mapdata
from .api import _json, api_view, incident_payload, page_params
from .filters import selection
from .models import EVENT_TYPES, GeoPrecision, Incident, Place, PlaceMention
from .resolution import WAITING, create_place, resolve_mention
from .review import attribute, can_review

EDITED_FIELDS = ("event_type", "sub_event_type", "event_date", "time_precision", "fatalities", "status")


class IncidentEditForm(forms.ModelForm):
    """The fields an analyst corrects most, with the codebook's rule that a sub-event belongs to its type."""

    class Meta:
        model = Incident
        fields = EDITED_FIELDS

    def clean(self):
        cleaned = super().clean()
        event_type, sub = cleaned.get("event_type"), cleaned.get("sub_event_type")
        if sub and event_type and sub not in EVENT_TYPES.get(event_type, ()):
            self.add_error("sub_event_type", _("This sub-event type does not belong to the event type."))
        if cleaned.get("event_date") and not cleaned.get("time_precision"):
            self.add_error("time_precision", _("Say how exactly the date is known."))
        return cleaned


class PlaceForm(forms.Form):
    """Either a gazetteer place, or a point on the map with how exactly it is known."""

    place = forms.IntegerField(required=False, min_value=1)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, label=gettext_lazy("latitude"))
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, label=gettext_lazy("longitude"))
    precision = forms.TypedChoiceField(
        choices=GeoPrecision.choices, coerce=int, required=False, label=gettext_lazy("geo precision")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("place"):
            if not Place.objects.filter(pk=cleaned["place"]).exists():
                self.add_error("place", _("No such place."))
        elif cleaned.get("lat") is None or cleaned.get("lon") is None:
            if not self.errors:
                self.add_error("place", _("Choose a place, or give a point on the map."))
        return cleaned


def _refused(request, *, placing: bool = False) -> JsonResponse | None:
    """401 for nobody, 403 for a Viewer (or an Editor without the places queue's rights), else None."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "authentication required", "param": None}, status=401)
    if not can_review(request) or (placing and not can_place(request.user)):
        return JsonResponse({"error": "reviewing needs an Editor's permission", "param": None}, status=403)
    return None


def can_place(user) -> bool:
    """The places queue's rule (resolve a mention and choose a place or create one)."""
    return all(
        user.has_perm(p)
        for p in ("incidents.change_placemention", "incidents.change_place", "incidents.add_place")
    )


def _open_incident(pk: int):
    incident = Incident.objects.select_related("place").filter(pk=pk).first()
    if incident is None:
        return None, JsonResponse({"error": "no such incident", "param": None}, status=404)
    if incident.merged_into_id is not None:
        return None, JsonResponse(
            {"error": f"merged into #{incident.merged_into_id}", "merged_into": incident.merged_into_id},
            status=409,
        )
    return incident, None


def _invalid(form) -> JsonResponse:
    errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    field = next(iter(errors))
    return JsonResponse({"error": " ".join(errors[field]), "param": field, "errors": errors}, status=400)


@require_POST
def edit(request, pk: int):
    """Correct type, sub-event type, date and its precision, fatalities and status; answers the incident."""
    refused = _refused(request)
    if refused:
        return refused
    incident, missing = _open_incident(pk)
    if missing:
        return missing
    was = incident.status
    form = IncidentEditForm(request.POST, instance=incident)
    if not form.is_valid():
        return _invalid(form)
    incident = form.save(commit=False)
    if incident.status != was:  # a status set here is a review, as from the admin's actions
        reviewed = incident.status != Incident.Status.UNREVIEWED
        incident.reviewed_by = request.user if reviewed else None
        incident.reviewed_at = timezone.now() if reviewed else None
    changed = ", ".join(form.changed_data) or "nothing"
    attribute(incident, f"edited from the dashboard: {changed}", request.user)
    incident.save()
    return _json(incident_payload(incident))


@require_POST
def place(request, pk: int):
    """Place an incident: at a gazetteer place, or at a clicked point (a new analyst place, as the queue
    makes one). A waiting mention of the incident is resolved with it, as from the places queue."""
    refused = _refused(request, placing=True)
    if refused:
        return refused
    incident, missing = _open_incident(pk)
    if missing:
        return missing
    form = PlaceForm(request.POST)
    if not form.is_valid():
        return _invalid(form)
    data = form.cleaned_data
    with transaction.atomic():
        mention = (
            PlaceMention.objects.filter(WAITING, incident=incident, role=PlaceMention.Role.INCIDENT)
            .order_by("id")
            .first()
        )
        if data.get("place"):
            target = Place.objects.get(pk=data["place"])
        else:
            written = (mention.surface if mention else "") or incident.location or f"#{incident.pk}"
            arabic = any("\u0600" <= ch <= "\u06ff" for ch in written)
            target = create_place(
                name_ar=written if arabic else "",
                name_en="" if arabic else written,
                lat=data["lat"],
                lon=data["lon"],
                user=request.user,
            )
        if mention is not None:
            resolve_mention(mention, target, request.user)
            incident.refresh_from_db()
        if incident.place_id != target.pk:  # no waiting mention, or one the queue left where it was
            incident.set_place(target)
        incident.geo_precision = data.get("precision") or incident.geo_precision or GeoPrecision.TOWN
        attribute(incident, f"placed from the dashboard at {target.name_en or target.name_ar}", request.user)
        incident.save()
    return _json(incident_payload(Incident.objects.select_related("place").get(pk=incident.pk)))


@require_safe
def place_search(request):
    """Gazetteer places by Arabic or English name, for "Place it": the admin's own search."""
    refused = _refused(request, placing=True)
    if refused:
        return refused
    return admin_views.place_search(admin.site.get_model_admin(Place), request)


@api_view
def next_unreviewed(request):
    """The next unreviewed incident after ``after`` in the list's order (the same selection and sort), from
    the top again when none follows: {"id": ...} or {"id": null}."""
    fs = selection(request.GET)
    _limit, _offset, sort = page_params(request.GET)
    after = request.GET.get("after", "")
    qs = fs.qs if fs.unlocated_only else fs.qs.located()
    ordered = qs.order_by(*mapdata.LIST_ORDERS[sort]())
    unreviewed = Incident.Status.UNREVIEWED
    rows = ordered.values_list("id", "status")
    first, seen = None, not after.isdigit()
    for pk, status in rows.iterator(chunk_size=5000):
        if str(pk) == after:
            seen = True
            continue
        if status != unreviewed:
            continue
        if seen:
            return _json({"id": pk})
        if first is None:
            first = pk
    return _json({"id": first})
