"""Who reported an incident, and how far they agree: corroboration across affiliations and the claims
of each voice side by side (issue 12). Plain Python over plain records; the database side is
``refresh`` at the bottom.

Voices. Every claim speaks in one voice: the source it cites by name (SANA, SOHR, Amaq, an SDF
statement) or, when it cites none, the outlet that published it. A republished copy speaks in its
original's outlet's voice, so a copy never corroborates its original. Anonymous attributions
("local sources", "a military source") are the outlet's own sourcing, not an independent voice: they
keep their figures and accusations (shown per voice) but add no corroboration.

Levels, weakest first:
- ``single``: one voice.
- ``one_affiliation``: several voices, all of one affiliation (or of unknown affiliation).
- ``cross_affiliation``: voices of at least two known, different affiliations (SANA and an
  opposition outlet; North Press and SOHR).
- ``party_confirmed``: a party's own statement (Amaq, an SDF statement) and at least one other voice.

Fatalities follow ACLED's conservative rule: the incident's figure is the lowest that any voice
reports; the range (lowest, highest, who said which) is kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Affiliations are the outlet kinds of incidents.models.Source.Kind (the same codes).
STATE, KURDISH, OPPOSITION, MONITOR, INTERNATIONAL, PARTY, LOCAL, OTHER = (
    "state",
    "kurdish",
    "opposition",
    "monitor",
    "international",
    "party",
    "local",
    "other",
)
UNKNOWN = {LOCAL, OTHER, ""}

# Sources that articles cite by name (extraction/sources.py's canonical names), with the reason for
# the affiliation given to each.
CITED_AFFILIATIONS: dict[str, tuple[str, str]] = {
    "SANA": (STATE, "Syrian Arab News Agency, the Syrian government's news agency"),
    "North Press": (KURDISH, "North Press Agency, based in Qamishli, reports from AANES-held areas"),
    "SOHR": (MONITOR, "Syrian Observatory for Human Rights, a UK-based monitoring group"),
    "Amaq": (PARTY, "Amaq News Agency, the Islamic State's own outlet"),
    "SDF statement": (PARTY, "a statement of the Syrian Democratic Forces, a party to the fighting"),
    "Deir ez-Zor 24": (OPPOSITION, "Deir ezZor 24, a local opposition news network"),
    "Enab Baladi": (OPPOSITION, "Enab Baladi, an independent opposition-area newspaper"),
    "Syria TV": (OPPOSITION, "Syria TV, an opposition channel based in Istanbul"),
    "Local sources": (OTHER, "anonymous: the outlet's own sourcing"),
    "Military source": (OTHER, "anonymous: an unnamed military source"),
}
ANONYMOUS = {"Local sources", "Military source"}


@dataclass(frozen=True)
class ClaimRecord:
    """One claim, as this module needs it."""

    outlet: str  # the publishing outlet's name (its original's, for a republished copy)
    outlet_affiliation: str
    cited_source: str = ""
    killed: int | None = None
    injured: int | None = None
    perpetrator: str = ""


@dataclass(frozen=True)
class Voice:
    name: str
    affiliation: str
    anonymous: bool = False


def voice_of(claim: ClaimRecord, affiliations: dict[str, str] | None = None) -> Voice:
    """The voice a claim speaks in. ``affiliations`` maps outlet names to their (editable) kinds, so a
    cited outlet the project also ingests (SANA cited by Al-Souria Net) takes its outlet's affiliation."""
    cited = claim.cited_source
    if not cited or cited == claim.outlet:
        return Voice(claim.outlet, claim.outlet_affiliation)
    if affiliations and cited in affiliations:
        return Voice(cited, affiliations[cited], cited in ANONYMOUS)
    return Voice(cited, CITED_AFFILIATIONS.get(cited, (OTHER, ""))[0], cited in ANONYMOUS)


def level(voices) -> str:
    """The corroboration level of a set of voices ("" for none)."""
    named = {v.name: v for v in voices if not v.anonymous}
    if not named:
        return "single" if voices else ""
    if len(named) == 1:
        return "single"
    kinds = {v.affiliation for v in named.values()}
    if PARTY in kinds:
        return "party_confirmed"
    if len(kinds - UNKNOWN) >= 2:
        return "cross_affiliation"
    return "one_affiliation"


@dataclass
class Figure:
    """One number across voices: the lowest (the incident's, by ACLED's rule), the highest, and who
    said which."""

    low: int | None = None
    high: int | None = None
    by_voice: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "min": self.low,
            "max": self.high,
            "by_voice": [{"voice": v, "value": n} for v, n in self.by_voice],
        }


