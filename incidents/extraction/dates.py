"""Event dates from the words of an article, relative to its publication date.

Rules, not dateparser: news Arabic is formulaic, dateparser misses Levantine months without
locales=['ar-SY'] and 'يوم/فجر الثلاثاء' altogether, and it costs milliseconds a call where these
regular expressions cost microseconds. With no publication date a relative expression
("اليوم الثلاثاء", "yesterday") gives no date: it is reported, never invented.
Precision codes are ACLED's: 1 = the day is known, 2 = the week, 3 = only the month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .normalise import Folded, TriggeredPattern, fold

MONTHS = {
    # Levantine (Syriac-derived) names, then the MSA/Egyptian ones, then English.
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "ابريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يوليو": 7,
    "اغسطس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
WEEKDAYS = {
    "الاثنين": 0,
    "الثلاثاء": 1,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH_RE = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(map(re.escape, WEEKDAYS), key=len, reverse=True))
_B = r"(?<!\w)"  # word start
_E = r"(?!\w)"  # word end

PATTERNS = [
    # 26 تشرين الاول 2022 / 31 مايو 2021 / 26 October 2022 / مارس/ اذار 2019 handled by month-year below
    (
        "dmy",
        re.compile(
            rf"{_B}(\d{{1,2}})\s+(?:من\s+)?({_MONTH_RE})(?:\s*/\s*(?:{_MONTH_RE}))?(?:\s+(?:عام\s+)?(\d{{4}}))?{_E}"
        ),
    ),
    ("mdy", re.compile(rf"{_B}({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?{_E}")),
    ("day_before", re.compile(rf"{_B}(?:اول\s+امس|اول\s+من\s+امس|the day before yesterday){_E}")),
    ("yesterday", re.compile(rf"{_B}(?:[وف]?(?:امس|البارحه)|yesterday|last night){_E}")),
    ("today", re.compile(rf"{_B}(?:[وف]?اليوم|today|this morning|tonight){_E}")),
    (
        "weekday",
        re.compile(
            rf"{_B}(?:(?:يوم|فجر|صباح|مساء|ليله|ظهر|on|last)\s+)?[وب]?({_WEEKDAY_RE})(\s+(?:الماضي|الفائت))?{_E}"
        ),
    ),
    ("month_year", re.compile(rf"{_B}({_MONTH_RE})(?:\s*/\s*(?:{_MONTH_RE}))?\s+(?:عام\s+)?(\d{{4}}){_E}")),
    # 26/10/2022, 26-10-2022, 2022-10-26: read by dateparser (day first, as Syrian outlets write them).
    ("numeric", re.compile(rf"{_B}(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}){_E}")),
]

# The patterns run only in windows around the words a date needs (see normalise.TriggeredPattern):
# digits for the absolute forms, the relative words and weekday names for the others. One pass finds them.
DATE_WINDOWS = TriggeredPattern(
    None,
    [str(i) for i in range(10)]
    + ["امس", "البارحه", "اليوم", "yesterday", "today", "night", "morning", "tonight", *WEEKDAYS],
    before=30,
    after=40,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its span in the original text and what it resolves to."""

    start: int
    end: int
    surface: str
    kind: str  # dmy, yesterday, today, weekday, month_year, …
    event_date: dt.date | None
    time_precision: int | None
    weekday: int | None = None


def find_dates(original: str, folded: Folded, published: dt.date | None) -> list[tuple[int, DateMention]]:
    """Every date expression as (start in the folded text, DateMention), resolved against the
    publication date where one is needed."""
    found: list[tuple[int, DateMention]] = []
    taken: list[tuple[int, int]] = []
    text = folded.text
    windows = [(lo, hi, _kinds_in(text[lo:hi])) for lo, hi in DATE_WINDOWS.windows(text)]
    for kind, pattern in PATTERNS:  # in order: an absolute date wins over the weekday inside it
        for lo, hi, kinds in windows:
            if kind not in kinds:
                continue
            for m in pattern.finditer(text, lo, hi):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                start, end = folded.span(m.start(), m.end())
                day, precision, weekday = _resolve(kind, m, published)
                found.append(
                    (m.start(), DateMention(start, end, original[start:end], kind, day, precision, weekday))
                )
    return sorted(found, key=lambda d: d[0])


_RELATIVE_WORDS = {
    "day_before": ("امس", "yesterday"),
    "yesterday": ("امس", "البارحه", "yesterday", "night"),
    "today": ("اليوم", "today", "morning", "tonight"),
    "weekday": tuple(WEEKDAYS),
}


def _kinds_in(window: str) -> set[str]:
    """Which patterns can match in a window (substring tests are much cheaper than a regex pass)."""
    kinds = {k for k, words in _RELATIVE_WORDS.items() if any(w in window for w in words)}
    if _DIGIT.search(window):  # (most digits are counts of dead and wounded: no month, no separator)
        if _MONTH_WORD.search(window):
            kinds.update(("dmy", "mdy", "month_year"))
        if _NUMERIC_HINT.search(window):
            kinds.add("numeric")
    return kinds


