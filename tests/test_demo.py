"""Demo data: marked as demo, replaceable, and never touching real rows."""

from django.core.management import call_command

from incidents.models import Article, Claim, Incident


def test_demo_rows_are_marked_and_have_claims(gazetteer):
    call_command("demo", "--incidents", "50", verbosity=0)
    assert Incident.objects.filter(is_demo=True).count() == 50
    assert Claim.objects.filter(incident__is_demo=True).count() == 50
    assert not Incident.objects.filter(is_demo=False).exists()


def test_rerunning_demo_replaces_not_adds(gazetteer):
    call_command("demo", "--incidents", "30", verbosity=0)
    call_command("demo", "--incidents", "30", verbosity=0)
    assert Incident.objects.count() == 30 and Article.objects.count() == 30


def test_demo_leaves_real_incidents_alone(gazetteer, make_incident):
    real = make_incident()
    call_command("demo", "--incidents", "10", verbosity=0)
    call_command("demo", "--clear", verbosity=0)
    assert list(Incident.objects.all()) == [real]
