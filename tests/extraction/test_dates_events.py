"""Dates relative to publication, event types, actors, casualties, cited sources."""

import datetime as dt

from incidents.extraction import dates, events, sources
from incidents.extraction.normalise import fold

TUE = dt.date(2023, 9, 5)  # a Tuesday


def one_date(text, published):
    found = dates.find_dates(text, fold(text), published)
    best = dates.combine([d for _pos, d in found])
    return (best.event_date, best.time_precision) if best else None


def test_yesterday_with_weekday():
    assert one_date("هاجم مسلحون أمس الاثنين مقراً", TUE) == (dt.date(2023, 9, 4), 1)


def test_weekday_alone_is_the_latest_such_day():
    assert one_date("فجر الجمعة", TUE) == (dt.date(2023, 9, 1), 1)


def test_last_friday_said_on_a_friday_is_a_week_ago():
    assert one_date("يوم الجمعة الماضي", dt.date(2023, 9, 8)) == (dt.date(2023, 9, 1), 1)


def test_levantine_month_without_year_takes_the_publication_year():
    assert one_date("في 26 تشرين الأول", dt.date(2022, 10, 27)) == (dt.date(2022, 10, 26), 1)


def test_day_month_in_the_future_means_last_year():
    assert one_date("في 30 كانون الأول", dt.date(2023, 1, 3)) == (dt.date(2022, 12, 30), 1)


def test_month_and_year_only_is_precision_3():
    assert one_date("في مارس/ آذار 2019", None) == (dt.date(2019, 3, 1), 3)


def test_no_publication_date_no_invented_date():
    found = dates.find_dates("اليوم الثلاثاء", fold("اليوم الثلاثاء"), None)
    best = dates.combine([d for _p, d in found])
    assert best.event_date is None and best.weekday == 1


def test_english_relative_dates():
    assert one_date("on Tuesday", dt.date(2023, 9, 6)) == (TUE, 1)
    assert one_date("yesterday", dt.date(2023, 9, 6)) == (TUE, 1)


def types(text):
    best = events.best_event_type(events.find_event_types(fold(text).text))
    return best.value[1:] if best else None


def test_event_types_follow_acled():
    assert types("انفجار عبوة ناسفة بسيارة") == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert types("اشتباكات بالرشاشات") == ("Battles", "Armed clash")
    assert types("قصف بقذائف الهاون") == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert types("غارة لطائرة مسيرة") == ("Explosions/Remote violence", "Air/drone strike")
    assert types("حملة اعتقال") == ("Strategic developments", "Arrests")
    assert types("المحلات التجارية") is None


def test_actors_with_clitics_and_quotes():
    text = fold("استهدفت الفصائل الشعبية مقرين لـ “قسد” وتبنى تنظيم “داعش”").text
    assert [h.value for h in events.find_actors(text)] == [
        "Popular factions",
        "SDF",
        "ISIS",
    ]


def test_casualty_counts_and_unspecified():
    killed, injured = events.casualties(fold("ما أدى إلى مقتل خمسة وإصابة 4 مسلحين").text)
    assert killed.value == 5 and injured.value == 4
    assert events.casualties(fold("ما أدى لإصابة عدد من عناصر قسد").text) == (None, None)
    assert events.casualties(fold("أسفر عن مقتل عنصر في قسد").text)[0].value == 1


def test_cited_source_needs_a_reporting_verb():
    text = fold("وذكرت وكالة أنباء النظام “سانا”، اليوم، أن").text
    assert sources.speaker(text, sources.find_sources(text)).name == "SANA"
    text = fold("استهدفت الفصائل مقراً لـ قسد قرب مكتب سانا").text
    assert sources.speaker(text, sources.find_sources(text)) is None


def test_according_to_sohr():
    text = fold("killing two, according to the Syrian Observatory for Human Rights (SOHR)").text
    assert sources.speaker(text, sources.find_sources(text)).name == "SOHR"
