"""Booking utilisation: places taken ÷ places offered by the slot planner, over four weeks."""

from datetime import date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from facilities.booking.models import Booking
from facilities.hours.fields import ALL_DAYS
from facilities.hours.models import CalendarDay, HoursException, OpeningRule
from facilities.hours.planner import SlotPlanner
from facilities.indicators.targets import TREND_YEARS
from facilities.indicators.utilisation import (
    _slots_offered,
    booking_utilisation,
    booking_utilisation_trace,
    period,
)

from ..conftest import make_facility, make_resident, make_unit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
FIRST, LAST = date(2025, 12, 1), date(2025, 12, 28)  # the last four complete weeks of 2025
CODES = count()


def evening_unit(facility, name="1号场", capacity=10, valid_from=date(2025, 1, 1)):
    """Open every day 18:00–20:00: two one-hour slots a day."""
    unit = make_unit(facility, name, capacity=capacity, slot_minutes=60)
    OpeningRule.objects.create(
        unit=unit,
        season="always",
        weekdays=ALL_DAYS,
        opens_at=time(18),
        closes_at=time(20),
        valid_from=valid_from,
    )
    return unit


def book(unit, user, day, people, status="confirmed", hour=18):
    start = datetime.combine(day, time(hour), TZ)
    return Booking.objects.create(
        unit=unit,
        user=user,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        party_size=people,
        status=status,
        code=f"U{next(CODES):07d}",
    )


@pytest.fixture
def resident(django_user_model):
    return make_resident(django_user_model)


def test_the_period_is_the_last_four_complete_weeks():
    assert period(2025, today=date(2026, 11, 29)) == (FIRST, LAST)
    # This year: up to yesterday's week; a Sunday still in progress is not complete.
    assert period(2026, today=date(2026, 11, 29)) == (date(2026, 10, 26), date(2026, 11, 22))
    assert period(2026, today=date(2026, 11, 30)) == (date(2026, 11, 2), date(2026, 11, 29))


def test_places_taken_over_places_offered(townships, resident):
    unit = evening_unit(make_facility(townships[0], "金钟篮球场"))
    # 28 days × 2 slots × 10 places = 560; an all-day closure takes 2 slots (20 places) away.
    HoursException.objects.create(facility=unit.facility, kind="closure", date=date(2025, 12, 10))
    book(unit, resident, date(2025, 12, 1), 2)
    book(unit, resident, date(2025, 12, 2), 2)
    book(unit, resident, date(2025, 12, 3), 2, hour=19)
    book(unit, resident, date(2025, 12, 4), 4, status="checked_in")
    book(unit, resident, date(2025, 12, 5), 1, status="no_show")
    book(unit, resident, date(2025, 12, 6), 5, status="cancelled")  # frees its places
    book(unit, resident, date(2025, 11, 30), 3)  # before the period
    book(unit, resident, date(2025, 12, 29), 3)  # after it

    indicator = booking_utilisation(2025)

    assert indicator.key == "booking_utilisation"
    assert indicator.target is None
    assert (indicator.numerator, indicator.denominator) == (11, 540)
    assert indicator.value == pytest.approx(100 * 11 / 540)
    extras = dict(indicator.extras)
    assert extras["Slots open"] == "54"
    assert extras["Bookings"] == "5"
    assert extras["No-show rate"] == "1 of 2 (50.0 %)"
    assert extras["Period"] == "2025-12-01 – 2025-12-28 (4 weeks)"
    assert indicator.data_date == LAST
    assert indicator.gaps == []


def test_by_township_and_by_kind(townships, resident):
    jinzhong, dahai = townships
    court = evening_unit(make_facility(jinzhong, "篮球场", kind="basketball_outdoor"))
    hall = evening_unit(make_facility(dahai, "羽毛球馆", kind="badminton"), capacity=4)
    book(court, resident, date(2025, 12, 1), 8)
    book(hall, resident, date(2025, 12, 1), 4)

    indicator = booking_utilisation(2025)

    assert (indicator.numerator, indicator.denominator) == (12, 560 + 224)
    rows = {row.label: row for row in indicator.by_township}
    assert (rows["金钟街道"].numerator, rows["金钟街道"].denominator) == (8, 560)
    assert (rows["大海乡"].numerator, rows["大海乡"].denominator) == (4, 224)
    kinds = {row.key: row for row in indicator.breakdown("By venue kind").rows}
    assert kinds["badminton"].value == pytest.approx(100 * 4 / 224)
    assert kinds["basketball_outdoor"].value == pytest.approx(100 * 8 / 560)


