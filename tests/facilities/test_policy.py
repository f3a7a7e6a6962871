"""A school's week against the opening policy, and its bookings per week (manage/policy.py)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from facilities.booking.models import Booking
from facilities.hours.fields import mask_of
from facilities.hours.models import CalendarDay, HoursException, OpeningRule
from facilities.manage import policy

from .conftest import make_facility, make_resident, make_unit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 3, 2)  # term time, no holidays that week
WEEKDAYS = mask_of(range(5))


@pytest.fixture(autouse=True)
def english():
    """English source strings, whatever the catalogue translates later."""
    with translation.override("en"):
        yield


def rule(unit, weekdays, opens, closes, season="term"):
    return OpeningRule.objects.create(
        unit=unit,
        season=season,
        weekdays=weekdays,
        opens_at=time(*opens),
        closes_at=time(*closes),
        valid_from=date(2026, 1, 1),
    )


@pytest.fixture
def school(schools):
    return schools[0]


@pytest.fixture
def court(townships, school):
    facility = make_facility(townships[0], "东陆高中篮球场", owner_type="school", school=school)
    return make_unit(facility, "1号场")


def report(school, monday=MONDAY):
    return policy.school_week(school, monday).report


# -- pure interval arithmetic -----------------------------------------------------------------


def test_union_merges_overlapping_and_touching_intervals():
    assert policy.union([[(360, 450), (1080, 1260)], [(400, 480)], [(1260, 1300)]]) == [
        (360, 480),
        (1080, 1300),
    ]
    assert policy.union([]) == []


def test_minutes_are_split_at_noon_and_at_five_pm():
    intervals = [(11 * 60, 13 * 60), (16 * 60, 18 * 60)]
    assert policy.minutes_between(intervals, 0, policy.MORNING_ENDS) == 60
    assert policy.minutes_between(intervals, policy.EVENING_STARTS, policy.DAY_ENDS) == 60


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-W10", date(2026, 3, 2)),
        ("2026W10", date(2026, 3, 2)),
        ("2020-W53", date(2020, 12, 28)),
        ("2025-W53", None),  # 2025 has 52 ISO weeks
        ("2026-W00", None),
        ("next week", None),
        ("", None),
    ],
)
def test_iso_weeks_are_parsed_strictly(text, expected):
    assert policy.parse_iso_week(text) == expected


def test_durations_read_as_hours_and_minutes():
    assert policy.format_duration(960) == "16 h"
    assert policy.format_duration(45) == "45 min"
    assert policy.format_duration(75) == "1 h 15 min"
    assert policy.format_duration(0) == "0 min"


# -- the policy -------------------------------------------------------------------------------


def test_typical_hours_meet_every_weekday_minimum_but_not_the_weekly_total(school, court):
    rule(court, WEEKDAYS, (6, 30), (7, 30))  # 60 min in the morning
    rule(court, WEEKDAYS, (18, 0), (20, 0))  # 120 min in the evening
    week = report(school)
    assert week.total_minutes == 15 * 60
    assert all(check.ok for check in week.day_checks)
    assert len(week.day_checks) == 5
    assert not week.weekly_ok
    assert not week.ok


def test_exactly_the_thresholds_pass(school, court):
    rule(court, WEEKDAYS, (6, 30), (7, 30))
    rule(court, WEEKDAYS, (18, 0), (20, 0))
    rule(court, mask_of([5]), (8, 0), (9, 0))  # Saturday: the sixteenth hour
    week = report(school)
    assert week.total_minutes == 16 * 60
    assert week.weekly_ok and week.ok


def test_one_minute_short_in_the_morning_fails_that_check_only(school, court):
    rule(court, WEEKDAYS, (6, 31), (7, 30))  # 59 minutes
    rule(court, WEEKDAYS, (18, 0), (21, 0))
    rule(court, mask_of([5, 6]), (8, 0), (12, 0))
    week = report(school)
    assert week.weekly_ok
    assert [(c.morning_ok, c.evening_ok) for c in week.day_checks] == [(False, True)] * 5
    assert len(week.failed_days) == 5
    assert not week.ok


def test_hours_before_five_pm_do_not_count_as_evening(school, court):
    rule(court, WEEKDAYS, (6, 0), (8, 0))
    rule(court, WEEKDAYS, (16, 0), (18, 0))  # only 17:00–18:00 is evening
    monday = report(school).days[0]
    assert (monday.morning, monday.evening, monday.minutes) == (120, 60, 240)
    assert not report(school).day_checks[0].evening_ok


def test_weekend_days_have_no_daily_minimum(school, court):
    rule(court, mask_of([5, 6]), (8, 0), (18, 0))
    week = report(school)
    assert [check.hours.day.weekday() for check in week.day_checks] == [0, 1, 2, 3, 4]
    assert week.weekly_ok  # 20 hours
    assert not week.ok  # but no weekday opening


def test_a_closure_takes_its_hours_off_the_week(school, court):
    rule(court, WEEKDAYS, (6, 0), (7, 0))
    rule(court, WEEKDAYS, (18, 0), (21, 0))
    HoursException.objects.create(
        facility=court.facility, kind="closure", reason="exam", date=MONDAY + timedelta(days=2)
    )
    week = report(school)
    assert week.total_minutes == 4 * 4 * 60
    assert [check.ok for check in week.day_checks] == [True, True, False, True, True]


def test_the_school_counts_simultaneous_units_once(townships, school, court):
    rule(court, WEEKDAYS, (18, 0), (21, 0))
    second = make_unit(court.facility, "2号场")
    rule(second, WEEKDAYS, (19, 0), (22, 0))
    pool = make_facility(
        townships[0], "东陆高中游泳池", owner_type="school", school=school, kind="pool_outdoor"
    )
    lane = make_unit(pool, "1道")
    rule(lane, WEEKDAYS, (6, 0), (7, 0))
    week = policy.school_week(school, MONDAY)
    # Courts: 18:00–22:00 (4 h) united; pool: 06:00–07:00.
    assert week.report.days[0].intervals == ((360, 420), (1080, 1320))
    assert week.report.total_minutes == 5 * 5 * 60
    by_name = {item.facility.name: item for item in week.facilities}
    assert by_name["东陆高中篮球场"].report.total_minutes == 5 * 4 * 60
    assert by_name["东陆高中游泳池"].report.total_minutes == 5 * 60
    assert not by_name["东陆高中游泳池"].report.ok  # no evening on its own


def test_unpublished_or_closed_venues_and_inactive_units_are_not_public_hours(
    townships, school, court
):
    rule(court, WEEKDAYS, (18, 0), (21, 0))
    draft = make_facility(
        townships[0], "东陆高中新球场", owner_type="school", school=school, publish=False
    )
    rule(make_unit(draft, "1号场"), WEEKDAYS, (6, 0), (8, 0))
    private = make_facility(
        townships[0], "东陆高中体育馆", owner_type="school", school=school, open_to_public=False
    )
    rule(make_unit(private, "馆"), WEEKDAYS, (6, 0), (8, 0))
    rule(make_unit(court.facility, "停用场", is_active=False), WEEKDAYS, (6, 0), (8, 0))
    week = policy.school_week(school, MONDAY)
    assert week.report.total_minutes == 5 * 3 * 60
    reasons = {item.facility.name: item.not_counted_because for item in week.facilities}
    assert reasons["东陆高中篮球场"] == ""
    assert reasons["东陆高中新球场"] == "not published on the portal"
    assert reasons["东陆高中体育馆"] == "not open to the public"


def test_the_holiday_calendar_decides_which_rules_a_day_follows(school, court):
    rule(court, WEEKDAYS, (6, 0), (7, 0))
    rule(court, WEEKDAYS, (18, 0), (20, 0))
    rule(court, mask_of(range(7)), (9, 0), (17, 0), season="vacation")
    week_of_may = date(2026, 5, 4)  # Monday 4 May is a holiday (劳动节补假), Saturday 9 May works
    CalendarDay.objects.create(date=week_of_may, kind="holiday", name="劳动节")
    CalendarDay.objects.create(
        date=date(2026, 5, 9), kind="workday", name="劳动节调休上班", follows_weekday=4
    )
    week = report(school, week_of_may)
    monday, saturday = week.days[0], week.days[5]
    assert monday.intervals == ((540, 1020),) and monday.note == "劳动节"
    assert saturday.intervals == ((360, 420), (1080, 1200))
    assert saturday.note == "劳动节调休上班 (working day)"
    assert week.day_checks[0].morning_ok and not week.day_checks[0].evening_ok


def test_thresholds_come_from_settings(settings, school, court):
    rule(court, WEEKDAYS, (6, 30), (7, 30))
    rule(court, WEEKDAYS, (18, 0), (20, 0))
    assert not report(school).ok
    settings.PORTAL_POLICY_WEEKLY_HOURS = 15
    assert report(school).ok
    settings.PORTAL_POLICY_EVENING_MINUTES = 150
    assert not report(school).ok


# -- bookings and attendance per week ---------------------------------------------------------


def test_weekly_attendance_is_counted_per_local_week_with_empty_weeks(
    django_user_model, school, court
):
    resident = make_resident(django_user_model)
    codes = iter(f"CODE{n:04d}" for n in range(100))

    def booking(day, hour, status, people=1):
        start = datetime.combine(day, time(hour), TZ)
        return Booking.objects.create(
            unit=court,
            user=resident,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            party_size=people,
            status=status,
            code=next(codes),
        )

    booking(MONDAY, 0, "checked_in", 3)  # 00:00 Monday local is Sunday 16:00 UTC
    booking(MONDAY + timedelta(days=2), 19, "no_show", 2)
    booking(MONDAY + timedelta(days=6), 23, "cancelled", 4)
    booking(MONDAY + timedelta(days=3), 19, "confirmed", 1)
    booking(MONDAY - timedelta(days=1), 23, "checked_in", 2)  # the Sunday before
    booking(MONDAY - timedelta(weeks=8), 19, "checked_in", 5)  # too old for 8 weeks

    rows = policy.weekly_attendance(Booking.objects.filter(unit__facility__school=school), MONDAY)
    assert len(rows) == 8
    assert [row.monday for row in rows] == [MONDAY - timedelta(weeks=n) for n in range(7, -1, -1)]
    this_week, last_week = rows[-1], rows[-2]
    assert (
        this_week.bookings,
        this_week.people,
        this_week.checked_in,
        this_week.no_shows,
        this_week.cancelled,
    ) == (3, 6, 1, 1, 1)
    assert this_week.attendance_percent == 50
    assert (last_week.bookings, last_week.people, last_week.checked_in) == (1, 2, 1)
    assert all(row.bookings == 0 and row.attendance_percent is None for row in rows[:-2])
