"""The dataclasses extraction hands to the rest of the project (plain data, no behaviour beyond to_dict).

Offsets (start, end) are into the ORIGINAL article text unless a field says "folded".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .places import GazetteerEntry


@dataclass
class PlaceMention:
    """A place name in the text, resolved to a gazetteer entry or not, with its role in the story."""

    start: int
    end: int
    surface: str
    place_id: int | None
    role: str = "background"  # "incident" | "background"
    confidence: float = 1.0
    needs_review: bool = False
    candidates: tuple[int, ...] = ()
    sentence_start: int = 0
    sentence_end: int = 0
    geo_precision: int = 1
    name_key: str = ""  # folded name without proclitics: the key that groups repeated mentions
    cue: bool = False
    fstart: int = 0  # start in the folded text (internal)
    container: bool = False  # the town a neighbourhood or camp named just before it lies in
    kind: str = ""  # "neighbourhood", "camp" or "facility" when a cue word said so
    listed: bool = False  # an item of a list of places ("حرستا، دوما، وسقبا")


@dataclass
class ClaimDraft:
    """What one voice (the outlet itself when cited_source is None) says about one incident."""

    cited_source: str | None
    claimed_perpetrator: str | None
    claimed_killed: int | None
    claimed_injured: int | None
    event_type: str | None
    start: int
    end: int
    text: str


@dataclass
class Evidence:
    """Where one fact of an incident came from: offsets into the original article text."""

    field: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        """The evidence as a JSON-ready dict."""
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class IncidentDraft:
    """One incident location proposed from an article."""

    mention: PlaceMention
    mention_key: str
    place: GazetteerEntry | None
    event_date: dt.date | None
    time_precision: int | None
    weekday: int | None
    event_type: str | None
    sub_event_type: str | None
    actors: list[str]
    fatalities: int | None
    injured: int | None
    geo_precision: int | None
    cited_sources: list[str]
    claims: list[ClaimDraft]
    evidence: list[Evidence]
    other_mentions: list[PlaceMention] = field(default_factory=list)
    actor1: str | None = None  # ACLED: who did it (by the outlet's own word, else the first voice)
    actor2: str | None = None  # the other side: who was targeted

    def evidence_dicts(self) -> list[dict]:
        """Evidence as JSON-ready dicts."""
        return [e.as_dict() for e in self.evidence]


@dataclass
class ExtractionResult:
    """Everything extracted from one article; ``to_dict`` is the JSON contract the rest of the project reads."""

    language: str
    published: dt.date | None
    context_admin1: str | None
    places: list[PlaceMention]
    incidents: list[IncidentDraft]
    cited_sources: list[str]

    def to_dict(self) -> dict:
        """JSON-ready: dates as ISO strings, unresolved places with null name and coordinates."""
        return {
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "context_admin1": self.context_admin1,
            "cited_sources": self.cited_sources,
            "incidents": [_incident_dict(i) for i in self.incidents],
            "places": [_mention_dict(m, self._entry) for m in self.places],
        }

    _entries: dict = field(default_factory=dict, repr=False)

    def _entry(self, place_id):
        return self._entries.get(place_id)


def _incident_dict(i: IncidentDraft) -> dict:
    p = i.place
    return {
        "place": {
            "name_en": p.name_en if p else None,
            "name_ar": p.name_ar if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "admin1": p.admin1 if p else None,
            "geo_precision": i.geo_precision,
            "confidence": confidence_label(i.mention, p is not None),
        },
        "mention": i.mention.surface,
        "start": i.mention.start,
        "end": i.mention.end,
        "resolved": p is not None,
        "needs_review": i.mention.needs_review,
        "event_date": i.event_date.isoformat() if i.event_date else None,
        "time_precision": i.time_precision,
        "weekday": i.weekday,
        "event_type": i.event_type,
        "sub_event_type": i.sub_event_type,
        "actors": i.actors,
        "actor1": i.actor1,
        "actor2": i.actor2,
        "fatalities": i.fatalities,
        "injured": i.injured,
        "cited_sources": i.cited_sources,
        "claims": [
            {
                "cited_source": c.cited_source,
                "claimed_perpetrator": c.claimed_perpetrator,
                "claimed_killed": c.claimed_killed,
                "claimed_injured": c.claimed_injured,
                "event_type": c.event_type,
                "start": c.start,
                "end": c.end,
                "text": c.text,
            }
            for c in i.claims
        ],
        "evidence": i.evidence_dicts(),
    }


def confidence_label(m: PlaceMention, resolved: bool) -> str:
    """ "high": placed, and nothing about the match asks for an analyst; "low" otherwise (a variant
    spelling, a homonym decided on thin evidence, or no place at all): the places queue gets it."""
    return "high" if resolved and not m.needs_review else "low"


def _mention_dict(m: PlaceMention, entry_of) -> dict:
    e = entry_of(m.place_id) if m.place_id is not None else None
    return {
        "mention": m.surface,
        "start": m.start,
        "end": m.end,
        "role": m.role,
        "resolved": e is not None,
        "confidence": confidence_label(m, e is not None),
        "score": round(m.confidence, 2),
        "needs_review": m.needs_review,
        "name_en": e.name_en if e else None,
        "name_ar": e.name_ar if e else None,
        "lat": e.lat if e else None,
        "lon": e.lon if e else None,
        "candidates": list(m.candidates),
    }


@dataclass
class Sentence:
    """One sentence (or contrastive clause) in folded coordinates, with what it says and who says it."""

    start: int  # folded coordinates
    end: int
    text: str
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    events: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    historical: bool = False
    # the sentence before, when this one names no event but refers back to its event ("الحملة تركزت على")
    refers_to: Sentence | None = None
