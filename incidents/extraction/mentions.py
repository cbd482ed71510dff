"""Where the place names are: every span of an article that names a place, with how it was found.

- Gazetteer names anywhere (the index's automaton); a name that is also a common word (الطيبة، النصر)
  only with context: a cue word, a locative (في، قرب، محيط …), a list of places, a road.
- Names after a cue word, known or not: "بلدات الشحيل وذيبان والرز", "قرية X", "the villages of X, Y
  and Z"; a name introduced once is the same name when it comes again without one.
- Lists: "ستة هجمات في ذيبان والحوايج": the next item of a list that starts with a place.
- Roads between two places ("طريق تدمر – دمشق", "on the road between X and Y"): both ends, near (2).
- Oil and gas fields ("حقلي كونيكو والعمر"), camps ("مخيم الهول"), and neighbourhoods inside a named
  town ("حي الجميلي في الرقة": the neighbourhood, placed at the town).
- English: capitalised names after a locative or in a list ("in Zaiban and al-Shaheel").
"""

from __future__ import annotations

import re

from .events import EVENT_RE
from .normalise import Folded, TriggeredPattern
from .places import STRUCTURAL_WORDS, GazetteerIndex
from .resolve import Candidate

CUE = re.compile(
    r"(?<!\w)[وفبلك]?(?:ال)?(بلدات|بلدتي|بلده|قريتي|قري|قريه|مدينتي|مدينه|ناحيه|مخيم|مخيمات|حي|حيي|احياء|"
    r"محيط|اطراف|مشارف|باديه|منطقتي|منطقه|بلدتا|قريتا|محور|محوري|محاور|حاره|بينها|ابرزها|هي:)\s+"
)
CUE_SCAN = TriggeredPattern(
    CUE,
    [
        "بلد",
        "قري",
        "مدين",
        "ناحيه",
        "مخيم",
        "حي ",
        "حي\n",
        "حيي",
        "احياء",
        "محيط",
        "اطراف",
        "باديه",
        "منطق",
        "محور",
        "محاور",
        "حاره",
        "مشارف",
        "بينها",
        "ابرزها",
        "هي:",
    ],
    anchored=True,
)
PLURAL_CUES = {
    "هي:",  # "تعرضت 6 مناطق وقرى بريف الدرباسية، وهي: كربشك وبيركنيس …" (after places counted: _ANNOUNCED)
    "بلدات",
    "بلدتي",
    "قريتي",
    "قري",
    "مدينتي",
    "مخيمات",
    "حيي",
    "احياء",
    "منطقتي",
    "بلدتا",
    "قريتا",
    "محوري",
    "محاور",
    "بينها",
    "ابرزها",
}
# Cue words that only locate: the place after them is near it, not it (ACLED geo_precision 2).
NEAR_CUES = {"محيط", "اطراف", "مشارف", "باديه", "محور", "محوري", "محاور"}  # a front line faces its village
CUE_KINDS = {
    "حي": "neighbourhood",
    "حيي": "neighbourhood",
    "احياء": "neighbourhood",
    "حاره": "neighbourhood",
    "مخيم": "camp",
}
_TOKEN = re.compile(r"(?:(و)[“\"«]|[“\"«(])?(\w+)")
_NEXT_WORD = re.compile(r"\s+[“\"«]?(\w+)")
_LIST_GAP = re.compile(r"[”\"»)]?\s*[،,]?\s*")
_AND_NEXT = re.compile(r"[”\"»]?\s*(?:،|,)?\s*[“\"«]?(و?)[“\"«]?(\w{3,})(?!\w)")
# Words that end a list of names after a cue word (prepositions, directions, relative words).
STOP = set(
    "في من على الى عن مع بعد قبل بين عند ريف بريف شرقي غربي شمالي جنوبي شرق غرب شمال جنوب التي الذي "
    "الواقعه الواقع التابعه التابع تابعه القريبه الخاضعه عده اخرى اخري المجاوره ذاتها نفسها السابقه تزامنا وسط ضمن قرب بالقرب كم the and of in "
    # pronouns and determiners, and the months (Levantine and Egyptian names), never a place
    "تلك ذلك هذه هذا هذين هاتين دون غير غيرها غيره غيرهما كل بعض عدد معظم اغلب جميع كافه "
    "بعضها معظمها اغلبها جميعها كلها غالبيتها "
    # roads and where forces stand are no names ("محاور الطرق", "المتمركزة في")
    "الطرق الطريق الطرقات المتمركزه المتمركزين المتواجده المتواجدين الموجوده "
    # the two countrysides, mountains, regions just named ("بلدات وقرى الريفين", "قرى الجبلين")
    "الريفين الجبلين المنطقتين المحافظتين الضفتين "
    "كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس "
    "سبتمبر اكتوبر نوفمبر ديسمبر".split()
)
DIRECTIONS = set("الشرقيه الغربيه الشماليه الجنوبيه الشرقي الغربي الشمالي الجنوبي والغربيه والشرقيه".split())
# What stands before a gated name (a place name that is also a common word) to make it a place. Not a
# bare proclitic ب: "بجروح" is "with wounds", not "in Jruh".
LOCATIVE = re.compile(
    r"(?<!\w)(?:في|داخل|عند|قرب|بقرب|بالقرب من|محيط|اطراف|مدخل|نحو|باتجاه|الي|بين|مناطق|منطقه|"
    r"جنوبي|شمالي|شرقي|غربي|in|at|near|inside|outside|around|between|of)\s+$"
)

FIELD = re.compile(r"(?<!\w)[وفبلك]?(?:ال)?حقل(?:ي)?\s+")
FIELD_SCAN = TriggeredPattern(FIELD, ["حقل"], anchored=True)

