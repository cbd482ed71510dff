"""Text normalisation for matching Arabic and English place names, keeping offsets into the original.

Matching runs on a folded copy of the text; every character of the copy remembers where it came from, so
evidence spans always point into the article exactly as published.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
_TASHKEEL = set(araby.TASHKEEL) | {"\u0670"}  # harakat, tanwin, shadda, sukun, dagger alef


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded copy of a text and, for each of its characters, the offset in the original."""

    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded text[start:end]."""
        return self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start]


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


def fold(text: str) -> Folded:
    """Fold text for matching (Arabic letter variants, tashkeel, case, accents) with an offset map."""
    out: list[str] = []
    offsets: list[int] = []
    for i, c in enumerate(text):
        f = _fold_char(c)
        if f:
            out.append(f)
            offsets.append(i)
    offsets.append(len(text))
    return Folded("".join(out), tuple(offsets))


def normalise_ar(text: str) -> str:
    """The folded form of a text, for comparisons and search (not offset-preserving; use ``fold``)."""
    return " ".join(fold(text).text.split())


def detect_language(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, else 'en'."""
    arabic = sum(1 for c in text if "\u0621" <= c <= "\u064a")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return "ar" if arabic >= latin else "en"


_ARTICLE = re.compile(r"^(?:al|el|as|ad|ash|az|ar|at|an|ath|adh|ad)\s+")


def latin_key(name: str) -> str:
    """A transliteration-tolerant key for a Latin place name.

    Fold case and accents, drop the Arabic article (al-/as-/ash-…), then keep the first letter and the
    consonants: Shuhayl / Shheil / al-Suheil → "sl"... too coarse alone, so the consonant skeleton is
    only ever used as a second-chance lookup, within a governorate. Busayrah / Busaira → "bsr".
    """
    s = " ".join(fold(name).text.split())
    s = _ARTICLE.sub("", s)
    s = re.sub(r"[^a-z]", "", s)
    if not s:
        return ""
    s = s.replace("dh", "d").replace("th", "t").replace("kh", "k").replace("gh", "g").replace("sh", "s")
    head, tail = s[0], re.sub(r"[aeiouyhw]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", head + tail)
