"""Article text in, incidents out: places with roles, dates, event types, actors, casualties, claims.

Plain Python over a gazetteer index: no database, no network. Every fact carries the character span of
the original text it came from. The rules are deliberately simple and visible; where they cannot decide,
they say so (unresolved place, unknown date, needs_review) rather than guess.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left

from . import dates as dates_mod
from . import events, mentions, sources
from .geo import haversine_km
from .normalise import Folded, TriggeredPattern, detect_language, fold
from .places import REGION_KINDS, GazetteerIndex
from .resolve import Candidate, context_governorates, is_capital, local_governorates, new_mention, resolve_all
from .roles import assign_roles, sentence_at, violent
from .types import ClaimDraft, Evidence, ExtractionResult, IncidentDraft, PlaceMention, Sentence

__all__ = ["ClaimDraft", "Evidence", "ExtractionResult", "IncidentDraft", "PlaceMention", "extract"]

# "منذ عام 2019" is the past; "منذ ساعات صباح اليوم", "منذ 24 ساعة" are today's news
HISTORICAL = re.compile(
    # (not "منذ بداية الشهر الحالي": this month's incidents, recounted, are the story's)
    r"(?<!\w)(?:حينها|انذاك|سابقا|منذ\s+(?:عام|اعوام|عامين|سنه|سنوات|سنتين|اشهر|شهور|"
    r"(?:بدايه|مطلع)(?!\s+(?:الشهر|الاسبوع|الاسبوعين)\s+(?:الحالي|الجاري)))|"
    r"عام\s+\d{4}|in\s+\d{4}|back in)(?!\w)|"
    # a year (not a clock time: "around midnight (2100 GMT)", nor a count of 4 digits outside 1950-2049)
    r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)(?!\s*(?:gmt|utc|بتوقيت|ساعه))"
)
HISTORICAL_SCAN = TriggeredPattern(
    HISTORICAL, ["حينها", "انذاك", "سابقا", "منذ", "عام", "in", "back", *"0123456789"], before=8, after=32
)


def extract(
    text: str,
    index: GazetteerIndex,
    *,
    published: dt.date | None = None,
    language: str | None = None,
    title: str = "",
) -> ExtractionResult:
    """Extract incidents from one article. Offsets in the result index into ``text``."""
    f = fold(text)
    language = language or detect_language(text)
    sentences = _sentences(text, f, published)
    governorates = context_governorates(f.text, fold(title).text if title else "")
    context = governorates.most_common(1)[0][0] if governorates else None
    places = _find_mentions(text, f, index, sentences, governorates)
    incidents = _incidents(text, f, index, places, sentences, published)
    cited = sorted({s.speaker for s in sentences if s.speaker})
    result = ExtractionResult(language, published, context, places, incidents, cited)
    result._entries = {m.place_id: index.entries[m.place_id] for m in places if m.place_id is not None}
    return result


# --- sentences ---------------------------------------------------------------------------------------


def _sentences(text: str, f: Folded, published: dt.date | None) -> list[Sentence]:
    out: list[Sentence] = []
    all_dates = dates_mod.find_dates(text, f, published)
    # Each lexicon runs once over the whole article; hits are then handed to their sentences.
    all_sources = sources.find_sources(f.text)
    all_events = events.find_event_types(f.text)
    all_actors = events.find_actors(f.text)
    all_events.sort(key=lambda h: h.start)
    source_starts = [h.start for h in all_sources]
    event_starts = [h.start for h in all_events]
    actor_starts = [h.start for h in all_actors]
    year = published.year if published else None
    past = [
        m.start()
        for m in HISTORICAL_SCAN.finditer(f.text)
        if _is_past(m.group(0), year) and not _in_relative_clause(f.text, m.start())
    ]
    previous: Sentence | None = None
    rollup = False
    for start, end in _sentence_spans(f.text):
        s = Sentence(start, end, f.text[start:end])
        if not s.text.strip():
            continue
        hits = _local(all_sources, source_starts, s, sources.SourceHit)
        who = sources.speaker(s.text, hits)
        if who:
            s.speaker, s.speaker_span = who.name, (s.start + who.start, s.start + who.end)
        elif previous and previous.speaker and sources.continues_previous(s.text):
            s.speaker, s.speaker_span = previous.speaker, previous.speaker_span
        s.events = _local(all_events, event_starts, s, events.Hit)
        if not s.events and previous is not None and (previous.events or previous.refers_to):
            if REFERS_BACK.search(s.text):
                s.refers_to = previous if previous.events else previous.refers_to
        s.actors = _local(all_actors, actor_starts, s, events.Hit)
        s.dates = [d for d in all_dates if s.start <= d[0] < s.end]
        i = bisect_left(past, s.start)
        # a total, and the sentences after it that go on counting in hundreds (SOHR's closing paragraphs)
        rollup = is_rollup(s.text) or (rollup and _HUNDREDS.search(s.text) is not None)
        s.historical = i < len(past) and past[i] < s.end or rollup
        out.append(s)
        previous = s
    return out


# A running total, not an event: "وارتفع عدد القتلى ... منذ مطلع العام الجاري، إلى 314 شخصاً", "the number of
# people who were killed in areas within the four provinces ... rose to 811". Its places are background.
_TALLY_NOUN = re.compile(r"(?<!\w)(?:[وب]?عدد|[وب]?حصيله|number|toll|tally)(?!\w)")
_TALLY_VERB = re.compile(
    r"(?<!\w)[و]?(?:ارتفع|ارتفعت|ترتفع|يرتفع|بلغ|بلغت|وصل|وصلت)(?!\w)|\b(?:rose|risen|rises|reached|climbed)\b"
)
_TALLY_PERIOD = re.compile(
    r"منذ\s+(?:مطلع|بدايه|اول|عام|\d{4})|خلال\s+(?:العام|عام|السنه)|"
    r"\bsince\s+(?:the\s+(?:beginning|start)|early|\d{4}|january|february|march|april|may|june|july|"
    r"august|september|october|november|december)|\bso far this year\b|"
    r"(?:الي|الى|\bto)\s+\d{3,}"  # hundreds: no single attack's toll in these reports
)


_HUNDREDS = re.compile(r"(?<!\d)\d{3,}(?!\d)")


def is_rollup(folded_sentence: str) -> bool:
    """Whether a sentence gives a running total over a period or a region (module comment above)."""
    return bool(
        _TALLY_NOUN.search(folded_sentence)
        and _TALLY_VERB.search(folded_sentence)
        and _TALLY_PERIOD.search(folded_sentence)
    )


# The event of the sentence before, named again with the article: "إن الحملة تركزت على مناطق …"
REFERS_BACK = re.compile(
    # "كما تعرض 3 قرى في ريف عامودا الغربي هي: …": places subjected to what the sentence before told
    r"(?<!\w)[وف]?(?:تعرض|تعرضت)(?!\w)|"
    r"(?<!\w)[وفبل]?(?:ال|لل)(?:حمله|حملات|هجوم|هجمات|قصف|اشتباكات|انفجار|تفجير|غاره|غارات|مداهمات|"
    r"اعتقالات|عمليه|استهداف|اقتحام|توغل)(?!\w)|\bthe incident (?:occurred|took place|happened)\b|\bthe (?:campaign|attacks?|raids?|shelling|strikes?|clashes|"
    r"explosion|blast|bombardment|arrests|incursion|operation|force|forces|troops|patrol|convoy)\b|"
    r"\bthe (?:israeli|turkish|russian|us|american|coalition|regime|government|syrian) (?:army|forces|troops)\b"
)
_TERMINATOR = re.compile(r"[^.!?؟\n]+")
# A comma before a contrastive connector starts a new voice: "…، في حين رجحت مصادر محلية …".
_CLAUSE = re.compile(r"،(?=\s*(?:في حين|بينما|فيما|وفي|in contrast|while))")


def _sentence_spans(folded: str) -> list[tuple[int, int]]:
    """Sentences (split at . ! ? ؟ and newlines) and contrastive clauses, in folded coordinates."""
    spans = []
    for m in _TERMINATOR.finditer(folded):
        start = m.start()
        if "،" in m.group(0):
            for c in _CLAUSE.finditer(folded, m.start(), m.end()):
                spans.append((start, c.start()))
                start = c.end()
        spans.append((start, m.end()))
    return spans


def _local(hits, starts: list[int], sentence: Sentence, cls):
    """The hits inside one sentence (hits sorted by start), in sentence-relative coordinates."""
    out = []
    for h in hits[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]:
        if h.end <= sentence.end:
            value = h.name if cls is sources.SourceHit else h.value
            out.append(cls(h.start - sentence.start, h.end - sentence.start, value))
    return out


# A clause that describes a place named before it: "Qabasin, …, which was rid of Daesh … in February 2017",
# "Salihiyah …, another area cleared of terrorism … in October 2019". Its year dates the place's past,
# not the sentence's event.
_RELATIVE_CLAUSE = re.compile(
    r"[,،]\s*(?:which|where|another (?:area|town|village)|الذي|التي|اللتين|الذين)\b[^,،.\n]*$"
)


def _in_relative_clause(folded: str, pos: int) -> bool:
    return _RELATIVE_CLAUSE.search(folded, max(0, pos - 120), pos) is not None


def events_historical(sentence: str, year: int | None) -> bool:
    """A sentence about the past (a year before publication, 'حينها', 'since') locates no new incident."""
    return any(_is_past(m.group(0), year) for m in HISTORICAL.finditer(sentence))


def _is_past(token: str, year: int | None) -> bool:
    """A year marks the past only when it is before the publication year (or none is known)."""
    return not (token.isdigit() and year and int(token) >= year)


# --- place mentions ---------------------------------------------------------------------------------


def _find_mentions(text, f, index, sentences, governorates) -> list[PlaceMention]:
    """Every place name (extraction/mentions.py), resolved (resolve.py), with its role (roles.py)."""
    found = mentions.gazetteer_names(text, f, index)
    cues = mentions.cue_names(f.text, index)
    found += cues + mentions.english_names(text, f, index) + mentions.field_names(f.text, index)
    found += mentions.facility_names(f.text, index) + mentions.english_facilities(text, f, index)
    found += mentions.road_ends(text, f, index)
    found += mentions.repeats(f.text, cues, index)
    found = mentions.keep_gated(f.text, found, index)
    found += mentions.list_items(f.text, index, found)
    chosen: list[Candidate] = []
    taken = bytearray(len(f.text) + 1)
    # longest first; a cue's reading before the gazetteer's; a road's or a list's before a bare match,
    # and a road's before a cue's ("الطريق الواصل بين مدينتي إدلب ومعرة مصرين": ends of a road)
    for c in sorted(found, key=lambda c: (-(c.end - c.start), not c.cue, c.source != "road", c.start)):
        if 1 not in taken[c.start : c.end]:
            chosen.append(c)
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    chosen.sort(key=lambda c: c.start)
    local_governorates(f.text, chosen)
    placed = [
        new_mention(text, f, c, sentence_at(sentences, c.start) or (sentences[-1] if sentences else None))
        for c in chosen
    ]
    resolve_all(placed, chosen, index, governorates)
    _areas_among_quarters(f.text, placed, chosen)
    _place_inside_towns(f.text, placed, chosen, index)
    assign_roles(f.text, placed, sentences, index)
    return placed


_INSIDE = re.compile(
    r"[”\"»]?\s*(?:،\s*)?(?:(?:في|ب|من|قرب|بالقرب من|شرق|غرب|شمال|جنوب)?\s*(?:وسط\s+)?(?:ال)?(?:مدينه|بلده|قريه)?)?\s*$"
)


_INSIDE_EN = re.compile(
    r"\s*(?:(?:street|road|neighbou?rhood|quarter|district|camp|hospital|market)\s*)?"
    r"(?:in|inside|of|,?\s*(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of|"
    r",?\s*(?:on|in)\s+the\s+(?:\w+ern\s+)?(?:side|part|edge|outskirts)\s+of)\s+"
    r"(?:the\s+)?(?:(?:city|town|village)\s+of\s+|capital\s+)?$"
)


def _place_inside_towns(folded: str, placed: list[PlaceMention], chosen: list[Candidate], index) -> None:
    """A neighbourhood or camp the gazetteer lacks, followed by its town ("حي الجميلي في الرقة"), is
    placed at the town; the town only locates it (a container: background)."""
    for i, c in enumerate(chosen):
        if c.kind not in ("neighbourhood", "camp", "facility") or i + 1 >= len(placed):
            continue
        town = placed[i + 1]
        gap = folded[c.end : town.fstart]
        if not (len(gap) <= 18 and _INSIDE.fullmatch(gap) or len(gap) <= 48 and _INSIDE_EN.fullmatch(gap)):
            continue
        if town.place_id is not None and index.entries[town.place_id].kind in REGION_KINDS:
            continue  # "سد عويرض” في بادية حمص": a region locates, it contains no facility's point
        if town.place_id is None:
            if c.kind == "camp" and placed[i].place_id is not None:
                # "مخيم الهبيط بقرية دير حسان": the camp is in a village the gazetteer lacks, not at a
                # namesake of the camp's name elsewhere
                placed[i].place_id, placed[i].confidence, placed[i].needs_review = None, 0.1, True
            continue
        town.container = c.kind != "facility"  # "حاجز البلدية في بلدة بريهة": both are the scene
        # the quarter and the quarters listed before it with it ("أحياء الخضر وكشكول وشارع الديرية في جرمانا")
        j = i
        while (
            j >= 0
            and chosen[j].kind == c.kind
            and (j == i or _JOINED.fullmatch(folded, chosen[j].end, chosen[j + 1].start))
        ):
            _put_in(placed[j], chosen[j], town, index)
            j -= 1
    _place_in_the_same_town(folded, placed, chosen, index)
    _quarters_named_like_villages(placed, chosen, index)
    _place_in_the_articles_city(placed, chosen, index)


_SAME_TOWN = re.compile(r"(?:في|ب)\s*ال(?:بلده|مدينه|قريه)\s+(?:ذاتها|نفسها)")


_AREA_BEFORE = re.compile(r"(?:^|\s)[وفب]?(?:في\s+|ب)?منطقه\s*[“\"«]?$")


def _areas_among_quarters(folded: str, placed: list[PlaceMention], chosen: list[Candidate]) -> None:
    """An "area" the gazetteer cannot place, in a sentence about a town's quarters, is a quarter too:
    "على مناطق في حي الدخانية بمنطقة الدويلعة", "منطقة الجورة بحي القدم", "على حي القصاع وفي بساتين أبو
    جرش بمنطقة العدوي" (Damascus). Elsewhere "منطقة X" is as likely a rural area and stays unplaced."""
    quarters = {placed[i].sentence_start for i, c in enumerate(chosen) if c.kind == "neighbourhood"}
    for m, c in zip(placed, chosen, strict=True):
        if (
            m.place_id is None
            and not c.kind
            and m.sentence_start in quarters
            and _AREA_BEFORE.search(folded, max(0, c.start - 16), c.start)
        ):
            c.kind = m.kind = "neighbourhood"


