"""The map's data at any size: grid cells counted in the database, or the points when they are few.

At a million incidents the map cannot receive every point (26 MB, and seconds to draw). At low zooms
the selection is aggregated IN THE DATABASE: one GROUP BY over each incident's cell of a grid snapped
to the zoom (cells about 32 px wide on screen), by event type and geo precision, so every cell carries
its count, its type mix and its honest precision mix, and its position is the mean of its incidents.
Past POINTS_ZOOM, or when the selection in view is small (settings.MAP_POINT_LIMIT), the answer is
the points themselves, as /api/map gives them. The FilterSet decides the selection in both cases (the
bbox is one of its parameters), so the cells' counts add up to the points' count.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, F, FloatField, Func, Sum

from .mapdata import _encoded, collector_paused, map_columns, raw_rows, unlocated_count
from .models import GeoPrecision

MIN_ZOOM = 0
MAX_ZOOM = 20
POINTS_ZOOM = 11  # from here on, with a bbox, always points (a few km across: towns and villages)
PRECISIONS = [int(p) for p in GeoPrecision.values]


def cell_size(zoom: int) -> float:
    """The grid's cell in degrees at a zoom: 32 px of a 256 px Web Mercator tile, so cells halve per zoom
    and a bbox rounded to them (the client does) gives the same URL for nearby views."""
    return 360 / 2 ** (zoom + 3)


def _floor_div(field: str, size: float):
    return Func(F(field) / size, function="FLOOR", output_field=FloatField())


def grid_cells(qs, zoom: int) -> dict:
    """The located incidents of qs counted per grid cell at ``zoom``: column arrays, one index per cell.

    {zoom, cell (degrees), count, types, lon, lat (the mean of the cell's incidents), n, by_type
    ([count per index into types]), by_precision ([exact, near, region-only])}."""
    size = cell_size(zoom)
    rows = raw_rows(
        qs.located()
        .order_by()
        # The type and precision as annotations after the cell, so that the GROUP BY starts with the
        # cell: grouped by event_type first, SQLite walks the (event_type, date) index row by row
        # instead of scanning a narrow covering index (2.5x slower at 100 k).
        .annotate(
            cx=_floor_div("lon", size), cy=_floor_div("lat", size), t=F("event_type"), p=F("geo_precision")
        )
        .values("cx", "cy", "t", "p")
        .annotate(n=Count("pk"), sum_lon=Sum("lon"), sum_lat=Sum("lat"))
        .values_list("cx", "cy", "t", "p", "n", "sum_lon", "sum_lat")
    )
    types: dict[str, int] = {}
    cells: dict[tuple, list] = {}
    with collector_paused():
        for cx, cy, etype, precision, n, sum_lon, sum_lat in rows:
            cell = cells.get((cx, cy))
            if cell is None:
                cell = cells[(cx, cy)] = [0, 0.0, 0.0, {}, [0] * len(PRECISIONS)]
            cell[0] += n
            cell[1] += sum_lon
            cell[2] += sum_lat
            t = types.setdefault(etype, len(types))
            cell[3][t] = cell[3].get(t, 0) + n
            if precision in PRECISIONS:
                cell[4][PRECISIONS.index(precision)] += n
        ordered = sorted(cells.values(), key=lambda c: -c[0])  # biggest first: drawn underneath
        return {
            "zoom": zoom,
            "cell": size,
            "count": sum(c[0] for c in ordered),
            "types": list(types),
            "lon": [round(c[1] / c[0], 5) for c in ordered],
            "lat": [round(c[2] / c[0], 5) for c in ordered],
            "n": [c[0] for c in ordered],
            "by_type": [[c[3].get(t, 0) for t in range(len(types))] for c in ordered],
            "by_precision": [c[4] for c in ordered],
        }


def map_view(qs, zoom: int, *, bbox: bool) -> bytes:
    """The map's answer for a selection ``qs`` (its bbox applied, if it has one) at ``zoom``: cells or
    points. ``unlocated`` is counted as /api/map counts it, for the same selection."""
    if not (bbox and zoom >= POINTS_ZOOM):
        cells = grid_cells(qs, min(zoom, POINTS_ZOOM - 1))
        if cells["count"] > settings.MAP_POINT_LIMIT:
            payload = {"mode": "cells", "bbox": bbox, "unlocated": unlocated_count(qs)}
            payload |= cells
            return _encoded(payload)
    return map_columns(qs, head={"mode": "points", "bbox": bbox})
