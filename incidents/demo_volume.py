"""Demo data at volume: a million incidents, their articles and claims, in minutes.

incidents.demo.generate builds model objects and is right for a few hundred (and the 100 k benchmark);
at a million the objects alone cost minutes. Here the rows are plain tuples made in batches: on
PostgreSQL they go in with COPY (psycopg 3's ``cursor.copy``), elsewhere with batched bulk_create.

The skew is what an analyst team's archive looks like: most incidents in a few governorates (Deir
ez-Zor, Aleppo, Idlib, Al-Hasakah) and at their larger towns, most reports from two or three outlets,
and bursts in time (offensives lasting days to weeks) over a quieter background. A quarter of the
incidents are reported by a second outlet. Every row is marked is_demo; ANALYZE runs at the end.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models.deletion import get_candidate_relations_to_delete

from . import corroboration
from .demo import (
    ACTORS,
    OUTLET_KINDS,
    OUTLETS,
    STATUSES,
    cited_source,
    clear_demo,
    demo_outlets,
    refresh_statistics,
)
from .models import EVENT_TYPES, Article, Claim, Incident, Place, Source

# Share of incidents per governorate (the rest share what is left, by their number of places).
GOVERNORATE_SHARE = {
    "Deir ez-Zor": 0.30,
    "Aleppo": 0.17,
    "Idlib": 0.14,
    "Al-Hasakah": 0.10,
    "Raqqa": 0.08,
    "Daraa": 0.05,
}
OUTLET_SHARE = [0.34, 0.24, 0.16, 0.12, 0.08, 0.06]  # in OUTLETS order
SECOND_REPORT = 0.25  # incidents reported by a second outlet too
BURST_SHARE = 0.4  # incidents that fall in a burst rather than the background
BATCH = 50_000
VOLUME_THRESHOLD = 100_000  # `manage.py demo` above this uses generate_volume
NOTES = "Synthetic demo incident (not a real report)."


@dataclass
class Plan:
    """The weighted choices, drawn once: places, outlets, bursts."""

    places: list[Place]
    place_cum: list[float]
    bursts: list[tuple[int, int]]  # (centre as days before end, spread in days)
    burst_cum: list[float]
    end: dt.date
    days: int


def _plan(rng: random.Random, end: dt.date, years: int) -> Plan:
    places = list(
        Place.objects.filter(country="SY", geonameid__isnull=False)
        .exclude(admin1="")
        .order_by("admin1", "-population", "id")
    )
    if not places:
        raise ValueError("the gazetteer is empty: run 'manage.py load_gazetteer' first")
    by_gov: dict[str, list[Place]] = {}
    for place in places:
        by_gov.setdefault(place.admin1, []).append(place)
    rest = 1 - sum(s for g, s in GOVERNORATE_SHARE.items() if g in by_gov)
    others = sum(len(v) for g, v in by_gov.items() if g not in GOVERNORATE_SHARE) or 1
    weights = []
    ordered = []
    for gov, members in by_gov.items():
        share = GOVERNORATE_SHARE.get(gov, rest * len(members) / others)
        # within a governorate, Zipf over the places by population: the towns get most of the news
        zipf = [1 / (rank + 1) ** 0.9 for rank in range(len(members))]
        total = sum(zipf)
        ordered.extend(members)
        weights.extend(share * z / total for z in zipf)
    days = 365 * years
    bursts = [(rng.randrange(days), rng.choice([2, 4, 7, 14, 21])) for _ in range(12 * years)]
    burst_weights = [rng.paretovariate(1.5) for _ in bursts]
    return Plan(
        ordered,
        list(itertools.accumulate(weights)),
        bursts,
        list(itertools.accumulate(burst_weights)),
        end,
        days,
    )


def _day(rng: random.Random, plan: Plan) -> dt.date:
    if rng.random() < BURST_SHARE:
        centre, spread = plan.bursts[bisect.bisect(plan.burst_cum, rng.random() * plan.burst_cum[-1])]
        back = min(plan.days - 1, max(0, round(rng.gauss(centre, spread))))
    else:
        back = rng.randrange(plan.days)
    return plan.end - dt.timedelta(days=back)


def _rows(
    rng: random.Random,
    plan: Plan,
    n: int,
    start: int,
    seed: int,
    now: dt.datetime,
    affiliations: dict[str, str] | None = None,
) -> Iterator[tuple[tuple, list[tuple], list[tuple]]]:
    """(incident, [article, ...], [claim, ...]) for incidents ``start`` .. ``start + n - 1``, as tuples in the
    column order of INCIDENT_COLUMNS / ARTICLE_COLUMNS / CLAIM_COLUMNS (ids filled in by the caller).

    The incident's last value is its corroboration level, decided here by corroboration.py's own rules
    over the claims about to be written: the refresh that reads them back costs minutes at a million."""
    types = [(t, s) for t, subs in EVENT_TYPES.items() if t not in ("Protests", "Riots") for s in subs[:3]]
    outlet_cum = list(itertools.accumulate(OUTLET_SHARE))
    top = plan.place_cum[-1]
    for i in range(start, start + n):
        place = plan.places[bisect.bisect(plan.place_cum, rng.random() * top)]
        day = _day(rng, plan)
        etype, sub = types[rng.randrange(len(types))]
        actors = rng.sample(ACTORS, 2)
        precision = rng.choices((1, 2, 3), (8, 2, 1))[0]
        jitter = 0.0 if precision == 1 else rng.uniform(-0.05, 0.05)
        fatalities = rng.choices((0, 1, 2, 3, 5, None), (5, 3, 2, 1, 1, 3))[0]
        incident = (
            day,
            rng.choices((1, 2, 3), (8, 2, 1))[0],
            etype,
            sub,
            actors[0],
            actors[1],
            actors,
            fatalities,
            place.pk,
            place.name_en,
            place.lat + jitter,
            place.lon + jitter,
            precision,
            place.admin1,
            place.admin2,
            STATUSES[rng.randrange(len(STATUSES))],
            NOTES,
        )
        outlets = [bisect.bisect(outlet_cum, rng.random() * outlet_cum[-1])]
        if rng.random() < SECOND_REPORT:
            outlets.append((outlets[0] + 1 + rng.randrange(len(OUTLETS) - 1)) % len(OUTLETS))
        articles, claims = [], []
        for k, outlet in enumerate(outlets):
            text = (
                f"[بيانات تجريبية] {actors[0]} ضد {actors[1]} في {place.name_ar or place.name_en}. "
                f"[Demo data] {etype} / {sub} in {place.name_en}, {place.admin1}. #{seed}-{i}-{k}"
            )
            cut = text.index(".") + 1
            published = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
            articles.append(
                (
                    outlet,
                    hashlib.sha256(text.encode()).hexdigest(),
                    f"Demo: {sub} in {place.name_en}",
                    text,
                    published,
                )
            )
            claims.append((cited_source(rng), actors[0], fatalities, etype, text[:cut], 0, cut))
        records = [
            corroboration.ClaimRecord(OUTLETS[outlet][1], OUTLET_KINDS[OUTLETS[outlet][0]], claim[0])
            for outlet, claim in zip(outlets, claims, strict=True)
        ]
        yield (*incident, corroboration.reconcile(records, affiliations).level), articles, claims


def generate_volume(
    n: int, seed: int = 7, end: dt.date | None = None, years: int = 5, batch: int = BATCH
) -> int:
    """Replace the demo rows with ``n`` synthetic incidents (plus articles and claims), fast at a million."""
    rng = random.Random(seed)
    plan = _plan(rng, end or dt.date.today(), years)
    now = dt.datetime.now(dt.UTC)
    clear_demo_bulk()
    with transaction.atomic():
        sources = [source.pk for source in demo_outlets()]
        affiliations = corroboration.outlet_affiliations()
        writer = _copy_batch if connection.vendor == "postgresql" else _bulk_create_batch
        for start in range(0, n, batch):
            rows = list(_rows(rng, plan, min(batch, n - start), start, seed, now, affiliations))
            writer(rows, sources, now)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("incidents_incident", "incidents_article", "incidents_claim"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (constant names)
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # VACUUM too: it sets the visibility map that index-only scans (the map's grid) depend on
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE incidents_incident, incidents_article, incidents_claim")
    refresh_statistics()
    return n


def _bulk_create_batch(rows, sources, now) -> None:
    incidents = [
        Incident(
            event_date=r[0],
            time_precision=r[1],
            event_type=r[2],
            sub_event_type=r[3],
            actor1=r[4],
            actor2=r[5],
            actors=r[6],
            fatalities=r[7],
            place_id=r[8],
            location=r[9],
            lat=r[10],
            lon=r[11],
            geo_precision=r[12],
            admin1=r[13],
            admin2=r[14],
            status=r[15],
            notes=r[16],
            corroboration=r[17],
            is_demo=True,
        )
        for r, _a, _c in rows
    ]
    Incident.objects.bulk_create(incidents, batch_size=2000)
    articles, claims = [], []
    for incident, (_r, arts, cls) in zip(incidents, rows, strict=True):
        for (outlet, digest, title, text, published), claim in zip(arts, cls, strict=True):
            article = Article(
                source_id=sources[outlet],
                content_hash=digest,
                title=title,
                text=text,
                language="ar",
                published_at=published,
                is_demo=True,
            )
            articles.append(article)
            claims.append((incident, article, claim))
    Article.objects.bulk_create(articles, batch_size=2000)
    Claim.objects.bulk_create(
        [
            Claim(
                incident=incident,
                article=article,
                cited_source=c[0],
                claimed_perpetrator=c[1],
                claimed_killed=c[2],
                event_type=c[3],
                evidence_text=c[4],
                evidence_start=c[5],
                evidence_end=c[6],
            )
            for incident, article, c in claims
        ],
        batch_size=2000,
    )


INCIDENT_COLUMNS = (
    "id, event_date, time_precision, event_type, sub_event_type, actor1, actor2, actors, fatalities, place_id, "
    "location, lat, lon, geo_precision, admin1, admin2, admin3, notes, evidence, status, is_demo, created_at, "
    "updated_at, corroboration"
)
ARTICLE_COLUMNS = "id, source_id, content_hash, title, author, text, language, published_at, fetched_at, updated_at, is_demo"
CLAIM_COLUMNS = (
    "id, incident_id, article_id, cited_source, claimed_perpetrator, claimed_killed, event_type, evidence_text, "
    "evidence_start, evidence_end, extraction_key, created_at"
)


def _field(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _line(values) -> str:
    return "\t".join(map(_field, values)) + "\n"


def _next_ids(cursor, table: str, count: int) -> int:
    """The first of ``count`` ids reserved from the table's identity sequence (the rest follow it)."""
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (constant names)
        f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "
        f"(SELECT last_value FROM {table}_id_seq)) + %s)",
        [count],
    )
    return cursor.fetchone()[0] - count + 1