# Roads: "طريق دمشق – السويداء", "طريق الكوم - السخنة", "الطريق الواصل بين X و Y", "on the road between
# X and Y", "the Raqqa-Hasakah road" / "M4 highway" is no place.
_PLACE_CUE = r"(?:(?:مدينه|بلده|قريه|مدينتي|بلدتي|قريتي|بلدتا|قريتا|محافظتي)\s+)?"
ROAD = re.compile(
    r"(?<!\w)[وفبلك]?(?:ال)?(?:طريق|اوتوستراد|اتوستراد)\s+(?:(?:الدولي|السريع|الرئيسي|العام|الواصل|الرابط|"
    r"الذي\s+يربط)\s+)*(?:(?:بين|ما\s+بين)\s+)?" + _PLACE_CUE + r"([“\"]?\w+(?:\s+\w+){0,2}[”\"]?)\s*"
    r"(?:[–—\-ـ/]|\s+و|\s+الي|\s+باتجاه)\s*" + _PLACE_CUE + r"([“\"]?\w+(?:\s+\w+){0,2}[”\"]?)"
)
# "على أطراف بلدة الزعفرانة على الطريق الواصل بينها وبين مدينة تلبيسة": a road from the place just named
ROAD_FROM_HERE = re.compile(
    r"(?<!\w)(?:ال)?طريق\s+(?:الواصل|الرابط|الذي\s+يربط)\s+(?:ما\s+)?بينها\s+وبين\s+(?:(?:مدينه|بلده|قريه)\s+)?"
    r"([“\"]?\w+(?:\s+\w+){0,2}[”\"]?)"
)
# "طريق الأبيض الواصل بين الحسكة والرقة": a road named otherwise, linking two places
LINKING = re.compile(
    r"(?<!\w)(?:الواصل|الرابط|يربط|يصل)\s+(?:ما\s+)?بين\s+(?:(?:مدينتي|بلدتي|قريتي|محافظتي)\s+)?"
    r"([“\"]?\w+(?:\s+\w+){0,2}[”\"]?)\s*(?:[–—\-ـ/]|\s+و)\s*(?:(?:مدينه|بلده|قريه)\s+)?"
    r"([“\"]?\w+(?:\s+\w+){0,2}[”\"]?)"
)
# "بين بلدتي أم ولد والكرك الشرقي", "بين مدينتي داعل وطفس": a span between two places, both near (2)
BETWEEN = re.compile(
    r"(?<!\w)(?:ما\s+)?بين\s+(?:مدينتي|بلدتي|قريتي|مدينه|بلده|قريه)\s+([“\"]?\w+(?:\s+\w+){0,2}[”\"]?)\s+"
    r"و(?:(?:مدينه|بلده|قريه)\s+)?([“\"]?\w+(?:\s+\w+){0,2}[”\"]?)"
)
ROAD_EN = re.compile(
    r"\broad\s+(?:between|linking|connecting|from)\s+((?:al-|Al-)?[A-Z][\w'’-]+)\s+(?:and|to|with)\s+"
    r"((?:al-|Al-)?[A-Z][\w'’-]+)|\b((?:al-|Al-)?[A-Z][\w'’]+)\s*[-–—]\s*((?:al-|Al-)?[A-Z][\w'’]+)\s+"
    r"(?:road|highway)"
)

# English: capitalised names (al-/Al- prefixed, hyphenated, up to three words).
# "al-Msheik", "al Msheik" and, as some reports type it, "al- Msheik"
_EN_ARTICLE = r"(?<![\w'’`])(?:al|Al|el|El|as|As|ash|Ash|ad|Ad|ar|Ar|az|Az|at|At|an|An)(?:-\s?|\s)"
_EN_NAME = rf"(?:{_EN_ARTICLE})?[A-Z][\w'’`]+(?:[-\s](?:{_EN_ARTICLE})?[A-Z][\w'’`]+){{0,2}}"
# "the villages of X, Y and Z" (not "the countryside of Idlib": a region, not a list of places)
ENGLISH_CUE = re.compile(
    r"\b(?:towns?|villages?|city|cities|neighbou?rhoods?|districts?|camps?|areas?|outskirts)\s+of\s+[\"“]?("
    + _EN_NAME
    + r"(?:(?:,\s*|,?\s+and\s+)"
    + _EN_NAME
    + r")*)"
)
# "al-Berka village", "Kabani area", "(Bashiria, Mashmashan and Farika) villages", "Banny Ezz, Ramy towns"
ENGLISH_BEFORE_CUE = re.compile(
    r"[(\"“]?("
    + _EN_NAME
    + r"(?:[\"”]?(?:,\s*|,?\s+and\s+)[\"“]?"
    + _EN_NAME
    + r")*)[)\"”]?\s+(?:villages?|towns?|[Cc]ity|cities|areas?|camps?|neighbou?rhoods?|districts?)\b"
)
# "the Badiya Al-Sukhnah region", "the badia of Palmyra": the desert around a town, near it (2)
ENGLISH_DESERT = re.compile(r"\b[Bb]adi(?:y|ye)?a(?:t)?\s+(?:of\s+)?(" + _EN_NAME + ")")
ENGLISH_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|around|inside|into|on|between|and|or|of|to|toward|towards|shelled|struck|"
    r"targeted|attacked|stormed|raided|bombed|bombarded|pounded|hit|captured|seized|entered|such as|including|"
    r"through)\s+(?:the\s+)?(?:nearby\s+|neighbou?ring\s+)?[\"“]?(" + _EN_NAME + r")"
)
_EN_AND = re.compile(r"[\"”]?\s+and\s+[\"“]?(" + _EN_NAME + ")")
# Capitalised words after a place name that make a thing at the place, not a longer name ("Raqqa Hospital")
ENGLISH_PLACE_WORDS = set(
    "quarter neighborhood neighbourhood district camp airport airbase base crossing hospital bridge dam "
    "junction square street checkpoint university field oil gas station roundabout prison school mosque "
    "church market post hill mount road highway gate axis front fronts plain countryside".split()
)
ENGLISH_LIST_ITEM = re.compile(r"[\"”]?,\s*(?:and\s+)?[\"“]?(" + _EN_NAME + r")")
# Capitalised words that are no place (parties, weekdays, months, titles).
ENGLISH_STOP = {
    w.lower()
    for w in "Syria Syrian Syrians Arab Arabs SDF ISIS ISIL IS Islamic State Daesh SANA SOHR Observatory Human "
    "Rights Democratic Forces Army Free National Coalition Turkish Turkey Russian Russia Iranian Iran Israeli Israel "
    "Kurdish Kurds Regime Government Ministry Defence Defense Interior Council Military Security General "
    "Command Forces Units YPG YPJ PKK HTS Hayat Tahrir Sham Front Nusra Asayish Internal Hezbollah Brigade "
    "Division Battalion Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
    "April May June July August September October November December The A An This That These Those It "
    "He She They We His Her Their On In At By For From With After Before During According Agency News Press "
    "North South East West Eastern Western Northern Southern Central Countryside Province Governorate "
    "City Town Village Region Area Desert Road Highway Mountain Plain Valley River "
    "Euphrates UN United Nations US American Americans Coalition International Media Center Centre Office "
    "Statement Reuters AFP AP Local Sources Source Activists Al Sheikh Mr Dr Colonel Brigadier Major".split()
}


