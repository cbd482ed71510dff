"""The words the data is stored in (ACLED types, statuses, canonical actor and source names, all
English) as an analyst reads them in the interface language. Stored values never change; only what
the dashboard shows does."""

from __future__ import annotations

from django.utils.translation import get_language, gettext, gettext_noop

from .basemap import district_names_ar
from .gazetteer_sources import SY_ADMIN1
from .models import EVENT_TYPES, Incident, Source

# Canonical names from extraction/events.py (ACTORS) and extraction/sources.py (SOURCES), listed here
# so that makemessages finds them; tests/test_terms.py fails when the lexicons gain a name not listed.
ACTOR_NAMES = [
    gettext_noop("SDF"),
    gettext_noop("ISIS"),
    gettext_noop("International Coalition"),
    gettext_noop("Syrian government forces"),
    gettext_noop("Popular factions"),
    gettext_noop("Turkish-backed factions"),
    gettext_noop("Iranian-backed militias"),
    gettext_noop("Asayish"),
    gettext_noop("Tribal forces"),
    gettext_noop("Unidentified gunmen"),
]
SOURCE_NAMES = [
    gettext_noop("SANA"),
    gettext_noop("North Press"),
    gettext_noop("SOHR"),
    gettext_noop("Local sources"),
    gettext_noop("Military source"),
    gettext_noop("Amaq"),
    gettext_noop("SDF statement"),
    gettext_noop("Deir ez-Zor 24"),
    gettext_noop("Enab Baladi"),
    gettext_noop("Syria TV"),
]


def display_terms() -> dict[str, str]:
    """Stored English term → its label in the active language (only those that differ)."""
    names = [*EVENT_TYPES, *(s for subs in EVENT_TYPES.values() for s in subs), *ACTOR_NAMES, *SOURCE_NAMES]
    terms = {name: gettext(name) for name in names}
    terms.update({value: str(label) for value, label in Incident.Status.choices})
    # corroboration levels and the affiliations of outlets and cited sources (the detail's voices)
    terms.update({value: str(label) for value, label in Incident._meta.get_field("corroboration").choices})
    terms.update({value: str(label) for value, label in Source.Kind.choices})
    if (get_language() or "").startswith("ar"):  # governorates and districts: their own Arabic names
        terms.update(district_names_ar())
        terms.update({en: ar for en, ar in SY_ADMIN1.values()})
    return {k: v for k, v in terms.items() if v != k}
