"""Per-capita sports area: the published figures, recomputed from their inputs."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from facilities.indicators.area import per_capita, sports_area, sports_area_trace
from facilities.indicators.targets import TREND_YEARS
from facilities.models import Facility, School, TownshipPopulation

from ..conftest import make_facility, make_township

pytestmark = pytest.mark.django_db


def population(township, year, people):
    # create() skips the form validator's 20-million cap; the column holds the national figure.
    return TownshipPopulation.objects.create(
        township=township, year=year, population=people, source="test"
    )


def bulk_venues(township, count, area, prefix="v", **fields):
    Facility.objects.bulk_create(
        Facility(
            name=f"{prefix}{i}",
            slug=f"{prefix}-{township.pk}-{i}",
            township=township,
            kind="football_11",
            owner_type="public_institution",
            latitude=26.4,
            longitude=103.3,
            playing_area=Decimal(area),
            live=True,
            **fields,
        )
        for i in range(count)
    )


def test_per_capita_reproduces_the_2013_national_census():
    # 1.992 bn m² ÷ 1,361 m people = 1.46 m² (domain facts).
    assert round(per_capita(Decimal("1992000000"), 1_361_000_000), 2) == 1.46
    assert round(per_capita(1_246_766, 467_900), 2) == 2.66
    assert per_capita(1000, 0) is None
    assert per_capita(1000, None) is None


def test_national_2013_through_the_database():
    china = make_township("全国", "100000000000")
    population(china, 2013, 1_361_000_000)
    bulk_venues(china, 400, "4980000")  # 400 × 4,980,000 m² = 1.992 bn m²

    indicator = sports_area(2013)

    assert indicator.numerator == Decimal("1992000000")
    assert indicator.denominator == 1_361_000_000
    assert round(indicator.value, 2) == 1.46
    assert indicator.data_date == date(2013, 12, 31)  # never published: the reference day


@pytest.fixture
def yanshan():
    """Yanshan County, 2023: 1,246,766 m² ÷ 467,900 residents = 2.66 m²."""
    county = make_township("砚山县", "532622000000")
    population(county, 2023, 467_900)
    big = {"building_area": Decimal("4000000"), "land_area": Decimal("5000000")}
    make_facility(county, "体育中心", playing_area=Decimal("800000"), **big)
    make_facility(county, "全民健身中心", playing_area=Decimal("300000"), setting="indoor")
    # Opened on the reference day itself, and closing only after it: both count.
    make_facility(county, "新球场", playing_area=Decimal("100000"), opened_on=date(2023, 12, 31))
    make_facility(
        county,
        "旧球场",
        playing_area=Decimal("46766"),
        opened_on=date(2001, 5, 1),
        closed_on=date(2024, 1, 5),
        status="closed",
    )
    # None of these count in 2023.
    make_facility(county, "2024年新建", playing_area=Decimal("90000"), opened_on=date(2024, 3, 1))
    make_facility(
        county,
        "已关闭",
        playing_area=Decimal("80000"),
        closed_on=date(2023, 6, 30),
        status="closed",
    )
    make_facility(county, "规划中", playing_area=Decimal("70000"), status="planned")
    make_facility(county, "草稿", playing_area=Decimal("60000"), publish=False)
    return county


def test_yanshan_2023_through_the_database(yanshan):
    indicator = sports_area(2023)

    assert indicator.numerator == Decimal("1246766")
    assert indicator.denominator == 467_900
    assert round(indicator.value, 2) == 2.66
    assert indicator.meets_target
    assert indicator.target == 2.5
    assert indicator.unit == "m²"
    [row] = indicator.by_township
    assert (row.label, round(row.value, 2), row.note) == ("砚山县", 2.66, "")
    assert indicator.gaps == []
    assert indicator.data_date == timezone.localdate()  # the venues' last publication


def test_the_trace_marks_what_counts(yanshan):
    trace = sports_area_trace(2023)
    rows = list(trace.rows)
    counted = trace.headers.index(next(h for h in trace.headers if "2023-12-31" in h))
    area = trace.headers.index("playing area (m²)")

    names = {row[1] for row in rows}
    assert "草稿" not in names  # drafts are not public
    assert len(rows) == 7
    assert sum(row[area] for row in rows if row[counted]) == Decimal("1246766")
    assert {row[1] for row in rows if not row[counted]} == {"2024年新建", "已关闭", "规划中"}
    assert all(row[-2:] == (467_900, 2023) for row in rows)


def test_population_of_an_earlier_year_is_borrowed_and_a_township_without_any_is_left_out():
    borrowed = make_township("金钟街道", "530326001000")
    missing = make_township("大海乡", "530326201000", kind="township")
    empty = make_township("老厂乡", "530326202000", kind="township")
    population(borrowed, 2021, 1000)
    population(borrowed, 2024, 9999)  # a later figure is never used for 2023
    population(empty, 2023, 1000)
    make_facility(borrowed, "球场", playing_area=Decimal("3000"))
    make_facility(missing, "草山", playing_area=Decimal("50000"))

    indicator = sports_area(2023)

    # (3,000 + 0) m² ÷ (1,000 + 1,000): the 50,000 m² without residents stay out of both sides.
    assert indicator.numerator == 3000
    assert indicator.denominator == 2000
    assert indicator.value == 1.5
    rows = {row.label: row for row in indicator.by_township}
    assert rows["金钟街道"].value == 3.0
    assert "2021" in rows["金钟街道"].note
    assert rows["大海乡"].value is None
    assert rows["大海乡"].numerator == 50000
    assert "left out" in rows["大海乡"].note
    assert (rows["老厂乡"].value, rows["老厂乡"].note) == (0.0, "no venue counted")
    assert rows["金钟街道"].url == "/venues/?township=530326001000"  # the township's venues
    assert any("金钟街道" in note and "2021" in note for note in indicator.notes)
    assert any("大海乡" in note for note in indicator.notes)
    assert [gap.label for gap in indicator.gaps] == ["老厂乡"]


def test_school_grounds_and_indoor_outdoor_split():
    town = make_township()
    school = School.objects.create(name="一中", township=town, stage="senior")
    population(town, 2023, 1000)
    make_facility(town, "公园", playing_area=Decimal("1000"), setting="outdoor")
    make_facility(
        town,
        "学校体育馆",
        playing_area=Decimal("500"),
        setting="indoor",
        owner_type="school",
        school=school,
    )
    make_facility(town, "健身中心", playing_area=Decimal("300"), setting="both")

    indicator = sports_area(2023)

    assert indicator.value == 1.8
    extras = dict(indicator.extras)
    assert extras["Without school grounds"] == "1.30 m² per resident"
    split = {row.key: row for row in indicator.breakdown("Indoor or outdoor").rows}
    assert {key: row.numerator for key, row in split.items()} == {
        "indoor": 500,
        "outdoor": 1000,
        "both": 300,
    }
    assert split["both"].value == 0.3
    owners = {row.key: row.numerator for row in indicator.breakdown("School grounds").rows}
    assert owners == {"school": 500, "other": 1300}
    # A part of the area per resident is no measure the 2.5 m² target is set for.
    for table in indicator.breakdowns:
        assert table.target is None
        assert table.numerator_label == "Playing area of these venues (m²)"


def test_gaps_list_townships_below_the_target_lowest_first():
    low = make_township("甲", "530326001000")
    lower = make_township("乙", "530326002000")
    fine = make_township("丙", "530326003000")
    for township, area in ((low, "2000"), (lower, "1000"), (fine, "2600")):
        population(township, 2023, 1000)
        make_facility(township, f"{township.name}场", playing_area=Decimal(area))

    indicator = sports_area(2023)

    assert [gap.label for gap in indicator.gaps] == ["乙", "甲"]
    assert indicator.value == pytest.approx(5600 / 3000)


def test_trend_counts_each_year_on_its_own_reference_day():
    town = make_township()
    for year in TREND_YEARS:
        population(town, year, 1000 + 100 * (year - 2020))
    make_facility(town, "老场", playing_area=Decimal("2000"), opened_on=date(2010, 1, 1))
    make_facility(town, "新场", playing_area=Decimal("1100"), opened_on=date(2022, 7, 1))

    trend = dict(sports_area(2023).trend)

    assert list(trend) == list(TREND_YEARS)
    assert trend[2020] == 2.0
    assert trend[2021] == pytest.approx(2000 / 1100)
    assert trend[2022] == pytest.approx(3100 / 1200)
    assert trend[2025] == pytest.approx(3100 / 1500)


def test_no_population_at_all_gives_no_value():
    town = make_township()
    make_facility(town, "球场")

    indicator = sports_area(2023)

    assert indicator.value is None
    assert indicator.denominator == 0
    assert indicator.by_township[0].value is None


@pytest.mark.parametrize("function", [sports_area, lambda year: list(sports_area_trace(year).rows)])
def test_query_count_does_not_grow_with_the_rows(function, django_assert_max_num_queries):
    towns = [make_township(f"镇{i}", f"53032600{i}000") for i in range(4)]
    for town in towns:
        population(town, 2023, 5000)

    counts = []
    for count in (10, 200):
        Facility.objects.all().delete()
        for i, town in enumerate(towns):
            bulk_venues(town, count // 4, "1000", prefix=f"n{count}-{i}-", setting="both")
        with CaptureQueriesContext(connection) as queries:
            function(2023)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(3):
        function(2023)
