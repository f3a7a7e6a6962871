"""The 15-minute fitness circle: distances, weighting, what counts, and the query budget."""

import math
from datetime import date
from decimal import Decimal

import pytest

from facilities.indicators.circle import METRES_PER_DEGREE, fitness_circle, fitness_circle_trace
from facilities.indicators.targets import FULL_COVERAGE_PERCENT, TREND_YEARS
from facilities.models import Community, Facility

from ..conftest import make_facility, make_township

pytestmark = pytest.mark.django_db
LAT, LON = 26.42, 103.30


@pytest.fixture
def town():
    return make_township("金钟街道", "530326001000", is_urban=True)


def community(town, name, population=1000, lat=LAT, lon=LON, kind="community"):
    return Community.objects.create(
        township=town, name=name, kind=kind, population=population, latitude=lat, longitude=lon
    )


def north(metres):
    """Degrees of latitude for `metres` due north: exact on the sphere the distances use."""
    return metres / METRES_PER_DEGREE


def east(metres, lat=LAT):
    return metres / (METRES_PER_DEGREE * math.cos(math.radians(lat)))


def venue(town, name, lat, lon=LON, **kwargs):
    return make_facility(town, name, latitude=lat, longitude=lon, **kwargs)


def test_900_m_is_covered_and_1100_m_is_not_weighted_by_population(town):
    community(town, "金钟社区", population=8000, lat=LAT)
    community(town, "西园社区", population=2000, lat=LAT + 0.5)
    venue(town, "金钟篮球场", LAT + north(900))
    venue(town, "西园篮球场", LAT + 0.5 + north(1100))

    indicator = fitness_circle(2025)

    assert indicator.key == "fitness_circle"
    assert indicator.value == pytest.approx(80.0)
    assert (indicator.numerator, indicator.denominator) == (8000, 10000)
    assert indicator.target == FULL_COVERAGE_PERCENT
    assert indicator.data_date == date(2025, 12, 31)
    extras = dict(indicator.extras)
    assert extras["Urban communities covered (unweighted)"] == "1 of 2 (50.0 %)"
    [gap] = indicator.gaps
    assert gap.label == "西园社区"
    assert "西园篮球场, 1100 m" in gap.detail
    assert "2000" in gap.detail
    assert gap.url.endswith(f"/edit/{Community.objects.get(name='西园社区').pk}/")


def test_the_radius_is_a_setting(town, settings):
    community(town, "西园社区", lat=LAT)
    venue(town, "西园篮球场", LAT + north(1100))
    assert fitness_circle(2025).value == 0
    settings.PORTAL_FITNESS_CIRCLE_METRES = 1200
    indicator = fitness_circle(2025)
    assert indicator.value == 100
    assert indicator.gaps == []


def test_east_west_distances_use_the_latitude(town):
    community(town, "东社区", lat=LAT, lon=LON)
    community(town, "西社区", lat=LAT, lon=LON + 1)
    venue(town, "东球场", LAT, LON + east(950))
    venue(town, "西球场", LAT, LON + 1 + east(1050))
    assert [gap.label for gap in fitness_circle(2025).gaps] == ["西社区"]


@pytest.mark.parametrize(
    "state",
    [
        {"status": "closed", "closed_on": date(2024, 6, 1)},
        {"status": "planned"},
        {"open_to_public": False},
        {"publish": False},
        {"opened_on": date(2026, 1, 5)},
    ],
    ids=["closed", "planned", "not-public", "draft", "opened-later"],
)
def test_venues_that_do_not_count_never_cover(town, state):
    community(town, "金钟社区")
    venue(town, "球场", LAT + north(100), **state)
    indicator = fitness_circle(2025)
    assert indicator.value == 0
    assert [gap.label for gap in indicator.gaps] == ["金钟社区"]


def test_a_venue_closed_after_the_reference_day_still_counts(town):
    community(town, "金钟社区")
    venue(town, "球场", LAT + north(100), status="closed", closed_on=date(2026, 3, 1))
    assert fitness_circle(2025).value == 100