def _place_in_the_same_town(folded: str, placed: list[PlaceMention], chosen: list[Candidate], index) -> None:
    """ "ومقراً في مدرسة الشبكة، بالقرب من نهر الفرات في البلدة ذاتها": a facility the gazetteer cannot
    place, said to be in "the same town", is in the last town named before it."""
    for i, (m, c) in enumerate(zip(placed, chosen, strict=True)):
        if m.place_id is not None or c.kind not in ("facility", "neighbourhood"):
            continue
        if not _SAME_TOWN.search(folded, c.end, min(len(folded), c.end + 60)):
            continue
        towns = [
            o
            for o in placed[:i]
            if o.place_id is not None and index.entries[o.place_id].kind not in REGION_KINDS
        ]
        if towns:
            m.place_id, m.confidence, m.needs_review = (
                towns[-1].place_id,
                towns[-1].confidence,
                towns[-1].needs_review,
            )
            m.geo_precision = 1


_JOINED = re.compile(r"[”\"»]?\s*(?:،\s*)?[“\"«]?و?[“\"«]?")


def _put_in(m: PlaceMention, c: Candidate, town: PlaceMention, index) -> None:
    entry = index.entries.get(m.place_id)
    if entry is not None and entry.kind != "neighbourhood":
        m.place_id = None  # a village named like the quarter (المهاجرين, an alias of Kharkhar 6 km from Homs)
    if m.place_id is None:
        m.place_id, m.confidence, m.needs_review = town.place_id, 0.8, False
        m.geo_precision = 1 if c.kind == "neighbourhood" else 2


