"""The one FilterSet: what "the current selection" means for the map, list, timeline, facets and exports.

Every view of the data builds its queryset here, so an export is always exactly what is on screen.
Parameters (all optional, repeatable where it makes sense):
source, cited, type, sub_event_type, actor, admin1, admin2 (district), place (gazetteer ids), status,
corroboration, precision, start, end (YYYY-MM-DD), q, bbox (minlon,minlat,maxlon,maxlat),
demo (include|exclude|only), located (yes|no: with or without coordinates), dated (yes|no: with or without an
event date).
"""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Q

from .extraction.normalise import normalise_ar
from .models import EVENT_TYPE_CHOICES, SUB_EVENT_TYPE_CHOICES, Claim, GeoPrecision, Incident, Place, Source

# Bounds on what a request may ask: longer or more values are refused with a 400, never sent to the database.
MAX_PARAM_LENGTH = 200
MAX_VALUES = 50


def _split(data, name):
    """Values of a repeatable parameter: ?type=a&type=b and ?type=a,b both work; empty items are dropped,
    so ?type= and ?type=, both mean "no type filter"."""
    values = []
    for raw in data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]:
        if raw:
            values.extend(v.strip() for v in str(raw).split(",") if v.strip())
    return values


def _check_bounds(params) -> None:
    """Every parameter, known or not: no NUL bytes (PostgreSQL refuses them), bounded length and count."""
    keys = params.keys()
    for name in keys:
        raw = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
        param = str(name)[:40]
        if len(raw) > MAX_VALUES:
            raise SelectionError(param, f"{param}: at most {MAX_VALUES} values")
        for value in raw:
            value = "" if value is None else str(value)
            if "\x00" in value or "\x00" in str(name):
                raise SelectionError(param, f"{param}: contains a NUL byte")
            if len(value) > MAX_PARAM_LENGTH:
                raise SelectionError(param, f"{param}: at most {MAX_PARAM_LENGTH} characters")


class BBoxField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            minlon, minlat, maxlon, maxlat = (float(v) for v in value.split(","))
        except ValueError as exc:
            raise forms.ValidationError("bbox must be four numbers: minlon,minlat,maxlon,maxlat") from exc
        if not (
            -180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= 90 and -90 <= maxlat <= 90
        ):
            raise forms.ValidationError("bbox coordinates are out of range (lon ±180, lat ±90)")
        if minlon > maxlon or minlat > maxlat:
            raise forms.ValidationError("bbox minimum is larger than its maximum")
        return (minlon, minlat, maxlon, maxlat)


class BBoxFilter(df.Filter):
    field_class = BBoxField

    def filter(self, qs, value):
        if not value:
            return qs
        minlon, minlat, maxlon, maxlat = value
        return qs.filter(lon__gte=minlon, lon__lte=maxlon, lat__gte=minlat, lat__lte=maxlat)


def folded_variants(query: str) -> set[str]:
    """Spellings to try for a free-text query against stored text (which is not folded).

    The query is folded (alef forms, ة/ه, ى/ي, tashkeel), then the common written forms are put back."""
    base = normalise_ar(query)
    variants = {query.strip(), base}
    for a, b in (("ه", "ة"), ("ي", "ى"), ("ا", "أ"), ("ا", "إ")):
        for v in list(variants):
            if a in v:
                variants.add(v.replace(a, b))
                if v.endswith(a):
                    variants.add(v[:-1] + b)
    return {v for v in variants if v}


