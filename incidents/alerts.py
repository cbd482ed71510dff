"""Change alerts per district and governorate: where is violence rising this week? (issue 12)

The method is ACLED's Early Warning dashboard's, on our incidents. For each area, the last week (the
seven days ending on the reference date) is compared with the area's own baseline, the mean weekly
count over the weeks before it (4 by default, or 52):

- change above +25 %: ``large_increase``;
- +10 % to +25 %: ``moderate_increase``;
- -25 % to +10 %: ``limited_change``;
- below -25 %: ``decrease``.

A minimum count keeps small numbers from shouting: when neither the last week nor the baseline reaches
``MIN_COUNT`` incidents the area is ``too_few`` (1 -> 2 is +100 %, and means nothing). An area with no
baseline and at least ``MIN_COUNT`` incidents this week is a ``large_increase`` with no percentage.

Areas are the offline basemap's district outlines (static/basemap, Who's On First, CC0): an incident
belongs to the district whose polygon holds its point, so the choropleth and the counts agree whatever
spelling a gazetteer gives the district. Incidents without coordinates, or outside every district,
are counted as ``unassigned``. Plain Python; the database side is ``alerts_for`` at the bottom.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

DISTRICTS = Path(__file__).resolve().parent.parent / "static" / "basemap" / "syria-districts.geojson"
WEEK = 7
LARGE, MODERATE, DECREASE = 0.25, 0.10, -0.25
MIN_COUNT = 3
BASELINES = (4, 52)


@dataclass(frozen=True)
class District:
    code: str  # OCHA P-code (SY0100), or the WOF id
    name_en: str
    name_ar: str
    governorate: str
    rings: tuple  # outer ring then holes, each a tuple of (lon, lat)
    bbox: tuple[float, float, float, float]

    def contains(self, lon: float, lat: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        outer, *holes = self.rings
        return _inside(outer, lon, lat) and not any(_inside(h, lon, lat) for h in holes)


def _inside(ring, x: float, y: float) -> bool:
    """Ray casting: whether (x, y) is inside a closed ring."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


@cache
def districts(path: Path = DISTRICTS) -> tuple[District, ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for f in data["features"]:
        p, geometry = f["properties"], f["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for rings in polygons:
            rings = tuple(tuple((float(x), float(y)) for x, y in ring) for ring in rings)
            xs = [x for x, _y in rings[0]]
            ys = [y for _x, y in rings[0]]
            out.append(
                District(
                    p.get("ocha_pcode") or str(p.get("wof_id")),
                    p.get("name_en") or "",
                    p.get("name_ar") or "",
                    p.get("gov_name_en") or "",
                    rings,
                    (min(xs), min(ys), max(xs), max(ys)),
                )
            )
    return tuple(out)


@lru_cache(maxsize=65536)
def district_at(lon: float, lat: float) -> District | None:
    """The district holding a point (cached: incidents share their places' coordinates)."""
    return next((d for d in districts() if d.contains(lon, lat)), None)


def label(last: int, baseline: float, min_count: int = MIN_COUNT) -> tuple[str, float | None]:
    """The alert label and the relative change (None when there is no baseline)."""
    if last < min_count and baseline < min_count:
        return "too_few", (last - baseline) / baseline if baseline else None
    if baseline == 0:
        return "large_increase", None
    change = (last - baseline) / baseline
    if change > LARGE:
        return "large_increase", change
    if change > MODERATE:
        return "moderate_increase", change
    if change >= DECREASE:
        return "limited_change", change
    return "decrease", change


@dataclass
class AreaCount:
    key: str
    name_en: str
    name_ar: str = ""
    governorate: str = ""
    last: int = 0
    before: int = 0  # all baseline weeks together
    fatalities_last: int = 0
    fatalities_before: int = 0
    types_last: Counter = field(default_factory=Counter)

    def as_dict(self, weeks: int) -> dict:
        baseline = self.before / weeks
        name, change = label(self.last, baseline)
        return {
            "code": self.key,
            "name_en": self.name_en,
            "name_ar": self.name_ar,
            "governorate": self.governorate,
            "last_week": self.last,
            "baseline": round(baseline, 2),
            "change": None if change is None else round(change, 3),
            "label": name,
            "fatalities_last_week": self.fatalities_last,
            "fatalities_baseline": round(self.fatalities_before / weeks, 2),
            "types_last_week": dict(self.types_last.most_common(3)),
        }


def compute(rows, end: dt.date, weeks: int = 4) -> dict:
    """Alerts from ``(event_date, lat, lon, fatalities, event_type)`` rows: every district and
    governorate with an incident in the window, those that changed first."""
    last_start = end - dt.timedelta(days=WEEK - 1)
    first = last_start - dt.timedelta(days=WEEK * weeks)
    by_district: dict[str, AreaCount] = {}
    by_governorate: dict[str, AreaCount] = {}
    unassigned = 0
    for day, lat, lon, fatalities, event_type in rows:
        if day is None or not (first <= day <= end):
            continue
        d = district_at(round(lon, 5), round(lat, 5)) if lat is not None and lon is not None else None
        if d is None:
            unassigned += 1
            continue
        recent = day >= last_start
        areas = (
            by_district.setdefault(d.code, AreaCount(d.code, d.name_en, d.name_ar, d.governorate)),
            by_governorate.setdefault(d.governorate, AreaCount(d.governorate, d.governorate)),
        )
        for area in areas:
            if recent:
                area.last += 1
                area.fatalities_last += fatalities or 0
                area.types_last[event_type or "unknown"] += 1
            else:
                area.before += 1
                area.fatalities_before += fatalities or 0
    order = {"large_increase": 0, "moderate_increase": 1, "decrease": 2, "limited_change": 3, "too_few": 4}

    def listing(areas):
        items = [a.as_dict(weeks) for a in areas.values()]
        return sorted(items, key=lambda a: (order[a["label"]], -a["last_week"], a["name_en"]))

    return {
        "window": {
            "last_week": [last_start.isoformat(), end.isoformat()],
            "baseline": [first.isoformat(), (last_start - dt.timedelta(days=1)).isoformat()],
            "baseline_weeks": weeks,
        },
        "method": {
            "large_increase": f"> +{LARGE:.0%}",
            "moderate_increase": f"+{MODERATE:.0%} to +{LARGE:.0%}",
            "limited_change": f"{DECREASE:.0%} to +{MODERATE:.0%}",
            "decrease": f"< {DECREASE:.0%}",
            "too_few": f"fewer than {MIN_COUNT} incidents in the last week and in the baseline's mean",
        },
        "districts": listing(by_district),
        "governorates": listing(by_governorate),
        "unassigned": unassigned,
    }


def alerts_for(qs, end: dt.date | None = None, weeks: int = 4) -> dict:
    """Alerts for a selection (an Incident queryset without its date window): the reference date is
    ``end`` or the selection's newest incident."""
    from django.db.models import Max

    if end is None:
        end = qs.aggregate(newest=Max("event_date"))["newest"]
    if end is None:
        return compute([], dt.date.today(), weeks) | {"empty": True}
    first = end - dt.timedelta(days=WEEK * (weeks + 1) - 1)
    rows = qs.filter(event_date__gte=first, event_date__lte=end).values_list(
        "event_date", "lat", "lon", "fatalities", "event_type"
    )
    return compute(rows.iterator(chunk_size=5000), end, weeks)
