"""Exports of exactly the current selection: ACLED-style CSV, GeoJSON, and a standalone folium map.

The folium page embeds everything it needs (django-leaflet's bundled Leaflet, the offline basemap's
layers and our drawing module, all inlined), so it opens from disk with no network request at all.
folium (through branca) renders its page as a Jinja2 template, so nothing from the data ever goes
through folium: the rows and names are added to the finished page as JSON blocks (json_script) and
the header through Django's autoescaping templates. Compact rows, not one object per marker, keep it
small at 100 k incidents.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import leaflet as django_leaflet
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import json_script
from django.utils.translation import get_language, gettext, gettext_lazy

from . import acled, basemap
from .mapdata import streaming_read
from .models import EVENT_TYPES, Claim, Incident, Place, Source
from .terms import display_terms

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
EXTRA_COLUMNS = ["location_ar", "demo", "article_urls", "corroboration"]
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


CSV_FIELDS = (
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
    "corroboration",
)


def _csv_row(values: tuple, reports: dict[int, Reports]) -> list:
    """One incident's CSV row (ACLED's columns, then ours), every text cell formula-safe."""
    (
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
        corroboration,
    ) = values
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
        corroboration,
    ]
    return [_csv_safe(cell) if isinstance(cell, str) else cell for cell in row]


def csv_chunks(qs, chunk_size: int = 2000) -> Iterator[tuple[str, int]]:
    """The CSV's header, then its rows ``chunk_size`` incidents at a time, as (text, rows in it).

    The incidents are read through ``.iterator()`` (a server-side cursor on PostgreSQL) and their claims
    one chunk at a time, so a million rows stream in constant memory."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    yield out.getvalue(), 0
    # a small first chunk: the first incidents leave before a whole chunk's claims are read
    sizes = itertools.chain([min(100, chunk_size)], itertools.repeat(chunk_size))
    with streaming_read(qs.db):
        rows = qs.order_by("-event_date", "-id").values_list(*CSV_FIELDS).iterator(chunk_size=chunk_size)
        while chunk := list(itertools.islice(rows, next(sizes))):
            reports = _reports_by_incident(r[0] for r in chunk)
            out.seek(0)
            out.truncate()
            writer.writerows(_csv_row(values, reports) for values in chunk)
            yield out.getvalue(), len(chunk)


def write_csv(qs, out) -> int:
    """ACLED's columns in ACLED's order, plus location_ar, demo, article_urls and corroboration; one row
    per incident.

    Unknown stays empty (fatalities not stated, an actor ACLED's inter codes do not cover), never 0."""
    n = 0
    for text, rows in csv_chunks(qs):
        out.write(text)
        n += rows
    return n


