"""Villages with a public ground, townships' centre and trail, large schools' required venues."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from facilities.indicators.coverage import (
    edit_url,
    large_schools,
    large_schools_trace,
    township_fitness,
    township_fitness_trace,
    village_coverage,
    village_coverage_trace,
)
from facilities.indicators.targets import FULL_COVERAGE_PERCENT, TREND_YEARS
from facilities.models import Community, Facility, School

from ..conftest import make_facility, make_township

pytestmark = pytest.mark.django_db
HALL, VOLLEYBALL, TENNIS, TEST_CENTRE = (
    "multi_purpose_hall",
    "volleyball",
    "tennis",
    "physique_test_centre",
)


@pytest.fixture
def town():
    return make_township("大海乡", "530326201000", kind="township")


def village(town, name, kind="village"):
    return Community.objects.create(township=town, name=name, kind=kind, population=1000)


def venue(town, name, **kwargs):
    return make_facility(town, name, **kwargs)


def test_admin_edit_urls_are_reversed_once():
    assert edit_url("community")(42) == reverse(
        "wagtailsnippets_facilities_community:edit", args=[42]
    )


# -- villages ---------------------------------------------------------------------------------


def test_a_village_counts_only_with_a_public_venue_of_its_own(town):
    home, neighbour = village(town, "大海村"), village(town, "小海村")
    venue(town, "大海村篮球场", community=home)
    venue(town, "小海村边的球场", community=home)  # right by 小海村, but registered in 大海村
    village(town, "大海社区", kind="community")  # urban communities are not villages

    indicator = village_coverage(2025)

    assert indicator.key == "village_coverage"
    assert (indicator.numerator, indicator.denominator) == (1, 2)
    assert indicator.value == 50
    assert indicator.target == FULL_COVERAGE_PERCENT
    [gap] = indicator.gaps
    assert (gap.label, gap.township) == ("小海村", "大海乡")
    assert gap.detail == "No sports ground registered in the village."
    assert gap.url == edit_url("community")(neighbour.pk)


@pytest.mark.parametrize(
    "state",
    [
        {"status": "closed", "closed_on": date(2025, 6, 1)},
        {"status": "planned"},
        {"open_to_public": False},
        {"publish": False},
    ],
    ids=["closed", "planned", "not-public", "draft"],
)
def test_venues_that_do_not_count_leave_the_village_a_gap(town, state):
    home = village(town, "大海村")
    venue(town, "球场", community=home, **state)
    indicator = village_coverage(2025)
    assert indicator.value == 0
    assert "1 venue(s) registered, none of them counted" in indicator.gaps[0].detail


def test_a_venue_opened_in_2024_counts_for_2024_not_2023(town):
    home = village(town, "大海村")
    venue(town, "新球场", community=home, opened_on=date(2024, 9, 1))
    assert village_coverage(2023).value == 0
    assert village_coverage(2024).value == 100
    trend = dict(village_coverage(2025).trend)
    assert list(trend) == list(TREND_YEARS)
    assert (trend[2023], trend[2024], trend[2025]) == (0, 100, 100)


def test_villages_by_township_and_trace(town):
    other = make_township("金钟街道", "530326001000", is_urban=True)
    home = village(town, "大海村")
    village(town, "小海村")
    venue(town, "球场", community=home)
    venue(town, "另一球场", community=home)
    rows = {row.label: row for row in village_coverage(2025).by_township}
    assert (rows["大海乡"].numerator, rows["大海乡"].denominator) == (1, 2)
    assert rows[other.name].value is None
    trace = village_coverage_trace(2025)
    assert list(trace.rows) == [
        ("大海乡", "大海村", 1000, 2, True),
        ("大海乡", "小海村", 1000, 0, False),
    ]
    assert len(trace.headers) == 5


# -- townships --------------------------------------------------------------------------------


def test_a_township_with_a_centre_but_no_trail_is_a_gap_naming_the_trail(town):
    complete = make_township("金钟街道", "530326001000", is_urban=True)
    venue(complete, "金钟全民健身中心", kind="fitness_centre")
    venue(complete, "以礼河健身步道", kind="fitness_trail", open_to_public=False)
    venue(town, "大海全民健身中心", kind="fitness_centre")
    venue(town, "规划步道", kind="fitness_trail", status="planned")

    indicator = township_fitness(2025)

    assert indicator.key == "township_fitness"
    assert (indicator.numerator, indicator.denominator) == (1, 2)
    [gap] = indicator.gaps
    assert gap.label == "大海乡"
    assert gap.detail == "Lacks: Fitness trail (健身步道)"
    assert gap.url.endswith("?township=530326201000")
    rows = {row.label: row for row in indicator.by_township}
    assert rows["大海乡"].value == 0
    assert rows["大海乡"].note == "lacks: Fitness trail (健身步道)"
    assert rows["金钟街道"].value == 100
    extras = dict(indicator.extras)
    assert extras["National fitness centre (全民健身中心)"] == "2 of 2 (100.0 %)"
    assert extras["Fitness trail (健身步道)"] == "1 of 2 (50.0 %)"


def test_a_township_with_neither_lists_both(town):
    [gap] = township_fitness(2025).gaps
    assert gap.detail == ("Lacks: National fitness centre (全民健身中心); Fitness trail (健身步道)")


def test_township_trend_and_trace(town):
    venue(town, "健身中心", kind="fitness_centre", opened_on=date(2022, 5, 1))
    venue(town, "步道", kind="fitness_trail", opened_on=date(2024, 5, 1))
    venue(town, "旧步道", kind="fitness_trail", status="closed", closed_on=date(2021, 1, 1))
    trend = dict(township_fitness(2025).trend)
    assert [trend[y] for y in TREND_YEARS] == [0, 0, 0, 0, 100, 100]
    assert list(township_fitness_trace(2023).rows) == [("大海乡", 1, 0, False)]
    assert list(township_fitness_trace(2025).rows) == [("大海乡", 1, 1, True)]


# -- large schools ----------------------------------------------------------------------------


def school(town, name, pupils):
    return School.objects.create(name=name, township=town, stage="senior", pupils=pupils)


def equip(town, owner, kinds, **kwargs):
    for kind in kinds:
        venue(town, f"{owner.name}{kind}", kind=kind, owner_type="school", school=owner, **kwargs)


def test_a_large_school_missing_tennis_is_a_gap_naming_tennis(town):
    big = school(town, "会泽一中", 1600)
    equip(town, big, [HALL, VOLLEYBALL, TEST_CENTRE])
    complete = school(town, "会泽二中", 2400)
    equip(town, complete, [HALL, VOLLEYBALL, TENNIS, TEST_CENTRE], open_to_public=False)
    school(town, "大海中学", 1400)  # not above the threshold
    school(town, "边界中学", 1500)  # "more than 1,500": exactly 1,500 is not counted

    indicator = large_schools(2025)

    assert indicator.key == "large_schools"
    assert (indicator.numerator, indicator.denominator) == (1, 2)
    [gap] = indicator.gaps
    assert gap.label == "会泽一中"
    assert gap.detail == "1600 pupils; lacks: Tennis court"
    assert gap.url == edit_url("school")(big.pk)


def test_the_pupil_threshold_is_a_setting(town, settings):
    school(town, "大海中学", 1400)
    assert large_schools(2025).denominator == 0
    assert large_schools(2025).value is None
    settings.PORTAL_LARGE_SCHOOL_PUPILS = 1000
    [gap] = large_schools(2025).gaps
    assert gap.detail == (
        "1400 pupils; lacks: Indoor multi-purpose hall; Volleyball court; Tennis court; "
        "Physique test centre"
    )


def test_large_school_venues_count_by_year(town):
    big = school(town, "会泽一中", 1600)
    equip(town, big, [HALL, VOLLEYBALL, TEST_CENTRE])
    equip(town, big, [TENNIS], opened_on=date(2024, 3, 1))
    assert large_schools(2023).value == 0
    assert large_schools(2024).value == 100
    trend = dict(large_schools(2025).trend)
    assert (trend[2023], trend[2024]) == (0, 100)
    [row] = large_schools_trace(2023).rows
    assert row == ("大海乡", "会泽一中", 1600, True, True, False, True, False)


def test_a_venue_of_another_school_does_not_count(town):
    big, other = school(town, "会泽一中", 1600), school(town, "会泽二中", 800)
    equip(town, big, [HALL, VOLLEYBALL, TEST_CENTRE])
    equip(town, other, [TENNIS])
    assert large_schools(2025).value == 0


# -- queries ----------------------------------------------------------------------------------


def bulk(town, n, start=0):
    villages = Community.objects.bulk_create(
        Community(township=town, name=f"村{i}", kind="village") for i in range(start, start + n)
    )
    schools = School.objects.bulk_create(
        School(name=f"学校{i}", township=town, stage="senior", pupils=2000)
        for i in range(start, start + n)
    )
    Facility.objects.bulk_create(
        Facility(
            name=f"场地{i}",
            slug=f"v-{i}",
            township=town,
            community=villages[i - start] if i % 2 else None,
            school=schools[i - start],
            kind=[HALL, TENNIS, "fitness_centre"][i % 3],
            owner_type="school",
            latitude=26.4,
            longitude=103.3,
            playing_area=Decimal(100),
            live=True,
        )
        for i in range(start, start + n)
    )


@pytest.mark.parametrize(
    ("function", "budget"),
    [(village_coverage, 3), (township_fitness, 1), (large_schools, 3)],
    ids=["villages", "townships", "large-schools"],
)
def test_the_number_of_queries_does_not_grow_with_the_data(
    town, function, budget, django_assert_max_num_queries
):
    bulk(town, 3)
    with django_assert_max_num_queries(budget):
        small = function(2025)
    for township in range(5):
        bulk(make_township(f"乡{township}", f"5303263{township:02d}000"), 30, 100 * township + 10)
    with django_assert_max_num_queries(budget):
        large = function(2025)
    assert len(large.gaps) > len(small.gaps)