def test_a_venue_opened_in_2024_counts_from_2024(town):
    community(town, "金钟社区")
    venue(town, "新球场", LAT + north(300), opened_on=date(2024, 5, 1))
    assert fitness_circle(2023).value == 0
    assert fitness_circle(2024).value == 100
    trend = dict(fitness_circle(2025).trend)
    assert list(trend) == list(TREND_YEARS)
    assert trend[2023] == 0
    assert trend[2024] == trend[2025] == 100


def test_communities_without_centroid_or_population_are_listed_not_counted(town):
    community(town, "金钟社区", population=5000)
    community(town, "无坐标社区", population=3000, lat=None, lon=None)
    community(town, "无人口社区", population=None)
    community(town, "无坐标村", kind="village", lat=None, lon=None)
    venue(town, "球场", LAT + north(200))

    indicator = fitness_circle(2025)

    assert indicator.value == 100
    assert indicator.denominator == 5000
    extras = dict(indicator.extras)
    assert extras["Urban communities not assessed"] == "2"
    assert extras["Villages not assessed"] == "1"
    not_assessed = indicator.breakdown("Not assessed: no centroid or no population").rows
    notes = {row.label: row.note for row in not_assessed}
    assert set(notes) == {"金钟街道 无坐标社区", "金钟街道 无人口社区", "金钟街道 无坐标村"}
    assert notes["金钟街道 无坐标社区"].endswith("no centroid")
    assert notes["金钟街道 无人口社区"].endswith("no population")
    assert indicator.gaps == []
    assert any("left out of both" in note for note in indicator.notes)


def test_villages_are_a_breakdown_not_the_headline(town):
    community(town, "金钟社区", population=6000)
    community(town, "小村", population=4000, kind="village", lat=LAT + 0.3)
    venue(town, "球场", LAT + north(500))

    indicator = fitness_circle(2025)

    assert indicator.value == 100
    rows = {
        row.key: row for row in indicator.breakdown("Communities and villages, by population").rows
    }
    assert rows["community"].value == 100
    assert rows["village"].value == 0
    assert (rows["all"].numerator, rows["all"].denominator) == (6000, 10000)
    assert dict(indicator.extras)["All communities and villages (unweighted)"] == (
        "1 of 2 (50.0 %)"
    )
    assert indicator.gaps == []  # villages are not gaps of the urban target


def test_every_township_has_a_row(town):
    rural = make_township("大海乡", "530326201000", kind="township")
    community(town, "金钟社区")
    community(rural, "大海村", kind="village")
    venue(town, "球场", LAT + north(100))
    rows = {row.label: row for row in fitness_circle(2025).by_township}
    assert rows["金钟街道"].value == 100
    assert rows["大海乡"].value is None
    assert rows["大海乡"].denominator == 0


def test_trace_rows_show_the_nearest_venue(town):
    community(town, "金钟社区", population=8000)
    community(town, "远社区", lat=LAT + 1)
    venue(town, "金钟篮球场", LAT + north(900))
    trace = fitness_circle_trace(2025)
    rows = {row[1]: row for row in trace.rows}
    assert len(trace.headers) == len(rows["金钟社区"])
    assert rows["金钟社区"][6:] == (True, True, "金钟篮球场", 900)
    assert rows["远社区"][6:] == (True, False, None, None)


def bulk(town, communities, venues, start=0):
    Community.objects.bulk_create(
        Community(
            township=town,
            name=f"社区{i}",
            kind="community" if i % 2 else "village",
            population=100 + i,
            latitude=LAT + i * 0.01,
            longitude=LON,
        )
        for i in range(start, start + communities)
    )
    Facility.objects.bulk_create(
        Facility(
            name=f"场地{i}",
            slug=f"v-{i}",
            township=town,
            kind="fitness_path",
            owner_type="public_institution",
            latitude=LAT + i * 0.02,
            longitude=LON,
            playing_area=Decimal(100),
            live=True,
        )
        for i in range(start, start + venues)
    )


def test_the_number_of_queries_does_not_grow_with_the_data(town, django_assert_max_num_queries):
    bulk(town, 4, 2)
    with django_assert_max_num_queries(5):
        small = fitness_circle(2025)
    bulk(town, 200, 100, start=4)
    with django_assert_max_num_queries(5):
        large = fitness_circle(2025)
    assert len(large.gaps) > len(small.gaps) > 0
