"""Incident or background: whether something in the story happened at a place, or the place only
locates, dates or explains (a region, where a victim came from, the town a neighbourhood is in)."""

from __future__ import annotations

import re

from . import events
from .places import REGION_KINDS, GazetteerIndex
from .resolve import is_capital
from .types import PlaceMention, Sentence

# What stands just before a place name when the place only locates something else (background). Where
# someone is from ("أهالي بلدة X") is background, except when they are the target ("أطلقوا النار على أهالي
# حي المشلب": the quarter is the scene).
REGION_BEFORE = re.compile(
    r"(?:(?<!\w)[وفبل]?(?:ريف|ارياف|الريف|ريفي|محافظه|محافظات)(?:\s+\S+)?|"
    r"(?<!\w)(?:شرق|شرقي|غرب|غربي|شمال|شمالي|جنوب|جنوبي)|\d+\s*كم\s+\S+|"
    r"(?<!\w)(?<!علي\s)(?:ابن|ابناء|اهالي|اهل|المنحدر\s+من|المنحدرين\s+من|المنحدره\s+من|[يت]نحدر(?:ون|ان)?(?:\s+\S+)?\s+من|"
    r"(?:ال)?تابع(?:ه)?\s+(?:ل[^\s،,]*|الي\s+[^\s،,]+)|المتمركزه\s+في|المتمركزين\s+في)(?:\s+[^\s،,]+)?|"
    r"(?<!\w)(?:مصادر|مصدر|ناشطون|ناشطين|مراسل|مراسلنا|مراسلو)(?:\s+\S+){0,2}\s+(?:في|ب)|"
    r"(?<!\w)(?:مشفي|مشافي|مشاف|مستشفي|مستشفيات|المشفي|المستشفي|hospitals?)(?:\s+\S+){0,2}\s+(?:في|ب)|"
    r"(?<!\w)(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of|"
    r"(?:countryside|countrysides|province|governorate|region|"
    r"desert|suburbs|outskirts)\s+of|(?:eastern|western|northern|southern|rural|central))"
    r"(?:\s+(?:مدينه|بلده|قريه|ناحيه|منطقه)|(?:\s+the)?\s+(?:city|town|village|district|area)\s+of)?\s*$"
)
# "في ريف مدينة السخنة": the countryside of a town said to be one (ريف منبج alone is the district) locates an incident near it
# when the sentence names nothing more precise before it ("قرية X بريف بلدة زركان" is X).
RIF_OF_TOWN = re.compile(r"(?<!\w)[وفبل]?(?:ريف|الريف)\s+(?:مدينه|بلده)\s+$")
# Where someone is from: background for a bare name ("رجل من دير الزور"), not after a cue word, where the
# origin is usually the scene too ("رجل من بلدة مضايا … برصاص قناص في البلدة").
ORIGIN_BEFORE = re.compile(r"(?:(?<!\w)من(?!\s+بين)(?:\s+\S+)?|(?<!\w)from)\s*$")
NEAR_BEFORE = re.compile(
    r"(?:بالقرب من|قرب|اطراف|على اطراف|محيط|مدخل|باديه|near|outskirts of|close to|around|vicinity of|road to|road between)\s*(?:\S+\s*)?$"
)
# A facility named after its place: "في محطة مياه الشحيل", "في مدرسة الشبكة" (the incident is there).
FACILITY = (
    r"(?:(?<!\w)(?:في|ب|عند|قرب|علي)\s*(?:ال)?(?:محطه|مدرسه|مشفي|مستشفي|جامع|مسجد|سوق|دوار|ساحه|حاجز|مقر|معبر|"
    r"مفرق|مدخل|سجن|مطار|جسر|مخفر|شارع|سد|حقل|صوامع|فرن|مبني|مقلع|معصره)(?:\s+\S+)?\s*)"
)
LOCATIVE_BEFORE = re.compile(
    r"(?:(?<!\w)(?:في|داخل|عند|قرب|محيط|اطراف|مدخل|علي|بين|بينها|بينهم|منها|ابرزها|وسط|كل من|طال|طالت|مناطق|"
    r"استهدف|استهدفت|استهدفوا|قصف|قصفت|هاجم|هاجموا|"
    r"[وف]?(?:هي|هما)\s*:|"  # "8 قرى بريف القحطانية هي: شلهومية وكرديم …": the list the sentence announced
    r"in|at|inside|near|on|between|toward|towards|road to|targeted|shelled|hit|attacked|struck|stormed|raided|entered|"
    r"such as|including|through|into|"
    r"vicinity of|outskirts of)(?:\s+the)?(?:\s+(?:nearby|neighbou?ring))?"
    # "اعترضوا الشاحنة بين قريتي لاهثة والمتونة": a place word between the locative and the name
    r"(?:\s+(?:ال)?(?:مدينه|بلده|قريه|مدينتي|بلدتي|قريتي|قري|بلدات))?\s*|(?<!\w)[وف]?ب|" + FACILITY + r")$"
)
# "توغلت قوات … غرب قرية عين زيوان": beside the village, so near it (ACLED precision 2), unless the
# direction locates another place ("قرية ترملا جنوب بلدة …", "(23 كم جنوب شرق مدينة إدلب)").
_DIRECTION_OF_VILLAGE = re.compile(r"(?<!\w)(?:شرق|شرقي|غرب|غربي|شمال|شمالي|جنوب|جنوبي)\s+(?:بلده|قريه)\s*$")
_OPENING_QUOTE = re.compile(r"\s*[“\"«(]\s*$")
_JOIN = re.compile(r"[”\"»]?\s*[،,]?\s*(?:and\s+)?[“\"«]?")
# The area (district) a place lies in, named right after it: "في قرية كاف الجاع بمنطقة القدموس بريف طرطوس"
_AREA_OF = re.compile(r"[”\"»]?\s*[،,]?\s*(?:ب|في\s+|التابعه\s+ل|الواقعه\s+في\s+|ضمن\s+)منطقه\s+[“\"«]?")
# One list after another, each placed in its region: "مناطق “حرستا، دوما، وسقبا” في الغوطة الشرقية،
# و”عرطوز، صحنايا” في الغوطة الغربية، و”الرحيبة وضمير” في القلمون" — the next list goes on where the
# previous one was (a locative of at most four words, a comma, and).
_NEXT_LIST = re.compile(
    r"[”\"»]?\s*(?:في|ب|in)\s+(?:[^\s،,.:\d]+\s+){0,3}[^\s،,.:\d]+[”\"»]?\s*[،,]\s*(?:و|and\s+)\s*[“”\"«]?"
)


