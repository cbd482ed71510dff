"""The shipped gazetteer as a plain index (no database): built once for all extraction tests."""

import pytest

from incidents.extraction.places import GazetteerIndex
from incidents.gazetteer_sources import default_entries


@pytest.fixture(scope="session")
def index() -> GazetteerIndex:
    return GazetteerIndex(default_entries())