def gazetteer_names(text: str, f: Folded, index: GazetteerIndex) -> list[Candidate]:
    """Gazetteer names; Latin ones only capitalised (an English place name is; "hit" and "ana" are
    words). Gated names (also common words) are marked and kept only with context (``keep_gated``)."""
    out = []
    for m in index.find_folded(f.text):
        latin = not "\u0600" <= m.key[0] <= "\u06ff"
        if latin and not text[f.orig(m.name_start)].isupper():
            continue
        c = Candidate(m.name_start, m.end, m.entry_ids, source="gated" if m.gated else "gazetteer")
        if latin:
            c.partial = _runs_on(text, f.orig(m.end - 1) + 1)
        out.append(c)
    return out


_NEXT_PROPER = re.compile(r"[ \t]+(?:(?:al|el|Al|El)-\s?)?([A-Z][\w'’`]+)")


def _runs_on(text: str, end: int) -> bool:
    """Whether an English name goes on into another proper name ("Karm al-Shouk", "Tal Abyad Road" does
    not: Road is a word for a place)."""
    nxt = _NEXT_PROPER.match(text, end)
    word = nxt.group(1).lower() if nxt else ""
    return bool(word) and word not in ENGLISH_STOP and word not in ENGLISH_PLACE_WORDS


def _possessed(name: str, index: GazetteerIndex) -> bool:
    """A common noun with a possessive ending ("داخل منزله", inside his house): a locative before it says
    nothing of a village of that spelling."""
    for ending in ("هما", "هم", "ها", "ه"):
        if name.endswith(ending) and len(name) - len(ending) >= 3 and index.is_common(name[: -len(ending)]):
            return True
    return False


def keep_gated(folded: str, candidates: list[Candidate], index: GazetteerIndex) -> list[Candidate]:
    """Gated names stay only with context: a locative or proclitic ب before them, or a list with a place
    that needs none ("في ذيبان والطيبة")."""
    sure_ends = {c.end for c in candidates if c.source != "gated"}
    sure_starts = {c.start for c in candidates if c.source != "gated"}
    kept = []
    # Arabic lists join with و ("ذيبان والطيبة"); a comma alone often ends a clause ("…الزور، تحت مسمى")
    for c in candidates:
        if c.source != "gated":
            kept.append(c)
            continue
        if folded[c.start : c.end] in STOP:
            continue  # "في تلك المنطقة": a determiner, whatever village shares its letters
        before = folded[max(0, c.start - 16) : c.start]
        if LOCATIVE.search(before) and not _possessed(folded[c.start : c.end], index):
            kept.append(c)
            continue
        joined = any(
            _joins(folded, end, c.start) for end in range(max(0, c.start - 7), c.start) if end in sure_ends
        )
        joined = joined or any(
            _joins(folded, c.end, start) for start in range(c.end + 1, c.end + 8) if start in sure_starts
        )
        if joined:
            kept.append(c)
    return kept


def _joins(folded: str, end: int, start: int) -> bool:
    """Whether the text between two names is a list joint: " و" or "، و" in Arabic (maybe with quotes),
    ", " or " and " between Latin names."""
    if not 0 < start - end <= 7:
        return False
    gap = folded[end:start]
    if "\u0600" <= folded[start] <= "\u06ff":
        return bool(re.fullmatch(r"[”\"»]?\s*(?:،\s*)?[“\"«]?و[“\"«]?", gap))
    return bool(re.fullmatch(r"[”\"»]?\s*(?:,\s*|\s+and\s+|,\s*and\s+)[“\"«]?", gap))


# places counted before "وهي:" ("6 مناطق وقرى", "3 قرى في ريف عامودا الغربي", "8 مواقع")
_ANNOUNCED = re.compile(
    r"(?:\d+|(?<!\w)[و]?(?:ثلاث|اربع|خمس|ست|سبع|ثماني|تسع|عشر))\s+(?:قري|قريه|بلدات|مناطق|مواقع|احياء|مدن)(?!\w)"
)


