"""Placing the places the pipeline could not: an analyst's decision teaches the gazetteer.

Resolving a mention (by picking a candidate or by clicking the map to create a Place) records who
decided, moves the incident that mention located, and adds the surface form as an alias of the place.
The gazetteer index is rebuilt on the next extraction, so the next article with that spelling resolves
on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .extraction.geo import haversine_km
from .extraction.normalise import normalise_ar
from .models import GeoPrecision, Incident, Place, PlaceMention
from .review import attribute

LOW_CONFIDENCE = 0.6  # below this a resolved mention still waits in the review queue


# Mentions waiting for an analyst: no place, or a match the pipeline was unsure of, not yet decided.
WAITING = (Q(place__isnull=True) | Q(needs_review=True) | Q(confidence__lt=LOW_CONFIDENCE)) & Q(
    resolved_at__isnull=True
)


def review_queue():
    """The places queue: every mention waiting for an analyst."""
    return PlaceMention.objects.filter(WAITING)


@dataclass
class Resolution:
    place: Place
    mentions: int  # how many mentions this decision resolved (the one chosen plus same spellings)
    incidents: int
    alias_added: bool


def add_alias(place: Place, surface: str) -> bool:
    """Add a spelling to a place unless one of its names already folds to it; True when added."""
    key = normalise_ar(surface)
    known = {normalise_ar(n) for n in (place.name_en, place.name_ar, *(place.aliases or ())) if n}
    if not key or key in known:
        return False
    place.aliases = [*(place.aliases or []), surface.strip()]
    return True


@transaction.atomic
def resolve_mention(
    mention: PlaceMention, place: Place, user=None, *, same_spelling: bool = True
) -> Resolution:
    """Put ``mention`` (and, by default, every waiting mention spelled the same) at ``place``."""
    alias_added = add_alias(place, mention.surface)
    if alias_added:
        attribute(place, f"alias '{mention.surface}' from mention {mention.pk}", user)
        place.save()
    targets = [mention]
    if same_spelling:
        targets += list(review_queue().exclude(pk=mention.pk).filter(surface=mention.surface))
    now = timezone.now()
    incidents = 0
    for m in targets:
        m.place = place
        m.confidence = 1.0
        m.needs_review = False
        m.resolved_by = user
        m.resolved_at = now
        m.save(update_fields=["place", "confidence", "needs_review", "resolved_by", "resolved_at"])
        if m.incident_id and m.role == PlaceMention.Role.INCIDENT:
            incidents += _move_incident(m.incident_id, place, m, user)
    return Resolution(place=place, mentions=len(targets), incidents=incidents, alias_added=alias_added)


def _move_incident(incident_id: int, place: Place, mention: PlaceMention, user=None) -> int:
    """Locate the incident at the analyst's place, unless an analyst already placed it elsewhere."""
    incident = Incident.objects.get(pk=incident_id)
    if incident.place_id == place.pk:
        return 0
    if incident.place_id is not None and incident.status != Incident.Status.UNREVIEWED:
        return 0  # a reviewed incident keeps its reviewed place; the mention alone is fixed
    incident.location = ""
    incident.set_place(place)
    if incident.geo_precision is None:
        incident.geo_precision = GeoPrecision.TOWN
    attribute(incident, f"placed by resolving mention '{mention.surface}' ({mention.pk})", user)
    incident.save()
    return 1


def nearest_place(lat: float, lon: float, *, within_km: float = 25.0) -> Place | None:
    """The closest gazetteer place with an admin path, to give a new place its governorate and district."""
    box = within_km / 90.0
    nearby = Place.objects.filter(
        lat__range=(lat - box, lat + box), lon__range=(lon - box, lon + box)
    ).exclude(admin1="")
    best, best_km = None, within_km
    for p in nearby.only("id", "lat", "lon", "admin1", "admin2", "admin3", "kind"):
        if p.kind in {"governorate", "region"}:
            continue
        km = haversine_km(lat, lon, p.lat, p.lon)
        if km <= best_km:
            best, best_km = p, km
    return best


@transaction.atomic
def create_place(
    *,
    name_ar: str,
    name_en: str,
    lat: float,
    lon: float,
    admin1: str = "",
    admin2: str = "",
    admin3: str = "",
    kind: str = "village",
    user=None,
) -> Place:
    """A new analyst place; an empty admin path is taken from the nearest known place."""
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ValueError("coordinates out of range (latitude ±90, longitude ±180)")
    if not admin1:
        near = nearest_place(lat, lon)
        if near is not None:
            admin1, admin2, admin3 = near.admin1, admin2 or near.admin2, admin3 or near.admin3
    place = Place(
        name_ar=name_ar.strip(),
        name_en=(name_en or name_ar).strip(),
        lat=lat,
        lon=lon,
        admin1=admin1,
        admin2=admin2,
        admin3=admin3,
        kind=kind,
        origin=Place.Origin.ANALYST,
    )
    attribute(place, "created by an analyst", user)
    place.save()
    return place
