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
from . import events, sources
from .normalise import Folded, TriggeredPattern, detect_language, fold
from .places import ARABIC_PROCLITICS, REGION_KINDS, GazetteerIndex, context_governorate, resolve_mention
from .types import ClaimDraft, Evidence, ExtractionResult, IncidentDraft, PlaceMention, Sentence

__all__ = ["ClaimDraft", "Evidence", "ExtractionResult", "IncidentDraft", "PlaceMention", "extract"]

# What stands just before a place name when the place only locates something else (background).
REGION_BEFORE = re.compile(
    r"(?:(?<!\w)[وفبل]?(?:ريف|ارياف|الريف|محافظه|محافظات|باديه|منطقه|مناطق)(?:\s+\S+)?|(?<!\w)(?:شرق|شرقي|غرب|غربي|"
    r"شمال|شمالي|جنوب|جنوبي)|\d+\s*كم\s+\S+|(?<!\w)من(?:\s+\S+)?|(?<!\w)(?:east|west|north|south)\s+of|province of|from|"
    r"(?:eastern|western|northern|southern|rural|central))\s*$"
)
NEAR_BEFORE = re.compile(
    r"(?:بالقرب من|قرب|اطراف|على اطراف|محيط|مدخل|near|outskirts of|close to)\s*(?:\S+\s*)?$"
)
LOCATIVE_BEFORE = re.compile(r"(?:(?<!\w)(?:في|داخل|عند|in|at|inside|near)\s*|(?<!\w)[وف]?ب)$")
HISTORICAL = re.compile(r"(?<!\w)(?:حينها|انذاك|سابقا|منذ|عام\s+\d{4}|in\s+\d{4}|back in)(?!\w)|\d{4}")
HISTORICAL_SCAN = TriggeredPattern(
    HISTORICAL, ["حينها", "انذاك", "سابقا", "منذ", "عام", "in", "back", *"0123456789"], before=8, after=8
)
CUE = re.compile(r"(?<!\w)[وفبلك]?(?:ال)?(بلدات|بلدتي|بلده|قريتي|قري|قريه|مدينتي|مدينه|ناحيه|مخيم|حي)\s+")
CUE_SCAN = TriggeredPattern(CUE, ["بلد", "قري", "مدين", "ناحيه", "مخيم", "حي ", "حي\n"], anchored=True)
_TOKEN = re.compile(r"[“\"«]?(\w+)")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_LIST_GAP = re.compile(r"[”\"»]?\s*[،,]?\s*")
_JOIN = re.compile(r"[”\"»]?\s*،?\s*")
_AND_NEXT = re.compile(r"[”\"»]?\s*،?\s*و(\w{3,})(?!\w)")
PLURAL_CUES = {"بلدات", "بلدتي", "قريتي", "قري", "مدينتي"}
# Words that end a list of names after a cue word (prepositions, directions, relative words).
STOP = set(
    "في من على الى عن مع بعد قبل بين عند ريف بريف شرقي غربي شمالي جنوبي شرق غرب شمال جنوب التي الذي "
    "الواقعه عده اخرى اخري المجاوره ذاتها نفسها السابقه تزامنا وسط ضمن قرب بالقرب كم the and of in".split()
)
ENGLISH_CUE = re.compile(
    r"\b(?:towns?|villages?|city|cities|neighbou?rhood)\s+of\s+("
    r"(?:(?:al|el|as|ad|ash|az|ar)-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
    r"(?:(?:,\s*|,?\s+and\s+)(?:(?:al|el|as|ad|ash|az|ar)-)?[A-Z][\w'’-]+)*)"
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
    context = context_governorate(f.text, fold(title).text if title else "")
    mentions = _find_mentions(text, f, index, sentences, context)
    incidents = _incidents(text, f, index, mentions, sentences, published)
    cited = sorted({s.speaker for s in sentences if s.speaker})
    result = ExtractionResult(language, published, context, mentions, incidents, cited)
    result._entries = {m.place_id: index.entries[m.place_id] for m in mentions if m.place_id is not None}
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
    past = [m.start() for m in HISTORICAL_SCAN.finditer(f.text) if _is_past(m.group(0), year)]
    previous: Sentence | None = None
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
        s.actors = _local(all_actors, actor_starts, s, events.Hit)
        s.dates = [d for d in all_dates if s.start <= d[0] < s.end]
        i = bisect_left(past, s.start)
        s.historical = i < len(past) and past[i] < s.end
        out.append(s)
        previous = s
    return out


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


def events_historical(sentence: str, year: int | None) -> bool:
    """A sentence about the past (a year before publication, 'حينها', 'since') locates no new incident."""
    return any(_is_past(m.group(0), year) for m in HISTORICAL.finditer(sentence))


def _is_past(token: str, year: int | None) -> bool:
    """A year marks the past only when it is before the publication year (or none is known)."""
    return not (token.isdigit() and year and int(token) >= year)


# --- place mentions ----------------------------------------------------------------------------------


def _strip_proclitics(token: str, index: GazetteerIndex) -> str:
    """وذيبان → ذيبان, والرز → الرز; keep the token when the bare form is not more plausible."""
    if token in index.keys:
        return token
    for n in (2, 1):
        prefix, rest = token[:n], token[n:]
        if prefix in ARABIC_PROCLITICS and len(rest) >= 3:
            if rest in index.keys or rest.startswith("ال") or n == 1:
                return rest
    return token


def _find_mentions(text, f, index, sentences, context) -> list[PlaceMention]:
    raw: list[tuple[int, int, tuple[int, ...], bool]] = []  # folded start, end, entry ids, cue
    for m in index.find_folded(f.text):
        if not "\u0600" <= m.key[0] <= "\u06ff" and not text[f.orig(m.name_start)].isupper():
            continue  # an English place name is capitalised; "hit" and "ana" are words
        raw.append((m.name_start, m.end, m.entry_ids, False))
    local_names: set[str] = set()
    for start, end in _cue_names(f.text, index) + _english_cue_names(text, f):
        raw.append((start, end, index.keys.get(f.text[start:end], ()), True))
        local_names.add(f.text[start:end])
    # A village named once after a cue word is the same village when named again without one.
    for name in local_names:
        if name in index.keys:
            continue
        raw.extend((start, end, (), False) for start, end in _occurrences(f.text, name))
    raw += _field_names(f.text, index)
    raw = _continuations(f.text, index, raw)
    chosen: list[tuple[int, int, tuple[int, ...], bool]] = []
    taken = bytearray(len(f.text) + 1)
    for r in sorted(raw, key=lambda r: (-(r[1] - r[0]), not r[3], r[0])):  # longest first, cue first
        if 1 not in taken[r[0] : r[1]]:
            chosen.append(r)
            taken[r[0] : r[1]] = b"\x01" * (r[1] - r[0])
    chosen.sort()
    cue_spans = {(r[0], r[1]) for r in raw if r[3]}
    mentions = []
    for start, end, ids, _cue in chosen:
        cue = (start, end) in cue_spans
        sent = _sentence_at(sentences, start) or (sentences[-1] if sentences else None)
        mentions.append(resolve_mention(text, f, index, start, end, ids, cue, sent, context))
    _assign_roles(f.text, mentions, sentences, index)
    return mentions


def _occurrences(folded: str, name: str) -> list[tuple[int, int]]:
    """Where a name stands as a word, after at most two proclitics (str.find: no regex per name)."""
    out, n, i = [], len(name), folded.find(name)
    while i != -1:
        end = i + n
        if end == len(folded) or not (folded[end].isalnum() or folded[end] == "_"):
            ws = i
            while ws > 0 and (folded[ws - 1].isalnum() or folded[ws - 1] == "_"):
                ws -= 1
            if i - ws <= 2 and all(c in "وفبلك" for c in folded[ws:i]):
                out.append((i, end))
        i = folded.find(name, i + 1)
    return out


def _sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    """The sentence holding a folded position (sentences are sorted and disjoint)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= pos:
        return sentences[lo]
    return None


def _cue_names(folded: str, index) -> list[tuple[int, int]]:
    """Names introduced by a cue word: بلدات الشحيل وذيبان والبصيرة والرز → four names."""
    out = []
    for m in CUE_SCAN.finditer(folded):
        plural = m.group(1) in PLURAL_CUES
        limit = 2 if m.group(1).endswith("تي") else (8 if plural else 1)
        pos, names = m.end(), 0
        while names < limit:
            tok = _TOKEN.match(folded, pos)
            if not tok:
                break
            word_start, word = tok.start(1), tok.group(1)
            name = word if names == 0 else (word[1:] if word.startswith("و") and len(word) > 3 else None)
            if name is None or name in STOP or len(name) < 3 or name.isdigit():
                break
            start = word_start + (len(word) - len(name))
            end = start + len(name)
            two = _NEXT_WORD.match(folded, end)  # two-word names: جزرة البوحميد
            if two and (
                f"{name} {two.group(1)}" in index.keys
                or (limit == 1 and name not in index.keys and _second_name_word(two.group(1)))
            ):
                end = two.end()
            out.append((start, end))
            names += 1
            pos = _LIST_GAP.match(folded, end).end()
            if not folded.startswith("و", pos):
                break
    return out


def _second_name_word(word: str) -> bool:
    """A second word that continues a village name after a singular cue (جزرة البوحميد), not an adjective
    (الشرقي، الواقعة، الحدودية) or a function word."""
    return (
        word.startswith("ال")
        and len(word) >= 5
        and word not in STOP
        and not word.endswith(("ي", "يه", "ين"))
        and word not in {"الواقعه", "المجاوره", "المذكوره", "نفسها", "ذاتها"}
    )


FIELD = re.compile(r"(?<!\w)[وفبلك]?(?:ال)?حقل(?:ي)?\s+")
FIELD_SCAN = TriggeredPattern(FIELD, ["حقل"], anchored=True)


def _field_names(folded: str, index) -> list[tuple[int, int, tuple[int, ...], bool]]:
    """Oil and gas fields named as "حقلي كونيكو والعمر": each name is looked up as "حقل <name>"."""
    out: list[tuple[int, int, tuple[int, ...], bool]] = []
    for m in FIELD_SCAN.finditer(folded):
        for i, word in enumerate(re.finditer(r"\w+", folded[m.end() : m.end() + 40])):
            name = word.group(0) if i == 0 else (word.group(0)[1:] if word.group(0).startswith("و") else "")
            ids = index.keys.get(f"حقل {name}") if name else None
            if not ids or i > 2:
                break
            start = m.end() + word.start() + (len(word.group(0)) - len(name))
            out.append((start, start + len(name), ids, False))
    return out


def _english_cue_names(text: str, f: Folded) -> list[tuple[int, int]]:
    out = []
    if " of " not in text:
        return out
    for m in ENGLISH_CUE.finditer(text):
        for name in re.finditer(
            r"(?:(?:al|el|as|ad|ash|az|ar)-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", m.group(1)
        ):
            start, end = m.start(1) + name.start(), m.start(1) + name.end()
            out.append((f.folded_pos(start), f.folded_pos(end - 1) + 1))
    return out


def _continuations(folded, index, raw):
    """وذبيان right after a known place is a list item: keep it when it is one edit from a gazetteer name."""
    extra = []
    covered = bytearray(len(folded) + 1)
    for start, end, _ids, _cue in raw:
        covered[start:end] = b"\x01" * (end - start)
    for _start, end, _ids, _cue in raw:
        nxt = _AND_NEXT.match(folded, end)
        if not nxt:
            continue
        name = nxt.group(1)
        n_start = nxt.start(1)
        if name in STOP or covered[n_start]:
            continue
        if index.near_misses(name):
            extra.append((n_start, n_start + len(name), (), False))
    return raw + extra


def _assign_roles(folded: str, mentions: list[PlaceMention], sentences, index) -> None:
    """incident: where something in the story happened; background: regions, origins, history."""
    # Work in folded coordinates again through the name_key positions: find each mention's folded start.
    previous: PlaceMention | None = None
    previous_end_f = -1
    for m in mentions:
        f_start = _fstart(m)
        sent = _sentence_at(sentences, f_start)
        before = folded[max(0, f_start - 32) : f_start]
        k = len(before)
        while k > 0 and (before[k - 1].isalnum() or before[k - 1] == "_"):
            k -= 1
        word_prefix = before[k:]  # proclitics glued to the name
        before_word = before[: len(before) - len(word_prefix)]
        entry = index.entries.get(m.place_id) if m.place_id is not None else None
        joined = (
            previous is not None
            and word_prefix.startswith("و")
            and _JOIN.fullmatch(folded, previous_end_f, f_start - len(word_prefix)) is not None
        )
        if entry is not None and entry.kind in REGION_KINDS:
            role = "background"
        elif joined and previous.role == "background" and not m.cue:
            role = "background"
        elif joined and previous.role == "incident":
            role = "incident"
        elif sent is None or sent.historical or not _violent(sent):
            role = "background"
        elif not m.cue and REGION_BEFORE.search(before_word):
            role = "background"
        elif m.cue or LOCATIVE_BEFORE.search(before_word + word_prefix.lstrip("و")):
            role = "incident"
        else:
            role = "background"
        if role == "incident" and NEAR_BEFORE.search(before):
            m.geo_precision = max(m.geo_precision, 2)  # ACLED 2: near / on the outskirts of the town
        m.role = role
        previous, previous_end_f = m, f_start + len(m.name_key)


def _violent(sent: Sentence) -> bool:
    """Whether a sentence reports violence or an arrest (reinforcements alone locate no incident)."""
    return any((h.value[1], h.value[2]) not in events.NOT_AN_INCIDENT for h in sent.events)


def _fstart(m: PlaceMention) -> int:
    return m.fstart


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
        found = {id(s): s for s in (_sentence_at(sentences, m.fstart) for m in group) if s is not None}
        own_of[key] = sorted(found.values(), key=lambda s: s.start)
        for sid in found:
            places_in[sid] = places_in.get(sid, 0) + 1

    def incident_places_in(sent) -> int:
        return places_in.get(id(sent), 0)

    # Who the article itself says claimed or did it ("تبنى تنظيم داعش عمليتين"), for its own-voice claims.
    article_perpetrator = None
    for s in sentences:
        if s.speaker is None and (events.claims_responsibility(s.text) or events.has_attack_verb(s.text)):
            p = events.perpetrator(s.text, s.actors)
            if p:
                article_perpetrator = p.value
                break
    lead = next(
        (s for s in sentences if s.speaker is None and (_violent(s) or events.claims_responsibility(s.text))),
        None,
    )
    drafts = []
    first_incident_pos = min((_fstart(m) for g in groups.values() for m in g), default=0)
    # Voices that speak about every incident: a cited sentence with no incident place of its own
    # ("رجحت مصادر محلية مسؤولية تنظيم الدولة عن تنفيذ الهجمات السابقة").
    general = [
        s
        for s in sentences
        if s.speaker
        and s.start >= first_incident_pos
        and id(s) not in places_in
        and (_violent(s) or events.claims_responsibility(s.text))
    ]
    facts: dict[int, tuple] = {}  # per-sentence perpetrator/casualties/event type, shared by incidents
    for key, group in groups.items():
        primary = max(group, key=lambda m: (m.place_id is not None, m.confidence, -m.start))
        entry = index.entries.get(primary.place_id) if primary.place_id is not None else None
        own = own_of[key]
        evidence = [Evidence("place", primary.start, primary.end, primary.surface)]
        etype = events.best_event_type([h for s in own for h in _shift(s.events, s.start)])
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
            if voice is None and borrowed:
                claim.claimed_killed = claim.claimed_injured = None
            if voice is None and claim.claimed_perpetrator is None:
                claim.claimed_perpetrator = article_perpetrator
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
