"""The one entry point that stores an article and what extraction found in it.

``ingest_article`` is transactional (an article, its mentions, incidents and claims land together or not
at all) and idempotent: the same URL, or the same text, is the same Article. Ingesting it again updates
it in place: incident ids stay stable, analysts' reviewed incidents keep their fields, and nothing is
duplicated.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field, replace

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import corroboration
from .article_files import ArticleFileError, ArticleInput, check_published
from .extraction.normalise import detect_language
from .extraction.pipeline import extract
from .gazetteer import get_index
from .geocoding import default_chain
from .intake.republication import Link, link_republication
from .models import Article, Claim, Incident, Place, PlaceMention, Source
from .review import attribute

__all__ = ["ArticleInput", "IngestError", "IngestOutcome", "ingest_article", "resolve_source"]


class IngestError(ValueError):
    """Input that cannot become an article (empty text, …); the message says why."""


@dataclass
class IngestOutcome:
    article: Article
    status: str  # "new" | "updated" | "unchanged"
    incidents: list[Incident] = field(default_factory=list)
    incidents_created: int = 0
    incidents_updated: int = 0
    unresolved: int = 0
    republication: Link | None = None  # the copy → original link this ingest made or confirmed


# Outlets we know, by any of their names: slug, English, Arabic, affiliation and the reason for it
# (analysts change both in the admin; incidents/corroboration.py reads them).
K = Source.Kind
KNOWN_OUTLETS = [
    (
        "al-souria-net",
        "Al-Souria Net",
        "السورية نت",
        K.OPPOSITION,
        "an opposition news site based in Istanbul",
    ),
    ("north-press", "North Press", "نورث برس", K.KURDISH, "based in Qamishli, reports from AANES-held areas"),
    ("sana", "SANA", "سانا", K.STATE, "Syrian Arab News Agency, the Syrian government's news agency"),
    ("enab-baladi", "Enab Baladi", "عنب بلدي", K.OPPOSITION, "an independent opposition-area newspaper"),
    ("syria-tv", "Syria TV", "تلفزيون سوريا", K.OPPOSITION, "an opposition channel based in Istanbul"),
    (
        "sohr",
        "Syrian Observatory for Human Rights",
        "المرصد السوري لحقوق الإنسان",
        K.MONITOR,
        "a UK-based monitoring group",
    ),
    ("deir-ez-zor-24", "Deir ez-Zor 24", "دير الزور 24", K.OPPOSITION, "a local opposition news network"),
    ("baladi-news", "Baladi News", "بلدي نيوز", K.OPPOSITION, "an opposition news site"),
    ("al-alam", "Al-Alam", "العالم", K.INTERNATIONAL, "an Iranian state Arabic-language channel"),
    ("hawa-al-sham", "Hawa al-Sham", "هوى الشام", K.STATE, "a pro-government site that republishes SANA"),
    ("mena-monitor", "MENA Monitor", "مرصد مينا", K.MONITOR, "a regional monitoring site"),
]
_OUTLET_BY_NAME = {}
for _known in KNOWN_OUTLETS:
    for _name in _known[:3]:
        _OUTLET_BY_NAME[_name.casefold()] = _known


def resolve_source(outlet: str = "", outlet_en: str = "") -> Source:
    """The Source row for an outlet named in Arabic and/or English; created on first sight."""
    outlet, outlet_en = (outlet or "").strip(), (outlet_en or "").strip()
    en_key = re.sub(r"\s*\(.*\)\s*$", "", outlet_en).casefold()  # "Hawa al-Sham (republishing SANA)"
    known = _OUTLET_BY_NAME.get(en_key) or _OUTLET_BY_NAME.get(outlet.casefold())
    if known:
        slug, name_en, name_ar, kind, reason = known
        defaults = {"name_en": name_en, "name_ar": name_ar, "kind": kind, "kind_reason": reason}
    elif outlet or outlet_en:
        name_en = outlet_en or outlet
        slug = slugify(name_en, allow_unicode=True)[:80] or "outlet"
        defaults = {"name_en": name_en, "name_ar": outlet if outlet != name_en else ""}
    else:
        slug, defaults = "unknown", {"name_en": "Unknown outlet", "name_ar": "مصدر غير معروف"}
    source, _ = Source.objects.get_or_create(slug=slug, defaults=defaults)
    return source


def content_hash(text: str) -> str:
    """Hash of the text with whitespace folded: the same article saved twice hashes the same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _published_at(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


# Longer texts are not news reports; extraction time and the places queue grow with the text.
MAX_TEXT_CHARS = 300_000
# Place mentions stored per article: the incident places always, the other mentions up to this many
# (a pathological text must not flood the analysts' places queue).
MAX_MENTIONS = 300
# Concurrent ingests of the same new article: the loser of the insert race tries again and finds it.
ATTEMPTS = 3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None) -> str:
    """NUL and other control characters removed (PostgreSQL refuses NUL in text; none belongs in news)."""
    return _CONTROL.sub("", value or "")


