"""Exports of exactly the current selection: ACLED-style CSV, GeoJSON, and a standalone folium map.

The folium page embeds every script and stylesheet it needs (inlined from static/vendor and
django-leaflet's bundled Leaflet), so it opens from disk with no network. FastMarkerCluster keeps it
small at 100 k points: one JSON array and one callback, not one object per marker.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import leaflet as django_leaflet
from branca.element import MacroElement
from django.conf import settings
from django.utils.html import json_script
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template

from .models import Claim

ACLED_COLUMNS = [
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "article_urls",
    "status",
]


def _sources_by_incident(ids) -> dict[int, tuple[list[str], list[str]]]:
    out: dict[int, tuple[list[str], list[str]]] = {}
    rows = Claim.objects.filter(incident_id__in=ids).values_list(
        "incident_id", "article__source__name_en", "cited_source", "article__url"
    )
    for incident_id, outlet, cited, url in rows.iterator(chunk_size=5000):
        names, urls = out.setdefault(incident_id, ([], []))
        label = f"{outlet} (citing {cited})" if cited else outlet
        if label not in names:
            names.append(label)
        if url and url not in urls:
            urls.append(url)
    return out


def write_csv(qs, out) -> int:
    """ACLED column names, one row per incident; returns the row count."""
    writer = csv.writer(out)
    writer.writerow(ACLED_COLUMNS)
    fields = (
        "id",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "lat",
        "lon",
        "geo_precision",
        "notes",
        "fatalities",
        "status",
    )
    n = 0
    rows = list(qs.order_by("-event_date", "-id").values_list(*fields))
    sources = _sources_by_incident([r[0] for r in rows])
    for r in rows:
        names, urls = sources.get(r[0], ([], []))
        row = [
            r[0],
            r[1].isoformat() if r[1] else "",
            r[2] or "",
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            "" if r[11] is None else r[11],
            "" if r[12] is None else r[12],
            r[13] or "",
            "; ".join(names),
            r[14],
            "" if r[15] is None else r[15],
            " ".join(urls),
            r[16],
        ]
        writer.writerow([_csv_safe(cell) if isinstance(cell, str) else cell for cell in row])
        n += 1
    return n


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(text: str) -> str:
    """Every text cell: prefix a would-be formula with an apostrophe so it stays text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _asset(path: Path) -> str:
    return path.read_text(encoding="utf-8")


LEAFLET_DIR = Path(django_leaflet.__file__).parent / "static" / "leaflet"
VENDOR_DIR = Path(settings.BASE_DIR) / "static" / "vendor"


DATA_ELEMENT_ID = "incident-map-data"  # the JSON block IncidentPoints reads


class IncidentPoints(JSCSSMixin, MacroElement):
    """The incidents as clustered circle markers, read from a JSON block in the page.

    folium (through branca) compiles the script it renders as a Jinja2 template a second time, so any
    text inside it is template code: ``{{ 7*7 }}`` in a location became 49 and worse. This element's
    template is a constant; the rows (article-derived names included) are inserted into the finished
    page afterwards as JSON (see ``_with_data``), where no template engine ever sees them."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var rows = JSON.parse(document.getElementById('incident-map-data').textContent);
            var cluster = L.markerClusterGroup({maxClusterRadius: 40});
            rows.forEach(function (row) {
                var marker = L.circleMarker([row[0], row[1]], {radius: 5, color: '#b3261e'});
                var span = document.createElement('span');
                span.textContent = row[2];  // text, never HTML
                marker.bindPopup(span);
                cluster.addLayer(marker);
            });
            cluster.addTo({{ this._parent.get_name() }});
            return cluster;
        })();
        {% endmacro %}"""
    )
    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css


def folium_map(qs) -> tuple[str, int]:
    """A standalone HTML map of the selection; returns (html, point count)."""
    import folium

    rows = list(qs.located().values_list("lat", "lon", "location", "event_date", "event_type"))
    fmap = folium.Map(location=[35.0, 39.5], zoom_start=6, tiles=None, prefer_canvas=True)
    # Without a tile layer Leaflet has no maxZoom, which markercluster requires.
    fmap.options.update({"maxZoom": 18, "minZoom": 3})
    if settings.TILE_URL:
        folium.TileLayer(settings.TILE_URL, attr=settings.TILE_ATTRIBUTION).add_to(fmap)
    IncidentPoints().add_to(fmap)
    data = [
        [round(lat, 5), round(lon, 5), f"{loc} · {day or '?'} · {etype}"]
        for lat, lon, loc, day, etype in rows
    ]
    html = inline_assets(fmap.get_root().render())
    return _with_data(html, data), len(rows)


def _with_data(html: str, data) -> str:
    """Put the rows into the rendered page as a JSON data block (HTML-escaped by json_script), before
    any script that reads it. Done after rendering, so the rows are never template source."""
    block = json_script(data, DATA_ELEMENT_ID)
    head, sep, tail = html.partition("<body>")
    if not sep:
        raise ValueError("folium page without <body>")
    return f"{head}<body>\n{block}{tail}"


_LOCAL = {
    "leaflet.js": LEAFLET_DIR / "leaflet.js",
    "leaflet.css": LEAFLET_DIR / "leaflet.css",
    "leaflet.markercluster.js": VENDOR_DIR / "leaflet.markercluster" / "leaflet.markercluster.js",
    "MarkerCluster.css": VENDOR_DIR / "leaflet.markercluster" / "MarkerCluster.css",
    "MarkerCluster.Default.css": VENDOR_DIR / "leaflet.markercluster" / "MarkerCluster.Default.css",
}


def inline_assets(html: str) -> str:
    """Replace folium's CDN <script>/<link> tags by inlined local copies; drop the ones not needed."""

    def script(m):
        name = m.group(1).rsplit("/", 1)[-1].split("?")[0]
        path = _LOCAL.get(name)
        return f"<script>{_asset(path)}</script>" if path else ""

    def link(m):
        name = m.group(1).rsplit("/", 1)[-1].split("?")[0]
        path = _LOCAL.get(name)
        return f"<style>{_asset(path)}</style>" if path else ""

    html = re.sub(r'<script src="(https?://[^"]+)"></script>', script, html)
    html = re.sub(r'<link rel="stylesheet" href="(https?://[^"]+)"/?>', link, html)
    return html


def geojson(qs, *, unlocated: bool = False) -> str:
    from . import mapdata

    return mapdata.geojson(qs, meta=False, unlocated=unlocated).decode()


def csv_text(qs) -> str:
    out = io.StringIO()
    write_csv(qs, out)
    return out.getvalue()
