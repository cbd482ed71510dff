"""Finding place names: proclitics, word boundaries, variants, lookups."""

from incidents.extraction.normalise import fold, latin_key, normalise_ar
from incidents.extraction.places import GazetteerEntry, GazetteerIndex, damerau_distance

SMALL = GazetteerIndex(
    [
        GazetteerEntry(1, "Dhiban", "ذيبان", ("Thiban",), 35.01, 40.51, "Deir ez-Zor", population=20000),
        GazetteerEntry(
            2, "Al Busayrah", "البصيرة", ("Busaira",), 35.15, 40.42, "Deir ez-Zor", population=10000
        ),
        GazetteerEntry(3, "Deir ez-Zor", "دير الزور", (), 35.33, 40.14, "Deir ez-Zor", population=270000),
        GazetteerEntry(4, "Tall ad Daman", "ضمان", (), 36.1, 37.2, "Aleppo", population=900),
    ]
)


def names(text):
    f = fold(text)
    return [(f.text[m.name_start : m.end], m.entry_ids) for m in SMALL.find(f.text)]


def test_proclitic_waw_and_ba_are_stripped():
    assert names("في بلدات الشحيل وذيبان وبالبصيرة") == [("ذيبان", (1,)), ("البصيره", (2,))]


def test_word_boundary_on_the_right():
    assert names("ضمانات الحكومة") == []
    assert names("قرية ضمان") == [("ضمان", (4,))]


def test_longest_name_wins_and_one_word_spelling():
    assert names("ريف ديرالزور") == [("ديرالزور", (3,))]
    assert names("في دير الزور") == [("دير الزور", (3,))]


def test_article_contracted_after_lam():
    assert names("وصلت التعزيزات للبصيرة") == [("بصيره", (2,))]


def test_tashkeel_and_alef_forms_fold():
    assert normalise_ar("إِدْلِب") == "ادلب"
    assert normalise_ar("البصيرة") == normalise_ar("البصيره")


def test_arabic_indic_digits_fold():
    assert fold("٣١ مايو ٢٠٢١").text == "31 مايو 2021"


def test_fold_offsets_point_into_the_original():
    text = "ذِيبَان"
    f = fold(text)
    start, end = f.span(0, len(f.text))
    assert f.text == "ذيبان" and text[start:end].startswith("ذ")


def test_latin_transliteration_variants_share_a_key():
    assert latin_key("Busayrah") == latin_key("Busaira") == latin_key("al-Busayra")
    assert latin_key("Shuhayl") == latin_key("Shheil") == latin_key("al-Suheil")


def test_lookup_by_english_variant():
    assert [e.id for e in SMALL.lookup("Thiban")] == [1]
    assert [e.id for e in SMALL.lookup("Busayra")] == [2]


def test_search_by_prefix_in_both_scripts():
    assert [e.id for e in SMALL.search("البص")] == [2]
    assert [e.id for e in SMALL.search("dhi")] == [1]


def test_near_miss_transposition():
    assert [e.id for e in SMALL.near_misses("ذبيان")] == [1]
    assert SMALL.near_misses("ذبيان", admin1="Aleppo") == []


def test_damerau_counts_a_swap_as_one():
    assert damerau_distance("ذبيان", "ذيبان") == 1
    assert damerau_distance("الرز", "الزر") == 1
    assert damerau_distance("ضمان", "عمان") == 1
    assert damerau_distance("abc", "abcde") == 2
