"""A map point picker for plain lat/lon fields, on django-leaflet's bundled Leaflet and Leaflet.draw.

GeoDjango's LeafletWidget needs GDAL, which these machines (and most analysts' laptops) lack. This
widget edits two ordinary FloatFields instead: click, drag or draw a marker to set them, type in them to
move the marker, or search the gazetteer by Arabic or English name. It is a form field of its own
(``PointPickerField``) so a fieldset can place the map beside the coordinates it edits.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse

from . import basemap


class PointPickerWidget(forms.Widget):
    template_name = "incidents/widgets/point_picker.html"

    def __init__(
        self,
        *,
        lat_field: str = "lat",
        lon_field: str = "lon",
        place_field: str | None = None,
        fill_fields: dict[str, str] | None = None,
        attrs=None,
    ):
        super().__init__(attrs)
        self.lat_field, self.lon_field, self.place_field = lat_field, lon_field, place_field
        # search result key -> form field filled when the analyst picks a gazetteer place
        self.fill_fields = fill_fields or {}
        self.candidates: list[dict] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        prefix = attrs.get("id", "").removesuffix(name) if attrs and attrs.get("id") else "id_"
        center = settings.LEAFLET_CONFIG.get("DEFAULT_CENTER", (35.0, 39.5))
        context["config_id"] = f"{(attrs or {}).get('id') or 'id_' + name}-config"
        context["picker"] = {
            "lat": prefix + self.lat_field,
            "lon": prefix + self.lon_field,
            "place": prefix + self.place_field if self.place_field else "",
            "fill": {key: prefix + field for key, field in self.fill_fields.items()},
            "searchUrl": reverse("admin:incidents_place_search"),
            "tileUrl": settings.TILE_URL,
            "tileAttribution": settings.TILE_ATTRIBUTION,
            "basemap": basemap.client_config(),
            "center": list(center),
            "zoom": settings.LEAFLET_CONFIG.get("DEFAULT_ZOOM", 7),
            "candidates": self.candidates,
        }
        return context

    def value_from_datadict(self, data, files, name):
        return None  # the map only edits the lat/lon (and place) fields; it has no value of its own


class PointPickerField(forms.Field):
    """A form field that is only a map over the form's own lat/lon fields."""

    widget = PointPickerWidget

    def __init__(self, *, widget=None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "")
        super().__init__(widget=widget or PointPickerWidget(), **kwargs)

    def clean(self, value):
        return None
