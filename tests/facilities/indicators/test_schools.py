"""Eligible schools open to the public: published hours, and the weekly-hours policy."""

from datetime import date, time

import pytest

from facilities.hours.fields import mask_of
from facilities.hours.models import CalendarDay, OpeningRule, SchoolVacation
from facilities.indicators.schools import reference_week, school_opening, school_opening_trace
from facilities.indicators.targets import FULL_COVERAGE_PERCENT, TREND_YEARS
from facilities.models import School

from ..conftest import make_facility, make_township, make_unit

pytestmark = pytest.mark.django_db
WEEKDAYS = mask_of(range(5))
WEEK = date(2025, 12, 22)  # the last complete week of 2025 (no calendar entered in these tests)


@pytest.fixture
def town():
    return make_township("金钟街道", "530326001000", is_urban=True)


def school(town, name, eligible=True, pupils=800):
    return School.objects.create(
        name=name, township=town, stage="primary", pupils=pupils, eligible_for_opening=eligible
    )


def ground(town, owner, name="操场", **kwargs):
    facility = make_facility(
        town, f"{owner.name}{name}", owner_type="school", school=owner, **kwargs
    )
    return make_unit(facility, "1号场")


def rule(unit, weekdays, opens, closes, valid_from=date(2025, 1, 1), valid_until=None):
    return OpeningRule.objects.create(
        unit=unit,
        season="term",
        weekdays=weekdays,
        opens_at=time(*opens),
        closes_at=time(*closes),
        valid_from=valid_from,
        valid_until=valid_until,
    )


def sixteen_hours(unit):
    """Exactly the default policy: 1 h each weekday morning, 2 h each evening, 1 h Saturday."""
    rule(unit, WEEKDAYS, (6, 30), (7, 30))
    rule(unit, WEEKDAYS, (18, 0), (20, 0))
    rule(unit, mask_of([5]), (8, 0), (9, 0))


def test_eligible_schools_with_hours_count_and_the_others_are_gaps(town):
    open_school = school(town, "金钟小学")
    sixteen_hours(ground(town, open_school))
    closed_school = school(town, "西园小学")
    ground(town, closed_school)  # a ground, but no hours
    school(town, "山区小学", eligible=False)

    indicator = school_opening(2025)

    assert indicator.key == "school_opening"
    assert (indicator.numerator, indicator.denominator) == (1, 2)
    assert indicator.value == 50
    assert indicator.target == FULL_COVERAGE_PERCENT
    [gap] = indicator.gaps
    assert gap.label == "西园小学"
    assert gap.detail == "No public opening hours published in 2025."
    assert gap.url.endswith(f"/manage/school/{closed_school.pk}/?week=2025-W52")
    extras = dict(indicator.extras)
    assert extras["Ineligible schools (not counted)"] == "1"
    assert extras["Meeting the weekly-hours policy"] == "1 of 2 (50.0 %)"
    assert extras["Reference week"] == "2025-12-22 – 2025-12-28 (2025-W52)"


@pytest.mark.parametrize(
    "state",
    [{"open_to_public": False}, {"publish": False}, {"status": "planned"}],
    ids=["not-public", "draft", "planned"],
)
def test_hours_of_venues_that_do_not_count_are_not_published_hours(town, state):
    owner = school(town, "金钟小学")
    sixteen_hours(ground(town, owner, **state))
    indicator = school_opening(2025)
    assert indicator.value == 0
    assert [gap.label for gap in indicator.gaps] == ["金钟小学"]


def test_an_inactive_unit_or_an_expired_rule_is_not_published_hours(town):
    owner = school(town, "金钟小学")
    unit = ground(town, owner)
    rule(unit, WEEKDAYS, (18, 0), (21, 0), date(2024, 1, 1), valid_until=date(2024, 12, 31))
    assert school_opening(2024).value == 100
    assert school_opening(2025).value == 0
    other = ground(town, owner, name="球场")
    sixteen_hours(other)
    other.is_active = False
    other.save()
    assert school_opening(2025).value == 0


