"""Placing unresolved mentions: the analyst's decision moves the incident and teaches the gazetteer."""

import pytest

from incidents.article_files import read_article_file
from incidents.ingest import ingest_article
from incidents.models import Incident, Place, PlaceMention
from incidents.resolution import add_alias, create_place, nearest_place, resolve_mention, review_queue
from tests.conftest import SAMPLES

# Shuhayl (الشحيل), on the Euphrates' east bank between Dhiban and al-Busayrah: Who's On First has it as شحيل,
# so extraction places it with low confidence and the mention still waits for an analyst's word.
SHUHAYL = (35.1183, 40.3842)


def ingest_sample(name: str):
    [article] = read_article_file(SAMPLES / f"{name}.json")
    return ingest_article(article)


@pytest.fixture
def seed(gazetteer):
    return ingest_sample("seed-alsouria-deir-ez-zor")


def shuhayl_mention(article) -> PlaceMention:
    return (
        PlaceMention.objects.filter(article=article, surface="الشحيل", role="incident")
        .order_by("start")
        .first()
    )


def test_queue_holds_unresolved_and_doubtful_mentions(seed):
    waiting = set(review_queue().filter(article=seed.article).values_list("surface", flat=True))
    assert {"الشحيل", "الرز", "ضمان"} <= waiting
    assert "ذبيان" in waiting  # the transposed spelling resolved to Dhiban at low confidence
    assert "البصيرة" not in waiting


def test_create_place_takes_admin_path_from_nearest_place(seed, role_users):
    place = create_place(
        name_ar="الشحيل", name_en="Shuhayl", lat=SHUHAYL[0], lon=SHUHAYL[1], user=role_users["Editor"]
    )
    assert place.origin == Place.Origin.ANALYST
    assert place.admin1 == "Deir ez-Zor"
    assert place.history.first().history_user == role_users["Editor"]


def test_create_place_refuses_absurd_coordinates(db):
    with pytest.raises(ValueError, match="out of range"):
        create_place(name_ar="x", name_en="x", lat=135.0, lon=40.0)


def test_nearest_place_ignores_places_too_far(gazetteer):
    assert nearest_place(0.0, 0.0) is None


def test_resolving_moves_the_incident_and_records_who(seed, role_users):
    mention = shuhayl_mention(seed.article)
    incident_id = mention.incident_id
    place = create_place(name_ar="الشحيل", name_en="Shuhayl", lat=SHUHAYL[0], lon=SHUHAYL[1])
    done = resolve_mention(mention, place, role_users["Editor"])
    incident = Incident.objects.get(pk=incident_id)
    assert (incident.lat, incident.lon) == SHUHAYL
    assert incident.place == place and incident.geo_precision == 1
    mention.refresh_from_db()
    assert mention.resolved_by == role_users["Editor"] and mention.confidence == 1.0
    assert done.mentions >= 2  # the seed names الشحيل in three sentences
    assert not review_queue().filter(article=seed.article, surface="الشحيل").exists()
    assert "placed by resolving" in incident.history.first().history_change_reason


def test_resolving_once_resolves_the_next_article_with_that_spelling(seed, role_users):
    place = create_place(name_ar="الشحيل", name_en="Shuhayl", lat=SHUHAYL[0], lon=SHUHAYL[1])
    resolve_mention(shuhayl_mention(seed.article), place, role_users["Editor"])
    place.refresh_from_db()
    assert "الشحيل" in place.aliases or place.name_ar == "الشحيل"

    second = ingest_sample("hawaalsham-sana-busayrah-shuhayl")
    mention = shuhayl_mention(second.article)
    assert mention is not None and mention.place == place and not mention.needs_review
    located = [i for i in second.incidents if i.place_id == place.pk]
    assert located and located[0].lat == SHUHAYL[0]


def test_picking_a_candidate_adds_the_variant_spelling_as_alias(seed, role_users):
    mention = PlaceMention.objects.get(article=seed.article, surface="ذبيان")
    dhiban = Place.objects.get(pk=mention.place_id)
    assert "ذبيان" not in dhiban.aliases
    done = resolve_mention(mention, dhiban, role_users["Editor"])
    dhiban.refresh_from_db()
    assert done.alias_added and "ذبيان" in dhiban.aliases
    again = ingest_article(
        read_article_file(SAMPLES / "seed-alsouria-deir-ez-zor.json")[0], reextract=True
    ).article
    redone = PlaceMention.objects.get(article=again, surface="ذبيان")
    assert redone.place == dhiban and redone.confidence > 0.5


def test_alias_already_known_is_not_repeated(gazetteer):
    place = Place.objects.filter(name_ar="البصيرة").first()
    assert add_alias(place, "البصيره") is False  # folds to a name the place already has


# A follow-up brief in the seed's own words: it spells al-Zir الرز, as the seed does.
FOLLOW_UP = (
    "تجددت الاشتباكات فجر اليوم بين مسلحين مجهولين وعناصر “قسد” في بلدة الرز بريف دير الزور الشرقي، "
    "بعد يومين من هجمات منسقة طالت مقرات عسكرية لـ “قسد” في المنطقة."
)


def test_a_new_place_learns_the_spelling_the_article_used(seed, role_users):
    from incidents.article_files import ArticleInput

    mention = PlaceMention.objects.filter(article=seed.article, surface="الرز").first()
    # The analyst names the village as other reports spell it (الزر) and clicks it on the map.
    al_zir = create_place(name_ar="الزر", name_en="al-Zir", lat=35.1300, lon=40.4000)
    done = resolve_mention(mention, al_zir, role_users["Editor"])
    assert done.alias_added
    al_zir.refresh_from_db()
    assert al_zir.aliases == ["الرز"]

    follow_up = ingest_article(ArticleInput(text=FOLLOW_UP, outlet="دير الزور 24", published=None))
    mention = PlaceMention.objects.get(article=follow_up.article, surface="الرز")
    assert mention.place == al_zir and not mention.needs_review
