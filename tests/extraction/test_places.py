"""Finding place names: proclitics, word boundaries, longest match, lookups, spelling variants."""

from incidents.extraction.normalise import fold
from incidents.extraction.places import GazetteerEntry, GazetteerIndex, damerau_distance
from incidents.extraction.resolve import context_governorate

SMALL = GazetteerIndex(
    [
        GazetteerEntry(1, "Dhiban", "ذيبان", ("Thiban",), 35.01, 40.51, "Deir ez-Zor", population=20000),
        GazetteerEntry(
            2, "Al Busayrah", "البصيرة", ("Busaira",), 35.15, 40.42, "Deir ez-Zor", population=10000
        ),
        GazetteerEntry(3, "Deir ez-Zor", "دير الزور", (), 35.33, 40.14, "Deir ez-Zor", population=270000),
        GazetteerEntry(4, "Tall ad Daman", "ضمان", (), 36.1, 37.2, "Aleppo", population=900),
        GazetteerEntry(5, "Ar Raqqah", "الرقة", ("Raqqa",), 35.95, 39.01, "Raqqa", population=177000),
        GazetteerEntry(6, "Az Zawr", "الزور", (), 35.0, 40.0, "Deir ez-Zor", population=100),
    ]
)


def found(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """(surface without proclitics, entry ids) for every match, cut from the ORIGINAL text."""
    return [(text[m.name_start : m.end], m.entry_ids) for m in SMALL.find(text)]


def test_waw_proclitic_is_stripped():
    assert found("في بلدات الشحيل وذيبان") == [("ذيبان", (1,))]


def test_ba_before_the_article():
    assert found("مقراً لقسد بالبصيرة") == [("البصيرة", (2,))]


def test_waw_before_the_article():
    assert found("أرياف دير الزور والرقة") == [("دير الزور", (3,)), ("الرقة", (5,))]


def test_lam_and_ba_before_a_two_word_name():
    assert found("الريف الشرقي لدير الزور") == [("دير الزور", (3,))]
    assert found("هجمات بدير الزور") == [("دير الزور", (3,))]


def test_two_word_name_written_as_one_word():
    assert found("عمليتين ضد قسد بريف ديرالزور") == [("ديرالزور", (3,))]


def test_longest_match_wins():
    assert [ids for _s, ids in found("في دير الزور")] == [(3,)]


def test_lam_contracts_the_article():
    assert found("وصلت التعزيزات للبصيرة") == [("بصيرة", (2,))]


def test_name_followed_by_more_letters_is_not_the_place():
    assert found("دون ضمانات من الحكومة") == []
    assert found("في قريتي ضمان والرز") == [("ضمان", (4,))]


def test_offsets_are_in_the_original_text_despite_tashkeel():
    text = "هجومٌ عَلَى مقرٍّ في ذِيبان"
    (m,) = SMALL.find(text)
    assert text[m.name_start : m.end] == "ذِيبان"


def test_latin_names_match_case_insensitively():
    assert found("an attack in Dhiban and Busaira") == [("Dhiban", (1,)), ("Busaira", (2,))]


def test_lookup_arabic_exact():
    assert [e.id for e in SMALL.lookup("ذيبان")] == [1]


def test_lookup_by_english_transliteration_variant():
    assert [e.id for e in SMALL.lookup("Thiban")] == [1]
    assert [e.id for e in SMALL.lookup("Busayra")] == [2]


def test_search_by_prefix_in_both_scripts_ranked_by_population():
    assert [e.id for e in SMALL.search("البص")] == [2]
    assert [e.id for e in SMALL.search("dhi")] == [1]
    assert [e.id for e in SMALL.search("ال")][:2] == [5, 2]


def test_near_miss_transposition():
    assert [e.id for e in SMALL.near_misses("ذبيان")] == [1]


def test_near_miss_respects_the_governorate():
    assert SMALL.near_misses("ذبيان", admin1="Aleppo") == []


def test_exact_name_is_no_near_miss():
    assert SMALL.near_misses("ذيبان") == []


def test_damerau_counts_a_swap_as_one_edit():
    assert damerau_distance("ذبيان", "ذيبان") == 1
    assert damerau_distance("الرز", "الزر") == 1
    assert damerau_distance("abc", "abcde") == 2


def test_real_gazetteer_dhiban_is_the_geonames_town(index, km):
    (dhiban,) = [e for e in index.lookup("ذيبان") if e.admin1 == "Deir ez-Zor"]
    assert km(dhiban.lat, dhiban.lon, 35.01498, 40.51028) < 5


def test_real_gazetteer_misspelt_dhiban_is_a_near_miss(index):
    assert "Dhiban" in {e.name_en for e in index.near_misses("ذبيان", admin1="Deir ez-Zor")}


def test_real_gazetteer_has_shuhayl_from_who_is_on_first_but_no_zir(index, km):
    (shuhayl,) = index.lookup("الشحيل")  # WOF writes شحيل; the article is read as a prefix
    assert km(shuhayl.lat, shuhayl.lon, 35.0865, 40.4523) < 5
    assert index.lookup("الزر") == []


def test_real_gazetteer_search_english_prefix(index):
    assert "Al Busayrah" in [e.name_en for e in index.search("busay")]


def test_latin_near_miss_shares_the_transliteration_skeleton():
    assert [e.id for e in SMALL.near_misses("Dheiban")] == [1]


def governorate(text: str) -> str | None:
    return context_governorate(fold(text).text)


def test_context_from_arabic_countryside_phrase():
    assert governorate("في ريف دير الزور الشرقي") == "Deir ez-Zor"


def test_context_from_direction_word():
    assert governorate("في بلدة الحوايج شرقي دير الزور") == "Deir ez-Zor"


def test_context_from_english_phrases():
    assert governorate("in the town of Dhiban in eastern Deir ez-Zor") == "Deir ez-Zor"
    assert governorate("an SDF post in the Deir ez-Zor countryside") == "Deir ez-Zor"


def test_bare_city_name_sets_no_context():
    assert governorate("وصل الوفد إلى دير الزور") is None
