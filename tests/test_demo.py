"""Demo data: marked as demo, replaceable, and never touching real rows."""

from collections import Counter

from django.core.management import call_command

from incidents import corroboration
from incidents.models import Article, Claim, Incident


def test_demo_rows_are_marked_and_have_claims(gazetteer):
    call_command("demo", "--incidents", "50", verbosity=0)
    assert Incident.objects.filter(is_demo=True).count() == 50
    assert not Incident.objects.filter(claims__isnull=True).exists()
    assert (
        Claim.objects.filter(incident__is_demo=True).count() == Article.objects.filter(is_demo=True).count()
    )
    assert not Incident.objects.filter(is_demo=False).exists()


def test_rerunning_demo_replaces_not_adds(gazetteer):
    call_command("demo", "--incidents", "30", verbosity=0)
    first = (Incident.objects.count(), Article.objects.count())
    call_command("demo", "--incidents", "30", verbosity=0)
    assert (Incident.objects.count(), Article.objects.count()) == first
    assert first[0] == 30 and first[1] >= 30


def test_demo_incidents_have_the_corroboration_levels_their_claims_give(gazetteer):
    """Several outlets report some incidents, so the levels vary; each is what the rule for real
    incidents gives for its claims (a fresh refresh changes nothing)."""
    call_command("demo", "--incidents", "300", verbosity=0)
    levels = Counter(Incident.objects.values_list("corroboration", flat=True))
    assert "" not in levels
    assert {"single", "one_affiliation", "cross_affiliation"} <= set(levels)
    assert levels["single"] > levels["cross_affiliation"]  # most incidents still have one voice
    assert corroboration.refresh() == 0
    several = Incident.objects.filter(corroboration="cross_affiliation").first()
    kinds = {v.affiliation for v in corroboration.reconciled(several).voices}
    assert len(kinds - corroboration.UNKNOWN) >= 2


def test_demo_leaves_real_incidents_alone(gazetteer, make_incident):
    real = make_incident()
    call_command("demo", "--incidents", "10", verbosity=0)
    call_command("demo", "--clear", verbosity=0)
    assert list(Incident.objects.all()) == [real]


def test_if_empty_seeds_a_fresh_database(gazetteer):
    call_command("demo", "--incidents", "5", "--if-empty", verbosity=0)
    assert Incident.objects.filter(is_demo=True).count() == 5


def test_if_empty_never_seeds_over_real_incidents(gazetteer, make_incident):
    real = make_incident()
    call_command("demo", "--incidents", "5", "--if-empty", verbosity=0)
    assert list(Incident.objects.all()) == [real]


def test_if_empty_never_reseeds_existing_demo_data(gazetteer):
    call_command("demo", "--incidents", "5", verbosity=0)
    before = set(Incident.objects.values_list("pk", flat=True))
    call_command("demo", "--incidents", "8", "--if-empty", verbosity=0)
    assert set(Incident.objects.values_list("pk", flat=True)) == before


def test_make_run_seeds_demo_data_only_into_an_empty_database():
    """`make run` (its setup) asks for demo data before the samples arrive, and only if nothing is there."""
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    # -n prints the recipe without running it; an existing file stands in for the installed venv
    out = subprocess.run(  # noqa: S603 (make, the project's own Makefile)
        [shutil.which("make") or "make", "-n", "-s", "setup", "VENV=.", "-o./.installed"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    demo = [i for i, line in enumerate(out) if "manage.py demo" in line]
    ingest = [i for i, line in enumerate(out) if "manage.py ingest" in line]
    assert len(demo) == 1 and "--if-empty" in out[demo[0]]
    assert demo[0] < ingest[0]