def test_units_that_do_not_count_offer_nothing(townships, resident):
    counted = evening_unit(make_facility(townships[0], "开放球场"))
    private = evening_unit(make_facility(townships[0], "内部球场", open_to_public=False))
    inactive = evening_unit(make_facility(townships[0], "停用球场"))
    inactive.is_active = False
    inactive.save()
    for unit in (counted, private, inactive):
        book(unit, resident, date(2025, 12, 1), 2)
    indicator = booking_utilisation(2025)
    assert (indicator.numerator, indicator.denominator) == (2, 560)


def test_a_venue_opened_in_2026_does_not_count_for_2025(townships, resident):
    old = evening_unit(make_facility(townships[0], "老球场"))
    new = evening_unit(make_facility(townships[0], "新球场", opened_on=date(2026, 1, 10)))
    book(old, resident, date(2025, 12, 1), 1)
    book(new, resident, date(2025, 12, 1), 1)  # a test booking before the opening
    assert booking_utilisation(2025).denominator == 560


def test_years_without_bookings_have_no_figure(townships, resident):
    unit = evening_unit(make_facility(townships[0], "球场"), valid_from=date(2020, 1, 1))
    book(unit, resident, date(2025, 12, 1), 5)
    indicator = booking_utilisation(2025)
    trend = dict(indicator.trend)
    assert list(trend) == list(TREND_YEARS)
    assert trend[2025] == pytest.approx(100 * 5 / 560)
    assert trend[2024] is None
    assert booking_utilisation(2024).value is None


def test_trace_has_a_row_per_unit(townships, resident):
    unit = evening_unit(make_facility(townships[0], "金钟篮球场"))
    book(unit, resident, date(2025, 12, 1), 7)
    trace = booking_utilisation_trace(2025)
    [row] = list(trace.rows)
    assert len(row) == len(trace.headers)
    assert row[:2] == ("金钟街道", "金钟篮球场")
    assert row[6:10] == (56, 560, 7, 1)
    assert row[-1] == pytest.approx(1.25)


def test_the_number_of_queries_does_not_grow_with_the_data(
    townships, resident, django_assert_max_num_queries
):
    def venue(n):
        unit = evening_unit(make_facility(townships[n % 2], f"球场{n}"))
        for day in range(1, 4):
            book(unit, resident, date(2025, 12, day), 1 + n % 3)

    venue(0)
    with django_assert_max_num_queries(12):
        booking_utilisation(2025)
    for n in range(1, 12):
        venue(n)
    with django_assert_max_num_queries(12):
        assert booking_utilisation(2025).numerator > 20


def test_slots_offered_match_the_planner_day_by_day(townships):
    """Days of one profile are worked out once; rules that change, closures, extra openings,
    holidays and moved working days must still give the planner's own count."""
    facility = make_facility(townships[0], "体育馆")
    steady = evening_unit(facility, "1号场")
    changing = evening_unit(facility, "2号场", valid_from=date(2025, 12, 15))
    OpeningRule.objects.create(
        unit=steady,
        season="term",
        weekdays=ALL_DAYS,
        opens_at=time(6),
        closes_at=time(8),
        valid_from=date(2025, 1, 1),
    )
    HoursException.objects.create(facility=facility, kind="closure", date=date(2025, 12, 10))
    HoursException.objects.create(
        facility=facility,
        unit=steady,
        kind="extra",
        date=date(2025, 12, 13),
        starts_at=time(9),
        ends_at=time(12),
    )
    CalendarDay.objects.create(date=date(2025, 12, 19), kind="holiday", name="测试假日")
    CalendarDay.objects.create(
        date=date(2025, 12, 21), kind="workday", name="调休上班", follows_weekday=0
    )
    days = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    planner = SlotPlanner([steady, changing], FIRST, LAST)
    profiles = {day: planner.profile(day) for day in days}

    for unit in (steady, changing):
        by_day = sum(
            (end - start) // 60 for day in days for start, end in planner.open_intervals(unit, day)
        )
        assert _slots_offered(planner, unit, days, profiles) == by_day
    # 27 open days of 2 evening slots + 26 term mornings of 2 (not the holiday 19th), + 3 extra
    assert _slots_offered(planner, steady, days, profiles) == 27 * 2 + 26 * 2 + 3
