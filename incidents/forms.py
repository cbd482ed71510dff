"""Forms of the analysts' admin: incident and place editing with the map, pasting an article, placing a mention."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .ingest import MAX_TEXT_CHARS
from .models import Incident, Place, Source
from .widgets import PointPickerField, PointPickerWidget

ADMIN_FILL = {"admin1": "admin1", "admin2": "admin2", "admin3": "admin3"}


class CoordinatesMixin:
    """Both coordinates or neither, each in range: a clear form error instead of a database error."""

    coordinates_required = False

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if lat is not None and not -90 <= lat <= 90:
            self.add_error("lat", _("Latitude must be between -90 and 90."))
        if lon is not None and not -180 <= lon <= 180:
            self.add_error("lon", _("Longitude must be between -180 and 180."))
        if (lat is None) != (lon is None) and "lat" not in self.errors and "lon" not in self.errors:
            self.add_error(
                "lat" if lat is None else "lon", _("Give both latitude and longitude, or neither.")
            )
        if self.coordinates_required and lat is None and lon is None and not self.errors:
            self.add_error("lat", _("Click the map (or type coordinates) to place it."))
        return cleaned


class IncidentAdminForm(CoordinatesMixin, forms.ModelForm):
    map = PointPickerField(
        widget=PointPickerWidget(place_field="place", fill_fields={**ADMIN_FILL, "name_en": "location"})
    )

    class Meta:
        model = Incident
        fields = [  # the admin's fieldsets decide the layout; these are what an analyst may edit
            "status",
            "event_date",
            "time_precision",
            "place",
            "location",
            "lat",
            "lon",
            "geo_precision",
            "admin1",
            "admin2",
            "admin3",
            "event_type",
            "sub_event_type",
            "actor1",
            "actor2",
            "actors",
            "fatalities",
            "injured",
            "notes",
            "is_demo",
        ]

    def clean(self):
        cleaned = super().clean()
        place = cleaned.get("place")
        if place is not None and cleaned.get("lat") is None and cleaned.get("lon") is None:
            cleaned["lat"], cleaned["lon"] = place.lat, place.lon  # a place without a point is at the place
        if cleaned.get("lat") is not None and not cleaned.get("geo_precision"):
            cleaned["geo_precision"] = 1
        return cleaned


class PlaceAdminForm(CoordinatesMixin, forms.ModelForm):
    coordinates_required = True
    map = PointPickerField(widget=PointPickerWidget(fill_fields=ADMIN_FILL))
    source_url = forms.URLField(required=False, max_length=500, assume_scheme="https", label=_("source url"))

    class Meta:
        model = Place
        fields = ["name_en", "name_ar", "aliases", "kind", "population", "lat", "lon", "country"]
        fields += ["admin1", "admin2", "admin3", "origin", "source_url"]


class ArticlePasteForm(forms.Form):
    """An article that came by phone, e-mail or PDF: pasted, then extracted like any other."""

    source = forms.ModelChoiceField(
        Source.objects.all(), required=False, label=_("Outlet"), help_text=_("Or name a new one below.")
    )
    new_outlet = forms.CharField(required=False, max_length=200, label=_("New outlet (name)"))
    url = forms.URLField(required=False, max_length=1000, label=_("Original URL"), assume_scheme="https")
    title = forms.CharField(required=False, max_length=1000, label=_("Title"))
    published = forms.DateField(
        required=False,
        label=_("Publication date"),
        help_text=_(
            "YYYY-MM-DD. Relative dates in the text (yesterday, on Tuesday) count from it; empty = unknown."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.ChoiceField(
        choices=[("", _("detect")), ("ar", "العربية"), ("en", "English")], required=False, label=_("Language")
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16, "dir": "auto"}), label=_("Article text"))

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(_("The article text is empty."))
        if len(text) > MAX_TEXT_CHARS:
            raise forms.ValidationError(
                _("The article text is over %(max)s characters.") % {"max": f"{MAX_TEXT_CHARS:,}"}
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("source") and not (cleaned.get("new_outlet") or "").strip():
            self.add_error("source", _("Choose the outlet, or name a new one."))
        return cleaned


class NewPlaceForm(CoordinatesMixin, forms.Form):
    """Placing an unresolved mention where the gazetteer has nothing: a new analyst place."""

    coordinates_required = True
    name_ar = forms.CharField(max_length=200, required=False, label=_("name (Arabic)"))
    name_en = forms.CharField(max_length=200, required=False, label=_("name (English)"))
    admin1 = forms.CharField(max_length=100, required=False, label=_("governorate"))
    admin2 = forms.CharField(max_length=100, required=False, label=_("district"))
    admin3 = forms.CharField(max_length=100, required=False, label=_("subdistrict"))
    lat = forms.FloatField(label=_("latitude"))
    lon = forms.FloatField(label=_("longitude"))
    map = PointPickerField(widget=PointPickerWidget(fill_fields=ADMIN_FILL))
    same_spelling = forms.BooleanField(
        required=False, initial=True, label=_("Also place other waiting mentions spelled the same way")
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        # a bound form whose lat/lon are missing would make the FloatFields fail before clean(): relax them
        self.fields["lat"].required = self.fields["lon"].required = False
        self.fields["map"].widget.candidates = list(candidates)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_ar") or "").strip() and not (cleaned.get("name_en") or "").strip():
            self.add_error("name_ar", _("Give the place a name in Arabic or English."))
        return cleaned
