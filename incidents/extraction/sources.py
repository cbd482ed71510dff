"""Cited sources: who an article says told it what, with the span of the attribution.

A sentence that names a source ("ذكرت وكالة سانا أن …", "according to SOHR") speaks in that source's
voice; the next sentence keeps it when it continues the report ("ولفتت المصادر", "وأضاف"). Every other
sentence is the outlet's own voice (cited source None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import TriggeredPattern, first_words, normalise_ar

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
_SOURCE_BY_SPELLING: dict[str, str] = {}
_alternatives = []
for _name, _spellings in SOURCES.items():
    for _s in sorted(_spellings.split("|"), key=len, reverse=True):
        _f = normalise_ar(_s)
        _SOURCE_BY_SPELLING[re.sub(r"\s+", " ", _f)] = _name
        _alternatives.append((len(_f), r"[”\"]?\s+[“\"]?".join(re.escape(w) for w in _f.split())))
# One alternation, longest spelling first; quotes may stand around any word ("بيان صادر عن “قسد”").
SOURCE_RE = re.compile(
    rf"{_B}[وفبل]?(?:ل)?[“\"]?("
    + "|".join(p for _n, p in sorted(_alternatives, reverse=True))
    + rf")[”\"]?{_E}"
)
SOURCE_SCAN = TriggeredPattern(
    SOURCE_RE, first_words("|".join(map(re.escape, _SOURCE_BY_SPELLING))), anchored=True
)

# Reporting verbs and phrases that make a named source the speaker of the sentence.
REPORTING = re.compile(
    rf"{_B}(?:[وف]?(?:ذكرت|ذكر|قالت|قال|افادت|افاد|اعلنت|اعلن|اوضح|اوضحت|اشارت|اشار|نقلت|نقل|رجحت|رجح|"
    rf"اكدت|اكد|نشرت|نشر|بحسب|حسب|وفق|وفقا|طبقا|لفتت|اضاف|اضافت|اتهم|اتهمت|حمل|حملت|وثق|وثقت|رصد|رصدت)|"
    rf"according|said|reported|told|claimed|stated|accused|blamed|documented|monitored){_E}"
)
# "قال مصدر … لنورث برس", "a source told North Press": the outlet named after "to" is the one reporting,
# not a voice it cites. The speaker is the source that told it (or the outlet itself).
TOLD_TO = re.compile(r"(?:(?<!\w)ل[“\"]?|\btold\s+(?:the\s+)?|\bto\s+)$")
CONTINUES = re.compile(
    r"^\s*(?:في حين|بينما|فيما|ولفتت|واضاف|واضافت|وتابع|وتابعت|واشار|واشارت|وبينت|he added|it added|the source added)"
)


@dataclass(frozen=True, slots=True)
class SourceHit:
    """A cited source found in folded text."""

    start: int  # folded coordinates
    end: int
    name: str


def find_sources(folded: str) -> list[SourceHit]:
    """Every named source in folded text, canonical name and span (folded coordinates)."""
    out = []
    for m in SOURCE_SCAN.finditer(folded):
        spelling = re.sub(r"[”“\"]", "", re.sub(r"\s+", " ", m.group(1)))
        out.append(SourceHit(m.start(), m.end(), _SOURCE_BY_SPELLING[spelling]))
    return out


def speaker(folded_sentence: str, hits: list[SourceHit]) -> SourceHit | None:
    """The source a sentence is attributed to: a named source within a few words of a reporting verb
    ("ذكرت وكالة سانا", "according to SOHR", "SANA reported"). A source named elsewhere in the sentence
    is its subject matter, not its speaker (قسد in "استهدفت الفصائل مقراً لقسد")."""
    if not hits:
        return None
    hits = [h for h in hits if not TOLD_TO.search(folded_sentence, max(0, h.start - 12), h.start)]
    for verb in REPORTING.finditer(folded_sentence):
        for hit in hits:
            if 0 <= hit.start - verb.end() <= 30 or 0 <= verb.start() - hit.end <= 3:
                return hit
    return None


def continues_previous(folded_sentence: str) -> bool:
    """Whether a sentence goes on in the previous sentence's voice ("ولفتت المصادر", "وأضاف")."""
    return bool(CONTINUES.search(folded_sentence))