def _quarters_named_like_villages(placed: list[PlaceMention], chosen: list[Candidate], index) -> None:
    """ "مدرسة مي زيادة بحي المهاجرين" in a report on Homs: a quarter (حي) the gazetteer knows only as a
    village near a city the article names (Kharkhar, 6 km from Homs, has المهاجرين as an alternate name)
    is the city's quarter: placed at the city, for review."""
    cities = {
        o.place_id: index.entries[o.place_id]
        for o in placed
        if o.place_id is not None
        and index.entries[o.place_id].kind not in REGION_KINDS
        and (index.entries[o.place_id].rank == 3 or index.entries[o.place_id].population >= 20_000)
    }
    for m, c in zip(placed, chosen, strict=True):
        if c.kind != "neighbourhood" or m.place_id is None or m.place_id in cities:
            continue
        entry = index.entries[m.place_id]
        if entry.kind == "neighbourhood" or entry.rank >= 2:
            continue
        near = [e for e in cities.values() if haversine_km(e.lat, e.lon, entry.lat, entry.lon) <= 8]
        if near:
            city = min(near, key=lambda e: haversine_km(e.lat, e.lon, entry.lat, entry.lon))
            m.place_id, m.confidence, m.needs_review, m.geo_precision = city.id, 0.6, True, 1


