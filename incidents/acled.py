"""ACLED's codebook where the project derives ACLED columns: disorder types, actor inter codes,
interaction codes, source scales and country codes. One home, so the CSV and anything else that speaks
ACLED agree.

Codes follow the ACLED codebook (2023): inter codes 1-8, interaction = the two inter codes, smaller
first (10 × a + b; a lone actor is 10 × a), disorder type by sub-event type.
"""

from __future__ import annotations

# Disorder type by event type; the sub-event types that differ from their event type follow.
DISORDER_BY_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_BY_SUB_TYPE = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}

# Inter codes of the canonical actors the extractor names (incidents/terms.py ACTOR_NAMES).
STATE_FORCES, REBEL_GROUPS, POLITICAL_MILITIAS, IDENTITY_MILITIAS = 1, 2, 3, 4
RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL_FORCES = 5, 6, 7, 8
INTER_CODES = {
    "Syrian government forces": STATE_FORCES,
    "SDF": REBEL_GROUPS,
    "ISIS": REBEL_GROUPS,
    "Turkish-backed factions": REBEL_GROUPS,
    "Asayish": REBEL_GROUPS,  # the SDF's internal security: ACLED codes it with the SDF's side
    "Popular factions": POLITICAL_MILITIAS,
    "Iranian-backed militias": POLITICAL_MILITIAS,
    "Unidentified gunmen": POLITICAL_MILITIAS,  # ACLED: "Unidentified Armed Group (Syria)"
    "Tribal forces": IDENTITY_MILITIAS,
    "International Coalition": EXTERNAL_FORCES,
    "Civilians": CIVILIANS,
}

# ACLED source_scale by the kind of outlet (Source.Kind); several outlets join with "-" in this order.
SOURCE_SCALE_BY_KIND = {
    "local": "Subnational",
    "state": "National",
    "opposition": "National",
    "international": "International",
    "monitor": "Other",
    "party": "Other",
    "other": "Other",
}
SOURCE_SCALE_ORDER = ["Subnational", "National", "Regional", "International", "Other"]

# ISO 3166 numeric code, three-letter prefix of event_id_cnty, English name; ACLED region.
COUNTRIES = {
    "SY": (760, "SYR", "Syria"),
    "IQ": (368, "IRQ", "Iraq"),
    "TR": (792, "TUR", "Turkey"),
    "LB": (422, "LBN", "Lebanon"),
    "JO": (400, "JOR", "Jordan"),
}
REGION = "Middle East"
# The gazetteer's default country (Place.country): an incident not placed yet is counted there.
DEFAULT_COUNTRY = "SY"


def disorder_type(event_type: str, sub_event_type: str = "") -> str:
    return DISORDER_BY_SUB_TYPE.get(sub_event_type) or DISORDER_BY_TYPE.get(event_type, "")


def inter_code(actor: str) -> int | None:
    return INTER_CODES.get(actor) if actor else None


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, smaller first (12 = state forces vs rebels)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def civilian_targeting(event_type: str, actor2: str = "") -> str:
    """ACLED marks events whose primary target is civilians."""
    return "Civilian targeting" if event_type == "Violence against civilians" or actor2 == "Civilians" else ""


def source_scale(kinds) -> str:
    scales = {SOURCE_SCALE_BY_KIND.get(kind, "Other") for kind in kinds}
    return "-".join(s for s in SOURCE_SCALE_ORDER if s in scales)


def country(code: str | None) -> tuple[int | str, str, str]:
    """(iso, event-id prefix, country name) for a two-letter code; blanks for one ACLED's table lacks."""
    return COUNTRIES.get(code or DEFAULT_COUNTRY, ("", code or "", ""))