def cue_names(folded: str, index: GazetteerIndex) -> list[Candidate]:
    """Names introduced by a cue word: بلدات الشحيل وذيبان والبصيرة والرز → four names."""
    out = []
    for m in CUE_SCAN.finditer(folded):
        cue = m.group(1)
        if cue == "هي:" and not _ANNOUNCED.search(folded, max(0, m.start() - 90), m.start()):
            continue  # "وهي:" introduces names of places only after the sentence counted places
        precision = 2 if cue in NEAR_CUES else 1
        pos = m.end()
        # "أطراف قرية التوينة", "أبرزها قرى تعارة": a cue word right after; the names come after both
        inner = CUE.match(folded, pos) if cue in NEAR_CUES or cue in ("بينها", "ابرزها") else None
        if inner:
            cue, pos = inner.group(1), inner.end()
            plural_after = cue in PLURAL_CUES
        else:
            plural_after = False
        # "القرية" (the village) refers back; an unknown word after it is not a name
        anaphoric = folded[m.start() : m.end()].lstrip("وفبلك").startswith("ال")
        plural = cue in PLURAL_CUES or plural_after
        limit = 2 if cue.endswith(("تي", "تا")) or cue in {"حيي", "منطقتي"} else (12 if plural else 1)
        names = 0
        comma_item = after_comma = False
        while names < limit:
            tok = _TOKEN.match(folded, pos)
            if not tok:
                break
            word_start, word = tok.start(2), tok.group(2)
            if names == 0 or tok.group(1) or comma_item:  # و"بداما": the و stands before the quote
                name = word
            else:
                # (و + تل/أم: "وتل جهان" is the next name, not a word of three letters)
                name = word[1:] if word.startswith("و") and (len(word) > 3 or word[1:] in _SHORT) else None
            if name is None or name in STOP or (len(name) < 3 and name not in _SHORT) or name.isdigit():
                break
            start = word_start + (len(word) - len(name))
            end = start + len(name)
            two = _NEXT_WORD.match(folded, end)  # two-word names: جزرة البوحميد, خان أرنبة, بستان صبيح
            if two and (
                f"{name} {two.group(1)}" in index.keys
                or (
                    (name not in index.keys or index.is_common(name))
                    and _second_name_word(two.group(1), index)
                )
                or (plural and _list_item_of_two_words(folded, two, index))
            ):
                end = two.end()
            if folded[start:end] in STRUCTURAL_WORDS:  # جبل أبو علي، تل شنان، وادي كلز: the name goes on
                for _ in range(2):
                    nxt = _NEXT_WORD.match(folded, end)
                    if not nxt or nxt.group(1) in STOP or nxt.group(1).startswith("و"):
                        break
                    end = nxt.end()
                    if folded[start:end] in index.keys:
                        break
            name_text = folded[start:end]
            known = name_text in index.keys
            if (comma_item or after_comma) and not known and index.is_common(name):
                break  # "بلدات الغوطتين الشرقية والغربية، اعتقلت على إثرها": the sentence goes on
            if name_text in DIRECTIONS:
                break  # "المنطقة الشرقية", "والغربية": a direction, no name
            event = None if known else EVENT_RE.match(folded, start)
            if event and event.end() >= start + len(name):
                break  # "بينها اقتتال عشائري في غرانيج": what happened, not where
            # the first word after a cue may be an ordinary noun ("قرية تسيطر عليها"); the next items of a
            # list after it are names even when they are also words ("بلدات الشحيل وذيبان والرز")
            everyday = names == 0 and (_conjunction(name, index) or _is_everyday_word(name_text, index))
            if everyday and " " in name_text and name_text.split(" ", 1)[0] in _NAME_STARTS:
                everyday = False  # "قرية جبل أبو علي", "منطقة تل سلمه": a name's first word, words or not
            quoted = _QUOTED_NAME.match(folded, start) if start and folded[start - 1] in '“"«' else None
            if (
                quoted
                and names == 0
                and " " in quoted.group(1)
                and not any(w.startswith("و") for w in quoted.group(1).split()[1:])  # "بزابور وسرجة": two
            ):
                # "قرية “الصورة الكبيرة”": between quotes after a cue, the words are the name
                end, everyday = quoted.end(1), False
                name_text = folded[start:end]
                known = name_text in index.keys
            # after محيط/أطراف/بادية an unknown word is anything (محيط المقرين): only known names count
            if known or not (anaphoric or everyday or cue in ("محيط", "اطراف")):
                ids = index.keys.get(name_text, ()) or (_known(name_text, index) if quoted else ())
                c = Candidate(start, end, ids, True, "cue", precision)
                c.kind = CUE_KINDS.get(cue, "")
                if names == 0 and c.kind == "neighbourhood" and any(index.entries[i].rank == 3 for i in ids):
                    # "بعض أحياء حمص وتوقف حركة النقل": the city's quarters, no list of quarters
                    c.kind = ""
                    out.append(c)
                    break
                out.append(c)
            names += 1
            gap = _LIST_GAP.match(folded, end)
            pos = gap.end()
            # a list goes on with و, or (after a plural cue) with a comma: "قرى تعارة، الدور، والدويرة"
            after_comma = "،" in gap.group(0) or "," in gap.group(0)  # "وتل شنان، وسقطت قذائف": a verb
            comma_item = plural and after_comma and not folded.startswith("و", pos)
            if not (folded.startswith("و", pos) or comma_item):
                break
    return out