@dataclass
class Reconciled:
    level: str
    voices: list[Voice]
    fatalities: Figure
    injured: Figure
    perpetrators: list[tuple[str, str]]  # (voice, perpetrator), one per voice that names one

    @property
    def perpetrator_status(self) -> str:
        """ "agreed" (one name), "disputed" (several), or "unclaimed"."""
        names = {p for _v, p in self.perpetrators}
        return "disputed" if len(names) > 1 else "agreed" if names else "unclaimed"

    def as_dict(self) -> dict:
        return {
            "corroboration": self.level,
            "voices": [
                {"name": v.name, "affiliation": v.affiliation, "anonymous": v.anonymous} for v in self.voices
            ],
            "fatalities": self.fatalities.as_dict(),
            "injured": self.injured.as_dict(),
            "perpetrator": {
                "status": self.perpetrator_status,
                "by_voice": [{"voice": v, "perpetrator": p} for v, p in self.perpetrators],
            },
        }


def reconcile(claims, affiliations: dict[str, str] | None = None) -> Reconciled:
    """Each voice's figures and accusation (a voice that says two numbers counts with its highest) and
    the corroboration level."""
    voices: dict[str, Voice] = {}
    killed: dict[str, int] = {}
    injured: dict[str, int] = {}
    blamed: dict[str, str] = {}
    for c in claims:
        v = voice_of(c, affiliations)
        voices.setdefault(v.name, v)
        if c.killed is not None:
            killed[v.name] = max(killed.get(v.name, 0), c.killed)
        if c.injured is not None:
            injured[v.name] = max(injured.get(v.name, 0), c.injured)
        if c.perpetrator and v.name not in blamed:
            blamed[v.name] = c.perpetrator
    return Reconciled(
        level(list(voices.values())),
        list(voices.values()),
        _figure(killed),
        _figure(injured),
        list(blamed.items()),
    )


def _figure(values: dict[str, int]) -> Figure:
    if not values:
        return Figure()
    return Figure(
        min(values.values()), max(values.values()), sorted(values.items(), key=lambda kv: (kv[1], kv[0]))
    )


# --- the database side -------------------------------------------------------------------------------


def claim_records(incident_ids=None) -> dict[int, list[ClaimRecord]]:
    """The claims of these incidents (of all, when None) as ClaimRecords: one query per 5,000."""
    from .models import Claim

    columns = (
        "incident_id",
        "article__source__name_en",
        "article__source__kind",
        "article__republished_from__source__name_en",
        "article__republished_from__source__kind",
        "cited_source",
        "claimed_killed",
        "claimed_injured",
        "claimed_perpetrator",
    )
    if incident_ids is None:
        batches = [Claim.objects.values_list(*columns)]
    else:
        ids = list(incident_ids)
        batches = [
            Claim.objects.filter(incident_id__in=ids[i : i + 5000]).values_list(*columns)
            for i in range(0, len(ids), 5000)
        ]
    out: dict[int, list[ClaimRecord]] = {}
    for rows in batches:
        for incident_id, outlet, kind, original, original_kind, cited, killed, hurt, blamed in rows.iterator(
            chunk_size=5000
        ):
            out.setdefault(incident_id, []).append(
                ClaimRecord(original or outlet, original_kind or kind, cited, killed, hurt, blamed)
            )
    return out


def outlet_affiliations() -> dict[str, str]:
    """Outlet names (English) to their kinds, as analysts set them in the admin."""
    from .models import Source

    return dict(Source.objects.values_list("name_en", "kind"))


def reconciled(incident) -> Reconciled:
    """One incident's voices, figures and level."""
    return reconcile(claim_records([incident.pk]).get(incident.pk, []), outlet_affiliations())


def refresh(incident_ids=None) -> int:
    """Store each incident's corroboration level (all incidents when ``incident_ids`` is None); returns
    how many changed. Called after ingest, merges, claim edits and outlet kind changes. The changed
    incidents are written with one UPDATE per level and 5,000 ids."""
    from .models import Incident

    if incident_ids is None:
        current = dict(Incident.objects.values_list("pk", "corroboration").iterator(chunk_size=20_000))
        records = claim_records(None)
    else:
        ids = list(set(incident_ids))
        current = {}
        for i in range(0, len(ids), 5000):
            current.update(
                Incident.objects.filter(pk__in=ids[i : i + 5000]).values_list("pk", "corroboration")
            )
        records = claim_records(list(current))
    affiliations = outlet_affiliations()
    by_level: dict[str, list[int]] = {}
    for pk, old in current.items():
        new = reconcile(records.get(pk, ()), affiliations).level
        if new != old:
            by_level.setdefault(new, []).append(pk)
    for new, pks in by_level.items():
        for i in range(0, len(pks), 5000):
            Incident.objects.filter(pk__in=pks[i : i + 5000]).update(corroboration=new)
    return sum(len(p) for p in by_level.values())