_DIGIT = re.compile(r"\d")
_MONTH_WORD = re.compile(_MONTH_RE)
_NUMERIC_HINT = re.compile(r"\d[/.-]\d")


def _resolve(kind: str, m: re.Match, published: dt.date | None):
    if kind in ("dmy", "mdy"):
        day_s, month_s = (m.group(1), m.group(2)) if kind == "dmy" else (m.group(2), m.group(1))
        month, day, year = MONTHS[month_s], int(day_s), m.group(3)
        if year is None:
            if published is None:
                return None, None, None
            year = published.year
            candidate = _safe_date(int(year), month, day)
            if candidate and candidate > published:  # "26 December" read in January is last year's
                candidate = _safe_date(int(year) - 1, month, day)
            return candidate, 1 if candidate else None, None
        d = _safe_date(int(year), month, day)
        return d, 1 if d else None, None
    if kind == "numeric":
        d = _dateparser_day(m.group(0))
        return d, 1 if d else None, None
    if kind == "month_year":
        d = _safe_date(int(m.group(2)), MONTHS[m.group(1)], 1)
        return d, 3 if d else None, None
    if kind == "weekday":
        weekday = WEEKDAYS[m.group(1)]
        if published is None:
            return None, None, weekday
        back = (published.weekday() - weekday) % 7
        if back == 0 and (m.group(2) or m.group(0).startswith("last")):
            back = 7  # "الجمعة الماضي" said on a Friday is a week ago
        day = _days_before(published, back)
        return day, 1 if day else None, weekday
    if published is None:
        return None, None, None
    offset = {"today": 0, "yesterday": 1, "day_before": 2}[kind]
    day = _days_before(published, offset)
    return day, 1 if day else None, None


def _days_before(published: dt.date, days: int) -> dt.date | None:
    try:
        day = published - dt.timedelta(days=days)
    except OverflowError:  # "أمس" against a publication date of 0001-01-01
        return None
    return day if is_plausible(day) else None


EARLIEST_YEAR = 1900


def is_plausible(day: dt.date) -> bool:
    """A date a conflict report can carry: from 1900 to next year. Anything else is a typo or an attack
    (year 9999 breaks date filters downstream), so it is treated as no date at all."""
    return EARLIEST_YEAR <= day.year <= dt.date.today().year + 1


@lru_cache(maxsize=4096)
def _dateparser_day(span: str) -> dt.date | None:
    """dateparser on one short numeric span only (it costs ~1 ms a call): memoised, day-first."""
    import dateparser  # imported lazily: most articles never need it

    parsed = dateparser.parse(
        span,
        languages=["ar", "en"],
        locales=["ar-SY"],
        settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past"},
    )
    return parsed.date() if parsed and is_plausible(parsed.date()) else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return d if is_plausible(d) else None


def combine(dates: list[DateMention]) -> DateMention | None:
    """The most informative date among those of one sentence: an absolute day beats a weekday beats
    'yesterday' beats 'today', because 'اليوم الثلاثاء' in a report often dates the report, not the event."""
    rank = {
        "dmy": 0,
        "mdy": 0,
        "numeric": 0,
        "day_before": 1,
        "yesterday": 1,
        "weekday": 2,
        "today": 3,
        "month_year": 4,
    }
    usable = [d for d in dates if d.event_date is not None or d.weekday is not None]
    return min(usable, key=lambda d: rank[d.kind]) if usable else None


@dataclass(frozen=True, slots=True)
class DateResult:
    """The date of one sentence or short text, as ``resolve_date`` reads it.

    ``needs_published`` is True when the text dates the event only relative to the report ("اليوم
    الثلاثاء", "yesterday") and no publication date was given: then ``event_date`` is None and no date is
    invented; ``weekday`` (0 = Monday) still says what the text said."""

    event_date: dt.date | None
    time_precision: int | None  # ACLED: 1 day, 2 week, 3 month; None when unknown
    weekday: int | None
    start: int  # offsets into the text given to resolve_date; 0, 0 when nothing was found
    end: int
    surface: str
    needs_published: bool = False


def resolve_date(text: str, published: dt.date | None) -> DateResult:
    """The most informative date expression in a sentence (see ``combine``), against its publication date."""
    best = combine([d for _pos, d in find_dates(text, fold(text), published)])
    if best is None:
        return DateResult(None, None, None, 0, 0, "")
    relative = best.kind not in ("dmy", "mdy", "numeric", "month_year")
    return DateResult(
        best.event_date,
        best.time_precision,
        best.weekday,
        best.start,
        best.end,
        best.surface,
        needs_published=relative and published is None,
    )
