"""Geocoding through geopy's Geocoder interface: the offline gazetteer first, an online service last.

``GazetteerGeocoder`` answers from the in-process gazetteer index and never touches the network.
``CachedNominatim`` asks Nominatim (a real user agent, geopy's RateLimiter) and stores every answer as a
Place (origin "geocoder"), so each name is asked once and an analyst can review what came from it. It is
used only when ``settings.GEOCODER_ONLINE == "nominatim"``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .extraction.normalise import normalise_ar
from .extraction.places import GazetteerEntry, GazetteerIndex

log = logging.getLogger(__name__)


def entry_location(entry: GazetteerEntry) -> Location:
    address = ", ".join(p for p in (entry.name_en, entry.admin2, entry.admin1, entry.country) if p)
    raw = {
        "place_id": entry.id,
        "name_en": entry.name_en,
        "name_ar": entry.name_ar,
        "admin1": entry.admin1,
        "admin2": entry.admin2,
        "kind": entry.kind,
        "population": entry.population,
    }
    return Location(address, (entry.lat, entry.lon, 0), raw)


class GazetteerGeocoder(Geocoder):
    """The offline gazetteer behind geopy's interface (``geocode(query)`` → Location).

    ``admin1`` restricts answers to one governorate: a name with no match there gets None rather than a
    same-named place elsewhere, which is the mistake this project exists to avoid.
    """

    def __init__(self, index: GazetteerIndex | None = None):
        # No super().__init__(): geopy's base class builds an HTTP adapter and an SSL context (about
        # 30 ms) that an offline geocoder never uses.
        self.scheme, self.timeout, self.proxies = "offline", None, None
        self._index = index

    @property
    def index(self) -> GazetteerIndex:
        if self._index is None:
            from .gazetteer import get_index

            return get_index()
        return self._index

    def geocode(self, query: str, *, exactly_one: bool = True, admin1: str | None = None, limit: int = 10):
        query = (query or "").strip()
        if not query:
            return None if exactly_one else []
        # Exact names and transliteration keys only: a prefix match would be a guess.
        entries = self.index.lookup(query)
        if admin1:
            entries = [e for e in entries if e.admin1 == admin1]
        # Syria first (the tool's home country; a Dhiban in Jordan is bigger), then the most populous.
        entries = sorted(entries, key=lambda e: (e.country != "SY", -e.population))
        if not entries:
            return None if exactly_one else []
        locations = [entry_location(e) for e in entries[:limit]]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True):  # pragma: no cover - not offered offline
        raise NotImplementedError("The offline gazetteer does not reverse-geocode.")


class CachedNominatim:
    """Nominatim, rate-limited, with every answer cached as a Place so the service is asked once."""

    def __init__(self, geocoder: Geocoder | None = None, min_delay_seconds: float | None = None):
        self.geocoder = geocoder or Nominatim(
            user_agent=settings.GEOCODER_USER_AGENT,
            domain=settings.GEOCODER_NOMINATIM_DOMAIN,
            scheme=settings.GEOCODER_NOMINATIM_SCHEME,
            timeout=10,
        )
        delay = settings.GEOCODER_MIN_DELAY_SECONDS if min_delay_seconds is None else min_delay_seconds
        self._geocode = RateLimiter(self.geocoder.geocode, min_delay_seconds=delay, max_retries=1)

    @staticmethod
    def cache_key(query: str, admin1: str | None) -> str:
        return f"geocoder:{admin1 or ''}:{normalise_ar(query.strip()).casefold()}"

    def geocode(self, query: str, *, exactly_one: bool = True, admin1: str | None = None):
        from .models import Place

        key = self.cache_key(query, admin1)
        cached = Place.objects.filter(origin_key=key).first()
        if cached is not None:
            return Location(cached.name_en, (cached.lat, cached.lon, 0), {"place_id": cached.pk})
        search = f"{query}, {admin1}, Syria" if admin1 else query
        try:
            found = self._geocode(search, exactly_one=True, addressdetails=True, language="en")
        except GeopyError as exc:
            log.warning("online geocoder failed for %r: %s", query, exc)
            return None
        if found is None:
            return None
        address = (found.raw or {}).get("address", {})
        if admin1 and admin1.casefold() not in found.address.casefold():
            # The service answered with a place outside the governorate the article is about.
            log.info("online geocoder answer %r is outside %s; ignored", found.address, admin1)
            return None
        place = Place.objects.create(
            name_en=address.get("village") or address.get("town") or address.get("city") or query,
            name_ar=query if _has_arabic(query) else "",
            aliases=[query],
            lat=found.latitude,
            lon=found.longitude,
            country=(address.get("country_code") or "sy").upper()[:2],
            admin1=admin1 or address.get("state", ""),
            kind="village",
            origin=Place.Origin.GEOCODER,
            origin_key=key,
        )
        return Location(found.address, (place.lat, place.lon, 0), {"place_id": place.pk})


def _has_arabic(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


class GeocoderChain:
    """Ask each geocoder in turn; the first answer wins."""

    def __init__(self, geocoders):
        self.geocoders = list(geocoders)

    def geocode(self, query: str, *, admin1: str | None = None) -> Location | None:
        for geocoder in self.geocoders:
            found = geocoder.geocode(query, exactly_one=True, admin1=admin1)
            if found is not None:
                return found
        return None


def default_chain(index: GazetteerIndex | None = None) -> GeocoderChain:
    """The offline gazetteer, then Nominatim if GEOCODER_ONLINE=nominatim."""
    chain: list = [GazetteerGeocoder(index)]
    if settings.GEOCODER_ONLINE == "nominatim":
        chain.append(CachedNominatim())
    return GeocoderChain(chain)
