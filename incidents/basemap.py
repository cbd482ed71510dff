"""The offline basemap: vector layers shipped in static/basemap, and towns ranked from the gazetteer.

With no tile server (TILE_URL empty, the default) the dashboard, the admin's point picker and the HTML
export draw these instead of tiles, so the map reads without any network: Syria and its neighbours,
governorate and district outlines, the Euphrates, Tigris and Lake Assad, and town names that appear by
rank as one zooms in. The layers' sources and licences are in static/basemap/README.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static

from .gazetteer_sources import is_arabic
from .models import Place

_LATIN = re.compile("[A-Za-z]")

BASEMAP_DIR = Path(settings.BASE_DIR) / "static" / "basemap"
# Drawing order: land first, then the outlines over it, water on top.
LAYERS = {
    "country": "syria-country.geojson",
    "districts": "syria-districts.geojson",
    "governorates": "syria-governorates.geojson",
    "rivers": "syria-rivers.geojson",
}
# The credit the layers' README asks for, with a link to WOF's licence page (static text, no user data).
ATTRIBUTION = (
    'Boundaries © <a href="https://whosonfirst.org/docs/licenses/">Who\'s On First</a>'
    " (CC0; Mesoshapes, GeoNames, Quattroshapes) · Rivers &amp; neighbours: "
    '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'
)
# A town's label appears from this zoom on: the largest cities on the whole-country view, small towns
# only when zoomed into a governorate. (population threshold, first zoom)
LABEL_ZOOMS = ((1_000_000, 5), (200_000, 6), (50_000, 7), (15_000, 8), (5_000, 9), (0, 10))
TOWN_LIMIT = 400
VILLAGE_ZOOM = 11  # places without a population (most villages) are named only this close
VILLAGE_LIMIT = 300  # per map view
TOWN_FIELDS = ("lat", "lon", "name_en", "name_ar", "zoom")


def label_zoom(population: int) -> int:
    """The first zoom at which a town of this population is labelled."""
    return next(zoom for floor, zoom in LABEL_ZOOMS if population >= floor)


def towns(limit: int = TOWN_LIMIT) -> dict:
    """The most populous Syrian places of the gazetteer, largest first, as compact columns-in-rows.

    Only places with a known population are ranked (GeoNames gives it for about 140 Syrian towns); the
    neighbours' cities are left out because their Arabic names in GeoNames are often another script's."""
    rows = (
        Place.objects.filter(country="SY", population__gt=0, kind__in=("city", "town", "village"))
        .order_by("-population", "name_en")
        .values_list("lat", "lon", "name_en", "name_ar", "population")[:limit]
    )
    return _columns(rows)


def places_in(bbox: tuple[float, float, float, float], limit: int = VILLAGE_LIMIT) -> dict:
    """Every gazetteer town and village in a map view (minlon, minlat, maxlon, maxlat), largest first:
    what the map names once zoomed in far enough to pick a village."""
    minlon, minlat, maxlon, maxlat = bbox
    rows = (
        Place.objects.filter(
            country="SY",
            kind__in=("city", "town", "village"),
            lon__gte=minlon,
            lon__lte=maxlon,
            lat__gte=minlat,
            lat__lte=maxlat,
        )
        .order_by("-population", "name_en")
        .values_list("lat", "lon", "name_en", "name_ar", "population")[:limit]
    )
    return _columns(rows)


def _columns(rows) -> dict:
    return {
        "fields": list(TOWN_FIELDS),
        "towns": [
            [
                round(lat, 4),
                round(lon, 4),
                name_en,
                _arabic_label(name_ar),
                label_zoom(population) if population else VILLAGE_ZOOM,
            ]
            for lat, lon, name_en, name_ar, population in rows
        ],
    }


def _arabic_label(name: str) -> str:
    """The Arabic name, unless GeoNames gave a romanised or mixed-script one (then the English is shown)."""
    return name if is_arabic(name) and not _LATIN.search(name) else ""


@cache
def layer_text(name: str) -> str:
    """One layer's GeoJSON, as shipped (read once per process)."""
    return (BASEMAP_DIR / LAYERS[name]).read_text(encoding="utf-8")


@cache
def layer_data(name: str) -> dict:
    """One layer, parsed (for the HTML export, which embeds it)."""
    return json.loads(layer_text(name))


@cache
def district_names_ar() -> dict[str, str]:
    """District (admin2) → its Arabic name, from the vendored district layer (Who's On First names).

    The gazetteer stores a district as Who's On First spells it with its hyphens made spaces ("Al Mayadin"),
    older rows with them ("Al-Mayadin"); both spellings, and the layer's own English name, are keys."""
    names = {}
    for feature in layer_data("districts")["features"]:
        props = feature["properties"]
        if not props.get("name_ar"):
            continue
        for key in (props.get("name_wof"), props.get("name_en")):
            if key:
                names[key] = names[key.replace("-", " ")] = props["name_ar"]
    return names


@cache
def version() -> str:
    """A short hash of the shipped layers, so their URLs change when they do (and may be cached long)."""
    digest = hashlib.sha256()
    for name in LAYERS:
        digest.update(layer_text(name).encode())
    return digest.hexdigest()[:10]


def client_config() -> dict:
    """What basemap.js needs: the layers' URLs, the towns' URL and the attribution."""
    from django.urls import reverse

    v = version()
    return {
        "layers": {name: f"{static('basemap/' + file)}?v={v}" for name, file in LAYERS.items()},
        "towns": reverse("incidents:basemap-towns"),
        "attribution": ATTRIBUTION,
    }
