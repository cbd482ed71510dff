"""Cited sources: who an article says told it what, and which sentences speak in that voice."""

from incidents.extraction import sources
from incidents.extraction.normalise import fold


def speaker(text: str) -> str | None:
    folded = fold(text).text
    hit = sources.speaker(folded, sources.find_sources(folded))
    return hit.name if hit else None


def test_sana_with_reporting_verb():
    assert speaker("وذكرت وكالة أنباء النظام “سانا”، اليوم الثلاثاء، أن “الفصائل الشعبية” استهدفت") == "SANA"


def test_local_sources_to_sana_reporter_is_local_sources():
    assert speaker("وذكرت مصادر محلية لمراسل سانا أن الفصائل الشعبية شنت هجمات") == "Local sources"


def test_north_press_according_to():
    assert speaker("وبحسب وكالة “نورث برس” المحلية، استقدم “التحالف الدولي” مؤازرة كبيرة") == "North Press"


def test_sohr():
    assert speaker("وقال المرصد السوري لحقوق الإنسان إن مسلحين هاجموا") == "SOHR"


def test_military_source():
    assert speaker("وقال مصدر عسكري في “قسد” ببلدة الشحيل شرقي دير الزور، إن مسلحين مجهولين هاجموا") == (
        "Military source"
    )


def test_amaq():
    assert speaker("ونشرت وكالة “أعماق” الإلكترونية التابعة للتنظيم بياناً") == "Amaq"


def test_sdf_statement():
    assert speaker("وأوضح بيان صادر عن “قسد” أن الهجوم الأول استهدف نقطة عسكرية") == "SDF statement"


def test_named_without_reporting_verb_is_subject_not_speaker():
    assert speaker("استهدفت الفصائل مقراً لـ قسد قرب مكتب سانا") is None


def test_english_according_to_sohr():
    text = "killing two fighters, according to the Syrian Observatory for Human Rights (SOHR)"
    assert speaker(text) == "SOHR"


def test_english_sana_reported():
    assert speaker("SANA reported that popular resistance fighters carried out the attack") == "SANA"


def test_english_local_sources_said():
    assert speaker("Local sources said the attackers fled on a motorbike") == "Local sources"


def test_continuation_keeps_the_previous_voice():
    assert sources.continues_previous(fold("ولفتت المصادر إلى أن ميليشيا قسد استقدمت تعزيزات").text)
    assert not sources.continues_previous(fold("وتنشط عدة خلايا تتبع للتنظيم").text)
