"""Generated query strings against every API endpoint and export: never a 5xx, errors always JSON.

Hypothesis builds query strings from the real parameter names and values, their edge cases (empty
lists, NUL bytes, huge numbers, long text, Arabic, bad dates and boxes) and random names and text.
FUZZ_EXAMPLES sets the number of query strings per endpoint: 250 in the everyday suite (2,000 in
all), 1,250 under `make fuzz` (10,000), which CI runs on SQLite and PostgreSQL.
"""

import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.models import EVENT_TYPES, Incident

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "250"))

ENDPOINTS = [
    "/api/incidents",
    "/api/map",
    "/api/timeline",
    "/api/facets",
    "/api/alerts",
    "/api/acled/events",
    "/api/incidents/{id}",
    "/export/incidents.csv",
    "/export/incidents.geojson",
    "/export/incidents.html",
]

NAMES = [
    "source",
    "cited",
    "type",
    "actor",
    "admin1",
    "status",
    "corroboration",
    "baseline",
    "precision",
    "start",
    "end",
    "q",
    "bbox",
    "demo",
    "located",
    "dated",
    "sort",
    "limit",
    "offset",
    "unit",
    "lang",
]

EDGE_VALUES = [
    "",
    ",",
    ",,,",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "1",
    "3",
    "99999999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "nan",
    "inf",
    "2023-09-05",
    "2023-02-30",
    "9999-12-31",
    "0001-01-01",
    "20230905",
    "40.3,35.0,40.6,35.2",
    "181,0,182,1",
    "1,2,3",
    "nan,nan,nan,nan",
    "day",
    "week",
    "month",
    "year",
    "include",
    "exclude",
    "only",
    "yes",
    "no",
    "newest",
    "oldest",
    "fatalities",
    "outlet",
    "sana",
    "north-press",
    "no-such-outlet",
    "outlet",
    "SANA",
    "ISIS",
    "Deir ez-Zor",
    "unreviewed",
    "verified",
    "ذيبان",
    "البصيره",
    "%",
    "_",
    "'; DROP TABLE incidents_incident; --",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "\u202eRTL",
    "x" * 201,
    "ذ" * 5000,
    *EVENT_TYPES,
]

value = st.one_of(
    st.sampled_from(EDGE_VALUES),
    st.text(max_size=40),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.lists(st.sampled_from(EDGE_VALUES), min_size=1, max_size=4).map(",".join),
)
name = st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=12))
query = st.lists(st.tuples(name, value), max_size=6).map(
    lambda pairs: "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
)
incident_id = st.one_of(
    st.integers(min_value=0, max_value=10**6), st.sampled_from([1, 2, 3, 2**31, 2**63 - 1])
)


@pytest.fixture
def fuzz_client(client, django_user_model, make_incident, make_source):
    client.force_login(django_user_model.objects.create_user("fuzzer", password="pw-fuzzer"))
    sana = make_source("sana", "SANA", "سانا", "state")
    kept = make_incident(source=sana, cited_source="SANA", claimed_perpetrator="Popular factions")
    make_incident(location="Al Busayrah", lat=35.156, lon=40.427, event_type="Explosions/Remote violence")
    make_incident(location="الشحيل", lat=None, lon=None, event_date=None)
    merged = make_incident(location="Hajin")
    merged.merged_into = kept
    merged.save()
    assert Incident.objects.count() == 4
    return client


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_query_string_makes_a_server_error(fuzz_client, endpoint):
    seen = {"n": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(qs=query, pk=incident_id)
    def check(qs, pk):
        seen["n"] += 1
        path = endpoint.format(id=pk)
        response = fuzz_client.get(f"{path}?{qs}")
        if response.streaming:  # an export: an error while streaming would surface here
            response.getvalue()
        assert response.status_code < 500, f"{path}?{qs} -> {response.status_code}"
        if response.status_code == 400:
            body = json.loads(response.content)
            assert body["error"] and "param" in body, body

    check()
    print(f"{endpoint}: {seen['n']} query strings, 0 server errors")
