"""The gazetteer index: finds place names in folded text, looks names up, and offers spelling variants.

One pyahocorasick automaton holds every Arabic and Latin alias. Arabic words carry proclitics (و ف ب ل ك,
and ل+ال → لل) and often the article a gazetteer spelling lacks (الشحيل for شحيل), so a match may start
after such a prefix, but it must start at a word boundary before it and end at a word boundary:
ضمان matches in وضمان but not in ضمانات.

Names that are also common words or personal names (الطيبة، النصر، محمد, "Adam") are *gated*: the
automaton finds them, and the mention finder keeps them only with context (a cue word, a locative, a list
of places). What is common comes from word frequencies in general text (fixtures/common_words.txt).

Spelling variants (what GeoNames writes is not always what reporters write) are looked up only for words
already read as place names: a shared Arabic skeleton (ذ/د/ز, ث/ت, ق/ك, ح/ه, ة/ه, alef, doubled
letters), one edit (a swapped, missing or extra letter), or for Latin names one romanisation (Zaiban,
Thiban, Dhiban).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
from rapidfuzz.distance import Levenshtein

from .normalise import (
    LATIN_ARTICLES,
    LEADING_ARTICLE,
    arabic_latin_key,
    arabic_skeleton,
    fold,
    latin_form,
    latin_key,
    normalise_ar,
)

COMMON_WORDS_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "common_words.txt"


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

    @property
    def rank(self) -> int:
        """How prominent the place is, for choosing among namesakes: cities, then towns, then villages."""
        if self.population >= 100_000 or self.kind == "city":
            return 3
        if self.population >= 1_000 or self.kind == "town":
            return 2
        return 1


@dataclass(frozen=True, slots=True)
class RawPlaceMatch:
    """A gazetteer key found in text: [start, end) with the proclitics, name_start where the name begins.

    Offsets are into whatever text was searched: the original for ``find``, the folded copy for
    ``find_folded``. ``gated``: a name that is also a common word, kept only with context."""

    start: int  # start of the word, proclitics included
    name_start: int  # start of the name itself (after proclitics; the article included when it was read)
    end: int
    key: str
    entry_ids: tuple[int, ...]
    gated: bool = False


ARABIC_PROCLITICS = {"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"}
# ل + ال contracts to لل (للبصيرة = ل + البصيرة): a name that starts with ال then appears without its alef.
CONTRACTED = {"لل", "ولل", "فلل"}
# The article in front of a gazetteer name that has none (الشحيل for شحيل), after any proclitic.
WITH_ARTICLE = {p + "ال" for p in ARABIC_PROCLITICS} | CONTRACTED
# Words that are never a place name on their own, whatever a gazetteer says: they are what a place is
# (a village, a camp) or parts of the story. Only a cue word can make one a name (قرية الجسر).
STRUCTURAL_WORDS = {
    normalise_ar(w)
    for w in (
        "المدينة القرية البلد السوق المنطقة الشرق الغرب الشمال الجنوب المحافظة الريف الحدود المركز الجسر "
        "النهر الطريق البيت المزرعة الدولة الجيش التحالف الأمن الخليج العرب الجامع المدرسة المحطة الشركة "
        "الحقل المطار القصر السجن الحي المخيم الساحة البادية الجزيرة الفرات عنه هيت الخط النقطة التل "
        "مدينة قرية بلدة منطقة محافظة ناحية حي مخيم قرى قريتين بلدتين مدينتين بلدات مناطق الطرق طرق "
        "معسكر حاجز مطار كتيبة فوج لواء مقر مفرزة نقطة محطة مدرسة مشفى مستشفى جامع مسجد كنيسة سجن سوق "
        "شارع دوار ساحة معبر مفرق مدخل مخفر مبنى منزل "
        # the first word of many names, never a name alone (جبل الزاوية، تل تمر، عين عيسى، دير حافر)
        "جبل تل خربة خربه عين دير كفر وادي سهل نهر بئر ام ابو بني مزرعة قصر "
        # countries: the news names them all the time; the gazetteer's homonymous villages are noise
        "سوريا سورية العراق تركيا لبنان الاردن اسرائيل ايران روسيا امريكا syria iraq turkey lebanon jordan "
        "israel iran russia america "
        "town city village center centre north south east west road river bridge market camp station school "
        "hit ana time police state army jabal jebel jbel tall tell tal khirbat khirbet ain ayn deir dayr kafr "
        "kfar wadi sahl nahr bir umm abu bani mazraat mazraa qasr"
    ).split()
}
COMMON_WORDS = STRUCTURAL_WORDS  # the earlier name
# A direction or size after a village name tells two villages apart (الجرذي الشرقي / الغربي); reporters
# often leave it out, so the name without it is a key too (the finder then chooses by distance).
QUALIFIERS = {
    normalise_ar(w)
    for w in "الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية الكبير الكبيرة الصغير الصغيرة "
    "الفوقاني التحتاني الفوقا التحتا الجديد الجديدة القديم القديمة".split()
}
_AR_LETTERS = re.compile(r"[\u0621-\u064a]")
_LATIN_ARTICLE = re.compile(rf"^{LATIN_ARTICLES} ")


def is_word_char(c: str) -> bool:
    """Like regex \\w: a letter, digit or underscore in any script."""
    return c.isalnum() or c == "_"


def _is_arabic(s: str) -> bool:
    return bool(_AR_LETTERS.search(s))


@cache
def common_words() -> frozenset[str]:
    """Folded words frequent in general Arabic and English text (fixtures/common_words.txt)."""
    try:
        lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return frozenset()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def arabic_variants(key: str) -> set[str]:
    """Spellings of one folded Arabic name as it may stand in text: with/without ال, one word or two,
    and without a trailing direction or size (الجرذي for الجرذي الشرقي)."""
    out = {key}
    if key.startswith("ال") and len(key) >= 7:
        out.add(key[2:])  # some outlets drop the article (بصيرة); not short names: تبني is also a verb
    if " " in key:
        out.add(key.replace(" ", ""))  # ديرالزور written as one word
        head, _sp, last = key.rpartition(" ")
        if last in QUALIFIERS and len(head) >= 4:
            out.add(head)
    return out


class GazetteerIndex:
    """Built once from entries; thread-safe for reading."""

    def __init__(self, entries: Iterable[GazetteerEntry], common: frozenset[str] | None = None):
        self.common = common_words() if common is None else common
        self.entries: dict[int, GazetteerEntry] = {}
        keys: dict[str, set[int]] = defaultdict(set)
        skeletons: dict[str, set[int]] = defaultdict(set)
        self._latin_key: dict[str, set[int]] = defaultdict(set)
        self._latin_form: dict[str, set[int]] = defaultdict(set)
        for e in entries:
            self.entries[e.id] = e
            for name in {e.name_en, e.name_ar, *e.aliases}:
                if not name:
                    continue
                key = normalise_ar(name)
                if len(key) < 3 or key in STRUCTURAL_WORDS or _structural_with_proclitic(key):
                    continue
                if _is_arabic(key):
                    for variant in arabic_variants(key) - STRUCTURAL_WORDS:
                        keys[variant].add(e.id)
                        skeletons[arabic_skeleton(variant)].add(e.id)
                else:
                    keys[key].add(e.id)
                    bare = _LATIN_ARTICLE.sub("", key)
                    if bare != key and len(bare) >= 4 and bare not in STRUCTURAL_WORDS:
                        keys[bare].add(e.id)
                    for spelling in _with_and_without_inner_article(name):
                        self._latin_key[latin_key(spelling)].add(e.id)
                        self._latin_form[latin_form(spelling)].add(e.id)
                    bare_name = _LATIN_QUALIFIER.sub("", name)
                    if bare_name != name and len(latin_form(bare_name)) >= 4:
                        # "Al Kastan al Fawqani" is "Kastan" in the news (a spelling variant: for review)
                        self._latin_key[latin_key(bare_name)].add(e.id)
                        self._latin_form[latin_form(bare_name)].add(e.id)
        # places known only by a Latin name (7 % of Who's On First's), for Arabic spellings of them
        self._latin_only: dict[str, tuple[int, ...]] = {}
        latin_only: dict[str, set[int]] = defaultdict(set)
        for e in self.entries.values():
            if e.country == "SY" and not any(
                n and _is_arabic(normalise_ar(n)) for n in (e.name_ar, *e.aliases)
            ):
                for spelling in (e.name_en, *(a for a in e.aliases if a.isascii())):
                    if len(_LATIN_ARTICLE.sub("", normalise_ar(spelling)).split()) == 1:
                        latin_only[latin_key(spelling)].add(e.id)
        self._latin_only = {k: tuple(sorted(v)) for k, v in latin_only.items() if len(k) >= 2}
        # ... and the reverse: a one-word Arabic name as an English report would spell it, for the places
        # whose GeoNames romanisation is no help (مشمشان is "Al Marj al Akhdar"; the news writes Mashmashan)
        by_arabic: dict[str, set[int]] = defaultdict(set)
        for e in self.entries.values():
            if e.country == "SY" and e.name_ar:
                key = arabic_latin_key(normalise_ar(e.name_ar))
                if len(key) >= 4:
                    by_arabic[key].add(e.id)
        self._by_arabic_key = {k: tuple(sorted(v)) for k, v in by_arabic.items()}
        self.keys = {k: tuple(sorted(v)) for k, v in keys.items()}
        self._skeletons = {k: tuple(sorted(v)) for k, v in skeletons.items() if len(k) >= 3}
        self.gated = frozenset(k for k, ids in self.keys.items() if self._needs_context(k, ids))
        self._sorted_keys = sorted(self.keys)
        self._automaton = ahocorasick.Automaton()
        for key, ids in self.keys.items():
            arabic = _is_arabic(key)
            self._automaton.add_word(key, (key, ids, arabic, key.startswith("ال"), key in self.gated))
        if self.keys:
            self._automaton.make_automaton()
        self._deletions: dict[str, set[str]] | None = None  # built on first use (cold start)
        self._near_cache: dict[str, tuple[GazetteerEntry, ...]] = {}
        self._variant_cache: dict[str, list[list[GazetteerEntry]]] = {}
        self._forms_cache: dict[tuple[int, bool], tuple[str, ...]] = {}
        self._own_cache: dict[int, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    # --- a built index kept on disk: a cold start reads it in a fraction of the build time -------------

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_deletions"], state["_near_cache"], state["_variant_cache"] = None, {}, {}
        state["_forms_cache"], state["_own_cache"] = {}, {}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("_forms_cache", {})  # (an index pickled before these caches existed)
        self.__dict__.setdefault("_own_cache", {})

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (a reader never sees half a file)."""
        import pickle
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(self, fh, protocol=pickle.HIGHEST_PROTOCOL)
        Path(fh.name).replace(path)

    @staticmethod
    def load(path: Path) -> GazetteerIndex | None:
        """An index written by ``save``, or None when there is none (or it cannot be read)."""
        import pickle

        try:
            with path.open("rb") as fh:
                index = pickle.load(fh)  # noqa: S301 (our own cache file in var/, written by save())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return index if isinstance(index, GazetteerIndex) else None

    def _needs_context(self, key: str, ids: tuple[int, ...]) -> bool:
        """A name that is also an everyday word, a personal name or very short: read only with context.
        Prominent places (cities, regions) are what their names mean in the news, so they never are."""
        if any(
            (self.entries[i].population >= 20_000 and self.entries[i].country == "SY")
            or self.entries[i].kind in REGION_KINDS
            for i in ids
        ):
            return False  # (not Turkey's Van: "وان" is also "and that")
        words = key.split()
        if len(words) == 1 and len(key) <= 3:
            return True
        return all(self.is_common(w) for w in words)

    def is_common(self, word: str) -> bool:
        """Whether a folded word is frequent in general text (with or without the article)."""
        return word in self.common or (word.startswith("ال") and word[2:] in self.common)

    # --- finding names in text -------------------------------------------------------------------------

    def find(self, text: str) -> list[RawPlaceMatch]:
        """Gazetteer names in an article, with offsets into the text as given (see ``find_folded``)."""
        f = fold(text)
        out = []
        for m in self.find_folded(f.text):
            start, end = f.span(m.start, m.end)
            out.append(RawPlaceMatch(start, f.span(m.name_start, m.end)[0], end, m.key, m.entry_ids, m.gated))
        return out

    def find_folded(self, folded: str) -> list[RawPlaceMatch]:
        """Non-overlapping gazetteer names in folded text, longest first, with word boundaries."""
        if not self.keys:
            return []
        found: list[RawPlaceMatch] = []
        n = len(folded)
        for end_idx, (key, ids, arabic, has_article, gated) in self._automaton.iter(folded):
            end = end_idx + 1
            if end < n and (folded[end].isalnum() or folded[end] == "_"):
                continue  # the name runs on into a longer word (ضمانات)
            start = end - len(key)
            word_start = start
            while word_start > 0 and (folded[word_start - 1].isalnum() or folded[word_start - 1] == "_"):
                word_start -= 1
                if start - word_start > 4:
                    break  # no proclitic chain with the article is longer than four letters (وبال)
            prefix = folded[word_start:start]
            if prefix and gated and self.is_common(prefix + key):
                continue  # وجيزة is one word ("short"), not و + a village جيزة
            name_start = start
            if arabic:
                if prefix in CONTRACTED and has_article:
                    continue  # للبصيرة is ل+البصيرة: the contracted form matches the bare key
                if prefix not in ARABIC_PROCLITICS:
                    if has_article or prefix not in WITH_ARTICLE:
                        continue
                    if "ال" + key in STRUCTURAL_WORDS:
                        continue  # المحطة is a station, not the village Mahattah
                    # الشحيل for the gazetteer's شحيل: the article belongs to the name as written
                    if prefix.endswith("ال"):
                        name_start = start - 2  # (للشحيل keeps its contracted ل outside the name)
                    gated = gated or self.is_common("ال" + key)
            elif prefix:
                continue
            found.append(RawPlaceMatch(word_start, name_start, end, key, ids, gated))
        chosen: list[RawPlaceMatch] = []
        taken = bytearray(n + 1)
        for m in sorted(found, key=lambda m: (-(m.end - m.name_start), m.name_start)):  # longest first
            if 1 not in taken[m.name_start : m.end]:
                chosen.append(m)
                taken[m.name_start : m.end] = b"\x01" * (m.end - m.name_start)
        return sorted(chosen, key=lambda m: m.name_start)

    # --- lookups ---------------------------------------------------------------------------------------

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries whose name or alias is exactly this (after folding, with or without a proclitic or the
        article), or, for a Latin name, whose transliteration skeleton is."""
        key = normalise_ar(name)
        ids = self.keys.get(key, ())
        if not ids and _is_arabic(key):
            for candidate in _arabic_bare_forms(key):
                if candidate in self.keys:
                    ids = self.keys[candidate]
                    break
        if not ids and not _is_arabic(key):
            ids = tuple(self._latin_key.get(latin_key(name), ()))
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

    def variants(self, surface: str) -> list[GazetteerEntry]:
        """Entries a word read as a place name may mean although it is spelt differently, closest first
        (see ``variant_tiers``); never the exact name: that is ``lookup``."""
        return [e for tier in self.variant_tiers(surface) for e in tier]

    def variant_tiers(self, surface: str) -> list[list[GazetteerEntry]]:
        """Spelling variants in two tiers, each most prominent first:
        1. the same Arabic skeleton (ذ/د, ق/ك, ة/ه, alef …) or the same romanisation (Zaiban, Thiban);
        2. one edit away (a swapped, missing or extra letter), or, for a Latin name, the same consonant
           skeleton with vowels that differ no more than a transliteration's do.
        Remembered per spelling: village names come back article after article."""
        key = normalise_ar(surface)
        if not key:
            return [[], []]
        if key not in self._variant_cache:
            if len(self._variant_cache) > 100_000:
                self._variant_cache.clear()
            self._variant_cache[key] = self._variant_tiers(surface, key)
        return self._variant_cache[key]

    def _variant_tiers(self, surface: str, key: str) -> list[list[GazetteerEntry]]:
        exact = set(self.keys.get(key, ()))
        close: set[int] = set()
        far: set[int] = set()
        if _is_arabic(key):
            for form in _arabic_bare_forms(key) | {key}:
                close.update(self._skeletons.get(arabic_skeleton(form), ()))
            far.update(e.id for e in self.near_misses(surface))
        else:
            for spelling in _with_and_without_inner_article(surface):  # Um Al-Zaytoun / Umm az Zaytun
                form = latin_form(spelling)
                close.update(self._latin_form.get(form, ()))
                sk = latin_key(spelling)
                if len(form) >= 4 and len(sk) >= 2:  # (Hwayja / Huwayjah: two consonants, five letters)
                    # four letters are close only without a short vowel the reporter left out (Hwash /
                    # Hawash, Zyarah / Ziyarah, Fterah / Fatirah); five and more within _similar
                    close_enough = _similar if len(form) >= 5 else _one_vowel_more
                    for i in self._latin_key.get(sk, ()):
                        e = self.entries[i]
                        names = (e.name_en, *e.aliases)
                        if any(
                            close_enough(form, latin_form(m))
                            for n in names
                            if n.isascii()
                            for m in _with_and_without_inner_article(n)
                        ):
                            far.add(i)
            if not close and not far and " " not in surface.strip():
                far.update(self._by_arabic_key.get(latin_key(surface), ()))

        def ranked(ids: set[int]) -> list[GazetteerEntry]:
            # variants only in Syria: the neighbours' places are there for their exact names
            found = (self.entries[i] for i in ids - exact if self.entries[i].country == "SY")
            return sorted(found, key=lambda e: (-e.rank, -e.population, e.id))

        return [ranked(close), ranked(far - close)]

    def own_names(self, entry: GazetteerEntry) -> tuple[str, ...]:
        """An entry's own names (not its alternates), folded and without the article: the names that
        tell the place that bears a name from one that only lists it (kept: namesakes come back)."""
        names = self._own_cache.get(entry.id)
        if names is None:
            names = tuple({LEADING_ARTICLE.sub("", normalise_ar(n)) for n in (entry.name_ar, entry.name_en)})
            self._own_cache[entry.id] = names
        return names

    def hill_named(self, surface: str) -> list[GazetteerEntry]:
        """Places called "Tall <name>" (تل سلحب, Tall Salhab) that reporters often write as the bare
        name (Salhab): candidates only when the bare name is a place in another governorate."""
        key = normalise_ar(surface)
        heads = ("تل ",) if _is_arabic(key) else ("tall ", "tal ", "tell ", "tel ")
        ids = {i for head in heads for i in self.keys.get(head + key, ())}
        return [self.entries[i] for i in sorted(ids)]

    def latin_only(self, surface: str) -> list[GazetteerEntry]:
        """Places without an Arabic name whose romanisation an Arabic one-word name would give."""
        key = arabic_latin_key(normalise_ar(surface))
        return [self.entries[i] for i in self._latin_only.get(key, ())] if len(key) >= 2 else []

    def spelling_distance(self, surface: str, entry: GazetteerEntry) -> int:
        """How far a spelling is from an entry's nearest name of the same script (skeletons for
        Arabic, romanisations for Latin): for choosing among variants."""
        key = normalise_ar(surface)
        arabic = _is_arabic(key)
        form = arabic_skeleton(key) if arabic else latin_form(surface)
        return min((_levenshtein(form, f) for f in self._spelling_forms(entry, arabic)), default=99)

    def _spelling_forms(self, entry: GazetteerEntry, arabic: bool) -> tuple[str, ...]:
        """An entry's names in one script as ``spelling_distance`` compares them (kept: a name's
        namesakes come back article after article)."""
        forms = self._forms_cache.get((entry.id, arabic))
        if forms is None:
            names = [
                n for n in (entry.name_ar, entry.name_en, *entry.aliases) if n and _is_arabic(n) == arabic
            ]
            forms = tuple(arabic_skeleton(normalise_ar(n)) if arabic else latin_form(n) for n in names)
            self._forms_cache[(entry.id, arabic)] = forms
        return forms

    def _deletion_index(self) -> dict[str, set[str]]:
        """Every Arabic key of 4+ letters under each of its one-letter deletions (SymSpell style)."""
        if self._deletions is None:
            index: dict[str, set[str]] = defaultdict(set)
            for key in self.keys:
                if len(key) >= 4 and " " not in key and _is_arabic(key):
                    for i in range(len(key)):
                        index[key[:i] + key[i + 1 :]].add(key)
            self._deletions = index
        return self._deletions

    def near_misses(self, surface: str, admin1: str | None = None) -> list[GazetteerEntry]:
        """Gazetteer names one edit away (a swapped, missing, extra or changed letter) from a surface form.

        The seed writes ذيبان and later ذبيان: a transposition. Only Arabic names of four letters or more,
        where one edit is still a likely typo rather than another word. A Latin surface gets the entries
        sharing its transliteration skeleton (``latin_key``: Shheil / Shuhayl).
        """
        key = normalise_ar(surface)
        if key and not _is_arabic(key):
            sk = latin_key(surface)
            found = [self.entries[i] for i in self._latin_key.get(sk, ())] if len(sk) >= 3 else []
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
        deletions = self._deletion_index()
        candidates: set[str] = set(deletions.get(key, ()))  # one letter extra in the surface
        for i in range(len(key)):
            deletion = key[:i] + key[i + 1 :]
            if deletion in self.keys:
                candidates.add(deletion)  # one letter missing in the surface
            candidates.update(deletions.get(deletion, ()))  # changed or swapped letter
        out = []
        for cand in candidates:
            if cand != key and _typo(cand, key):
                out.extend(self.entries[i] for i in self.keys[cand])
        return tuple(sorted(set(out), key=lambda e: -e.population))


def _typo(a: str, b: str) -> bool:
    """One letter swapped with its neighbour (ذبيان/ذيبان), left out or added: the typos of a known name.
    Not one letter changed for another: ضمان/جمان are two words, and the letters that really vary
    (ذ/د, ق/ك …) are the skeleton's business."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return len(long_) - len(short) == 1 and any(
        long_[:i] + long_[i + 1 :] == short for i in range(len(long_))
    )


