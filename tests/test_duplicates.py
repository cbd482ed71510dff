"""Duplicate candidates: compatible type, within 10 km, within two days, never two places of one article."""

import datetime as dt

from incidents.duplicates import IncidentPoint, candidate_pairs, compatible_types, find_candidates, groups
from incidents.extraction.geo import haversine_km
from incidents.models import Claim, DistinctPair

DAY = dt.date(2023, 9, 5)
DHIBAN = (35.01498, 40.51028)
BUSAYRAH = (35.15618, 40.42716)  # 17.6 km from Dhiban


def point(i, lat=DHIBAN[0], lon=DHIBAN[1], days=0, kind="Battles", articles=(), demo=False):
    return IncidentPoint(i, DAY + dt.timedelta(days=days), lat, lon, kind, frozenset(articles), demo)


def test_haversine_dhiban_to_busayrah():
    assert 17 < haversine_km(*DHIBAN, *BUSAYRAH) < 18.5


def test_two_reports_a_day_apart_in_one_town_pair():
    [pair] = candidate_pairs([point(1), point(2, lat=35.05, days=1)])
    assert (pair.a, pair.b, pair.days_apart) == (1, 2, 1)
    assert 3.5 < pair.distance_km < 4.5


def test_too_far_or_too_late_do_not_pair():
    assert candidate_pairs([point(1), point(2, *BUSAYRAH)]) == []
    assert candidate_pairs([point(1), point(2, days=3)]) == []


def test_places_of_one_article_are_separate_events():
    assert candidate_pairs([point(1, articles={7}), point(2, lat=35.02, articles={7, 8})]) == []


def test_types_must_be_compatible():
    assert compatible_types("Battles", "Explosions/Remote violence")
    assert compatible_types("", "Protests")
    assert not compatible_types("Protests", "Battles")
    assert candidate_pairs([point(1, kind="Protests"), point(2, kind="Battles")]) == []


def test_demo_never_pairs_with_real_and_dismissed_pairs_stay_dismissed():
    assert candidate_pairs([point(1), point(2, demo=True)]) == []
    assert candidate_pairs([point(1), point(2)], dismissed={(1, 2)}) == []


def test_grid_finds_pairs_across_cell_edges():
    # 0.2° cells: these straddle a cell edge in both directions and are 1.5 km apart
    pairs = candidate_pairs([point(1, lat=35.1995, lon=40.3995), point(2, lat=35.2005, lon=40.4155)])
    assert len(pairs) == 1


def test_find_candidates_over_the_database(make_incident, make_source):
    a = make_incident()
    b = make_incident(source=make_source("sohr", "SOHR"), lat=35.03, event_date=DAY + dt.timedelta(days=2))
    make_incident(lat=BUSAYRAH[0], lon=BUSAYRAH[1])  # too far from both
    pairs, total, _groups = find_candidates()
    assert total == 1
    [(pair, left, right)] = pairs
    assert {left.pk, right.pk} == {a.pk, b.pk}
    DistinctPair.objects.create(incident_a=a, incident_b=b)
    assert find_candidates()[1] == 0


def test_find_candidates_skips_merged_incidents(make_incident):
    from incidents.merging import merge_incidents

    a, b = make_incident(), make_incident(lat=35.02)
    c = make_incident(lat=35.03)
    merge_incidents(a, [b])
    pairs, total, _groups = find_candidates()
    assert total == 1 and {pairs[0][1].pk, pairs[0][2].pk} == {a.pk, c.pk}
    assert Claim.objects.filter(incident=a).count() == 2


def test_a_window_keeps_pairs_whose_later_report_is_inside_it(make_incident):
    a = make_incident(event_date=DAY)
    b = make_incident(lat=35.02, event_date=DAY + dt.timedelta(days=1))
    assert find_candidates(since=DAY + dt.timedelta(days=1))[1] == 1  # a is before the window, b inside
    assert find_candidates(since=DAY + dt.timedelta(days=2))[1] == 0
    assert {a.pk, b.pk} == {p.pk for p in find_candidates(since=DAY)[0][0][1:]}


def test_an_undated_report_pairs_by_its_publication_date():
    undated = IncidentPoint(2, DAY, 35.02, DHIBAN[1], "Battles", dated=False)
    [pair] = candidate_pairs([point(1), undated])
    assert pair.approximate_date and pair.distance_km is not None
    assert not candidate_pairs([point(1), point(2, lat=35.02)])[0].approximate_date


def test_reports_without_coordinates_pair_by_the_place_name_as_written():
    def unlocated(i, name="الكشكيه", admin1="Deir ez-Zor", days=0):
        return IncidentPoint(
            i, DAY + dt.timedelta(days=days), None, None, "Battles", place_name=name, admin1=admin1
        )

    [pair] = candidate_pairs([unlocated(1), unlocated(2, days=1)])
    assert (pair.a, pair.b, pair.distance_km, pair.days_apart) == (1, 2, None, 1)
    assert (
        candidate_pairs([unlocated(1), unlocated(2, admin1="Idlib")]) == []
    )  # another governorate's namesake
    assert candidate_pairs([unlocated(1), unlocated(2, name="الحصان")]) == []
    assert candidate_pairs([unlocated(1), unlocated(2, days=3)]) == []
    # a located report of the same name pairs with an unlocated one; two located ones go by distance
    located = IncidentPoint(3, DAY, *BUSAYRAH, "Battles", place_name="الكشكيه", admin1="Deir ez-Zor")
    assert [(p.a, p.b) for p in candidate_pairs([unlocated(1), located])] == [(1, 3)]
    far = IncidentPoint(4, DAY, *DHIBAN, "Battles", place_name="الكشكيه", admin1="Deir ez-Zor")
    assert candidate_pairs([located, far]) == []


def test_three_reports_of_one_event_form_a_group():
    pairs = candidate_pairs([point(1), point(2, lat=35.03), point(3, lat=35.05), point(4, *BUSAYRAH)])
    assert groups(pairs) == [[1, 2, 3]]
    assert groups(candidate_pairs([point(1), point(2, lat=35.03)])) == []


def test_find_candidates_compares_undated_and_unlocated_incidents(make_incident, make_source):
    from incidents.models import Article

    dated = make_incident()
    undated = make_incident(source=make_source("sohr", "SOHR"), event_date=None, lat=35.02)
    Article.objects.filter(claims__incident=undated).update(
        published_at=dt.datetime(DAY.year, DAY.month, DAY.day, 9, tzinfo=dt.UTC)
    )
    nowhere = [
        make_incident(source=make_source(f"s{n}", f"S{n}"), lat=None, lon=None, location="الكشكية")
        for n in range(2)
    ]
    make_incident(event_date=None, lat=35.03)  # no date and no report date: nothing to compare by
    pairs, total, found_groups = find_candidates()
    found = {frozenset((left.pk, right.pk)): pair for pair, left, right in pairs}
    assert found[frozenset((dated.pk, undated.pk))].approximate_date
    assert found[frozenset(n.pk for n in nowhere)].distance_km is None
    assert total == 2 and found_groups == []