class IncidentFilter(df.FilterSet):
    source = df.CharFilter(method="filter_source", label="outlet (slug)")
    cited = df.CharFilter(method="filter_cited", label="cited source")
    type = df.CharFilter(method="filter_type", label="event type")
    sub_event_type = df.CharFilter(method="filter_sub_event_type", label="sub-event type")
    actor = df.CharFilter(method="filter_actor")
    admin1 = df.CharFilter(method="filter_admin1", label="governorate")
    admin2 = df.CharFilter(method="filter_admin2", label="district")
    place = df.CharFilter(method="filter_place", label="gazetteer place (id)")
    status = df.CharFilter(method="filter_status")
    corroboration = df.CharFilter(method="filter_corroboration")
    precision = df.CharFilter(method="filter_precision", label="geo precision (1-3)")
    start = df.DateFilter(field_name="event_date", lookup_expr="gte")
    end = df.DateFilter(field_name="event_date", lookup_expr="lte")
    q = df.CharFilter(method="filter_text", label="text")
    bbox = BBoxFilter()
    demo = df.ChoiceFilter(
        choices=[("include", "include"), ("exclude", "exclude"), ("only", "only")], method="filter_demo"
    )
    # Incidents the map cannot draw (no coordinates) or the timeline cannot place (no date) stay reachable.
    located = df.ChoiceFilter(choices=[("yes", "yes"), ("no", "no")], method="filter_located")
    dated = df.ChoiceFilter(choices=[("yes", "yes"), ("no", "no")], method="filter_dated")

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        self.raw = data
        self.source_ids: list[int] = []  # the outlets named by ?source=, found by clean_values
        super().__init__(data, *args, **kwargs)

    def values(self, name: str) -> list[str]:
        return _split(self.raw or {}, name)

    def filter_source(self, qs, name, value):
        return qs.for_sources(self.source_ids) if self.source_ids else qs

    def filter_cited(self, qs, name, value):
        wanted = self.values("cited")
        if not wanted:
            return qs
        own = "outlet" in wanted
        cond = Q(cited_source__in=[w for w in wanted if w != "outlet"])
        if own:
            cond |= Q(cited_source="")
        return qs.filter(pk__in=Claim.objects.filter(cond).values("incident_id"))

    def filter_type(self, qs, name, value):
        wanted = self.values("type")
        return qs.filter(event_type__in=wanted) if wanted else qs

    def filter_sub_event_type(self, qs, name, value):
        wanted = self.values("sub_event_type")
        return qs.filter(sub_event_type__in=wanted) if wanted else qs

    def filter_actor(self, qs, name, value):
        wanted = self.values("actor")
        return qs.filter(Q(actor1__in=wanted) | Q(actor2__in=wanted)) if wanted else qs

    def filter_admin1(self, qs, name, value):
        wanted = self.values("admin1")
        return qs.filter(admin1__in=wanted) if wanted else qs

    def filter_admin2(self, qs, name, value):
        wanted = self.values("admin2")
        return qs.filter(admin2__in=wanted) if wanted else qs

    def filter_place(self, qs, name, value):
        wanted = self.values("place")
        return qs.filter(place_id__in=[int(v) for v in wanted]) if wanted else qs

    def filter_status(self, qs, name, value):
        wanted = self.values("status")
        return qs.filter(status__in=wanted) if wanted else qs

    def filter_corroboration(self, qs, name, value):
        wanted = self.values("corroboration")
        return qs.filter(corroboration__in=wanted) if wanted else qs

    def filter_precision(self, qs, name, value):
        wanted = [int(v) for v in self.values("precision")]
        return qs.filter(geo_precision__in=wanted) if wanted else qs

    def filter_text(self, qs, name, value):
        # One id set from the union of each table's matches, not an OR across a join: each part can use
        # its own (trigram) index, where the OR made PostgreSQL test every row of a million (12 s).
        parts = []
        for v in folded_variants(value):
            places = Place.objects.filter(Q(name_en__icontains=v) | Q(name_ar__icontains=v)).order_by()
            parts += [
                Incident.objects.filter(Q(location__icontains=v) | Q(notes__icontains=v)).values_list("pk"),
                Incident.objects.filter(place__in=places.values("pk")).values_list("pk"),
                Claim.objects.filter(evidence_text__icontains=v).values_list("incident_id"),
            ]
        if not parts:
            return qs
        parts = [part.order_by() for part in parts]
        return qs.filter(pk__in=parts[0].union(*parts[1:]))

    def filter_demo(self, qs, name, value):
        if value == "exclude":
            return qs.filter(is_demo=False)
        if value == "only":
            return qs.filter(is_demo=True)
        return qs

    def filter_located(self, qs, name, value):
        if value == "yes":
            return qs.located()
        if value == "no":
            return qs.unlocated()
        return qs

    def filter_dated(self, qs, name, value):
        if value in ("yes", "no"):
            return qs.filter(event_date__isnull=value == "no")
        return qs

    @property
    def unlocated_only(self) -> bool:
        """Whether the selection asks for the incidents without coordinates (the list shows them, the map cannot)."""
        return self.form.cleaned_data.get("located") == "no"

    def clean_values(self) -> tuple[str, list[str]] | None:
        """Check the parameters whose values come from a closed list (types, statuses, precisions,
        outlets, sub-event types, districts); returns the first bad one and its unknown values. Open-ended
        values (actor, cited source, governorate, text) are not checked: one nobody used selects nothing."""
        closed = {
            "status": {s for s, _ in Incident.Status.choices},
            "corroboration": {c for c, _ in Incident._meta.get_field("corroboration").choices},
            "type": {t for t, _ in EVENT_TYPE_CHOICES},
            "sub_event_type": {s for s, _ in SUB_EVENT_TYPE_CHOICES},
            "precision": {str(p) for p in GeoPrecision.values},
        }
        for name, allowed in closed.items():
            unknown = [v for v in self.values(name) if v not in allowed]
            if unknown:
                return name, unknown
        places = self.values("place")
        if places:
            numbers = [p for p in places if p.isdigit() and len(p) < 10]
            found = {
                str(pk)
                for pk in Place.objects.filter(pk__in=[int(p) for p in numbers]).values_list("pk", flat=True)
            }
            unknown = [p for p in places if p not in found]
            if unknown:
                return "place", unknown
        districts = self.values("admin2")
        if districts:  # a district is one the gazetteer or an incident knows, checked only when asked
            known = set(Place.objects.filter(admin2__in=districts).values_list("admin2", flat=True))
            known |= set(Incident.objects.filter(admin2__in=districts).values_list("admin2", flat=True))
            unknown = [d for d in districts if d not in known]
            if unknown:
                return "admin2", unknown
        slugs = self.values("source")
        found = dict(Source.objects.filter(slug__in=slugs).values_list("slug", "id")) if slugs else {}
        self.source_ids = list(found.values())
        unknown = [s for s in slugs if s not in found]
        if unknown:
            return "source", unknown
        return None


class SelectionError(ValueError):
    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


def selection(params, *, without: tuple[str, ...] = ()) -> df.FilterSet:
    """The FilterSet for request parameters (optionally ignoring some, e.g. the time window)."""
    _check_bounds(params)
    data = params.copy() if hasattr(params, "copy") else dict(params)
    for name in without:
        data.pop(name, None)
    fs = IncidentFilter(data, queryset=Incident.objects.visible())
    bad = fs.clean_values()
    if bad:
        param, unknown = bad
        raise SelectionError(param, f"unknown value for '{param}': {', '.join(unknown)}")
    if not fs.is_valid():
        param, errors = next(iter(fs.errors.items()))
        raise SelectionError(param, f"{param}: {' '.join(errors)}")
    start, end = fs.form.cleaned_data.get("start"), fs.form.cleaned_data.get("end")
    if start and end and start > end:
        raise SelectionError("start", "start is after end")
    return fs