# "Ureyme in Manbij": a town named right after a place it contains (background when that place is)
_FROM_CUE_EN = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:\w+\s+)?(?:towns?|villages?|city|area|positions?)\s+of\s*$"
)
_IN_AFTER_PLACE_EN = re.compile(r"(?:\s+(?:village|town))?\s+in\s+(?:the\s+)?")
# An administrative area named after its town, in English ("Shara district", "Til Temir region").
_AREA_AFTER_EN = re.compile(
    r"[’']?\s+(?:district|canton|region|sub-?district|countryside|province|governorate)\b"
)


def _locates_another(folded: str, direction_start: int, previous_end: int) -> bool:
    """Whether a direction phrase starting here places the mention before it ("قرية ترملا جنوب بلدة X"):
    a place name or a distance ends right before it."""
    if previous_end >= 0 and direction_start - previous_end <= 3:
        return True
    return bool(re.search(r"(?:كم|\()\s*$", folded[max(0, direction_start - 8) : direction_start]))


def sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
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


def violent(sent: Sentence) -> bool:
    """Whether a sentence reports violence or an arrest (reinforcements alone locate no incident)."""
    if not sent.events and sent.refers_to is not None:
        sent = sent.refers_to  # "إن الحملة تركزت على مناطق …": the campaign of the sentence before
    return any((h.value[1], h.value[2]) not in events.NOT_AN_INCIDENT for h in sent.events)