def _place_in_the_articles_city(placed: list[PlaceMention], chosen: list[Candidate], index) -> None:
    """A quarter still unplaced ("حي القصاع") is placed, with low confidence, at the nearest town its
    sentence names, else at the article's city when it names one only. A facility is placed at the town
    named right after it ("مطعم كبصو في وسط مدينة عفرين", _place_inside_towns); one still unplaced goes to
    the article's only city, with low confidence, when its sentence names no other settlement
    ("كنيسة مار إلياس في منطقة الدويلعة" in a report on Damascus)."""
    for m, c in zip(placed, chosen, strict=True):
        if m.place_id is not None or c.kind != "neighbourhood":
            continue
        towns = [
            o
            for o in placed
            if o is not m
            and o.place_id is not None
            and o.sentence_start == m.sentence_start
            and index.entries[o.place_id].rank >= 2
            and index.entries[o.place_id].kind not in REGION_KINDS
        ]
        if towns:
            town = min(towns, key=lambda o: abs(o.fstart - m.fstart))
            m.place_id, m.confidence, m.needs_review, m.geo_precision = town.place_id, 0.6, True, 1
    cities = {
        m.place_id
        for m in placed
        if m.place_id is not None
        and (index.entries[m.place_id].rank == 3 or is_capital(index.entries[m.place_id]))
        and index.entries[m.place_id].kind not in REGION_KINDS
    }
    if len(cities) != 1:
        return
    (city,) = cities
    for m, c in zip(placed, chosen, strict=True):
        if m.place_id is not None or c.kind not in ("neighbourhood", "facility"):
            continue
        if c.kind == "facility" and any(
            o.place_id not in (None, city)
            and o.sentence_start == m.sentence_start
            and index.entries[o.place_id].kind not in REGION_KINDS
            for o in placed
        ):
            continue  # another town in its sentence: the facility may be there
        m.place_id, m.confidence, m.needs_review, m.geo_precision = city, 0.6, True, 1


