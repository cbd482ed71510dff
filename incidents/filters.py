"""The one FilterSet: what "the current selection" means for the map, list, timeline, facets and exports.

Every view of the data builds its queryset here, so an export is always exactly what is on screen.
Parameters (all optional, repeatable where it makes sense):
source, cited, type, actor, admin1, status, precision, start, end (YYYY-MM-DD), q, bbox
(minlon,minlat,maxlon,maxlat), demo (include|exclude|only).
"""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Q

from .extraction.normalise import normalise_ar
from .models import EVENT_TYPE_CHOICES, Claim, GeoPrecision, Incident, Source


def _split(data, name):
    """Values of a repeatable parameter: ?type=a&type=b and ?type=a,b both work."""
    values = []
    for raw in data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]:
        if raw:
            values.extend(v.strip() for v in str(raw).split(",") if v.strip())
    return values


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
    actor = df.CharFilter(method="filter_actor")
    admin1 = df.CharFilter(method="filter_admin1", label="governorate")
    status = df.CharFilter(method="filter_status")
    precision = df.CharFilter(method="filter_precision", label="geo precision (1-3)")
    start = df.DateFilter(field_name="event_date", lookup_expr="gte")
    end = df.DateFilter(field_name="event_date", lookup_expr="lte")
    q = df.CharFilter(method="filter_text", label="text")
    bbox = BBoxFilter()
    demo = df.ChoiceFilter(
        choices=[("include", "include"), ("exclude", "exclude"), ("only", "only")], method="filter_demo"
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        self.raw = data
        super().__init__(data, *args, **kwargs)

    def values(self, name: str) -> list[str]:
        return _split(self.raw or {}, name)

    def filter_source(self, qs, name, value):
        ids = list(Source.objects.filter(slug__in=self.values("source")).values_list("id", flat=True))
        return qs.for_sources(ids)

    def filter_cited(self, qs, name, value):
        wanted = self.values("cited")
        own = "outlet" in wanted
        cond = Q(cited_source__in=[w for w in wanted if w != "outlet"])
        if own:
            cond |= Q(cited_source="")
        return qs.filter(pk__in=Claim.objects.filter(cond).values("incident_id"))

    def filter_type(self, qs, name, value):
        return qs.filter(event_type__in=self.values("type"))

    def filter_actor(self, qs, name, value):
        wanted = self.values("actor")
        return qs.filter(Q(actor1__in=wanted) | Q(actor2__in=wanted))

    def filter_admin1(self, qs, name, value):
        return qs.filter(admin1__in=self.values("admin1"))

    def filter_status(self, qs, name, value):
        return qs.filter(status__in=self.values("status"))

    def filter_precision(self, qs, name, value):
        return qs.filter(geo_precision__in=[int(v) for v in self.values("precision")])

    def filter_text(self, qs, name, value):
        cond = Q()
        for v in folded_variants(value):
            cond |= (
                Q(location__icontains=v)
                | Q(notes__icontains=v)
                | Q(place__name_en__icontains=v)
                | Q(place__name_ar__icontains=v)
                | Q(pk__in=Claim.objects.filter(evidence_text__icontains=v).values("incident_id"))
            )
        return qs.filter(cond)

    def filter_demo(self, qs, name, value):
        if value == "exclude":
            return qs.filter(is_demo=False)
        if value == "only":
            return qs.filter(is_demo=True)
        return qs

    def clean_values(self) -> str | None:
        """Check the list-valued parameters; returns the name of the first bad one."""
        statuses = {s for s, _ in Incident.Status.choices}
        types = {t for t, _ in EVENT_TYPE_CHOICES}
        for v in self.values("status"):
            if v not in statuses:
                return "status"
        for v in self.values("type"):
            if v not in types:
                return "type"
        for v in self.values("precision"):
            if v not in {str(p) for p in GeoPrecision.values}:
                return "precision"
        return None


class SelectionError(ValueError):
    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


def selection(params, *, without: tuple[str, ...] = ()) -> df.FilterSet:
    """The FilterSet for request parameters (optionally ignoring some, e.g. the time window)."""
    data = params.copy() if hasattr(params, "copy") else dict(params)
    for name in without:
        data.pop(name, None)
    fs = IncidentFilter(data, queryset=Incident.objects.visible())
    bad = fs.clean_values()
    if bad:
        raise SelectionError(bad, f"unknown value for '{bad}': {', '.join(fs.values(bad))}")
    if not fs.is_valid():
        param, errors = next(iter(fs.errors.items()))
        raise SelectionError(param, f"{param}: {' '.join(errors)}")
    start, end = fs.form.cleaned_data.get("start"), fs.form.cleaned_data.get("end")
    if start and end and start > end:
        raise SelectionError("start", "start is after end")
    return fs