# Facilities named in the news with their own name: "حاجز البلدية", "سد عويرض", "محطة تحويل تل تمر",
# "كنيسة مار إلياس", "مطعم كبصو". The mention is the whole name; when a place name is inside it, that
# place is where it is.
FACILITY = re.compile(
    r"(?<!\w)[وفبلك]?(حاجز|سد|محطه|مطعم|كنيسه|جامع|مسجد|مشفي|مستشفي|مدرسه|سوق|دوار|ساحه|معمل|مطار|قاعده|صوامع|"
    r"فوج|معبر|مفرق|فرن|مخفر|سجن|ملعب|مصفاه|مقبره|صاله|كراج|معصره|مقلع)\s+"
)
FACILITY_SCAN = TriggeredPattern(
    FACILITY,
    "حاجز سد محطه مطعم كنيسه جامع مسجد مشفي مستشفي مدرسه سوق دوار ساحه معمل مطار قاعده صوامع فوج معبر مفرق فرن "
    "مخفر سجن ملعب مصفاه مقبره صاله كراج معصره مقلع".split(),
    anchored=True,
)


_SHORT = {"تل", "ام"}  # the two-letter words that start place names (تل تمر، أم الكيف)
_QUOTED_NAME = re.compile(r"(\w+(?:\s+\w+){0,2})[”\"»]")
# the first word of many names (جبل الزاوية، تل تمر، خربة غزالة، بئر القصب), folded
_NAME_STARTS = set("جبل تل خربه عين بئر بير كفر وادي ام ابو تله مزرعه".split())
_ANAPHORIC = {"البلده", "المدينه", "القريه", "المنطقه", "الحي", "المخيم", "البلدات", "القري"}


def facility_names(folded: str, index: GazetteerIndex) -> list[Candidate]:
    """A facility and its name, up to three words, when the name is no everyday phrase ("حاجز لقسد" is a
    checkpoint, not a named one); resolved through a place named inside it."""
    out = []
    for m in FACILITY_SCAN.finditer(folded):
        start = m.start(1)
        words = list(re.finditer(r"[“\"«]?(\w+)[”\"»]?", folded[m.end() : m.end() + 50]))[:3]
        names = []
        for w in words:
            word = w.group(1)
            if (
                word in STOP
                or word.startswith(("و", "ل"))
                or word.isdigit()
                or (len(word) < 3 and word not in _SHORT)
                or (names and word[0] in "بك" and len(word) > 4 and index.is_common(word[1:]))
            ):
                break  # حاجز ومفارز، حاجز لقسد، صالة الفيحاء الرياضية ما أدى، حاجز المسمية بإعادة
            names.append(w)
            quoted = w.group(0)[-1:] in '”"»'
            if quoted or folded[m.end() + w.end() : m.end() + w.end() + 1] in "،,.\n":
                break  # حاجز "المشاريع" استهدفت: a quoted name is the whole name
        first = names[0].group(1) if names else ""
        end = m.end() + names[-1].end() if names else m.end()  # a closing quote with the name
        named = folded[m.end() : end]
        inner = index.find_folded(named) if names else []
        # a place inside it; one of several everyday words ("تل تمر") counts here, after the facility word
        ids = next((x.entry_ids for x in inner if not x.gated or " " in named[x.name_start : x.end]), ())
        # "حاجز البلدية" is named; "حاجز عسكري"، "حاجز لقسد" are not (an indefinite adjective, a lam);
        # nor "محطة مياه البلدة" (the town just named) or "سوق تشهد اكتظاظاً" (a verb goes on). Words that
        # are also everyday words still name it when a place is inside ("محطة تحويل تل تمر") or a saint
        # ("كنيسة مار إلياس").
        if (
            not names
            or first.startswith("ل")
            or any(w.group(1) in _ANAPHORIC for w in names)
            or (first[0] in "تي" and len(first) >= 4 and index.is_common(first) and not ids)
            or (
                not first.startswith("ال")
                and not ids
                and first != "مار"
                and all(index.is_common(w.group(1)) for w in names)
            )
        ):
            continue
        c = Candidate(start, end, ids, True, "facility")
        c.kind = "facility"
        out.append(c)
    return out


def _list_item_of_two_words(folded: str, two: re.Match, index: GazetteerIndex) -> bool:
    """In a list, an item of two words: the word after it starts the next item (وحمادي عمر ورسم العبد)."""
    word = two.group(1)
    if word.startswith("و") or word in STOP or len(word) < 2:
        return False
    third = _NEXT_WORD.match(folded, two.end())
    return third is not None and third.group(1).startswith("و") and third.group(1)[1:] not in STOP


def _conjunction(word: str, index: GazetteerIndex) -> bool:
    """Whether a word's first و is "and" (وكان، والرز) rather than its own first letter (وادي)."""
    if not word.startswith("و") or word in STRUCTURAL_WORDS:
        return False  # وادي is a valley
    if index.is_common(word) and not index.is_common(word[1:]):
        return False
    return word[1:] in index.keys or index.is_common(word[1:]) or word[1:].startswith("ال")


def _second_name_word(word: str, index: GazetteerIndex) -> bool:
    """A second word that continues a village name after a cue (جزرة البوحميد، خان أرنبة), not an
    adjective (الشرقي، الواقعة، الحدودية) or a function word."""
    if word[0] in "بلك" and (word[1:] in STOP or word[1:] in STRUCTURAL_WORDS or word[1:] in index.keys):
        return False  # بجبل التركمان، بريف اللاذقية: a preposition starts the next phrase
    if word.startswith(("لت", "لل")) or word.endswith(("هم", "هما", "كم")):
        return False  # "مدينة الرقة لتفريقهم": a purpose clause or a pronoun ending, no village name
    return (
        (len(word) >= 4 or len(word) == 3 and not index.is_common(word))
        and not word.startswith("و")
        and word not in STOP
        and not word.endswith(("يه", "ين"))
        and (word.startswith("ال") and not word.endswith("ي") or not index.is_common(word))
        and word not in {"الواقعه", "المجاوره", "المذكوره", "نفسها", "ذاتها", "الحدوديه"}
    )