def _structural_with_proclitic(key: str) -> bool:
    """بقرية، وقرية، لمدينة: a cue word with a proclitic is no place either (GeoNames has a Bqaryah)."""
    return len(key) > 3 and key[0] in "وفبلك" and (key[1:] in STRUCTURAL_WORDS or key[2:] in STRUCTURAL_WORDS)


_INNER_ARTICLE = re.compile(rf"(?<=\w)[\s-]+{LATIN_ARTICLES}[\s-]+", re.I)


def _with_and_without_inner_article(name: str) -> tuple[str, ...]:
    """A Latin name as written and without the article inside it: "Umm az Zaytun" and "Umm Zaytun"
    (reporters write it al-, az- or not at all)."""
    bare = _INNER_ARTICLE.sub(" ", name)
    return (name,) if bare == name else (name, bare)


# A direction, size or age after a Latin village name (GeoNames: "Al Kastan al Fawqani", "Ayid Kabirah")
_LATIN_QUALIFIER = re.compile(
    rf"[\s-]+(?:(?:{LATIN_ARTICLES}|aj)[\s-]+)?(?:fawqani|tahtani|foqani|sharqi|gharbi|shamali|janubi|"
    r"sharqiyah|gharbiyah|shamaliyah|janubiyah|kabir|kabirah|kebir|saghir|saghirah|sghir|jadid|jadidah|"
    r"qadim|qadimah|wastani|wusta)$",
    re.I,
)


