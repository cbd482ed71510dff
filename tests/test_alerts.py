"""Change alerts per district (incidents/alerts.py) on constructed weekly series with a known answer."""

import datetime as dt

import pytest

from incidents.alerts import compute, district_at, label

END = dt.date(2024, 3, 31)
ABU_KAMAL = (34.4519, 40.9186)
DEIR_EZ_ZOR = (35.3359, 40.1408)
AL_MAYADIN = (35.0197, 40.4519)
IDLIB = (35.9306, 36.6339)


def week(n_back: int, count: int, where, fatalities=0, kind="Battles"):
    """``count`` incidents in the week ``n_back`` weeks before the last one (0 = the last week)."""
    day = END - dt.timedelta(days=7 * n_back + 2)
    return [(day, where[0], where[1], fatalities, kind) for _ in range(count)]


def test_thresholds_follow_acled_and_small_numbers_say_too_few():
    assert label(10, 4) == ("large_increase", 1.5)
    assert label(9, 8)[0] == "moderate_increase"  # +12.5 %
    assert label(8, 8)[0] == "limited_change"
    assert label(5, 8)[0] == "decrease"  # -37.5 %
    assert label(2, 1)[0] == "too_few"  # 1 -> 2 is +100 % and means nothing
    assert label(4, 0) == ("large_increase", None)


def test_points_fall_in_their_districts():
    assert district_at(ABU_KAMAL[1], ABU_KAMAL[0]).name_en == "Abu Kamal"
    assert district_at(AL_MAYADIN[1], AL_MAYADIN[0]).name_en == "Al-Mayadin"
    assert district_at(IDLIB[1], IDLIB[0]).governorate == "Idlib"
    assert district_at(35.5, 34.6) is None  # the sea off Tartus


def test_a_district_that_doubles_one_that_stays_flat_and_a_single_spike():
    rows = []
    for n in range(1, 5):  # the four baseline weeks
        rows += week(n, 4, ABU_KAMAL, fatalities=1)
        rows += week(n, 5, DEIR_EZ_ZOR)
    rows += week(0, 8, ABU_KAMAL, fatalities=3, kind="Explosions/Remote violence")  # doubles
    rows += week(0, 5, DEIR_EZ_ZOR)  # flat
    rows += week(0, 1, IDLIB)  # a single incident where there were none: not an alert
    rows += [(None, *AL_MAYADIN, 0, "Battles"), (END, None, None, 0, "Battles")]  # undated; unlocated
    rows += week(6, 50, AL_MAYADIN)  # before the window: ignored
    result = compute(rows, END, weeks=4)
    by_name = {d["name_en"]: d for d in result["districts"]}
    assert by_name["Abu Kamal"] | {"types_last_week": None} == {
        "code": by_name["Abu Kamal"]["code"],
        "name_en": "Abu Kamal",
        "name_ar": by_name["Abu Kamal"]["name_ar"],
        "governorate": "Deir ez-Zor",
        "last_week": 8,
        "baseline": 4.0,
        "change": 1.0,
        "label": "large_increase",
        "fatalities_last_week": 24,
        "fatalities_baseline": 4.0,
        "types_last_week": None,
    }
    assert by_name["Abu Kamal"]["types_last_week"] == {"Explosions/Remote violence": 8}
    assert by_name["Deir ez-Zor"]["label"] == "limited_change"
    assert by_name["Idlib"]["label"] == "too_few"
    assert "Al-Mayadin" not in by_name
    assert [d["name_en"] for d in result["districts"]][0] == "Abu Kamal"  # the changes first
    governorates = {g["name_en"]: g for g in result["governorates"]}
    assert (governorates["Deir ez-Zor"]["last_week"], governorates["Deir ez-Zor"]["baseline"]) == (13, 9.0)
    assert governorates["Deir ez-Zor"]["label"] == "large_increase"  # +44 %
    assert result["unassigned"] == 1
    assert result["window"] == {
        "last_week": ["2024-03-25", "2024-03-31"],
        "baseline": ["2024-02-26", "2024-03-24"],
        "baseline_weeks": 4,
    }


@pytest.mark.django_db
def test_the_api_answers_under_the_same_filters(client, django_user_model, make_incident):
    client.force_login(django_user_model.objects.create_user("viewer", password="x"))
    for n in range(1, 5):
        for _ in range(2):
            make_incident(lat=ABU_KAMAL[0], lon=ABU_KAMAL[1], event_date=END - dt.timedelta(days=7 * n))
    for _ in range(6):
        make_incident(lat=ABU_KAMAL[0], lon=ABU_KAMAL[1], event_date=END)
    make_incident(lat=ABU_KAMAL[0], lon=ABU_KAMAL[1], event_date=END, event_type="Protests")
    data = client.get("/api/alerts").json()
    [abu_kamal] = data["districts"]
    assert (abu_kamal["last_week"], abu_kamal["baseline"], abu_kamal["label"]) == (7, 2.0, "large_increase")
    battles = client.get("/api/alerts?type=Battles&start=2020-01-01").json()  # start is ignored
    assert battles["districts"][0]["last_week"] == 6
    earlier = client.get(f"/api/alerts?end={END - dt.timedelta(days=7)}").json()
    assert earlier["districts"][0]["last_week"] == 2
    assert client.get("/api/alerts?baseline=12").status_code == 400
    assert client.get("/api/alerts?baseline=52").json()["window"]["baseline_weeks"] == 52
