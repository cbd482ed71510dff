"""Text normalisation for matching Arabic and English place names, keeping offsets into the original.

Matching runs on a folded copy of the text; every character of the copy remembers where it came from, so
evidence spans always point into the article exactly as published.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
from pyarabic import araby

# Letter folds that Arabic news spelling varies on. normalize_alef's mapping, plus ة→ه and ى→ي (final
# forms written interchangeably) and Persian-keyboard ی/ک. Not normalize_hamza: it turns أ/إ into ء.
_FOLD = {c: "ا" for c in "أإآٱ"}
_FOLD.update({"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": "", "\u200c": "", "\u200f": "", "\u200e": ""})
# Arabic-Indic and Persian digits read as ASCII digits (the Al-Alam header writes ٣١ مايو ٢٠٢١).
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})
# Hyphens and quote marks in transliterations ("al-Busayrah", "Shu‘ayl") fold to a space / nothing.
_FOLD.update({"-": " ", "‐": " ", "–": " ", "‘": "", "’": "", "ʿ": "", "ʾ": "", "'": "", "`": ""})
# Hashtags ("#كفرنان", "#دير_الزور"): the mark and the joining underscore are word breaks.
_FOLD.update({"#": " ", "_": " "})
_TASHKEEL = set(araby.TASHKEEL) | {"\u0670"}  # harakat, tanwin, shadda, sukun, dagger alef


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded copy of a text that can map its positions back to the original.

    Folding only ever drops characters (tashkeel, tatweel, quote marks) or replaces one by one, so the
    map is the sorted list of dropped positions: original(j) = j + (dropped characters up to there)."""

    text: str
    original_length: int
    removed: tuple[int, ...]  # original positions of dropped characters
    _shifted: tuple[int, ...]  # removed[t] - t: the folded position each drop happens at

    def orig(self, j: int) -> int:
        """Original offset of folded position j (j == len(text) maps to the original length)."""
        if j >= len(self.text):
            return self.original_length
        return j + bisect_right(self._shifted, j)

    def folded_pos(self, i: int) -> int:
        """Folded position of original offset i (a dropped character maps to the next kept one)."""
        return i - bisect_left(self.removed, i)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded text[start:end]."""
        return self.orig(start), (self.orig(end - 1) + 1 if end > start else self.orig(start))


def _fold_char(c: str) -> str:
    if c in _TASHKEEL:
        return ""
    if c in _FOLD:
        return _FOLD[c]
    if c.isascii():
        return c.lower()
    if "\u0600" <= c <= "\u06ff":
        return c
    base = unicodedata.normalize("NFKD", c)
    base = "".join(ch for ch in base if not unicodedata.combining(ch))
    return base.lower()[:1] if base else ""


_KNOWN: set[str] = set()  # characters whose fold is already known
_CHANGED: dict[str, str] = {}  # known characters that fold to something else ("" = dropped)
_NOTHING = re.compile(r"(?!)")
_unknown_re = re.compile(r"[\s\S]")  # matches any character not in _KNOWN (rebuilt as _KNOWN grows)
_changed_re = _NOTHING
_dropped_re = _NOTHING


def _char_class(chars: Iterable[str], negate: bool = False) -> re.Pattern:
    body = "".join(re.escape(c) for c in sorted(chars))
    if not body:
        return re.compile(r"[\s\S]") if negate else _NOTHING
    return re.compile(f"[{'^' if negate else ''}{body}]")


def _learn(chars: set[str]) -> None:
    """Add characters to the fold tables (once per distinct character ever seen)."""
    global _unknown_re, _changed_re, _dropped_re
    for c in chars:
        _KNOWN.add(c)
        folded = _fold_char(c)
        if folded != c:
            _CHANGED[c] = folded
    _unknown_re = _char_class(_KNOWN, negate=True)
    _changed_re = _char_class(_CHANGED)
    _dropped_re = _char_class(c for c, f in _CHANGED.items() if not f)


def fold(text: str) -> Folded:
    """Fold text for matching (Arabic letter variants, tashkeel, case, accents) with an offset map.

    Every character folds to at most one character, so the map only needs the dropped positions. The
    work is done by C-level regex scans over the few characters that change (str.translate with a dict
    costs ~80 ns a character on Arabic text)."""
    new = set(_unknown_re.findall(text))
    if new:
        _learn(new)
    removed = tuple(m.start() for m in _dropped_re.finditer(text))
    shifted = tuple(r - t for t, r in enumerate(removed))
    folded = text
    for c in set(_changed_re.findall(text)):  # a dozen distinct characters: str.replace runs in C
        folded = folded.replace(c, _CHANGED[c])
    return Folded(folded, len(text), removed, shifted)


@lru_cache(maxsize=65536)
def normalise_ar(text: str) -> str:
    """The folded form of a text, for comparisons and search (not offset-preserving; use ``fold``)."""
    return " ".join(fold(text).text.split())


def detect_language(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, else 'en' (the first 500 characters are enough)."""
    sample = text[:500]
    arabic = _ARABIC_LETTER.subn("", sample)[1]
    latin = _LATIN_LETTER.subn("", sample)[1]
    return "ar" if arabic >= latin else "en"


