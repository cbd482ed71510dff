"""ACLED side by side: a constructed export of 305 rows in ACLED's column standard (deliberate matches,
near misses in distance, date and type, unrelated events, and bad rows), imported and cross-checked."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from incidents.acled_reference import AcledFileError, cross_check, import_file, parse_rows
from incidents.exports import ACLED_COLUMNS
from incidents.models import AcledEvent

pytestmark = pytest.mark.django_db

COLUMNS = ACLED_COLUMNS  # the export's ACLED column standard, in ACLED's order
START = dt.date(2023, 1, 2)
DHIBAN = (35.01498, 40.51028)
IDLIB = (35.9306, 36.6339)


def row(event_id, day, lat, lon, event_type="Battles", **extra):
    base = dict.fromkeys(COLUMNS, "")
    base.update(
        event_id_cnty=event_id,
        event_date=day.strftime("%d %B %Y"),  # ACLED's own date format
        year=str(day.year),
        time_precision="1",
        disorder_type="Political violence",
        event_type=event_type,
        sub_event_type="Armed clash",
        actor1="Islamic State (Syria)",
        actor2="SDF: Syrian Democratic Forces",
        iso="760",
        region="Middle East",
        country="Syria",
        admin1="Deir ez-Zor",
        location="Thiban",
        latitude=f"{lat:.4f}",
        longitude=f"{lon:.4f}",
        geo_precision="1",
        source="SOHR",
        notes="On 2 January 2023, IS militants attacked an SDF post in Thiban.",
        fatalities="0",
    )
    base.update(extra)
    return base


def build(n_incidents=20):
    """Rows for n incidents 10 days apart at Dhiban-area points, then 200 unrelated Idlib events."""
    rows, ours = [], []
    for k in range(n_incidents):
        day = START + dt.timedelta(days=10 * k)
        lat, lon = DHIBAN[0] + 0.01 * k, DHIBAN[1]
        ours.append((day, lat, lon))
        rows.append(
            row(f"SYR{k}01", day + dt.timedelta(days=1), lat + 0.02, lon)
        )  # match: 2.2 km, a day later
        rows.append(row(f"SYR{k}02", day, lat + 0.12, lon))  # 13 km: too far
        rows.append(row(f"SYR{k}03", day + dt.timedelta(days=3), lat, lon))  # three days: too late
        rows.append(
            row(f"SYR{k}04", day, lat, lon, "Protests", sub_event_type="Peaceful protest")
        )  # other type
        # political violence too, a day later and 5.6 km off: a rival the closer match beats
        rows.append(
            row(f"SYR{k}05", day + dt.timedelta(days=1), lat + 0.05, lon, "Explosions/Remote violence")
        )
    for j in range(200):
        rows.append(row(f"SYR9{j:03}", START + dt.timedelta(days=j % 190), IDLIB[0], IDLIB[1]))
    return rows, ours


def to_csv(rows, extra_lines=()):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue() + "".join(extra_lines)


BAD_LINES = [
    "SYR-bad1,31 February 2023," + "," * 29 + "\n",  # no such date
    "SYR-bad2,02 January 2023,2023,1,,Battles,,,,,,,,,,,,,,,,,200.0,40.5,1,,,,0,,\n",  # latitude off the globe
    ",02 January 2023,2023,1,,Battles,,,,,,,,,,,,,,,,,35.0,40.5,1,,,,0,,\n",  # no id
    "SYR001,02 January 2023,2023,1,,Battles,,,,,,,,,,,,,,,,,35.0,40.5,1,,,,0,,\n",  # id used above
    "SYR-bad5,02 January 2023,2023,1,,Battles,,,,,,,,,,,,,,,,,35.0,40.5,1,,,,-4,,\n",  # negative count
]


def test_import_reports_bad_rows_by_line_and_is_idempotent(tmp_path):
    rows, _ours = build()
    text = to_csv(rows, BAD_LINES)
    assert len(rows) + len(BAD_LINES) == 305
    report = import_file(text.encode("utf-8"), "export.csv")
    assert (report.created, report.updated, report.unchanged) == (300, 0, 0)
    first_bad = len(rows) + 2  # the header is line 1
    assert [line for line, _reason in report.errors] == list(range(first_bad, first_bad + 5))
    reasons = " | ".join(r for _line, r in report.errors)
    for expected in (
        "event_date not a date",
        "off the globe",
        "event_id_cnty is empty",
        "appears twice",
        "out of range",
    ):
        assert expected in reasons
    assert AcledEvent.objects.get(event_id_cnty="SYR001").event_date == START + dt.timedelta(days=1)

    again = import_file(text, "export.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 300)
    rows[0]["fatalities"] = "3"  # a newer export corrects one event
    path = tmp_path / "newer.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_acled", str(path), stdout=out, stderr=err)
    assert "0 created, 1 updated, 299 unchanged, 0 bad rows" in out.getvalue()
    assert AcledEvent.objects.get(event_id_cnty="SYR001").fatalities == 3


def test_unreadable_files_are_refused_whole():
    with pytest.raises(AcledFileError, match="missing ACLED columns: latitude, longitude"):
        parse_rows("event_id_cnty,event_date,event_type\nSYR1,2023-01-02,Battles\n")
    with pytest.raises(AcledFileError, match="not UTF-8"):
        parse_rows(b"event_id_cnty,event_date\n" + "دير".encode("cp1256"))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_acled", "/nonexistent.csv")
    assert AcledEvent.objects.count() == 0


def test_cross_check_finds_the_deliberate_matches_and_nothing_else(make_incident, client, django_user_model):
    rows, ours = build()
    import_file(to_csv(rows))
    incidents = [make_incident(event_date=day, lat=lat, lon=lon) for day, lat, lon in ours]
    lonely = [
        make_incident(event_date=START + dt.timedelta(days=200 + k), lat=34.45, lon=40.92) for k in range(5)
    ]  # Abu Kamal, after ACLED's last row: only ours
    client.force_login(django_user_model.objects.create_user("viewer", password="x"))
    result = client.get("/api/acled/crosscheck").json()
    assert result["counts"] == {"matched": 20, "only_ours": 5, "only_acled": 280}
    matched = {m["id"]: m["event_id_cnty"] for m in result["matched"]}
    assert matched == {incident.pk: f"SYR{k}01" for k, incident in enumerate(incidents)}
    assert set(result["only_ours"]) == {i.pk for i in lonely}
    # the selection decides: one month of ours against ACLED's same month
    january = client.get("/api/acled/crosscheck?start=2023-01-01&end=2023-01-31").json()
    assert january["counts"]["matched"] == 3
    # each group as a CSV, with a byte-order mark for Excel
    response = client.get("/api/acled/crosscheck?group=matched")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert table[0][:2] == ["ours_id", "ours_event_date"] and len(table) == 21
    assert client.get("/api/acled/crosscheck?group=nope").status_code == 400


def test_matching_is_one_to_one_closest_first():
    from incidents.acled_reference import Point

    day = START
    ours = [Point(1, day, *DHIBAN, "Battles"), Point(2, day, DHIBAN[0] + 0.01, DHIBAN[1], "Battles")]
    theirs = [Point("A", day, DHIBAN[0] + 0.011, DHIBAN[1], "Battles")]
    matches, only_ours, only_theirs = cross_check(ours, theirs)
    assert [(m.ours, m.acled) for m in matches] == [(2, "A")] and only_ours == [1] and only_theirs == []


def test_the_admin_import_for_editors_only(client, role_users):
    rows, _ours = build(2)
    upload = io.BytesIO(to_csv(rows[:10], BAD_LINES[:1]).encode())
    upload.name = "acled.csv"
    client.force_login(role_users["Viewer"])  # a Viewer has no admin at all
    assert client.post("/admin/incidents/acledevent/import/", {"file": upload}).status_code == 302
    assert AcledEvent.objects.count() == 0
    staff = role_users["Viewer"].__class__.objects.create_user("staff-only", password="x", is_staff=True)
    client.force_login(staff)  # staff without the role's permission: refused
    upload.seek(0)
    assert client.post("/admin/incidents/acledevent/import/", {"file": upload}).status_code == 403
    upload.seek(0)
    client.force_login(role_users["Editor"])
    page = client.post("/admin/incidents/acledevent/import/", {"file": upload}).content.decode()
    assert "10 created" in page and "event_date not a date" in page
    assert AcledEvent.objects.count() == 10
    assert client.get("/admin/incidents/acledevent/").status_code == 200


def test_matching_equals_a_brute_force_over_every_pair():
    # The vectorised matching against the plain definition: every pair of one type family within
    # MAX_KM and MAX_DAYS, taken closest first (days, km, then the lower ids), each event once. Dense
    # clusters on cell borders, equal dates and types that do and do not pair.
    import random

    from incidents.acled_reference import MAX_DAYS, MAX_KM, Point
    from incidents.duplicates import compatible_types
    from incidents.extraction.geo import haversine_km

    rng = random.Random(7)
    kinds = ["Battles", "Explosions/Remote violence", "Protests", "Riots", ""]
    centres = [(35.2, 40.4), (35.0, 40.6), (36.2, 37.16), (33.51, 36.29)]  # two near a 0.2° border

    def points(n, ident):
        out = []
        for k in range(n):
            lat, lon = rng.choice(centres)
            day = START + dt.timedelta(days=rng.randint(0, 12))
            out.append(
                Point(
                    ident(k),
                    day,
                    lat + rng.uniform(-0.12, 0.12),
                    lon + rng.uniform(-0.12, 0.12),
                    rng.choice(kinds),
                )
            )
        return out

    ours, theirs = points(400, lambda k: k + 1), points(400, lambda k: f"SYR{k}")
    pairs = sorted(
        (abs((p.day - q.day).days), km, p.id, q.id)
        for p in ours
        for q in theirs
        if abs((p.day - q.day).days) <= MAX_DAYS
        and compatible_types(p.event_type, q.event_type)
        and (km := haversine_km(p.lat, p.lon, q.lat, q.lon)) <= MAX_KM
    )
    used_ours, used_theirs, expected = set(), set(), []
    for apart, km, a, b in pairs:
        if a not in used_ours and b not in used_theirs:
            used_ours.add(a)
            used_theirs.add(b)
            expected.append((a, b, round(km, 2), apart))
    assert len(expected) > 100  # the constructed sets do pair up
    matches, only_ours, only_theirs = cross_check(ours, theirs)
    assert [(m.ours, m.acled, m.distance_km, m.days_apart) for m in matches] == expected
    assert only_ours == [p.id for p in ours if p.id not in used_ours]
    assert only_theirs == [q.id for q in theirs if q.id not in used_theirs]
    assert cross_check([], theirs) == ([], [], [q.id for q in theirs])
