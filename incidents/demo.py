"""Synthetic demo incidents so a fresh map has something to show; every row is marked is_demo.

Also the data generator behind the dashboard benchmark (bench/): N incidents over real Syrian gazetteer
places (weighted to the east, where the samples are), five years, several outlets, claims with cited
sources, every precision and status. About a third of the incidents are reported by a second or third
outlet, so their corroboration levels (set by corroboration.refresh, as for real incidents) vary.
Built with bulk_create: 100 k rows in seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.db import transaction

from . import corroboration
from .models import EVENT_TYPES, Article, Claim, Incident, Place, Source

DEMO_SOURCE_SLUG = "demo"
OUTLETS = [
    ("demo-north-press", "North Press (demo)", "نورث برس (تجريبي)"),
    ("demo-sana", "SANA (demo)", "سانا (تجريبي)"),
    ("demo-enab-baladi", "Enab Baladi (demo)", "عنب بلدي (تجريبي)"),
    ("demo-syria-tv", "Syria TV (demo)", "تلفزيون سوريا (تجريبي)"),
    ("demo-sohr", "SOHR (demo)", "المرصد السوري (تجريبي)"),
    ("demo-deir-ez-zor-24", "Deir ez-Zor 24 (demo)", "دير الزور 24 (تجريبي)"),
]
ACTORS = [
    "SDF",
    "ISIS",
    "Syrian government forces",
    "Popular factions",
    "International Coalition",
    "Turkish-backed factions",
    "Unidentified gunmen",
    "Tribal forces",
]
# The demo outlets' affiliations, as the real outlets they imitate are seeded (corroboration.py's reasons),
# so their incidents' corroboration levels mean what they would on real reports.
OUTLET_KINDS = {
    "demo-north-press": Source.Kind.KURDISH,
    "demo-sana": Source.Kind.STATE,
    "demo-enab-baladi": Source.Kind.OPPOSITION,
    "demo-syria-tv": Source.Kind.OPPOSITION,
    "demo-sohr": Source.Kind.MONITOR,
    "demo-deir-ez-zor-24": Source.Kind.OPPOSITION,
}
CITED = ["", "", "SANA", "Local sources", "SOHR", "North Press", "Military source"]
# Now and then a claim cites a party's own statement (the level "confirmed by a party's statement").
PARTY_CITED = "SDF statement"
PARTY_SHARE = 0.03
SECOND_REPORT = 0.3  # incidents a second outlet reports too
THIRD_REPORT = 0.08  # ... and a third


def demo_outlets() -> list[Source]:
    """The demo outlets, with the affiliations of the outlets they imitate."""
    return [
        Source.objects.create(
            slug=slug,
            name_en=en,
            name_ar=ar,
            kind=OUTLET_KINDS[slug],
            kind_reason="Demo outlet, imitating the real one's affiliation.",
        )
        for slug, en, ar in OUTLETS
    ]


def cited_source(rng: random.Random) -> str:
    """The source a demo claim cites ("" for the outlet's own reporting)."""
    return PARTY_CITED if rng.random() < PARTY_SHARE else rng.choice(CITED)


def reporting_outlets(rng: random.Random, first: int, count: int) -> list[int]:
    """Indices of the outlets reporting one incident: ``first``, and sometimes one or two others."""
    outlets = [first]
    wanted = 3 if rng.random() < THIRD_REPORT else 2 if rng.random() < SECOND_REPORT else 1
    while len(outlets) < wanted:
        other = rng.randrange(count)
        if other not in outlets:
            outlets.append(other)
    return outlets


EAST = {"Deir ez-Zor": 6, "Al-Hasakah": 3, "Raqqa": 3, "Aleppo": 1, "Homs": 1}
STATUSES = [s for s, _ in Incident.Status.choices]


def clear_demo() -> int:
    """Delete every demo row (never touches real ones)."""
    with transaction.atomic():
        n, _ = Incident.objects.filter(is_demo=True).delete()
        Article.objects.filter(is_demo=True).delete()
        Source.objects.filter(slug__startswith="demo").delete()
    return n


def generate(n: int, seed: int = 7, end: dt.date | None = None, years: int = 5) -> int:
    """Replace the demo rows with ``n`` fresh synthetic incidents; returns how many were made."""
    rng = random.Random(seed)
    end = end or dt.date.today()
    places = list(Place.objects.filter(country="SY", geonameid__isnull=False).exclude(admin1=""))
    if not places:
        raise ValueError("the gazetteer is empty: run 'manage.py load_gazetteer' first")
    weights = [EAST.get(p.admin1, 0.3) for p in places]
    clear_demo()
    with transaction.atomic():
        sources = demo_outlets()
        chosen = rng.choices(places, weights=weights, k=n)
        types = [
            (t, s) for t, subs in EVENT_TYPES.items() if t not in ("Protests", "Riots") for s in subs[:3]
        ]
        incidents, articles = [], []
        for i, place in enumerate(chosen):
            day = end - dt.timedelta(days=rng.randrange(365 * years))
            etype, sub = rng.choice(types)
            actors = rng.sample(ACTORS, 2)
            precision = rng.choices([1, 2, 3], weights=[8, 2, 1])[0]
            jitter = 0.0 if precision == 1 else rng.uniform(-0.05, 0.05)
            incidents.append(
                Incident(
                    event_date=day,
                    time_precision=rng.choices([1, 2, 3], weights=[8, 2, 1])[0],
                    event_type=etype,
                    sub_event_type=sub,
                    actor1=actors[0],
                    actor2=actors[1],
                    actors=actors,
                    fatalities=rng.choices([0, 1, 2, 3, 5, None], weights=[5, 3, 2, 1, 1, 3])[0],
                    place=place,
                    location=place.name_en,
                    lat=place.lat + jitter,
                    lon=place.lon + jitter,
                    geo_precision=precision,
                    admin1=place.admin1,
                    admin2=place.admin2,
                    status=rng.choice(STATUSES),
                    is_demo=True,
                    notes="Synthetic demo incident (not a real report).",
                )
            )
            reports = []
            for k, outlet in enumerate(reporting_outlets(rng, i % len(sources), len(sources))):
                # the first report keeps its old text (and hash); later ones are told apart by k
                text = (
                    f"[بيانات تجريبية] {actors[0]} ضد {actors[1]} في {place.name_ar or place.name_en}. "
                    f"[Demo data] {etype} / {sub} in {place.name_en}, {place.admin1}. #{seed}-{i}"
                    + (f"-{k}" if k else "")
                )
                reports.append(
                    Article(
                        source=sources[outlet],
                        url=None,
                        content_hash=hashlib.sha256(text.encode()).hexdigest(),
                        title=f"Demo: {sub} in {place.name_en}",
                        text=text,
                        language="ar",
                        published_at=dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC),
                        is_demo=True,
                    )
                )
            articles.append(reports)
        Incident.objects.bulk_create(incidents, batch_size=2000)
        Article.objects.bulk_create([a for reports in articles for a in reports], batch_size=2000)
        claims = []
        for incident, article in (
            (inc, a) for inc, reports in zip(incidents, articles, strict=True) for a in reports
        ):
            cited = cited_source(rng)
            claims.append(
                Claim(
                    incident=incident,
                    article=article,
                    cited_source=cited,
                    claimed_perpetrator=incident.actor1,
                    claimed_killed=incident.fatalities,
                    event_type=incident.event_type,
                    evidence_text=article.text[: article.text.index(".") + 1],
                    evidence_start=0,
                    evidence_end=article.text.index(".") + 1,
                )
            )
        Claim.objects.bulk_create(claims, batch_size=2000)
        # the same rule as for real incidents, over the claims just written
        corroboration.refresh([incident.pk for incident in incidents])
    refresh_statistics()
    return n


def refresh_statistics() -> None:
    """ANALYZE after a bulk load. Without it PostgreSQL plans with the empty tables' statistics until
    autovacuum comes by: an outlet's timeline at 20 k incidents took 3 s (a nested loop over every
    claim for every incident) instead of 30 ms."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