def assign_roles(folded: str, mentions: list[PlaceMention], sentences, index: GazetteerIndex) -> None:
    """incident: where something in the story happened; background: regions, origins, history,
    containers."""
    previous: PlaceMention | None = None
    last_item: PlaceMention | None = None  # the last incident place
    previous_end_f = -1
    for m in mentions:
        f_start = m.fstart
        sent = sentence_at(sentences, f_start)
        before = folded[max(0, f_start - 32) : f_start]
        k = len(before)
        while k > 0 and (before[k - 1].isalnum() or before[k - 1] == "_"):
            k -= 1
        word_prefix = before[k:]  # proclitics glued to the name
        # an opening quote is no word: "على مناطق “حرستا، دوما”" reads as "على مناطق حرستا"
        before_word = _OPENING_QUOTE.sub(" ", before[: len(before) - len(word_prefix)])
        entry = index.entries.get(m.place_id) if m.place_id is not None else None
        joined = (
            previous is not None
            and (
                word_prefix.startswith("و")
                or "،" in folded[previous_end_f:f_start]
                or "," in folded[previous_end_f:f_start]
                or " and " in folded[previous_end_f:f_start]
            )
            and _JOIN.fullmatch(folded, previous_end_f, f_start - len(word_prefix)) is not None
        )
        # (the region that places the list before may itself be a mention: "في الغوطة الشرقية")
        item = last_item if previous is not None and previous.role == "background" else previous
        next_list = (
            not joined
            and item is not None
            and item.role == "incident"
            and item.listed
            and item.sentence_start == m.sentence_start
            and _NEXT_LIST.fullmatch(folded, item.fstart + len(item.name_key), f_start - len(word_prefix))
            is not None
        )
        if next_list:
            joined, previous = True, item
        if joined:
            m.listed = previous.listed = True
        in_area_of_previous = (
            previous is not None
            and previous.role == "incident"
            # "حي الدخانية بمنطقة الدويلعة", "كنيسة مار إلياس في منطقة الدويلعة": one place, both scenes
            and previous.kind not in ("neighbourhood", "facility")
            and previous.sentence_start == m.sentence_start
            and _AREA_OF.fullmatch(folded, previous_end_f, f_start - len(word_prefix)) is not None
        )
        in_town_after_place = (
            previous is not None
            and previous.role == "background"
            and previous.sentence_start == m.sentence_start
            and entry is not None
            and (entry.rank >= 2 or entry.population >= 20_000)
            and _IN_AFTER_PLACE_EN.fullmatch(folded, previous_end_f, f_start) is not None
        )
        if m.container or (entry is not None and entry.kind in REGION_KINDS):
            role = "background"
        elif in_town_after_place:
            role = "background"  # "from the occupied town of Ureyme in Manbij": where the attack set out
        elif (
            _AREA_AFTER_EN.match(folded, f_start + len(m.name_key))
            and previous is not None
            and previous.role == "incident"
            and previous.sentence_start == m.sentence_start
        ):
            # "Maranaz village in Shara district", "near the village of Til Cuma in Til Temir region": the
            # area only says where the place before it is (alone, "in Tel Brak district" is the scene)
            role = "background"
        elif in_area_of_previous:
            role = "background"  # "قرية كاف الجاع بمنطقة القدموس": the district the village is in
        elif joined and previous.role == "background" and not m.cue:
            role = "background"
        elif joined and previous.role == "incident":
            role = "incident"
        elif sent is None or sent.historical or not violent(sent):
            role = "background"
        elif (d := _DIRECTION_OF_VILLAGE.search(before_word)) and not _locates_another(
            folded, f_start - len(before) + d.start(), previous_end_f
        ):
            role = "incident"
            m.geo_precision = max(m.geo_precision, 2)
        elif (
            RIF_OF_TOWN.search(before_word)
            and entry is not None
            and entry.rank < 3
            and not is_capital(entry)
            and entry.kind not in REGION_KINDS
            and not (
                previous is not None
                and previous.role == "incident"
                and previous.sentence_start == m.sentence_start
            )
        ):
            role = "incident"  # "في ريف مدينة السخنة": around the town, nothing more precise said
            m.geo_precision = max(m.geo_precision, 2)
        elif REGION_BEFORE.search(before_word):
            role = "background"  # also after a cue: "66 كم شرق مدينة حماة", "التابعة لناحية عقيربات"
        elif (not m.cue and ORIGIN_BEFORE.search(before_word)) or _FROM_CUE_EN.search(before_word):
            role = "background"  # (English "from the occupied town of Ureyme": where an attack set out)
        elif entry is not None and entry.rank == 3 and re.search(r"(?:باديه|بادية)\s*$", before_word):
            role = "background"  # "بادية حمص": the governorate's desert, not the city
        elif m.kind == "facility" and re.search(r"(?:الي|نقل\S*|اسعاف\S*|ادخال\S*|to)\s*$", before_word):
            role = "background"  # "نقلوا إلى مشفى السلمية": where the wounded were taken
        elif _dateline(folded, f_start, f_start + len(m.name_key)):
            role = "background"  # "دير الزور – نورث برس", "Idlib (Qasioun) –", "Hama, SANA-"
        elif m.cue or LOCATIVE_BEFORE.search(before_word + word_prefix.lstrip("و")):
            role = "incident"
        else:
            role = "background"
        if role == "incident" and NEAR_BEFORE.search(before):
            m.geo_precision = max(m.geo_precision, 2)  # ACLED 2: near / on the outskirts of the town
        m.role = role
        previous, previous_end_f = m, f_start + len(m.name_key)
        if role == "incident":
            last_item = m
    _roads_pinned_by_a_place(folded, mentions)
    _cities_behind_their_villages(mentions, index)