_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[A-Za-z]")
# The Arabic article as romanised (al-, as-, ash-, ad- ...), and the article at the start of a folded name in
# either script ("الرقه", "al raqqah"): one list for every module that strips it.
LATIN_ARTICLES = r"(?:al|el|as|ad|ash|az|ar|at|an|ath|adh)"
LEADING_ARTICLE = re.compile(rf"^(?:ال|{LATIN_ARTICLES}\s+)")
_ARTICLE = re.compile(rf"^{LATIN_ARTICLES}\s+")


_AR_CONSONANTS = str.maketrans(
    {"ب": "b", "ت": "t", "ث": "d", "ج": "j", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "d", "س": "s"}
    | {"ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l"}
    | {"م": "m", "ن": "n", "ح": "", "ع": "", "ه": "", "و": "", "ي": "", "ا": "", "ى": "", "ة": "", "ء": ""}
    | {"ئ": "", "ؤ": "", "أ": "", "إ": "", "آ": ""}
)
_AR_HEAD = {"ا": "a", "أ": "a", "إ": "a", "آ": "a", "ع": "a", "ح": "h", "ه": "h", "و": "w", "ي": "y"}


def arabic_latin_key(key: str) -> str:
    """The ``latin_key`` a romanisation of a one-word folded Arabic name would have (تعارة → "tr", as
    Ta`arah; بريهة → "br", as Burayhah), for the places the gazetteer knows only by a Latin name.
    Empty for a name of several words."""
    word = key[2:] if key.startswith("ال") and len(key) > 4 else key
    if " " in word or not word:
        return ""
    head = _AR_HEAD.get(word[0]) or word[0].translate(_AR_CONSONANTS)
    return _DOUBLED.sub(r"\1", head + word[1:].translate(_AR_CONSONANTS))


@lru_cache(maxsize=200_000)
def latin_key(name: str) -> str:
    """A transliteration-tolerant key for a Latin place name.

    Fold case and accents, drop the Arabic article (al-/as-/ash-…), then keep the first letter and the
    consonants: Shuhayl / Shheil / al-Suheil → "sl"... too coarse alone, so the consonant skeleton is
    only ever used as a second-chance lookup, within a governorate. Busayrah / Busaira → "bsr".
    """
    s = latin_form(name)
    if not s:
        return ""
    head, tail = s[0], _VOWELS_HWY.sub("", s[1:])
    return _DOUBLED.sub(r"\1", head + tail)


