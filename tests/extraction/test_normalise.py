"""Folding Arabic and Latin text for matching, with offsets that lead back to the original."""

from incidents.extraction.normalise import detect_language, fold, latin_key, normalise_ar


def test_alef_forms_and_tashkeel_fold():
    assert normalise_ar("إِدْلِب") == "ادلب"
    assert normalise_ar("آذار") == "اذار"


def test_ta_marbuta_and_alef_maqsura_fold():
    assert normalise_ar("البصيرة") == "البصيره"
    assert normalise_ar("مصطفى") == "مصطفي"


def test_hamza_carriers_other_than_alef_are_kept():
    assert normalise_ar("مسؤولية") == "مسؤوليه"  # normalize_hamza would have changed ؤ


def test_tatweel_is_dropped():
    assert normalise_ar("قسـد") == "قسد"


def test_arabic_indic_digits_fold():
    assert fold("٣١ مايو ٢٠٢١").text == "31 مايو 2021"


def test_offsets_of_a_word_after_dropped_tashkeel():
    text = "يُشار إلى أن البصيرة"
    f = fold(text)
    i = f.text.index("البصيره")
    start, end = f.span(i, i + len("البصيره"))
    assert text[start:end] == "البصيرة"


def test_offsets_round_trip_through_tatweel():
    text = "هجوم على قسـد في ذيبان"
    f = fold(text)
    i = f.text.index("ذيبان")
    assert text[slice(*f.span(i, i + 5))] == "ذيبان"


def test_latin_folds_case_and_accents():
    assert fold("Ḩajīn").text == "hajin"


def test_detect_language():
    assert detect_language("تعرضت مقرات تابعة لـ “قوات سوريا الديمقراطية” (قسد)") == "ar"
    assert detect_language("Unidentified gunmen attacked an SDF checkpoint (قسد) in Dhiban") == "en"


def test_latin_key_dhiban_thiban():
    assert latin_key("Dhiban") == latin_key("Thiban")


def test_latin_key_busayrah_variants():
    assert latin_key("Busayrah") == latin_key("Busaira") == latin_key("al-Busayra")


def test_latin_key_shuhayl_variants():
    assert latin_key("Shuhayl") == latin_key("Shheil") == latin_key("al-Suheil")


def test_latin_key_keeps_different_places_apart():
    assert latin_key("Hajin") != latin_key("Hasakah")
    assert latin_key("Dhiban") != latin_key("Busayrah")