def _is_everyday_word(name: str, index: GazetteerIndex) -> bool:
    """Whether an unknown word right after a cue is no name but the sentence going on: a common word
    that reads as a verb or an agreeing adjective or plural ("قرية تسيطر عليها"، "قرية خاضعة"،
    "مقرات تابعة"). A common noun can be a village (ضمان، الرز): that stays a name."""
    words = name.split()
    if not all(index.is_common(w) for w in words):
        return False
    first = words[0]
    return (
        len(words) == 1
        and (first[0] in "تين" and len(first) >= 4 or first.endswith(("ه", "ات", "ين", "ون", "وا")))
        or first in STOP
        or index.is_common(first)
        and len(words) > 1
        and all(w in STOP or index.is_common(w) for w in words)
    )


def repeats(folded: str, introduced: list[Candidate], index: GazetteerIndex) -> list[Candidate]:
    """A village named once after a cue word is the same village when named again without one."""
    out = []
    for name in {folded[c.start : c.end] for c in introduced}:
        if name in index.keys:
            continue
        out.extend(Candidate(s, e, (), False, "repeat") for s, e in _occurrences(folded, name))
    return out


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


# "Industry Institute", "Euphrates University", "Tal Abyadh street", "Deirsim Hospital": a facility or a
# quarter named in English, the whole name the mention (placed at the town named after it, pipeline.py).
ENGLISH_FACILITY = re.compile(
    rf"(?<![\w'’-])((?:{_EN_ARTICLE})?[A-Z][\w'’`]+(?:[-\s](?:{_EN_ARTICLE})?[A-Z][\w'’`]+){{0,2}})\s+"
    r"((?i:hospital|university|institute|shrine|mosque|church|school|bakery|market|stadium|garage|street|"
    r"neighbou?rhood|quarter))\b"
)
_ENGLISH_QUARTER = {"street", "neighborhood", "neighbourhood", "quarter"}
_FACILITY_STOP = ENGLISH_STOP - {"euphrates", "sheikh"}  # "Euphrates University" is one


def english_facilities(text: str, f: Folded, index: GazetteerIndex) -> list[Candidate]:
    """Capitalised names followed by a facility or quarter word, in English text."""
    out = []
    if not re.search(r"[A-Za-z]{3}", text[:400]):
        return out
    for m in ENGLISH_FACILITY.finditer(text):
        name = m.group(1)
        if not name[0].isupper() or all(w.lower() in _FACILITY_STOP for w in re.split(r"[-\s]", name)):
            continue  # "The Hospital", "National Hospital": no place's own name
        word = m.group(2).lower()
        fs, fe = f.folded_pos(m.start(1)), f.folded_pos(m.end(2) - 1) + 1
        c = Candidate(fs, fe, (), True, "facility")
        c.kind = "neighbourhood" if word in _ENGLISH_QUARTER else "facility"
        out.append(c)
    return out


def field_names(folded: str, index: GazetteerIndex) -> list[Candidate]:
    """Oil and gas fields named as "حقلي كونيكو والعمر": each name is looked up as "حقل <name>"."""
    out = []
    for m in FIELD_SCAN.finditer(folded):
        for i, word in enumerate(re.finditer(r"\w+", folded[m.end() : m.end() + 40])):
            name = word.group(0) if i == 0 else (word.group(0)[1:] if word.group(0).startswith("و") else "")
            ids = index.keys.get(f"حقل {name}") if name else None
            if not ids or i > 2:
                break
            start = m.end() + word.start() + (len(word.group(0)) - len(name))
            out.append(Candidate(start, start + len(name), ids, True, "field"))
    return out


def road_ends(text: str, f: Folded, index: GazetteerIndex) -> list[Candidate]:
    """Both ends of a road between two places, each near (precision 2)."""
    out = _road_ends(text, f, index)
    for c in out:
        c.kind = "road"
    return out


def _road_ends(text: str, f: Folded, index: GazetteerIndex) -> list[Candidate]:
    out = []
    if "بين" in f.text:
        out += _ends(f, BETWEEN.finditer(f.text), index)
        out += _ends(f, LINKING.finditer(f.text), index)
    if "طريق" not in f.text and "ستراد" not in f.text:
        return out + _english_roads(text, f, index)
    # folding turns dashes into spaces; a road's two ends are joined by one, so put them back
    dashed = list(f.text)
    for i, c in enumerate(text):
        if c in "-–—ـ/":
            dashed[f.folded_pos(i)] = "-"
    road_text = "".join(dashed)
    out += _ends(f, ROAD.finditer(road_text), index)
    for m in ROAD_FROM_HERE.finditer(f.text):  # "الطريق الواصل بينها وبين مدينة تلبيسة": one named end
        if c := _known_end(f, m, 1, index):
            out.append(c)
    return out + _english_roads(text, f, index)


def _ends(f: Folded, matches, index: GazetteerIndex) -> list[Candidate]:
    """The two named ends of each match (groups 1 and 2): the longest known name each starts with
    ("الغارية الشرقية بريف درعا" → الغارية الشرقية; "دير الزور الحسكة" → دير الزور)."""
    out = []
    for m in matches:
        found = []
        for g in (1, 2):
            if c := _known_end(f, m, g, index):
                found.append(g)
                out.append(c)
        if found == [2] and _DASH_AFTER.match(m.string, m.end(1)):
            # "طريق أوفانيا – جباتا الخشب": a village the gazetteer lacks at one end of a road whose other
            # end it knows. Between the road word and the dash the whole span is that end's name; it is
            # kept, unresolved, for an analyst to place (never a common word).
            start, end = _strip_quotes(f.text, *m.span(1))
            words = f.text[start:end].split(" ")
            if len(words) <= 2 and not any(index.is_common(w) or w in STRUCTURAL_WORDS for w in words):
                out.append(Candidate(start, end, (), True, "road", 2))
    return out


