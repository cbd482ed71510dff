"""Demo data at volume (incidents/demo_volume.py): COPY on PostgreSQL, bulk_create on SQLite, skewed."""

from collections import Counter

from django.core.management import call_command
from django.db.models import Count

from incidents import corroboration
from incidents.demo_volume import clear_demo_bulk, generate_volume
from incidents.models import Article, Claim, Incident


def test_every_incident_has_an_article_and_a_claim(gazetteer):
    generate_volume(300, batch=120)  # three batches, the last one short
    assert Incident.objects.filter(is_demo=True).count() == 300
    assert Claim.objects.count() == Article.objects.filter(is_demo=True).count() >= 300
    assert not Incident.objects.annotate(n=Count("claims")).filter(n=0).exists()
    assert not Claim.objects.exclude(article__source__slug__startswith="demo").exists()
    claim = Claim.objects.select_related("article", "incident").first()
    assert claim.evidence_text == claim.article.text[claim.evidence_start : claim.evidence_end]
    assert claim.incident.lat is not None and claim.incident.place_id is not None


def test_volume_is_skewed_like_a_real_archive(gazetteer):
    generate_volume(2000)
    per_gov = Counter(Incident.objects.values_list("admin1", flat=True))
    assert sum(n for _gov, n in per_gov.most_common(4)) > 0.6 * 2000
    per_outlet = Counter(Article.objects.values_list("source__slug", flat=True))
    top_two = sum(n for _slug, n in per_outlet.most_common(2))
    assert top_two > 0.45 * sum(per_outlet.values())
    assert Claim.objects.count() > 2000  # some incidents reported by a second outlet
    per_day = Counter(Incident.objects.values_list("event_date", flat=True))
    assert max(per_day.values()) >= 5 * (2000 / (365 * 5))  # bursts, not an even spread


def test_new_rows_get_fresh_ids_after_a_volume_load(gazetteer, make_incident):
    generate_volume(50)
    real = make_incident()  # the id sequences were moved past the copied rows
    assert real.pk > Incident.objects.filter(is_demo=True).order_by("-pk").values_list("pk", flat=True)[0]


def test_volume_replaces_demo_rows_and_leaves_real_ones(gazetteer, make_incident):
    real = make_incident()
    generate_volume(40)
    generate_volume(40)
    assert Incident.objects.filter(is_demo=True).count() == 40
    assert clear_demo_bulk() == 40
    assert list(Incident.objects.all()) == [real]
    assert real.claims.count() == Claim.objects.count()


def test_demo_command_uses_the_volume_generator_on_request(gazetteer, capsys):
    call_command("demo", "--incidents", "60", "--volume")
    assert Incident.objects.filter(is_demo=True).count() == 60
    assert "Generated in" in capsys.readouterr().out


def test_volume_incidents_get_the_corroboration_level_of_their_claims(gazetteer):
    """Decided while the rows are made, by the same rules as for real incidents: reading the claims
    back and refreshing changes nothing."""
    generate_volume(400, seed=5, batch=150)
    levels = Counter(Incident.objects.values_list("corroboration", flat=True))
    assert "" not in levels and {"single", "one_affiliation", "cross_affiliation"} <= set(levels)
    assert corroboration.refresh() == 0