# --- incidents ---------------------------------------------------------------------------------------


def _incidents(text, f, index, mentions, sentences, published) -> list[IncidentDraft]:
    groups: dict[str, list[PlaceMention]] = {}
    for m in mentions:
        if m.role != "incident":
            continue
        key = f"place:{m.place_id}" if m.place_id is not None else f"name:{_bare(m.name_key)}"
        groups.setdefault(key, []).append(m)
    lead_date = _lead_date(sentences)

    own_of: dict[str, list[Sentence]] = {}
    places_in: dict[int, int] = {}  # id(sentence) → how many incident places it names
    for key, group in groups.items():
        found = {id(s): s for s in (sentence_at(sentences, m.fstart) for m in group) if s is not None}
        own_of[key] = sorted(found.values(), key=lambda s: s.start)
        for sid in found:
            places_in[sid] = places_in.get(sid, 0) + 1

    def incident_places_in(sent) -> int:
        return places_in.get(id(sent), 0)

    # Who the article itself says claimed or did it ("تبنى تنظيم داعش عمليتين"), for its own-voice claims;
    # nobody when it says that is unclear ("وسط تضارب الأنباء حول الجهة المسؤولة").
    unclear = any(s.speaker is None and events.responsibility_unclear(s.text) for s in sentences)
    article_perpetrator = None
    for s in sentences if not unclear else ():
        if s.speaker is None and (events.claims_responsibility(s.text) or events.has_attack_verb(s.text)):
            p = events.perpetrator(s.text, s.actors)
            if p:
                article_perpetrator = p.value
                break
    lead = next(
        (s for s in sentences if s.speaker is None and (violent(s) or events.claims_responsibility(s.text))),
        None,
    )
    drafts = []
    first_incident_pos = min((m.fstart for g in groups.values() for m in g), default=0)
    # Voices that speak about every incident: a cited sentence with no incident place of its own
    # ("رجحت مصادر محلية مسؤولية تنظيم الدولة عن تنفيذ الهجمات السابقة").
    general = [
        s
        for s in sentences
        if s.speaker
        and s.start >= first_incident_pos
        and id(s) not in places_in
        and (violent(s) or events.claims_responsibility(s.text))
    ]
    facts: dict[int, tuple] = {}  # per-sentence perpetrator/casualties/event type, shared by incidents
    for key, group in groups.items():
        # the place's own name over a facility named after it ("الشحيل" over "محطة مياه الشحيل")
        primary = max(
            group, key=lambda m: (m.place_id is not None, m.kind != "facility", m.confidence, -m.start)
        )
        entry = index.entries.get(primary.place_id) if primary.place_id is not None else None
        own = own_of[key]
        evidence = [Evidence("place", primary.start, primary.end, primary.surface)]
        etype = events.best_event_type([h for s in own for h in _shift(s.events, s.start)])
        if etype is None:  # "الحملة تركزت على …": the event the sentence refers back to
            back = [s.refers_to for s in own if s.refers_to is not None]
            etype = events.best_event_type([h for s in back for h in _shift(s.events, s.start)])
        event_type = sub_event_type = None
        if etype:
            event_type, sub_event_type = etype.value[1], etype.value[2]
            evidence.append(_ev(text, f, "event_type", etype.start, etype.end))
        date = dates_mod.combine([d[1] for s in own for d in s.dates if not s.historical])
        date_source = "sentence"
        if date is None and lead_date is not None:
            date, date_source = lead_date, "article"
        event_date = date.event_date if date else None
        precision = date.time_precision if date else None
        weekday = date.weekday if date else None
        if date is not None:
            evidence.append(Evidence("date", date.start, date.end, date.surface))
        if event_date is None and published is not None and date is None:
            event_date, precision = published, 2  # dated only by the report: within the week before
        del date_source
        claims, actors, killed_all, injured_all = [], [], [], []
        voices: dict[str | None, list[Sentence]] = {}
        for s in own + general:
            voices.setdefault(s.speaker, []).append(s)
        borrowed = None not in voices and lead is not None
        if None not in voices:
            # The outlet speaks in its lead ("تبنى تنظيم داعش … عمليتين"), even when only a cited
            # source names the place; its counts there are totals, not this incident's.
            voices[None] = [lead] if lead is not None else own[:1]
        for voice, voice_sentences in voices.items():
            claim = _claim(text, f, voice, voice_sentences, incident_places_in, facts)
            if voice is None and borrowed and len(groups) > 1:
                claim.claimed_killed = claim.claimed_injured = None  # the lead's totals, not this one's
            if voice is None and claim.claimed_perpetrator is None:
                claim.claimed_perpetrator = article_perpetrator
            if voice is None and unclear:
                claim.claimed_perpetrator = None
            if voice is None and len(groups) == 1 and lead is not None and claim.claimed_killed is None:
                # one incident: the lead's "قتل ثلاثة … وأصيب اثنان" counts are its counts
                _p, k, i, _t = facts.setdefault(id(lead), _sentence_facts(lead, incident_places_in(lead)))
                claim.claimed_killed = k.value if k else None
                claim.claimed_injured = (
                    claim.claimed_injured if claim.claimed_injured is not None else (i.value if i else None)
                )
            claims.append(claim)
            if claim.claimed_killed is not None:
                killed_all.append(claim.claimed_killed)
            if claim.claimed_injured is not None:
                injured_all.append(claim.claimed_injured)
        for s in own:
            for a in s.actors:
                if a.value not in actors:
                    actors.append(a.value)
                    evidence.append(_ev(text, f, "actor", s.start + a.start, s.start + a.end))
        perpetrators = [c.claimed_perpetrator for c in claims if c.claimed_perpetrator]
        for p in perpetrators:
            if p not in actors:
                actors.insert(0, p)
        actors.sort(key=lambda a: (a not in perpetrators, a == "SDF" and a not in perpetrators))
        # ACLED's two sides: actor1 did it (the outlet's own word first, else the first voice that names
        # someone), actor2 was targeted (an actor named at the place that nobody blames). Two rival
        # accusations are two claims, never actor1 and actor2.
        own_claim = next((c for c in claims if c.cited_source is None), None)
        actor1 = (own_claim.claimed_perpetrator if own_claim else None) or (
            perpetrators[0] if perpetrators else None
        )
        named = [a.value for s in own for a in s.actors]  # in the order the text names them
        actor2 = next((a for a in named if a not in perpetrators and a != actor1), None)
        for s in own + general:
            if s.speaker_span:
                evidence.append(_ev(text, f, "cited_source", *s.speaker_span))
        fatalities = max(killed_all) if killed_all else None
        injured = max(injured_all) if injured_all else None
        drafts.append(
            IncidentDraft(
                mention=primary,
                mention_key=key,
                place=entry,
                event_date=event_date,
                time_precision=precision,
                weekday=weekday,
                event_type=event_type,
                sub_event_type=sub_event_type,
                actors=actors,
                actor1=actor1,
                actor2=actor2,
                fatalities=fatalities,
                injured=injured,
                geo_precision=primary.geo_precision if entry else None,
                cited_sources=sorted({c.cited_source for c in claims if c.cited_source}),
                claims=claims,
                evidence=evidence,
                other_mentions=[m for m in group if m is not primary],
            )
        )
    return drafts