def test_hours_first_valid_in_2024_count_from_2024(town):
    owner = school(town, "金钟小学")
    rule(ground(town, owner), WEEKDAYS, (18, 0), (21, 0), valid_from=date(2024, 3, 1))
    assert school_opening(2023).value == 0
    trend = dict(school_opening(2025).trend)
    assert list(trend) == list(TREND_YEARS)
    assert (trend[2023], trend[2024], trend[2025]) == (0, 100, 100)


def test_schools_below_the_weekly_policy_are_gaps_with_their_hours(town):
    good = school(town, "金钟小学")
    sixteen_hours(ground(town, good))
    short = school(town, "西园小学")
    rule(ground(town, short), WEEKDAYS, (18, 0), (20, 0))  # 10 h, and no mornings

    indicator = school_opening(2025)

    assert indicator.value == 100  # both publish hours
    assert dict(indicator.extras)["Meeting the weekly-hours policy"] == "1 of 2 (50.0 %)"
    [gap] = indicator.gaps
    assert gap.label == "西园小学"
    assert gap.detail.startswith("10 h of public hours in the week of 2025-12-22")
    assert "Monday, Tuesday, Wednesday, Thursday, Friday" in gap.detail
    [table] = indicator.breakdowns
    rows = table.rows
    assert (rows[0].numerator, rows[0].denominator) == (1, 2)


def test_the_hours_of_a_schools_units_are_united(town):
    owner = school(town, "金钟小学")
    morning, evening = ground(town, owner, "操场"), ground(town, owner, "球场")
    rule(morning, WEEKDAYS, (6, 30), (7, 30))
    rule(evening, WEEKDAYS, (18, 0), (20, 0))
    rule(evening, mask_of([5]), (8, 0), (9, 0))
    assert dict(school_opening(2025).extras)["Meeting the weekly-hours policy"] == (
        "1 of 1 (100.0 %)"
    )


def test_the_reference_week_avoids_holidays_and_vacations():
    assert reference_week(date(2025, 12, 31)) == (WEEK, True)
    assert reference_week(date(2025, 12, 28)) == (WEEK, True)  # a Sunday ends its week
    assert reference_week(date(2025, 12, 27)) == (date(2025, 12, 15), True)
    SchoolVacation.objects.create(
        name="寒假", first_day=date(2025, 12, 27), last_day=date(2026, 2, 20)
    )
    CalendarDay.objects.create(date=date(2025, 12, 16), kind="holiday", name="假日")
    assert reference_week(date(2025, 12, 31)) == (date(2025, 12, 8), True)


def test_every_township_has_a_row(town):
    make_township("大海乡", "530326201000", kind="township")
    sixteen_hours(ground(town, school(town, "金钟小学")))
    rows = {row.label: row for row in school_opening(2025).by_township}
    assert rows["金钟街道"].value == 100
    assert rows["大海乡"].value is None


def test_trace_rows(town):
    sixteen_hours(ground(town, school(town, "金钟小学", pupils=900)))
    school(town, "山区小学", eligible=False)
    trace = school_opening_trace(2025)
    rows = {row[1]: row for row in trace.rows}
    assert len(rows["金钟小学"]) == len(trace.headers)
    assert rows["金钟小学"] == ("金钟街道", "金钟小学", 900, True, True, "2025-W52", 16.0, True)
    assert rows["山区小学"][3:] == (False, False, "2025-W52", 0, False)


def test_the_number_of_queries_does_not_grow_with_the_data(town, django_assert_max_num_queries):
    def add(n):
        owner = school(town, f"学校{n}")
        if n % 2:
            sixteen_hours(ground(town, owner))

    add(1)
    with django_assert_max_num_queries(11):
        school_opening(2025)
    for n in range(2, 14):
        add(n)
    with django_assert_max_num_queries(11):
        assert school_opening(2025).numerator == 7