def _roads_pinned_by_a_place(folded: str, mentions: list[PlaceMention]) -> None:
    """A road between two places pinned by a place on it ("على أوتوستراد دمشق - درعا بالقرب من مفرق
    الغارية الغربية", "قرب مقلع الهباط على الطريق الواصل بين مدينتي إدلب ومعرة مصرين"): the locator is
    where it happened, the road's ends only orient."""
    pins = [
        m
        for m in mentions
        if m.role == "incident"
        and m.kind != "road"
        and (m.kind in ("facility", "neighbourhood", "camp") or _PIN_BEFORE.search(folded, 0, m.fstart))
    ]
    ends = [m for m in mentions if m.kind == "road"]
    pinned_roads = set()
    for m in mentions:
        if m.role != "incident" or m.kind != "road":
            continue
        if any(
            p.sentence_start == m.sentence_start
            and abs(p.fstart - m.fstart) <= 90
            and not any(_one_road(folded, p, e) for e in ends)
            for p in pins
        ):
            m.role = "background"
            pinned_roads |= {_road_of(folded, m, ends)}
    # the same road named again elsewhere ("على الطريق الواصل بين محافظتي دمشق - درعا" in the lead, pinned
    # by a junction in the next sentence) only orients there too
    pinned_roads.discard(None)
    for m in mentions:
        if m.role == "incident" and m.kind == "road" and _road_of(folded, m, ends) in pinned_roads:
            m.role = "background"


def _road_of(folded: str, m: PlaceMention, ends: list[PlaceMention]) -> frozenset | None:
    """The road a road end belongs to, as the pair of its ends' places (None when its other end is not
    named or not placed)."""
    for e in ends:
        if e is not m and e.place_id is not None and m.place_id is not None and _one_road(folded, m, e):
            return frozenset((m.place_id, e.place_id))
    return None


# A place that pins a road: "بالقرب من مفرق …", "قرب مقلع …", "على أطراف بلدة …", "في منطقة مخروم على طريق
# …", "near X"
_PIN_BEFORE = re.compile(r"(?:قرب|بالقرب من|عند|اطراف|مدخل|منطقه|near|at|outside)\s+(?:\S+\s+)?[“\"«]?$")


def _one_road(folded: str, a: PlaceMention, b: PlaceMention) -> bool:
    """Whether two names are the two ends of one road ("بين بلدتي #كفرنان و #تسنين", "دمشق - درعا")."""
    first, second = (a, b) if a.fstart < b.fstart else (b, a)
    gap = folded[first.fstart + len(first.name_key) : second.fstart]
    return bool(re.fullmatch(r"[\s\-–—/#“”\"«»و]*(?:(?:مدينه|بلده|قريه)\s+)?", gap))


_DATELINE_AFTER = re.compile(r"\s*(?:[,،]\s*[\w ]{0,20})?\s*[(\-–—:]")
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[^\n]{0,24}[-–—:]\s*$|(?:^|\n)\s*$")


def _dateline(folded: str, start: int, end: int) -> bool:
    """A place that opens a paragraph before the outlet's name, or closes a short 'Outlet – Place'
    opening: where the report was filed, not where anything happened."""
    line_start = folded.rfind("\n", 0, start) + 1
    if start - line_start > 26:
        return False
    before = folded[line_start:start]
    if before.strip() == "" and _DATELINE_AFTER.match(folded, end):
        return True
    return bool(_DATELINE_BEFORE.search(folded, line_start, start)) and (
        folded.find("\n", end) - end < 4 or folded[end : end + 3].strip() in ("", "،", ",")
    )


def _cities_behind_their_villages(mentions: list[PlaceMention], index: GazetteerIndex) -> None:
    """A city named bare in an article that also places incidents in its villages or quarters only says
    where those are ("قرى ريف إدلب … في إدلب"): ACLED codes the most specific place. After a cue word
    ("مدينة إدلب") or with nothing more specific around, the city stays the incident place."""
    specific = [
        index.entries[m.place_id] if m.place_id is not None else None
        for m in mentions
        if m.role == "incident"
        and (m.place_id is None and m.cue or (m.place_id is not None and index.entries[m.place_id].rank < 3))
    ]
    if not specific:
        return
    for m in mentions:
        if m.role != "incident" or m.cue or m.listed or m.place_id is None:
            continue  # a city listed with towns is one of the places ("حرستا، دوما، وسقبا")
        city = index.entries[m.place_id]
        if not (city.rank == 3 or is_capital(city)) or city.kind in REGION_KINDS:
            continue
        if any(e is None or e.admin1 == city.admin1 for e in specific):
            m.role = "background"