def ingest_article(
    inp: ArticleInput, *, reextract: bool = False, index=None, source: Source | None = None
) -> IngestOutcome:
    """Store one article and its extracted incidents; see the module docstring for the guarantees.

    ``source`` is the outlet when the caller already knows it (the admin's paste form); otherwise it is
    found or created from the outlet names in ``inp``. Input is checked before the database sees it;
    a refusal is an ``IngestError`` that says why."""
    text = clean_text(inp.text).strip("\n")
    if not text.strip():
        raise IngestError(_("no article text"))
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            _("article text is %(n)s characters, over the limit of %(max)s")
            % {"n": f"{len(text):,}", "max": f"{MAX_TEXT_CHARS:,}"}
        )
    try:
        check_published(inp.published)
    except ArticleFileError as exc:
        raise IngestError(str(exc)) from exc
    inp = replace(
        inp,
        text=text,
        title=clean_text(inp.title),
        outlet=clean_text(inp.outlet)[:200],
        outlet_en=clean_text(inp.outlet_en)[:200],
        url=clean_text(inp.url) or None,
    )
    if inp.url and len(inp.url) > 1000:
        raise IngestError(_("the URL is over 1,000 characters"))
    index = index or get_index()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _ingest(inp, reextract, index, source)
        except IntegrityError:
            # Another process stored the same URL or text between our look-up and our insert; its
            # transaction has committed, so the next attempt finds the article and updates it.
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _ingest(inp: ArticleInput, reextract: bool, index, source: Source | None) -> IngestOutcome:
    text = inp.text
    digest = content_hash(text)
    language = inp.language or detect_language(text)
    with transaction.atomic():
        source = source or resolve_source(inp.outlet, inp.outlet_en)
        article = _find_article(inp.url, digest)
        fields = {
            "source": source,
            "text": text,
            "title": (inp.title or "")[:1000],
            "author": clean_text(inp.author)[:300],
            "language": language,
            "published_at": _published_at(inp.published),
        }
        if article is None:
            article = Article.objects.create(url=inp.url, content_hash=digest, **fields)
            status = "new"
        else:
            changed = [k for k, v in fields.items() if getattr(article, k) != v]
            if inp.url and not article.url:
                article.url = inp.url
                changed.append("url")
            if not changed and not reextract:
                return IngestOutcome(
                    article=article,
                    status="unchanged",
                    incidents=list(Incident.objects.filter(claims__article=article).distinct()),
                    unresolved=article.mentions.filter(role="incident", place__isnull=True).count(),
                )
            for k, v in fields.items():
                setattr(article, k, v)
            article.content_hash = digest
            article.save()
            status = "updated"
        outcome = _store_extraction(article, inp, index, is_new=status == "new")
        outcome.status = status
        # a near-duplicate of another outlet's article is linked to it, in the same transaction
        outcome.republication = link_republication(article)
        # who reports these incidents changed: their corroboration levels (a copy counts as its original)
        touched = Claim.objects.filter(article__in=_linked_articles(article, outcome.republication))
        corroboration.refresh(touched.values_list("incident_id", flat=True).distinct())
        return outcome


def _linked_articles(article: Article, link: Link | None) -> list[int]:
    ids = {article.pk}
    if link is not None:
        ids.update((link.copy_id, link.original_id))
    if article.republished_from_id:
        ids.add(article.republished_from_id)
    ids.update(Article.objects.filter(republished_from=article).values_list("pk", flat=True))
    return list(ids)