_DIPHTHONG_AW = re.compile(r"aw(?=[^aeiouy]|$)")
_NISBA = re.compile(r"(?<=[a-z]{3})(?:ieh|iyeh|iye|iyyah|iyya|iyah|iya)\b")
_VOWELS_HWY = re.compile(r"[aeiouyhw]")
_DOUBLED = re.compile(r"(.)\1+")
_NOT_LATIN = re.compile(r"[^a-z]")
# Romanisations of one Arabic letter, written one way (longest first): ذ is dh, th, z or d (Dhiban,
# Thiban, Zaiban); ق is q or k; ش sh or ch (French: Chéhîl); long vowels ee/oo/ou/ei; y and w as vowels.
_LATIN_LETTERS = [
    ("dh", "d"),
    ("th", "d"),
    ("z", "d"),
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("ph", "f"),
    ("q", "k"),
    ("c", "j"),  # Kurdish and Turkish spellings: Til Cuma, Cerablus (ج); English writes k or q
    ("x", "k"),  # Kurdish x is kh: Xirbê Spî, Zor Mexar
    ("ee", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("ei", "i"),
    ("ai", "ay"),
    ("e", "i"),
    ("o", "u"),
]


@lru_cache(maxsize=200_000)
def latin_form(name: str) -> str:
    """A Latin place name reduced to one romanisation: no article, digraphs and vowel spellings merged,
    doubled letters single, no final -h or vowel: Sermaniyyeh and Sirmaniyah both give "sirmaniy";
    Al-Ruwaiha and Ar Ruwayhah give "ruwayh"… near enough for an edit distance of one to meet."""
    s = " ".join(fold(name).text.split())
    s = _ARTICLE.sub("", s)
    s = _NISBA.sub("iyah", s)  # Jarnieh, Hilaliye, Jurniyah, Hilaliya: one ending (ـية)
    s = _NOT_LATIN.sub("", s)
    for a, b in _LATIN_LETTERS:
        s = s.replace(a, b)
    s = _DOUBLED.sub(r"\1", s)
    s = _DIPHTHONG_AW.sub("u", s)  # Zawr / Zor, Jawz / Jooz: one و
    if len(s) > 3 and s[-1] == "y" and s[-2] not in "aiu":
        s = s[:-1] + "i"  # a final y is a vowel: Ramy / Rami, Tally / Talli
    if len(s) > 3 and s[0] in "iu" and s[1] not in "aiuy":
        s = "a" + s[1:]  # one hamza, three first vowels: Iblin / Ablin, Izraa / Ezraa, Um / Omm
    if len(s) > 4 and s[-1] == "h":
        s = s[:-1]
    if len(s) > 4 and s[-1] in "aiu":
        s = s[:-1]
    return s


# Arabic letters that local pronunciation and GeoNames' spellings swap (ذ/د/ز/ض/ظ, ث/ت/ط, س/ص, ق/ك,
# ح/ه) and the hamza seats, each written one way.
_AR_SKELETON = str.maketrans(
    {"ذ": "د", "ز": "د", "ض": "د", "ظ": "د", "ث": "ت", "ط": "ت", "ص": "س", "ق": "ك", "ح": "ه"}
    | {"ء": "", "ئ": "ي", "ؤ": "و"}
)


@lru_cache(maxsize=200_000)
def arabic_skeleton(key: str) -> str:
    """A folded Arabic name with the letters spelling varies on merged: no article, swapped letters one
    way, no alef inside the word, no final ه/ي/ا, doubled letters single. جديد عقيدات and جديدة عكيدات,
    الجرذي and الجردي, طياني and الطيانة, دامان and ضمان meet. Far too coarse to find names with: only
    ever used to look up a word already read as a place name, near the article's other places."""
    return "".join(_word_skeleton(w) for w in key.split())


def _word_skeleton(word: str) -> str:
    s = word[2:] if word.startswith("ال") and len(word) > 4 else word
    s = s.translate(_AR_SKELETON)
    if len(s) > 2:
        s = s[0] + s[1:-1].replace("ا", "") + s[-1]
    if len(s) > 3 and s[-1] in "هيا":
        s = s[:-1]
    return _DOUBLED.sub(r"\1", s)


class TriggeredPattern:
    """A word-anchored regex run only around the words that can start or anchor one of its matches.

    One pyahocorasick pass (shared by every TriggeredPattern, remembered for the last two texts) finds
    the trigger words; the regex then runs only there: at the start of the word holding a trigger
    (``anchored``: the trigger is a phrase's first word) or over small windows around the triggers,
    widened to whitespace so word boundaries and look-behinds see the real text. Same matches as
    ``pattern.finditer(folded)`` as long as every match holds a trigger within ``before``/``after``
    characters; a 4 KB article costs tens of microseconds instead of a full regex scan per pattern."""

    _registry: list[TriggeredPattern] = []
    _automaton: ahocorasick.Automaton | None = None
    _last: tuple[str | None, dict[int, list[tuple[int, int]]]] = (None, {})
    _previous: tuple[str | None, dict[int, list[tuple[int, int]]]] = (None, {})

    def __init__(
        self,
        pattern: re.Pattern | None,
        triggers: Iterable[str],
        before: int = 10,
        after: int = 60,
        anchored: bool = False,
    ):
        self.pattern, self.before, self.after, self.anchored = pattern, before, after, anchored
        self.triggers = frozenset(t for t in triggers if t)
        self._id = len(TriggeredPattern._registry)
        TriggeredPattern._registry.append(self)
        TriggeredPattern._automaton = None  # rebuilt on next use

    @classmethod
    def _hits(cls, folded: str) -> dict[int, list[tuple[int, int]]]:
        """(start, end) of trigger words per pattern id, one automaton pass per text."""
        last, previous = cls._last, cls._previous
        if last[0] is folded or last[0] == folded:  # (a title folded again is an equal new string)
            return last[1]
        if previous[0] is folded or previous[0] == folded:  # an article and its title alternate
            cls._last, cls._previous = previous, last
            return previous[1]
        if cls._automaton is None:
            words: dict[str, list[int]] = {}
            for tp in cls._registry:
                for w in tp.triggers:
                    words.setdefault(w, []).append(tp._id)
            automaton = ahocorasick.Automaton()
            for w, ids in words.items():
                automaton.add_word(w, (len(w), tuple(ids)))
            automaton.make_automaton()
            cls._automaton = automaton
        hits: dict[int, list[tuple[int, int]]] = {}
        for end, (length, ids) in cls._automaton.iter(folded):
            for i in ids:
                hits.setdefault(i, []).append((end + 1 - length, end + 1))
        cls._last, cls._previous = (folded, hits), cls._last
        return hits

    def finditer(self, folded: str) -> Iterator[re.Match]:
        """Matches in ascending order, as pattern.finditer would give them."""
        if self.anchored:
            yield from self._anchored(folded)
            return
        last_end = 0
        for lo, hi in self.windows(folded):
            for m in self.pattern.finditer(folded, max(lo, last_end), hi):
                last_end = m.end()
                yield m

    def windows(self, folded: str) -> list[list[int]]:
        """Sorted, disjoint [lo, hi) spans around the trigger words, widened to whitespace."""
        n = len(folded)
        spans = []
        for start, end in self._hits(folded).get(self._id, ()):
            lo, hi = max(0, start - self.before), min(n, end + self.after)
            while lo > 0 and not folded[lo - 1].isspace():
                lo -= 1
            while hi < n and not folded[hi].isspace():
                hi += 1
            spans.append((lo, hi))
        windows: list[list[int]] = []
        for lo, hi in sorted(spans):
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        return windows

    def _anchored(self, folded: str) -> Iterator[re.Match]:
        starts = set()
        for ws, _end in self._hits(folded).get(self._id, ()):
            while ws > 0 and (folded[ws - 1].isalnum() or folded[ws - 1] == "_"):
                ws -= 1
            starts.add(ws)
        last_end = 0
        match = self.pattern.match
        for ws in sorted(starts):
            if ws >= last_end:
                m = match(folded, ws)
                if m:
                    last_end = m.end()
                    yield m


def first_words(alternation: str) -> set[str]:
    """The first word of each phrase in a regex alternation of re.escape'd phrases, without a leading ال
    (so that ل+ال → لل contractions still contain it): the trigger words for a TriggeredPattern."""
    out = set()
    for alt in alternation.split("|"):
        words = re.sub(r"\\(.)", r"\1", alt).split()
        if words:
            w = words[0].strip('“”"')
            out.add(w[2:] if w.startswith("ال") and len(w) > 4 else w)
    return out
