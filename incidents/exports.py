"""Exports of exactly the current selection: ACLED-style CSV, GeoJSON, and a standalone folium map.

The folium page embeds every script and stylesheet it needs (inlined from static/vendor and
django-leaflet's bundled Leaflet), so it opens from disk with no network. FastMarkerCluster keeps it
small at 100 k points: one JSON array and one callback, not one object per marker.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import leaflet as django_leaflet
from branca.element import MacroElement
from django.conf import settings
from django.utils.html import json_script
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template

from . import acled
from .models import Claim

# ACLED's columns, in ACLED's order and with its names (codebook 2023); then what ACLED lacks: the
# Arabic place name, whether the row is synthetic demo data, and the articles' addresses.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
EXTRA_COLUMNS = ["location_ar", "demo", "article_urls"]
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

# What ingest writes into an incident's notes when nobody wrote any: not worth a reader's time.
AUTOMATIC_NOTE = "Extracted automatically from article"
ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass
class Reports:
    """What an incident's claims say, for one CSV row."""

    sources: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    urls: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


def _reports_by_incident(ids) -> dict[int, Reports]:
    out: dict[int, Reports] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):  # under every database's limit on query parameters
        rows = (
            Claim.objects.filter(incident_id__in=ids[start : start + 500])
            .order_by("incident_id", "article_id", "id")
            .values_list(
                "incident_id",
                "article__source__name_en",
                "article__source__kind",
                "cited_source",
                "article__url",
                "evidence_text",
            )
        )
        for incident_id, outlet, kind, cited, url, evidence in rows:
            reports = out.setdefault(incident_id, Reports())
            label = f"{outlet} (citing {cited})" if cited else outlet
            if label not in reports.sources:
                reports.sources.append(label)
            reports.kinds.add(kind)
            if url and url not in reports.urls:
                reports.urls.append(url)
            sentence = " ".join((evidence or "").split())
            if sentence:
                quoted = f"{label}: \u201c{sentence}\u201d"
                if quoted not in reports.evidence:
                    reports.evidence.append(quoted)
    return out


def _notes(own: str, reports: Reports) -> str:
    """ACLED's notes: the analyst's own notes (not ingest's automatic line), then each voice's evidence."""
    parts = [] if not own or own.startswith(AUTOMATIC_NOTE) else [own.strip()]
    return " | ".join(parts + reports.evidence)


def write_csv(qs, out) -> int:
    """ACLED's columns in ACLED's order, plus location_ar, demo and article_urls; one row per incident.

    Unknown stays empty (fatalities not stated, an actor ACLED's inter codes do not cover), never 0."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
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
        "is_demo",
        "updated_at",
        "place__country",
        "place__name_ar",
    )
    n = 0
    rows = list(qs.order_by("-event_date", "-id").values_list(*fields))
    reports = _reports_by_incident(r[0] for r in rows)
    for (
        pk,
        day,
        time_precision,
        event_type,
        sub_event_type,
        actor1,
        actor2,
        admin1,
        admin2,
        admin3,
        location,
        lat,
        lon,
        geo_precision,
        notes,
        fatalities,
        status,
        is_demo,
        updated_at,
        country_code,
        name_ar,
    ) in rows:
        r = reports.get(pk, Reports())
        iso, prefix, country_name = acled.country(country_code)
        inter1, inter2 = acled.inter_code(actor1), acled.inter_code(actor2)
        location_ar = name_ar or (location if ARABIC.search(location or "") else "")
        row = [
            f"{prefix}{pk}",
            day.isoformat() if day else "",
            day.year if day else "",
            time_precision or "",
            acled.disorder_type(event_type, sub_event_type),
            event_type,
            sub_event_type,
            actor1,
            "",  # assoc_actor_1: who fought alongside actor1 is not extracted
            inter1 or "",
            actor2,
            "",  # assoc_actor_2
            inter2 or "",
            acled.interaction(inter1, inter2) or "",
            acled.civilian_targeting(event_type, actor2),
            iso,
            acled.REGION if iso else "",
            country_name,
            admin1,
            admin2,
            admin3,
            location,
            "" if lat is None else lat,
            "" if lon is None else lon,
            geo_precision or "",
            "; ".join(r.sources),
            acled.source_scale(r.kinds),
            _notes(notes, r),
            "" if fatalities is None else fatalities,
            f"review status={status}",
            int(updated_at.timestamp()) if updated_at else "",
            location_ar,
            "yes" if is_demo else "no",
            " ".join(r.urls),
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
    """The CSV as one string, starting with a UTF-8 byte-order mark: without it Excel reads the bytes as
    the local code page and the Arabic turns to mojibake."""
    out = io.StringIO()
    out.write("\ufeff")
    write_csv(qs, out)
    return out.getvalue()