def _find_article(url: str | None, digest: str) -> Article | None:
    """The stored article with this URL, else the one with this text: one query for both."""
    match = Q(content_hash=digest) | Q(url=url) if url else Q(content_hash=digest)
    # Locked until the transaction ends: two ingests of one article update it one after the other.
    found = list(Article.objects.select_for_update().filter(match).order_by())
    by_url = [a for a in found if url and a.url == url]
    return (by_url or found or [None])[0]


_PLACE_FIELDS = [
    "id",
    "name_en",
    "name_ar",
    "lat",
    "lon",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "kind",
    "population",
]


def _places_for(ids: set[int], index) -> dict[int, Place]:
    """Place rows for these ids, built from the gazetteer index (already in memory, rebuilt whenever
    a Place changes) rather than read again per article; ids the index lacks are read."""
    places = {}
    for pid in ids:
        e = index.entries.get(pid)
        if e is not None:
            values = [e.id, e.name_en, e.name_ar, e.lat, e.lon, e.country, e.admin1, e.admin2, e.admin3]
            places[pid] = Place.from_db("default", _PLACE_FIELDS, [*values, e.kind, e.population])
    missing = ids - places.keys()
    if missing:
        places.update((p.pk, p) for p in Place.objects.filter(pk__in=missing).defer("aliases"))
    return places


def _store_extraction(article: Article, inp: ArticleInput, index, is_new: bool) -> IngestOutcome:
    result = extract(
        article.text, index, published=inp.published, language=article.language, title=article.title
    )
    places = _places_for(_place_ids(result), index)
    chain = default_chain(index)

    # Claims of this article, by the extracted place they came from: re-ingest updates those incidents.
    previous = {}
    if not is_new:
        for claim in Claim.objects.filter(article=article).select_related("incident"):
            previous.setdefault(claim.extraction_key, claim.incident)
        Claim.objects.filter(article=article).delete()
        PlaceMention.objects.filter(article=article).delete()

    outcome = IngestOutcome(article=article, status="")
    new_claims: list[Claim] = []
    incident_by_span: dict[tuple[int, int], Incident] = {}
    planned = []
    for draft in result.incidents:
        mention = draft.mention
        place = places.get(mention.place_id) if mention.place_id is not None else None
        if place is None and mention.place_id is None:
            place = _geocode_unresolved(chain, mention.surface, result, places)
        key = _extraction_key(draft, place)
        incident = previous.pop(key, None)
        created = incident is None
        if created:
            incident = Incident()
        # An analyst's incident keeps its fields: reviewed, or holding other articles' claims (a merge).
        if created or (incident.status == Incident.Status.UNREVIEWED and not incident.claims.exists()):
            _fill_incident(incident, draft, place, article, context_admin1=result.context_admin1)
            if not created:
                attribute(incident, f"re-extracted from article {article.pk}")
                incident.save()
        planned.append((draft, key, incident, created))
    # New incidents in one statement, then their history rows in another.
    new = Incident.objects.bulk_create([i for _d, _k, i, created in planned if created])
    _incident_history().bulk_history_create(new, default_change_reason=f"extracted from article {article.pk}")
    for draft, key, incident, created in planned:
        outcome.incidents.append(incident)
        outcome.incidents_created += created
        outcome.incidents_updated += not created
        for span in _mention_spans(draft):
            incident_by_span[span] = incident
        new_claims.extend(
            Claim(
                incident_id=incident.pk,
                article_id=article.pk,
                cited_source=(claim.cited_source or "")[:120],
                extraction_key=key,
                claimed_perpetrator=(claim.claimed_perpetrator or "")[:120],
                claimed_killed=claim.claimed_killed,
                claimed_injured=claim.claimed_injured,
                event_type=claim.event_type or "",
                evidence_text=claim.text,
                evidence_start=claim.start,
                evidence_end=claim.end,
            )
            for claim in draft.claims
        )
        if not draft.claims:
            new_claims.append(Claim(incident_id=incident.pk, article_id=article.pk, extraction_key=key))
    Claim.objects.bulk_create(new_claims)

    mentions = []
    for m in _capped(result.places):
        mentions.append(
            PlaceMention(  # *_id rather than instances: no related-descriptor work per row
                article_id=article.pk,
                surface=m.surface[:200],
                start=m.start,
                end=m.end,
                sentence=article.text[m.sentence_start : m.sentence_end],
                role=m.role,
                place_id=m.place_id if m.place_id in places else None,
                confidence=m.confidence,
                needs_review=m.needs_review or m.place_id is None,
                candidates=[c for c in m.candidates if c in places or c is not None][:20],
                incident_id=getattr(incident_by_span.get((m.start, m.end)), "pk", None),
            )
        )
    PlaceMention.objects.bulk_create(mentions)
    outcome.unresolved = sum(1 for m in mentions if m.role == "incident" and m.place_id is None)

    # Incidents this article alone had proposed and no longer supports go, unless an analyst touched them.
    for stale in previous.values():
        if stale.status == Incident.Status.UNREVIEWED and not stale.claims.exists():
            stale.delete()
    return outcome


