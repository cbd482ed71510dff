"""The dashboard's terms: every stored English term the extractor can produce has a UI label."""

from django.utils import translation

from incidents.extraction.events import ACTORS
from incidents.extraction.sources import SOURCES
from incidents.models import EVENT_TYPES
from incidents.terms import ACTOR_NAMES, SOURCE_NAMES, display_terms


def test_every_lexicon_name_is_listed_for_translation():
    assert set(ACTORS) == set(ACTOR_NAMES)
    assert set(SOURCES) == set(SOURCE_NAMES)


def test_arabic_terms_cover_types_statuses_actors_and_sources():
    with translation.override("ar"):
        terms = display_terms()
    every = [*EVENT_TYPES, *(s for subs in EVENT_TYPES.values() for s in subs), *ACTORS, *SOURCES]
    assert [t for t in every if t not in terms] == []
    assert terms["Battles"] == "معارك" and terms["SANA"] == "سانا" and terms["Local sources"] == "مصادر محلية"
    assert "verified" in terms


def test_english_needs_no_terms_but_status_labels():
    with translation.override("en"):
        terms = display_terms()
    assert "Battles" not in terms and terms["verified"] == "Verified"


def test_governorates_read_in_arabic_on_the_arabic_interface():
    with translation.override("ar"):
        assert display_terms()["Deir ez-Zor"] == "دير الزور"
    with translation.override("en"):
        assert "Deir ez-Zor" not in display_terms()
