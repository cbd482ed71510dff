"""Event dates from article wording, relative to the publication date (ACLED time_precision 1/2/3)."""

import datetime as dt

from incidents.extraction.dates import resolve_date

TUESDAY = dt.date(2023, 9, 5)


def test_yesterday_with_weekday_and_levantine_month_gives_the_day():
    r = resolve_date("تبنى تنظيم داعش، أمس الأربعاء 26 تشرين الأول، عمليتين", dt.date(2022, 10, 27))
    assert (r.event_date, r.time_precision) == (dt.date(2022, 10, 26), 1)


def test_surface_and_offsets_point_into_the_given_text():
    text = "تبنى تنظيم داعش، أمس الأربعاء 26 تشرين الأول، عمليتين"
    r = resolve_date(text, dt.date(2022, 10, 27))
    assert text[r.start : r.end] == r.surface == "26 تشرين الأول"


def test_yesterday_alone():
    r = resolve_date("هاجم مسلحون مجهولون، أمس السبت، مقاراً", dt.date(2023, 8, 27))
    assert (r.event_date, r.time_precision) == (dt.date(2023, 8, 26), 1)


def test_day_before_yesterday():
    assert resolve_date("قتل شاب أول أمس", TUESDAY).event_date == dt.date(2023, 9, 3)


def test_dawn_weekday_is_the_latest_such_day_before_publication():
    assert resolve_date("فجر الجمعة استهدفت عبوة", TUESDAY).event_date == dt.date(2023, 9, 1)


def test_yawm_weekday_dateparser_misses_is_read():
    assert resolve_date("وقع الهجوم يوم الثلاثاء", dt.date(2023, 9, 7)).event_date == TUESDAY


def test_weekday_on_the_publication_day_is_that_day():
    assert resolve_date("اليوم الثلاثاء", TUESDAY).event_date == TUESDAY


def test_last_friday_said_on_a_friday_is_a_week_earlier():
    r = resolve_date("وانفجرت عبوة ناسفة يوم الجمعة الماضي", dt.date(2023, 9, 8))
    assert r.event_date == dt.date(2023, 9, 1)


def test_no_publication_date_keeps_the_weekday_and_invents_nothing():
    r = resolve_date("وذكرت وكالة سانا، اليوم الثلاثاء، أن", None)
    assert r.event_date is None and r.time_precision is None
    assert r.weekday == 1 and r.needs_published


def test_msa_month_with_arabic_indic_digits():
    r = resolve_date("الإثنين ٣١ مايو ٢٠٢١ - ٠٣:١١ بتوقيت غرينتش", None)
    assert (r.event_date, r.time_precision) == (dt.date(2021, 5, 31), 1)
    assert r.surface == "٣١ مايو ٢٠٢١"


def test_month_and_year_only_is_precision_3():
    r = resolve_date("منذ سيطرتها على الريف الشرقي، في مارس/ آذار 2019، عقب معارك", None)
    assert (r.event_date, r.time_precision) == (dt.date(2019, 3, 1), 3)


def test_day_month_after_publication_belongs_to_the_previous_year():
    assert resolve_date("في 30 كانون الأول", dt.date(2023, 1, 3)).event_date == dt.date(2022, 12, 30)


def test_numeric_date_goes_through_dateparser_day_first():
    assert resolve_date("بتاريخ 26/10/2022 هاجم", None).event_date == dt.date(2022, 10, 26)


def test_english_on_weekday_and_yesterday():
    assert resolve_date("attacked a checkpoint on Tuesday", dt.date(2023, 9, 6)).event_date == TUESDAY
    assert resolve_date("Gunmen attacked yesterday", dt.date(2023, 9, 6)).event_date == TUESDAY


def test_english_day_month():
    r = resolve_date("The attack on 26 October killed one", dt.date(2022, 10, 27))
    assert (r.event_date, r.time_precision) == (dt.date(2022, 10, 26), 1)


def test_english_last_friday_on_a_friday_is_a_week_earlier():
    assert resolve_date("last Friday", dt.date(2023, 9, 8)).event_date == dt.date(2023, 9, 1)


def test_text_without_a_date_gives_nothing():
    r = resolve_date("استهدفت الفصائل الشعبية مقرين لقسد", TUESDAY)
    assert r.event_date is None and r.surface == "" and not r.needs_published
