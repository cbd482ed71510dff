"""Cited sources: who an article says told it what, with the span of the attribution.

A sentence that names a source ("ذكرت وكالة سانا أن …", "according to SOHR") speaks in that source's
voice; the next sentence keeps it when it continues the report ("ولفتت المصادر", "وأضاف"). Every other
sentence is the outlet's own voice (cited source None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import normalise_ar

_B, _E = r"(?<!\w)", r"(?!\w)"

SOURCES = {
    "SANA": "وكالة أنباء النظام سانا|وكالة الأنباء السورية|وكالة سانا|مراسل سانا|سانا|SANA|Syrian Arab News Agency",
    "North Press": "وكالة نورث برس|نورث برس|North Press|North Press Agency",
    "SOHR": "المرصد السوري لحقوق الإنسان|المرصد السوري|SOHR|Syrian Observatory for Human Rights|the Observatory",
    "Local sources": "مصادر محلية|مصادر أهلية|مصدر محلي|ناشطون محليون|local sources|local activists|residents",
    "Military source": "مصدر عسكري|مصادر عسكرية|military source|a military source",
    "Amaq": "وكالة أعماق|أعماق|Amaq",
    "SDF statement": "بيان صادر عن قسد|بيان قسد|المركز الإعلامي لقسد|SDF statement|SDF media center",
    "Deir ez-Zor 24": "دير الزور 24|Deir ez-Zor 24|DeirEzzor24",
    "Enab Baladi": "عنب بلدي|Enab Baladi",
    "Syria TV": "تلفزيون سوريا|Syria TV",
}
_PATTERNS = []
for _name, _spellings in SOURCES.items():
    for _s in _spellings.split("|"):
        _f = normalise_ar(_s)
        _words = r"[”\"]?\s+[“\"]?".join(re.escape(w) for w in _f.split())  # quotes around any word
        _PATTERNS.append((_name, re.compile(rf"{_B}[وفبل]?(?:ل)?[“\"]?{_words}[”\"]?{_E}")))
_PATTERNS.sort(key=lambda t: -len(t[1].pattern))

# Reporting verbs and phrases that make a named source the speaker of the sentence.
REPORTING = re.compile(
    rf"{_B}(?:[وف]?(?:ذكرت|ذكر|قالت|قال|افادت|افاد|اعلنت|اعلن|اوضح|اوضحت|اشارت|اشار|نقلت|نقل|رجحت|رجح|"
    rf"اكدت|اكد|نشرت|نشر|بحسب|حسب|وفق|وفقا|طبقا|لفتت|اضاف|اضافت)|according|said|reported|told|claimed|stated){_E}"
)
CONTINUES = re.compile(
    r"^\s*(?:في حين|بينما|فيما|ولفتت|واضاف|واضافت|وتابع|وتابعت|واشار|واشارت|وبينت|he added|it added|the source added)"
)


@dataclass(frozen=True, slots=True)
class SourceHit:
    start: int  # folded coordinates
    end: int
    name: str


def find_sources(folded: str) -> list[SourceHit]:
    hits: list[SourceHit] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if not any(m.start() < h.end and h.start < m.end() for h in hits):
                hits.append(SourceHit(m.start(), m.end(), name))
    return sorted(hits, key=lambda h: h.start)


def speaker(folded_sentence: str, hits: list[SourceHit]) -> SourceHit | None:
    """The source a sentence is attributed to: a named source within a few words of a reporting verb
    ("ذكرت وكالة سانا", "according to SOHR", "SANA reported"). A source named elsewhere in the sentence
    is its subject matter, not its speaker (قسد in "استهدفت الفصائل مقراً لقسد")."""
    if not hits:
        return None
    for verb in REPORTING.finditer(folded_sentence):
        for hit in hits:
            if 0 <= hit.start - verb.end() <= 30 or 0 <= verb.start() - hit.end <= 3:
                return hit
    return None


def continues_previous(folded_sentence: str) -> bool:
    return bool(CONTINUES.search(folded_sentence))
