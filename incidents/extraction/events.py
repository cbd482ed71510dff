"""Event type (ACLED taxonomy), actors and stated casualties, each with the span it came from.

Everything here reads folded text (see normalise.fold) and reports spans in folded coordinates; the
pipeline maps them back to the original article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import TriggeredPattern, first_words, normalise_ar

_B, _E = r"(?<!\w)", r"(?!\w)"
_P = r"[وفبلك]?(?:ال|لل)?"  # proclitics and article in front of a noun


def _alts(words: str) -> str:
    return "|".join(sorted((re.escape(normalise_ar(w)) for w in words.split("|")), key=len, reverse=True))


# (event_type, sub_event_type, pattern), most specific first. ACLED codes an assault on a position with
# small arms and RPGs as Battles/Armed clash; "Shelling" is for fire from a distance.
EVENT_RULES = [
    (
        "Explosions/Remote violence",
        "Suicide bomb",
        _alts("انتحاري|انتحارية|انتحاريين|suicide bomber|suicide bombing|suicide attack"),
    ),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        _alts(
            "عبوة ناسفة|عبوات ناسفة|عبوتين ناسفتين|لغم|ألغام|سيارة مفخخة|دراجة مفخخة|انفجار|انفجارين|تفجير|"
            "انفجرت|انفجر|IED|roadside bomb|landmine|explosive device|car bomb|explosion|blast|exploded|"
            "detonated"
        ),
    ),
    (
        "Explosions/Remote violence",
        "Grenade",
        _alts("قنبلة يدوية|قنبلة|قنابل يدوية|قنابل|grenade|grenades|hand grenade"),
    ),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        _alts(
            "غارة|غارات|طائرة مسيرة|طائرات مسيرة|مسيرة|قصف جوي|الطيران الحربي|الطائرات الحربية|طائرات حربية|"
            "براميل متفجرة|برميل متفجر|البراميل المتفجرة|airstrike|airstrikes|air strike|air strikes|"
            "air raid|air raids|drone strikes|drone strike|drones|drone|warplanes|warplane|bombed|barrel bombs|barrel bomb|barrels|"
            "strikes"
        ),
    ),
    # Small arms at close range: ACLED's Battles/Armed clash, even when RPGs are fired as well.
    (
        "Battles",
        "Armed clash",
        _alts(
            "اشتباكات|اشتباك|الرشاشات|رشاشات|الرشاشة|الأسلحة الرشاشة|الأسلحة الخفيفة|كمين|إطلاق نار|إطلاق النار|"
            "أطلق النار|أطلقوا النار|اقتتال|اقتتالا|الاقتتال|clashes|clashed|clash|infighting|gunfire|machine guns|machine-gun|ambush|ambushed|"
            "opened fire|fired at|battled|fighting|fought|counteroffensive|counter-offensive|offensive"
        )
        # "أطلق مسلحون مجهولون النار على …": the subject between verb and object (not "أطلق سراح")
        + r"|اطلق\w*(?:\s+\w+){1,3}\s+النار",
    ),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        _alts(
            "قصف|قصفت|قذائف|قذيفة|قذيفتي|هاون|صواريخ|صاروخ|صاروخية|راجمات|shelling|shelled|mortar|mortars|"
            "artillery|rockets|rocket|missile|missiles|bombardment|bombarded|shells"
        ),
    ),
    # "تمكنوا من السيطرة على مشارف بلدة الطيرة": territory taken (not "تحت سيطرة", under control)
    (
        "Battles",
        "Non-state actor overtakes territory",
        r"(?:سيطر|سيطرت|سيطروا|السيطره|بالسيطره|للسيطره)\s+(?:\w+\s+)?علي|took control of|seized control of|"
        r"captured|seized",
    ),
    # Generic attack words say "attack" but not how: below the specific ones, still Battles by default.
    (
        "Battles",
        "Armed clash",
        _alts(
            "هجوم|هجوما|هجمات|هجومين|هاجم|هاجموا|هاجمت|تسلل|تسللوا|عملية تسلل|attacked|attack|attacks|gunmen|"
            "stormed|infiltration|infiltrated|aggression"
        ),
    ),
    # ACLED: an assassination is Violence against civilians/Attack when the victim is a civilian; a
    # targeted fighter would make it Battles. We default to the civilian reading and leave it for review.
    ("Violence against civilians", "Attack", _alts("اغتيال|اغتيالات|assassination|assassinated")),
    ("Battles", "Armed clash", _alts("استهدف|استهدفت|استهدفوا|استهداف|targeted")),
    (
        "Violence against civilians",
        "Abduction/forced disappearance",
        _alts(
            "اسر|أسر|اختطاف|اختطف|خطف|خطفت|خطفوا|اختطفت|اختطفوا|احتجاز|احتجزت|احتجزوا|abducted|kidnapped|kidnapping|"
            "abduction|held hostage"
        ),
    ),
    (
        "Violence against civilians",
        "Attack",
        _alts(
            "نحر|نحرا|ذبح|اعدام|إعدام|قتل|قتلا|قتلوا|قتلت|قتلته|قتلتهم|مقتل|مقتولا|مقتولين|اغتيل|برصاص|رصاص|"
            "جثة|جثتين|جثث|جثمان|beheaded|executed|killed|killing|perished|shot dead|gunned down|shot|murdered|found dead|"
            "body of|bodies of"
        ),
    ),
    (
        "Strategic developments",
        "Arrests",
        _alts(
            "اعتقال|اعتقل|اعتقلت|اعتقلوا|اعتقالات|مداهمة|مداهمات|داهمت|داهم|داهموا|دهم|دهمت|حملة دهم|اقتحام|اقتحم|"
            "اقتحمت|اقتحموا|arrested|arresting|arrests|raid|raids|raided|detained|detaining|detention|arrest campaign|"
            "apprehended|apprehending"
        ),
    ),
    # Ground incursions without fighting (Israeli forces in Quneitra): ACLED's non-violent transfer.
    (
        "Strategic developments",
        "Non-violent transfer of territory",
        _alts(
            "توغل|توغلت|توغلات|توغلها|نصب حاجزا|نصبت حاجزا|نصبوا حاجزا|حاجزا مؤقتا|حاجز مؤقت|دخلت الى قرية|"
            "دخلت الى بلدة|دخلت قرية|دخلت بلدة|incursion|incursions|incurred|advanced between|temporary checkpoint|"
            "incursed|crossed into|pushed into|entered|spread through|moved into|ground advance|advanced toward|"
            "advanced towards|progressed toward|progressed towards"
        )
        # "advanced (yesterday) into the village of"; "نصب جيش الاحتلال حاجزا" (set up a checkpoint)
        + r"|advanced(?:\s+\w+)?\s+into|نصب(?:ت|وا)?(?:\s+\w+){0,3}\s+حاجزا",
    ),
    # Reinforcements sent somewhere are a development, not an incident location on their own.
    (
        "Strategic developments",
        "Other",
        _alts("تعزيزات|تعزيزات عسكرية|مؤازرة|reinforcements"),
    ),
]
NOT_AN_INCIDENT = {("Strategic developments", "Other")}
# an attached pronoun goes with an Arabic event noun or verb: "بعد اختطافه", "أدى إلى مقتله", "اعتقالهم"
EVENT_RE = re.compile(
    rf"{_B}{_P}(?:"
    + "|".join(f"(?P<r{i}>{p})" for i, (_t, _s, p) in enumerate(EVENT_RULES))
    + rf")(?:ه|ها|هم|هما)?{_E}"
)
EVENT_SCAN = TriggeredPattern(
    EVENT_RE,
    set().union(*(first_words(p) for _t, _s, p in EVENT_RULES))
    | {"اطلق", "سيطر", "سيطرت", "سيطروا", "السيطره", "بالسيطره", "للسيطره"},
    anchored=True,
)

# Actors: canonical English name → spellings (Arabic and English). "التنظيم" means ISIS only once ISIS
# has been named (handled by the pipeline).
ACTORS = {
    "SDF": "قوات سوريا الديمقراطية|قسد|SDF|Syrian Democratic Forces",
    "ISIS": "داعش|تنظيم الدولة الإسلامية|تنظيم الدولة|تنظيم “الدولة الإسلامية”|الدولة الإسلامية|ISIS|ISIL|Islamic State|Daesh",
    "International Coalition": "التحالف الدولي|قوات التحالف|التحالف|US-led coalition|international coalition|the coalition",
    "Syrian government forces": "القوات الحكومية|قوات النظام|قوات الحكومة|الجيش السوري|جيش النظام|regime forces|government forces|Syrian army",
    "Popular factions": "الفصائل الشعبية|المقاومة الشعبية|popular factions|popular resistance",
    "Turkish-backed factions": "الجيش الوطني السوري|الجيش الوطني|الفصائل الموالية لتركيا|فصائل موالية لتركيا|Turkish-backed factions|Syrian National Army",
    "Iranian-backed militias": "الميليشيات الإيرانية|الفصائل الإيرانية|الميليشيات الموالية لإيران|Iranian-backed militias|Iran-backed militias",
    "Asayish": "الأسايش|قوى الأمن الداخلي|Asayish",
    "Tribal forces": "قوات العشائر|مقاتلي العشائر|tribal forces|tribal fighters",
    "Unidentified gunmen": "مسلحون مجهولون|مسلحين مجهولين|مجهولون|مجهولين|unidentified gunmen|unknown gunmen|unidentified assailants",
}
_ACTOR_BY_SPELLING: dict[str, str] = {}
for _name, _spellings in ACTORS.items():
    for _s in _spellings.split("|"):
        _ACTOR_BY_SPELLING[normalise_ar(_s).replace("“", "").replace("”", "")] = _name
# One alternation for every spelling, longest first, so a sentence is scanned once, not once per name.
ACTOR_RE = re.compile(
    rf"{_B}{_P}[“\"]?("
    + "|".join(re.escape(k) for k in sorted(_ACTOR_BY_SPELLING, key=len, reverse=True))
    + rf")[”\"]?{_E}"
)
ACTOR_SCAN = TriggeredPattern(
    ACTOR_RE, first_words("|".join(map(re.escape, _ACTOR_BY_SPELLING))), anchored=True
)
ISIS_ANAPHOR = re.compile(rf"{_B}{_P}تنظيم{_E}|{_B}[وفبلك]?التنظيم{_E}")
ISIS_ANAPHOR_SCAN = TriggeredPattern(ISIS_ANAPHOR, ["تنظيم"], anchored=True)
ATTACK_VERB = re.compile(
    rf"{_B}[وف]?(?:استهدف|استهدفت|استهدفوا|هاجم|هاجمت|هاجموا|شن|شنت|شنوا|نفذ|نفذت|نفذته|نفذها|نفذهما|نفذوا|تبني|تبنى|يتبنى|attacked|targeted|carried out|claimed)"
    rf"{_E}"
)
RESPONSIBILITY = re.compile(rf"{_B}(?:مسؤوليه|بمسؤوليه|تبني|تبنى|responsibility|blamed)\S*")
_RESPONSIBILITY_HINTS = ("مسؤولي", "تبن", "responsib", "blamed")
_ATTACK_HINTS = ("استهدف", "هاجم", "شن", "نفذ", "تبن", "attacked", "targeted", "carried out", "claimed")


UNCLEAR = re.compile(
    rf"{_B}(?:لم\s+(?:تتبن|يتبن|تتبني|يتبني|تعلن\s+اي\s+جهه|تعرف\s+الجهه|يعرف\s+الجهه|تحدد\s+الجهه)|"
    rf"تضارب\s+الانباء\s+حول\s+الجهه|مجهوله\s+الهويه|دون\s+ان\s+تتبني|"
    rf"no\s+(?:group|one|party)\s+(?:has\s+)?claimed|(?:it\s+(?:is|was|remains)\s+)?unclear\s+who|"
    rf"not\s+(?:yet\s+)?(?:been\s+)?claimed)"
)


def responsibility_unclear(folded_sentence: str) -> bool:
    """Whether a sentence says nobody knows (or claimed) who did it ("لم تتبن أي جهة", "no group claimed")."""
    return bool(UNCLEAR.search(folded_sentence))


def claims_responsibility(folded_sentence: str) -> bool:
    """Whether a sentence speaks of responsibility ("تبنى", "رجحت مسؤولية", "claimed responsibility")."""
    return any(h in folded_sentence for h in _RESPONSIBILITY_HINTS) and bool(
        RESPONSIBILITY.search(folded_sentence)
    )


def has_attack_verb(folded_sentence: str) -> bool:
    """Whether a sentence has an attack verb (استهدف، هاجم، شن، نفذ، attacked …)."""
    return any(h in folded_sentence for h in _ATTACK_HINTS) and bool(ATTACK_VERB.search(folded_sentence))


NUMBER_WORDS = {
    "واحد": 1,
    "اثنين": 2,
    "اثنان": 2,
    "ثلاثه": 3,
    "اربعه": 4,
    "خمسه": 5,
    "سته": 6,
    "سبعه": 7,
    "ثمانيه": 8,
    "تسعه": 9,
    "عشره": 10,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_NUM = r"(\d{1,4}|" + "|".join(NUMBER_WORDS) + r")"
_PERSON = r"(?:عنصر|عناصر|مسلح|مسلحين|مسلحا|مدني|مدنيين|شخص|اشخاص|جندي|جنود|مقاتل|مقاتلين|شاب|من)"
KILLED = [
    re.compile(rf"{_B}[وبل]?(?:مقتل|قتل|مصرع)\s+{_NUM}{_E}"),
    re.compile(rf"{_B}[وبل]?(?:مقتل|قتل|مصرع)\s+({_PERSON}){_E}(?!\s+(?:من|في)\s+\d)"),
    re.compile(rf"{_B}(?:killing|killed)\s+{_NUM}{_E}"),
    re.compile(rf"{_B}{_NUM}\s+(?:\w+\s+)?(?:were\s+)?(?:killed|dead){_E}"),
]
CASUALTY_HINT = re.compile(r"قتل|مقتل|مصرع|اصيب|اصاب|جرح|kill|dead|injur|wound")
_SINGULAR = {"عنصر", "مسلح", "مسلحا", "مدني", "شخص", "جندي", "مقاتل", "شاب"}
_ONE = r"(?:عنصرا|مسلحا|مدنيا|شخصا|جنديا|مقاتلا|شابا)"  # accusative singular after أن: one person
INJURED = [
    re.compile(rf"{_B}({_ONE})\s+(?:\S+\s+){{0,4}}?(?:اصيب|جرح){_E}"),
    re.compile(rf"{_B}[وبل]?(?:اصابه|اصيب|جرح|اصابة)\s+{_NUM}{_E}"),
    re.compile(rf"{_B}(?:injuring|wounding|injured|wounded)\s+{_NUM}{_E}"),
    re.compile(rf"{_B}{_NUM}\s+(?:\w+\s+)?(?:were\s+)?(?:injured|wounded){_E}"),
]


@dataclass(frozen=True, slots=True)
class Hit:
    """Something found in folded text: [start, end) in folded coordinates."""

    start: int
    end: int
    value: object


def find_event_types(folded: str) -> list[Hit]:
    """Hits valued (rank, event_type, sub_event_type); a lower rank is the more specific rule."""
    hits = []
    for m in EVENT_SCAN.finditer(folded):
        rank = int(m.lastgroup[1:])
        etype, sub, _p = EVENT_RULES[rank]
        hits.append(Hit(m.start(), m.end(), (rank, etype, sub)))
    return hits


def best_event_type(hits: list[Hit]) -> Hit | None:
    """The most specific event type among hits (suicide bomb > IED > air strike > clash > shelling …)."""
    return min(hits, key=lambda h: h.value[0]) if hits else None


def find_actors(folded: str) -> list[Hit]:
    """Actors named in the text; bare "التنظيم" counts as ISIS only after ISIS has been named."""
    hits = [Hit(m.start(), m.end(), _ACTOR_BY_SPELLING[m.group(1)]) for m in ACTOR_SCAN.finditer(folded)]
    first_isis = next((h.start for h in hits if h.value == "ISIS"), None)
    if first_isis is not None:
        for m in ISIS_ANAPHOR_SCAN.finditer(folded):
            if m.start() < first_isis:
                continue
            if not any(m.start() < h.end and h.start < m.end() for h in hits):
                hits.append(Hit(m.start(), m.end(), "ISIS"))
    return sorted(hits, key=lambda h: h.start)


ACCUSE = re.compile(rf"{_B}(?:[وف]?(?:اتهم|اتهمت|حمل|حملت|تتهم|يتهم)|accused|blamed){_E}")
_ACCUSE_HINTS = ("اتهم", "حمل", "تتهم", "يتهم", "accused", "blamed")


def perpetrator(folded_sentence: str, actors: list[Hit]) -> Hit | None:
    """Who the sentence says did it: the actor accused ("اتهم المرصد تنظيم داعش بتفجير"), an actor just
    before an attack verb, or named after 'responsibility'."""
    if any(h in folded_sentence for h in _ACCUSE_HINTS):
        for m in ACCUSE.finditer(folded_sentence):
            after = [a for a in actors if 0 <= a.start - m.end() <= 60]
            if after:
                return after[0]
    for m in RESPONSIBILITY.finditer(folded_sentence) if claims_responsibility(folded_sentence) else ():
        after = [a for a in actors if m.end() <= a.start <= m.end() + 30]
        if after:
            return after[0]
    for m in ATTACK_VERB.finditer(folded_sentence) if has_attack_verb(folded_sentence) else ():
        before = [a for a in actors if a.end <= m.start() and m.start() - a.end <= 25 and a.value != "SDF"]
        if before:
            return before[-1]
        # Arabic is verb-first: استهدفت الفصائل الشعبية … (the SDF is nearly always the target here)
        after = [a for a in actors if 0 <= a.start - m.end() <= 25 and a.value != "SDF"]
        if after:
            return after[0]
    unknown = [a for a in actors if a.value == "Unidentified gunmen"]
    return unknown[0] if unknown else None


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


def casualties(folded_sentence: str) -> tuple[Hit | None, Hit | None]:
    """(killed, injured) stated in a sentence; 'عدد من' (a number of) gives no count, not zero."""
    if not CASUALTY_HINT.search(folded_sentence):
        return None, None

    def first(patterns) -> Hit | None:
        for pattern in patterns:
            m = pattern.search(folded_sentence)
            if m:
                token = m.group(1)
                n = _number(token) if token else None
                if n is None and token and (re.fullmatch(_ONE, token) or token in _SINGULAR):
                    n = 1  # "مقتل عنصر", "أن مسلحاً … أصيب": one person
                if n is not None:
                    return Hit(m.start(), m.end(), n)
        return None

    return first(KILLED), first(INJURED)