_DASH_AFTER = re.compile(r"[”\"]?\s*[–—\-ـ/]")


def _known_end(f: Folded, m: re.Match, group: int, index: GazetteerIndex) -> Candidate | None:
    """The longest known name a road's end (group ``group`` of ``m``) starts with, as a road end."""
    start, end = _strip_quotes(f.text, *m.span(group))
    words = f.text[start:end].split(" ")
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n])
        ids = _known(name, index)
        if ids:
            name_start = start + len(name) - len(_bare(name, index))
            return Candidate(name_start, start + len(name), ids, True, "road", 2)
    return None


def _english_roads(text: str, f: Folded, index: GazetteerIndex) -> list[Candidate]:
    out = []
    if "road" in text or "highway" in text:
        for m in ROAD_EN.finditer(text):
            for g in (1, 2, 3, 4):
                if m.group(g):
                    start, end = f.folded_pos(m.start(g)), f.folded_pos(m.end(g) - 1) + 1
                    out.append(Candidate(start, end, _known(f.text[start:end], index), True, "road", 2))
    return out


def _strip_quotes(folded: str, start: int, end: int) -> tuple[int, int]:
    while start < end and folded[start] in '“"«':
        start += 1
    while end > start and folded[end - 1] in '”"»':
        end -= 1
    return start, end


def _bare(name: str, index: GazetteerIndex) -> str:
    """A name without a proclitic glued to it, when the bare form is the gazetteer's (والسخنة)."""
    for n in (2, 1):
        if name[:n] in ("و", "ب", "ل", "ف", "وب", "ول") and name[n:] in index.keys:
            return name[n:]
    return name


def _known(name: str, index: GazetteerIndex) -> tuple[int, ...]:
    if name in index.keys:
        return index.keys[name]
    bare = _bare(name, index)
    if bare in index.keys:
        return index.keys[bare]
    return tuple(e.id for e in index.lookup(name))


def english_names(text: str, f: Folded, index: GazetteerIndex) -> list[Candidate]:
    """Capitalised names in English text after a cue ("the villages of X, Y and Z"), a locative ("in
    Zaiban"), or in a list after one ("…, Iblin, Al-Ruwaiha and Sfuhun")."""
    out = []
    if not re.search(r"[A-Za-z]{3}", text[:400]):
        return out
    spans: list[tuple[int, int, bool]] = []
    for m in ENGLISH_CUE.finditer(text):
        for name in re.finditer(_EN_NAME, m.group(1)):
            spans.append((m.start(1) + name.start(), m.start(1) + name.end(), True))
    for m in _before_cue(text):
        for name in re.finditer(_EN_NAME, m.group(1)):
            spans.append((m.start(1) + name.start(), m.start(1) + name.end(), True))
    for m in ENGLISH_LOCATIVE.finditer(text):
        spans.append((m.start(1), m.end(1), False))
    deserts = set()
    for m in ENGLISH_DESERT.finditer(text):
        spans.append((m.start(1), m.end(1), True))
        deserts.add(m.start(1))
    seen = set()
    for start, end, cue in sorted(spans, key=lambda s: (s[0], s[1], not s[2])):  # a cue's reading first
        for s, e in _trim_english(text, start, end):
            s = _with_sheikh(text, f, s, e, index)
            if (s, e) in seen:
                continue
            seen.add((s, e))
            fs, fe = f.folded_pos(s), f.folded_pos(e - 1) + 1
            key = f.text[fs:fe]
            ids = _english_ids(key, index)
            if ids or cue or (not _everyday_english(key, index) and index.variants(key)):
                outskirts = text[max(0, s - 12) : s].lower().rstrip().endswith("outskirts of")
                near = 2 if outskirts or start in deserts else 1
                c = Candidate(fs, fe, ids, cue, "english", near)
                inside = _ENGLISH_INSIDE_WORD.match(text, e)  # "Tal Abyadh street in Raqqa city"
                if inside:
                    c.kind = "camp" if inside.group(1).lower() == "camp" else "neighbourhood"
                out.append(c)
            # list items after this one: ", Iblin, Al-Ruwaiha and Sfuhun"
            pos = e
            while True:
                nxt = ENGLISH_LIST_ITEM.match(text, pos) or _EN_AND.match(text, pos)
                if not nxt:
                    break
                for s2, e2 in _trim_english(text, nxt.start(1), nxt.end(1)):
                    s2 = _with_sheikh(text, f, s2, e2, index)
                    fs2, fe2 = f.folded_pos(s2), f.folded_pos(e2 - 1) + 1
                    key2 = f.text[fs2:fe2]
                    ids2 = _english_ids(key2, index)
                    if (s2, e2) not in seen and (
                        ids2 or cue or (not _everyday_english(key2, index) and index.variants(key2))
                    ):
                        seen.add((s2, e2))
                        out.append(Candidate(fs2, fe2, ids2, cue, "english"))
                pos = nxt.end()
    return out


# "Tal Abyadh street in Raqqa city", "the al-Hilaliya neighborhood of Qamishlo city", "the al-Hilaliye
# neighborhood, west of Qamishli": a quarter (or camp) and the town it is in
_ENGLISH_INSIDE_WORD = re.compile(
    r"\s+(street|neighbou?rhood|quarter|camp)(?:\s+(?:in|of)|,?\s+(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of|"
    r",?\s+(?:on|in)\s+the\s+(?:\w+ern\s+)?(?:side|part|edge|outskirts)\s+of)\b",
    re.I,
)
_CUE_AFTER = re.compile(r"\s(?:villages?|towns?|[Cc]ity|cities|areas?|camps?|neighbou?rhoods?|districts?)\b")