def _one_vowel_more(form: str, other: str) -> bool:
    """``other`` is ``form`` with one short vowel more: hwas / hawas, dyar / diyar."""
    if len(other) != len(form) + 1:
        return False
    return any(other[i] in "aiu" and other[:i] + other[i + 1 :] == form for i in range(1, len(other)))


def _similar(a: str, b: str) -> bool:
    """Two romanisations of one name: edits within 40 % of the longer (vowels are what differ)."""
    if not a or not b or abs(len(a) - len(b)) > 3:
        return False
    return _levenshtein(a, b) <= 0.4 * max(len(a), len(b))


_levenshtein = Levenshtein.distance  # rapidfuzz's, in C++ (insertions, deletions, substitutions)


def _arabic_bare_forms(key: str) -> set[str]:
    """A folded Arabic word without its proclitics, with and without the article: وذيبان → ذيبان,
    بالشحيل → الشحيل and شحيل, للبصيرة → البصيرة."""
    out = set()
    for n in (3, 2, 1, 0):
        prefix, rest = key[:n], key[n:]
        if len(rest) < 3:
            continue
        if prefix in CONTRACTED:
            out.add("ال" + rest)
        elif prefix in ARABIC_PROCLITICS:
            out.add(rest)
    for form in list(out):
        if form.startswith("ال") and len(form) > 4:
            out.add(form[2:])
    out.discard(key)
    return out


RawMatch = RawPlaceMatch  # the earlier name
REGION_KINDS = {"governorate", "region", "desert", "river", "oilfield", "district", "water", "terrain"}


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