def _capped(places: list) -> list:
    """The mentions to store: every incident place, then the others in text order up to MAX_MENTIONS."""
    if len(places) <= MAX_MENTIONS:
        return places
    keep = {id(m) for m in places if m.role == "incident"}
    for m in places:
        if len(keep) >= MAX_MENTIONS:
            break
        keep.add(id(m))
    return [m for m in places if id(m) in keep]


@functools.cache
def _incident_history():
    """Incident.history: simple_history builds a new manager class on each access (0.2 ms); keep one."""
    return Incident.history


def _place_ids(result) -> set[int]:
    ids = set()
    for m in result.places:
        if m.place_id is not None:
            ids.add(m.place_id)
        ids.update(c for c in m.candidates if c is not None)
    return ids


def _mention_spans(draft) -> list[tuple[int, int]]:
    spans = [(draft.mention.start, draft.mention.end)]
    spans += [(m.start, m.end) for m in getattr(draft, "other_mentions", [])]
    return spans


def _extraction_key(draft, place: Place | None) -> str:
    if place is not None:
        return f"place:{place.pk}"
    return f"surface:{draft.mention_key}"[:200]


def _geocode_unresolved(chain, surface: str, result, places: dict) -> Place | None:
    """Last resort for an unresolved incident place: the geocoder chain, held to the article's region."""
    admin1 = getattr(result, "context_admin1", None)
    if not admin1:
        return None  # without a stated region any same-named place elsewhere would be a guess
    found = chain.geocode(surface, admin1=admin1)
    if found is None:
        return None
    place = Place.objects.filter(pk=found.raw.get("place_id")).first()
    if place is not None:
        places[place.pk] = place
    return place


def _fill_incident(
    incident: Incident, draft, place: Place | None, article: Article, *, context_admin1: str | None = None
) -> None:
    incident.event_date = draft.event_date
    incident.time_precision = draft.time_precision
    incident.event_type = draft.event_type or ""
    incident.sub_event_type = draft.sub_event_type or ""
    actors = list(draft.actors or [])
    incident.actors = actors
    incident.actor1 = draft.actor1 or ""
    incident.actor2 = draft.actor2 or ""
    incident.fatalities = draft.fatalities
    incident.injured = getattr(draft, "injured", None)
    incident.location = draft.mention.surface[:200]
    incident.place = None
    incident.lat = incident.lon = None
    incident.admin1 = incident.admin2 = incident.admin3 = ""
    # Not placed yet: the governorate the article is about, when it names one, still says where to look
    # (the list of incidents without coordinates shows it; the map never guesses a point from it).
    incident.admin1 = (context_admin1 or "")[:100]
    if place is not None:
        incident.location = ""
        incident.set_place(place)
        incident.location = place.name_en or draft.mention.surface
    incident.geo_precision = draft.geo_precision if place is not None else None
    incident.evidence = [dict(e, article=article.pk) for e in draft.evidence_dicts()]
    incident.is_demo = article.is_demo
    if not incident.notes:
        incident.notes = f"Extracted automatically from article {article.pk} on {timezone.now():%Y-%m-%d}."
