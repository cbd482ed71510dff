"""Geocoding through geopy's interface: the offline gazetteer, and Nominatim against a local stub server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.geocoders import Nominatim

from incidents.geocoding import CachedNominatim, GazetteerGeocoder, GeocoderChain, default_chain
from incidents.models import Place


def test_gazetteer_geocoder_finds_dhiban_in_arabic(gazetteer):
    location = GazetteerGeocoder().geocode("ذيبان")
    assert location is not None
    assert location.raw["name_en"] == "Dhiban"
    assert abs(location.latitude - 35.01498) < 0.01 and abs(location.longitude - 40.51028) < 0.01


def test_gazetteer_geocoder_finds_english_spelling(gazetteer):
    location = GazetteerGeocoder().geocode("Al Busayrah")
    assert location is not None and location.raw["admin1"] == "Deir ez-Zor"


def test_gazetteer_geocoder_refuses_same_name_in_another_governorate(gazetteer):
    """'Tall ad Daman' near Aleppo is no answer for a Deir ez-Zor village."""
    assert GazetteerGeocoder().geocode("ضمان", admin1="Deir ez-Zor") is None


def test_gazetteer_geocoder_unknown_name_is_none(gazetteer):
    assert GazetteerGeocoder().geocode("قرية لا وجود لها") is None


def test_default_chain_is_offline_only(settings, gazetteer):
    settings.GEOCODER_ONLINE = ""
    assert [type(g) for g in default_chain().geocoders] == [GazetteerGeocoder]


class _StubNominatim(BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):  # noqa: N802
        query = parse_qs(urlparse(self.path).query)
        type(self).requests.append(
            {"path": urlparse(self.path).path, "q": query, "ua": self.headers["User-Agent"]}
        )
        if "Zir" in query.get("q", [""])[0] or "الزر" in query.get("q", [""])[0]:
            body = [
                {
                    "lat": "35.1234",
                    "lon": "40.3456",
                    "display_name": "Al-Zir, Deir ez-Zor, Syria",
                    "address": {"village": "Al-Zir", "state": "Deir ez-Zor", "country_code": "sy"},
                }
            ]
        elif "Aleppo" in query.get("q", [""])[0] or "ضمان" in query.get("q", [""])[0]:
            body = [
                {
                    "lat": "36.1",
                    "lon": "37.2",
                    "display_name": "Tall ad Daman, Aleppo, Syria",
                    "address": {"village": "Tall ad Daman", "state": "Aleppo", "country_code": "sy"},
                }
            ]
        else:
            body = []
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_nominatim():
    _StubNominatim.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StubNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    geocoder = Nominatim(
        user_agent="incident-map-tests", domain=f"127.0.0.1:{server.server_port}", scheme="http", timeout=5
    )
    yield geocoder, _StubNominatim.requests
    server.shutdown()


def test_online_answer_is_cached_as_a_place(db, stub_nominatim):
    geocoder, requests = stub_nominatim
    online = CachedNominatim(geocoder, min_delay_seconds=0)
    first = online.geocode("الزر", admin1="Deir ez-Zor")
    second = online.geocode("الزر", admin1="Deir ez-Zor")
    assert (first.latitude, first.longitude) == (35.1234, 40.3456)
    assert (second.latitude, second.longitude) == (35.1234, 40.3456)
    assert len(requests) == 1, "the second lookup must come from the Place cache"
    assert requests[0]["ua"] == "incident-map-tests"
    place = Place.objects.get(origin=Place.Origin.GEOCODER)
    assert place.aliases == ["الزر"] and place.admin1 == "Deir ez-Zor"


def test_online_answer_outside_the_governorate_is_ignored(db, stub_nominatim):
    geocoder, _ = stub_nominatim
    online = CachedNominatim(geocoder, min_delay_seconds=0)
    assert online.geocode("ضمان", admin1="Deir ez-Zor") is None
    assert not Place.objects.filter(origin=Place.Origin.GEOCODER).exists()


def test_chain_asks_the_gazetteer_before_the_network(gazetteer, stub_nominatim):
    geocoder, requests = stub_nominatim
    chain = GeocoderChain([GazetteerGeocoder(), CachedNominatim(geocoder, min_delay_seconds=0)])
    assert chain.geocode("ذيبان").raw["name_en"] == "Dhiban"
    assert requests == []
    assert chain.geocode("الزر", admin1="Deir ez-Zor") is not None
    assert len(requests) == 1