def csv_stream(qs) -> Iterator[str]:
    """The CSV export in pieces, starting with a UTF-8 byte-order mark (see csv_text)."""
    yield "\ufeff"
    for text, _rows in csv_chunks(qs):
        yield text


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(text: str) -> str:
    """Every text cell: prefix a would-be formula with an apostrophe so it stays text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _asset(path: Path) -> str:
    return path.read_text(encoding="utf-8")


LEAFLET_DIR = Path(django_leaflet.__file__).parent / "static" / "leaflet"
VENDOR_DIR = Path(settings.BASE_DIR) / "static" / "vendor"


DATA_ELEMENT_ID = "incident-map-data"  # the rows export_map.js draws
# The dashboard's type colours (static/incidents/map.js TYPE_COLOURS; a test keeps the two equal).
TYPE_COLOURS = {
    "Battles": "#c62828",
    "Explosions/Remote violence": "#ef6c00",
    "Violence against civilians": "#6a1b9a",
    "Strategic developments": "#1565c0",
    "Protests": "#2e7d32",
    "Riots": "#5d4037",
}
OTHER_COLOUR = "#455a64"
# Row layout of the data block; "location" stays third (the security tests read it there).
ROW_FIELDS = (
    "lat",
    "lon",
    "location",
    "date",
    "precision",
    "type",
    "sub_type",
    "name_ar",
    "fatalities",
    "level",  # the corroboration level: the ring around the dot, as on the dashboard
)
# The filters an export can carry, as the dashboard names them (see describe_selection).
FILTER_LABELS = {
    "q": gettext_lazy("Search"),
    "start": gettext_lazy("From"),
    "end": gettext_lazy("To"),
    "source": gettext_lazy("Outlets"),
    "cited": gettext_lazy("Cited sources"),
    "type": gettext_lazy("Event types"),
    "sub_event_type": gettext_lazy("Sub-event types"),
    "actor": gettext_lazy("Actors"),
    "admin1": gettext_lazy("Governorate"),
    "admin2": gettext_lazy("District"),
    "place": gettext_lazy("Place"),
    "status": gettext_lazy("Status"),
    "precision": gettext_lazy("Location precision"),
    "demo": gettext_lazy("demo data"),
}
PRECISION_LABELS = {
    "1": gettext_lazy("town"),
    "2": gettext_lazy("near / part of region"),
    "3": gettext_lazy("region only"),
}
STATIC_DIR = Path(settings.BASE_DIR) / "static"
# The corroboration levels, weakest first (static/incidents/corroboration.js LEVELS): the legend's rings.
CORROBORATION_LEVELS = Incident._meta.get_field("corroboration").choices


def describe_selection(params) -> list[tuple[str, str]]:
    """The request's filters as (label, values) in the active language, for the export's header.

    Only what the person chose is described; the FilterSet alone decides what it selects."""
    terms = display_terms()
    lang = get_language() or "en"
    out = []
    for key in params:
        values = [v for raw in params.getlist(key) for v in raw.split(",") if v.strip()]
        if not values or key in ("view", "incident"):
            continue
        if key == "source":
            names = dict(
                Source.objects.filter(slug__in=values).values_list(
                    "slug", "name_ar" if lang == "ar" else "name_en"
                )
            )
            shown = [names.get(v) or v for v in values]
        elif key == "precision":
            shown = [str(PRECISION_LABELS.get(v, v)) for v in values]
        elif key == "place":
            places = Place.objects.in_bulk([int(v) for v in values if v.isdigit() and len(v) < 10])
            shown = [
                places[int(v)].display_name(lang) if int(v) in places else v for v in values if v.isdigit()
            ]
        else:
            shown = [terms.get(v, v) for v in values]
        out.append((str(FILTER_LABELS.get(key, key)), ", ".join(shown)))
    return out


def folium_map(qs, *, filters: list[tuple[str, str]] = (), exported_at=None) -> tuple[str, int]:
    """A standalone HTML map of the selection, in the active language; returns (html, point count).

    The offline basemap, the incidents (type colours, precision rings), the title, filters, export date
    and legend are all in the one file: it opens from disk with no network request at all."""
    import folium

    lang = get_language() or "en"
    terms = display_terms()
    types = list(EVENT_TYPES)
    type_index = {t: i for i, t in enumerate(types)}
    rows = list(
        qs.located()
        .order_by("-event_date", "-id")
        .values_list(
            "lat",
            "lon",
            "location",
            "event_date",
            "geo_precision",
            "event_type",
            "sub_event_type",
            "place__name_ar",
            "fatalities",
            "corroboration",
        )
    )
    data = [
        [
            round(lat, 5),
            round(lon, 5),
            loc,
            day.isoformat() if day else "",
            precision or 1,
            type_index.get(etype, -1),
            terms.get(sub, sub),
            name_ar or "",
            fatalities or 0,
            level,
        ]
        for lat, lon, loc, day, precision, etype, sub, name_ar, fatalities, level in rows
    ]
    fmap = folium.Map(location=[35.0, 39.5], zoom_start=7, tiles=None)
    fmap.options.update({"maxZoom": 18, "minZoom": 3})  # no tile layer even if TILE_URL is set: offline
    meta = {
        "map": fmap.get_name(),
        "lang": lang,
        "fields": {name: i for i, name in enumerate(ROW_FIELDS)},
        "typeNames": [terms.get(t, t) for t in types],
        "colours": [TYPE_COLOURS.get(t, OTHER_COLOUR) for t in types],
        "otherColour": OTHER_COLOUR,
        "labels": {
            "dateUnknown": gettext("date unknown"),
            "killed": gettext("killed"),
            "nearLevel": gettext("approximate location"),
            "regionLevel": gettext("region-level location"),
            "unknown": gettext("unknown"),
        },
        "levelNames": {level: str(label) for level, label in CORROBORATION_LEVELS},
    }
    panel = render_to_string(
        "incidents/export_map.html",
        {
            "count": len(rows),
            "filters": filters,
            "exported_at": exported_at or timezone.now(),
            "legend": [(terms.get(t, t), TYPE_COLOURS.get(t, OTHER_COLOUR)) for t in types],
            "levels": [(level, str(label)) for level, label in CORROBORATION_LEVELS],
        },
    )
    html = inline_assets(fmap.get_root().render())
    return _standalone(html, data=data, meta=meta, panel=panel, lang=lang), len(rows)


def _basemap_block() -> dict:
    return {
        "layers": {name: basemap.layer_data(name) for name in basemap.LAYERS},
        "towns": basemap.towns(),
        "attribution": basemap.ATTRIBUTION,
    }


def _module(*names: str) -> str:
    """Our own static ES modules, joined into one inline module (they contain no '</script')."""
    source = "\n".join(_asset(STATIC_DIR / "incidents" / name) for name in names)
    assert "</script" not in source.lower()
    return f'<script type="module">\n{source}\n</script>'


def _standalone(html: str, *, data, meta: dict, panel: str, lang: str) -> str:
    """Add to folium's rendered page, where no template engine will ever see them: the data blocks
    (JSON, HTML-escaped by json_script, before any script that reads them), the header and legend
    (rendered by Django's autoescaping templates), the styles and the drawing module."""
    head, sep, tail = html.partition("<body>")
    if not sep:
        raise ValueError("folium page without <body>")
    blocks = "\n".join(
        [
            json_script(data, DATA_ELEMENT_ID),
            json_script(meta, "incident-map-meta"),
            json_script(_basemap_block(), "incident-map-basemap"),
        ]
    )
    styles = "".join(
        f"<style>{_asset(STATIC_DIR / 'incidents' / name)}</style>"
        for name in ("basemap.css", "export_map.css")
    )
    head = head.replace("</head>", f"{styles}\n</head>", 1)
    direction = "rtl" if lang == "ar" else "ltr"
    head = head.replace("<html>", f'<html lang="{lang}" dir="{direction}">', 1)
    tail = tail.replace("</body>", f"{panel}\n</body>", 1)
    page = f"{head}<body>\n{blocks}{tail}"
    # corroboration.js before export_map.js: the rings are the dashboard's own (RINGS, ringOf, areaWeight)
    drawing = _module("basemap.js", "points.js", "corroboration.js", "export_map.js")
    return page.replace("</html>", drawing + "\n</html>", 1)


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


def geojson_stream(qs, *, unlocated: bool = False) -> Iterator[bytes]:
    """The GeoJSON export in pieces (the same bytes as geojson()), for a streaming response."""
    from . import mapdata

    return mapdata.geojson_stream(qs, unlocated=unlocated)


def csv_text(qs) -> str:
    """The CSV as one string, starting with a UTF-8 byte-order mark: without it Excel reads the bytes as
    the local code page and the Arabic turns to mojibake."""
    out = io.StringIO()
    out.write("\ufeff")
    write_csv(qs, out)
    return out.getvalue()