def _before_cue(text: str) -> list[re.Match]:
    """ENGLISH_BEFORE_CUE's matches, tried only in the 240 characters before each cue word: run over a
    whole article it tries every capitalised word (0.4 ms an English article, most of english_names)."""
    out: list[re.Match] = []
    last_end = 0
    for cue in _CUE_AFTER.finditer(text):
        lo = max(last_end, cue.start() - 240)
        while lo > last_end and not text[lo - 1].isspace():
            lo -= 1
        for m in ENGLISH_BEFORE_CUE.finditer(text, lo, cue.end()):
            out.append(m)
            last_end = m.end()
    return out


def _everyday_english(key: str, index: GazetteerIndex) -> bool:
    """A capitalised run made of everyday words only ("Master", "Which"): no place without a cue."""
    return all(index.is_common(w) for w in re.sub(r"^(?:al|el|as|ash|ad|ar|az) ", "", key).split())


def _english_ids(key: str, index: GazetteerIndex) -> tuple[int, ...]:
    key = " ".join(key.replace("-", " ").split())
    if key in index.keys:
        return index.keys[key]
    bare = re.sub(r"^(?:al|el|as|ash|ad|ar|az) ", "", key)
    return index.keys.get(bare, ())


_SHEIKH_BEFORE = re.compile(r"(?<![\w-])(?:(?:al|el|ash)-)?(?:Sheikh|Shaykh|Shaikh|Sheikh)[\s-]+$", re.I)


def _with_sheikh(text: str, f: Folded, start: int, end: int, index: GazetteerIndex) -> int:
    """Where a name starts when "Sheikh" (a title, cut from runs of names) is the first word of a place
    the gazetteer knows ("Sheikh Issa", al-Shaykh Isa; "Sheikh Maqsoud"): else where it started."""
    m = _SHEIKH_BEFORE.search(text, max(0, start - 14), start)
    if not m:
        return start
    fs, fe = f.folded_pos(m.start()), f.folded_pos(end - 1) + 1
    known = _english_ids(f.text[fs:fe], index) or index.variant_tiers(text[m.start() : end])[0]
    return m.start() if known else start


def _trim_english(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A capitalised run without the words that are no place name (SDF, Monday, Syrian …)."""
    words = [
        (m.start() + start, m.end() + start) for m in re.finditer(r"[\w'’`]+(?:-[\w'’`]+)*", text[start:end])
    ]
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for s, e in words:
        word = text[s:e]
        bare = re.sub(r"^(?:al|el|as|ash|ad|ar|az)-", "", word, flags=re.I).lower()
        if bare in ENGLISH_STOP and word.lower() not in ("al",):
            if run:
                out.append((run[0][0], run[-1][1]))
                run = []
            continue
        run.append((s, e))
    if run:
        out.append((run[0][0], run[-1][1]))
    # "Syria’s southern countryside", "Khan Sheikhoon’s camp": the possessive is not part of the name
    out = [(s, e - 2) if text[e - 2 : e] in ("’s", "'s") else (s, e) for s, e in out]
    return [(s, e) for s, e in out if e - s >= 3]


def _known_follows(folded: str, end: int, index: GazetteerIndex) -> bool:
    """Whether the list goes on, right after ``end`` (or one word later), with a known place."""
    for _ in range(2):
        nxt = _AND_NEXT.match(folded, end)
        if not nxt:
            return False
        if nxt.group(1) and _known(nxt.group(2), index):
            return True
        end = nxt.end(2)
    return False


def list_items(folded: str, index: GazetteerIndex, found: list[Candidate]) -> list[Candidate]:
    """The next names of a list that starts with a known place ("في ذيبان والحوايج والطيانة"): each
    looked up exactly (one or two words, gated names included: the list is their context) or as a
    variant; an unknown word there is left alone."""
    extra = []
    covered = bytearray(len(folded) + 1)
    for c in found:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    queue = [c for c in found if c.source != "gated" and "\u0600" <= folded[c.start] <= "\u06ff"]
    while queue:
        c = queue.pop()
        nxt = _AND_NEXT.match(folded, c.end)
        if not nxt:
            continue
        joined_by_and = bool(nxt.group(1))
        if (
            not joined_by_and
            and "،" not in folded[c.end : nxt.start(2)]
            and "," not in folded[c.end : nxt.start(2)]
        ):
            continue
        start = nxt.start(2)
        name = nxt.group(2)
        two = _NEXT_WORD.match(folded, nxt.end(2))
        if two and f"{name} {two.group(1)}" in index.keys:
            name = f"{name} {two.group(1)}"
        if name in STOP or covered[start]:
            continue
        ids = _known(name, index)
        if ids and not joined_by_and and _bare(name, index) in index.gated:
            continue  # "دير الزور، تحت مسمى": after a bare comma a common word is the sentence going on
        # "X وY": Y known or a variant of a known name; "X، Y" (a comma may end a clause): Y known only;
        # an unknown Y only in the middle of a list, when a known place follows it ("وحمادي عمر ورسم العبد")
        if ids or (
            joined_by_and
            and len(name) >= 4
            and not index.is_common(name)
            and (index.variants(name) or _known_follows(folded, start + len(name), index))
        ):
            new = Candidate(start, start + len(name), ids, c.cue, "list", c.precision)
            covered[new.start : new.end] = b"\x01" * (new.end - new.start)
            extra.append(new)
            queue.append(new)
    return extra