def _copy_batch(rows, sources, now) -> None:
    n_articles = sum(len(arts) for _r, arts, _c in rows)
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg 3's own cursor: COPY FROM STDIN
        first_incident = _next_ids(cursor, "incidents_incident", len(rows))
        first_article = _next_ids(cursor, "incidents_article", n_articles)
        first_claim = _next_ids(cursor, "incidents_claim", n_articles)
        incident_lines, article_lines, claim_lines = [], [], []
        article_id = first_article
        for k, (r, arts, cls) in enumerate(rows):
            incident_id = first_incident + k
            incident_lines.append(
                _line((incident_id, *r[:14], r[14], "", r[16], "[]", r[15], True, now, now, r[17]))
            )
            for (outlet, digest, title, text, published), claim in zip(arts, cls, strict=True):
                article_lines.append(
                    _line(
                        (
                            article_id,
                            sources[outlet],
                            digest,
                            title,
                            "",
                            text,
                            "ar",
                            published,
                            now,
                            now,
                            True,
                        )
                    )
                )
                claim_lines.append(
                    _line(
                        (
                            first_claim + article_id - first_article,
                            incident_id,
                            article_id,
                            *claim[:3],
                            claim[3],
                            *claim[4:],
                            "",
                            now,
                        )
                    )
                )
                article_id += 1
        for table, columns, lines in (
            ("incidents_incident", INCIDENT_COLUMNS, incident_lines),
            ("incidents_article", ARTICLE_COLUMNS, article_lines),
            ("incidents_claim", CLAIM_COLUMNS, claim_lines),
        ):
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608 (constant names)
                for start in range(0, len(lines), 5000):
                    copy.write("".join(lines[start : start + 5000]))