def _lead_date(sentences: list[Sentence]):
    """The article's own date for incidents whose sentences give none: the best date of the first
    sentence that has one ("اليوم الثلاثاء" → the weekday), skipping historical sentences and months."""
    for s in sentences:
        usable = [d for _pos, d in s.dates if d.kind != "month_year"]
        if usable and not s.historical:
            return dates_mod.combine(usable)
    return None


def _bare(key: str) -> str:
    return key[2:] if key.startswith("ال") else key


def _shift(hits, offset):
    return [events.Hit(h.start + offset, h.end + offset, h.value) for h in hits]


def _ev(text, f, name, fs, fe) -> Evidence:
    start, end = f.span(fs, fe)
    return Evidence(name, start, end, text[start:end])


def _sentence_facts(sent: Sentence, incident_places: int) -> tuple:
    """(perpetrator, killed, injured, best event type) one sentence states."""
    # A count in a sentence about two places is their total, not this incident's.
    k, i = events.casualties(sent.text) if incident_places <= 1 else (None, None)
    return events.perpetrator(sent.text, sent.actors), k, i, events.best_event_type(sent.events)


def _claim(text, f, voice, voice_sentences, incident_places_in, facts: dict) -> ClaimDraft:
    s = voice_sentences[0]
    perpetrator = None
    killed = injured = None
    etype = None
    for sent in voice_sentences:
        if id(sent) not in facts:
            facts[id(sent)] = _sentence_facts(sent, incident_places_in(sent))
        p, k, i, best = facts[id(sent)]
        if p and perpetrator is None:
            perpetrator = p.value
        if k and killed is None:
            killed = k.value
        if i and injured is None:
            injured = i.value
        if best and etype is None:
            etype = best.value[1]
    if voice == "Amaq" and perpetrator is None:
        perpetrator = "ISIS"  # Amaq is the Islamic State's own news agency: its reports are ISIS claims
    start, end = f.span(s.start, s.end)
    while start < end and text[start].isspace():
        start += 1
    return ClaimDraft(voice, perpetrator, killed, injured, etype, start, end, text[start:end])