def clear_demo_bulk() -> int:
    """Delete every demo row (returns how many incidents), in SQL rather than object by object (the ORM's delete collects a million
    objects and writes a history row for each). Rows of other tables pointing at them are deleted or
    emptied as their foreign key's on_delete says; real rows are never touched."""
    if connection.vendor != "postgresql":
        n = Incident.objects.filter(is_demo=True).count()
        clear_demo()
        return n
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Incident, Article):
            table = model._meta.db_table
            demo = f"SELECT id FROM {table} WHERE is_demo"  # noqa: S608 (model metadata)
            for rel in get_candidate_relations_to_delete(model._meta):
                if rel.on_delete.__name__ not in ("CASCADE", "SET_NULL"):
                    continue  # PROTECT makes the DELETE below fail, as the ORM would
                related = rel.related_model._meta.db_table
                column = rel.field.column
                if rel.on_delete.__name__ == "CASCADE":
                    cursor.execute(f"DELETE FROM {related} WHERE {column} IN ({demo})")  # noqa: S608
                else:
                    cursor.execute(f"UPDATE {related} SET {column} = NULL WHERE {column} IN ({demo})")  # noqa: S608
        cursor.execute("DELETE FROM incidents_incident WHERE is_demo")
        n = cursor.rowcount
        cursor.execute("DELETE FROM incidents_article WHERE is_demo")
    Source.objects.filter(slug__startswith="demo").delete()
    return n
