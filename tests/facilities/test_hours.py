"""The slot planner: weekly rules, term and vacation, moved working days, closures, windows."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilities.hours.fields import mask_of
from facilities.hours.models import CalendarDay, HoursException, OpeningRule, SchoolVacation
from facilities.hours.planner import SlotPlanner, find_slot, slots_for_units, units_open_at

from .conftest import make_facility, make_unit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
WEEKDAYS = mask_of(range(5))
WEEKEND = mask_of([5, 6])
MONDAY = date(2026, 3, 2)  # term time


def at(day, hh, mm=0):
    return datetime.combine(day, time(hh, mm), TZ)


def rule(unit, weekdays, opens, closes, season="term", valid_from=date(2026, 1, 1), **kw):
    return OpeningRule.objects.create(
        unit=unit,
        season=season,
        weekdays=weekdays,
        opens_at=time(*opens),
        closes_at=time(*closes),
        valid_from=valid_from,
        **kw,
    )


@pytest.fixture
def court(townships, schools):
    facility = make_facility(townships[0], "东陆高中篮球场", owner_type="school", school=schools[0])
    unit = make_unit(facility, "1号场", capacity=10, slot_minutes=60, booking_window_days=7)
    rule(unit, WEEKDAYS, (6, 0), (7, 30))
    rule(unit, WEEKDAYS, (18, 0), (21, 0))
    rule(unit, WEEKEND, (8, 0), (21, 0))
    rule(unit, mask_of(range(7)), (8, 0), (21, 0), season="vacation")
    return unit


def starts(slots):
    return [s.start.astimezone(TZ).strftime("%H:%M") for s in slots]


def day_slots(unit, day):
    return SlotPlanner([unit], day, day).day_slots(unit, day)


def test_weekday_in_term_has_morning_and_evening_slots(court):
    # 06:00–07:30 holds one whole 60-minute slot; the half hour left is not offered.
    assert starts(day_slots(court, MONDAY)) == ["06:00", "18:00", "19:00", "20:00"]


def test_weekend_in_term_is_open_all_day(court):
    saturday = MONDAY + timedelta(days=5)
    assert len(day_slots(court, saturday)) == 13


def test_vacation_uses_holiday_hours(court):
    SchoolVacation.objects.create(name="寒假", first_day=MONDAY, last_day=MONDAY)
    assert starts(day_slots(court, MONDAY))[:2] == ["08:00", "09:00"]


def test_public_holiday_uses_holiday_hours(court):
    CalendarDay.objects.create(date=MONDAY, kind="holiday", name="劳动节")
    assert len(day_slots(court, MONDAY)) == 13


def test_moved_working_sunday_follows_school_day_hours(court):
    sunday = MONDAY + timedelta(days=6)
    assert len(day_slots(court, sunday)) == 13
    CalendarDay.objects.create(date=sunday, kind="workday", name="国庆调休", follows_weekday=0)
    assert starts(day_slots(court, sunday)) == ["06:00", "18:00", "19:00", "20:00"]


def test_partial_closure_removes_only_its_slots(court):
    HoursException.objects.create(
        facility=court.facility,
        unit=court,
        kind="closure",
        reason="exam",
        date=MONDAY,
        starts_at=time(18, 30),
        ends_at=time(19, 30),
    )
    # 18:00–18:30 and 19:30–21:00 remain: one whole slot fits only in the latter.
    assert starts(day_slots(court, MONDAY)) == ["06:00", "19:30"]


def test_venue_wide_all_day_closure_closes_every_unit(court):
    other = make_unit(court.facility, "2号场")
    rule(other, WEEKDAYS, (18, 0), (21, 0))
    HoursException.objects.create(facility=court.facility, kind="closure", date=MONDAY)
    planner = SlotPlanner([court, other], MONDAY, MONDAY)
    assert planner.day_slots(court, MONDAY) == [] and planner.day_slots(other, MONDAY) == []


def test_extra_opening_adds_slots(court):
    HoursException.objects.create(
        facility=court.facility,
        kind="extra",
        reason="holiday",
        date=MONDAY,
        starts_at=time(12, 0),
        ends_at=time(14, 0),
    )
    assert starts(day_slots(court, MONDAY)) == [
        "06:00",
        "12:00",
        "13:00",
        "18:00",
        "19:00",
        "20:00",
    ]


def test_rule_validity_dates_are_respected(court):
    late = make_unit(court.facility, "3号场")
    rule(late, WEEKDAYS, (18, 0), (20, 0), valid_from=MONDAY + timedelta(days=1))
    assert day_slots(late, MONDAY) == []
    assert len(day_slots(late, MONDAY + timedelta(days=1))) == 2


def test_booking_window_and_past_slots_are_not_offered(court):
    now = at(MONDAY, 18, 30)
    slots = slots_for_units([court], MONDAY, MONDAY + timedelta(days=10), now=now)[court.pk]
    assert slots[0].start == at(MONDAY, 19)  # 06:00 and 18:00 have started
    assert max(s.start for s in slots) <= now + timedelta(days=7)
    assert find_slot(court, at(MONDAY, 18), now=now) is None
    assert find_slot(court, at(MONDAY, 19), now=now) is not None
    assert find_slot(court, at(MONDAY, 19, 30), now=now) is None  # not a slot boundary


def test_open_now(court):
    assert units_open_at([court], at(MONDAY, 18, 45)) == {court.pk}
    assert units_open_at([court], at(MONDAY, 12, 0)) == set()


def test_overlapping_rules_are_rejected(court):
    clash = OpeningRule(
        unit=court,
        season="term",
        weekdays=mask_of([0]),
        opens_at=time(20, 0),
        closes_at=time(22, 0),
        valid_from=date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        clash.full_clean()
    codes = [e.code for errors in excinfo.value.error_dict.values() for e in errors]
    assert codes == ["overlapping_rule"]
    clash.season = "vacation"
    with pytest.raises(ValidationError):
        clash.full_clean()  # the vacation rule covers every day 08:00–21:00


def test_rule_must_close_after_it_opens(court):
    backwards = OpeningRule(
        unit=court, weekdays=1, opens_at=time(21), closes_at=time(18), valid_from=MONDAY
    )
    with pytest.raises(ValidationError):
        backwards.full_clean()


# Property-based: random rules and closures over a random range.
times = st.integers(min_value=0, max_value=95).map(lambda q: q * 15)


@st.composite
def hours_setup(draw):
    rules = draw(
        st.lists(
            st.tuples(
                st.integers(1, 127),
                times,
                st.integers(1, 48).map(lambda q: q * 15),
                st.sampled_from(["term", "vacation", "always"]),
            ),
            max_size=5,
        )
    )
    closures = draw(
        st.lists(st.tuples(st.integers(0, 13), times, st.integers(15, 600)), max_size=4)
    )
    slot = draw(st.sampled_from([30, 45, 60, 90]))
    first = draw(st.integers(0, 7))
    length = draw(st.integers(0, 6))
    vacation = draw(st.booleans())
    return rules, closures, slot, first, length, vacation


def _time(minutes):
    minutes = min(minutes, 24 * 60 - 1)
    return time(minutes // 60, minutes % 60)


def _union_covers(intervals, start, end):
    """Whether [start, end) lies inside the union of `intervals` (minutes), merged here."""
    merged = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return any(a <= start and end <= b for a, b in merged)


def _minutes(t):
    return t.hour * 60 + t.minute


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(setup=hours_setup())
def test_slot_properties(court, setup):
    rules, closures, slot_minutes, first_offset, length, vacation = setup
    unit = court
    unit.slot_minutes = slot_minutes
    OpeningRule.objects.filter(unit=unit).delete()
    HoursException.objects.filter(facility=unit.facility).delete()
    SchoolVacation.objects.all().delete()
    for weekdays, opens, duration, season in rules:
        if opens < 24 * 60 - 15:
            OpeningRule.objects.create(
                unit=unit,
                season=season,
                weekdays=weekdays,
                opens_at=_time(opens),
                closes_at=_time(opens + duration),
                valid_from=date(2026, 1, 1),
            )
    for day_offset, start, duration in closures:
        if start < 24 * 60 - 15:
            HoursException.objects.create(
                facility=unit.facility,
                unit=unit,
                kind="closure",
                date=MONDAY + timedelta(days=day_offset),
                starts_at=_time(start),
                ends_at=_time(start + duration),
            )
    if vacation:
        SchoolVacation.objects.create(name="假期", first_day=MONDAY, last_day=MONDAY + timedelta(3))
    first = MONDAY + timedelta(days=first_offset)
    last = first + timedelta(days=length)
    planner = SlotPlanner([unit], first, last)
    whole = planner.slots(unit, bookable_only=False)

    # The answer for a range is the union of the answers for its days.
    by_day = []
    for offset in range(length + 1):
        day = first + timedelta(days=offset)
        by_day.extend(SlotPlanner([unit], day, day).slots(unit, bookable_only=False))
    assert whole == by_day

    ordered = sorted(whole, key=lambda s: s.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert a.end <= b.start  # slots never overlap
    all_rules = list(OpeningRule.objects.filter(unit=unit))
    exceptions = list(HoursException.objects.filter(facility=unit.facility))
    for slot in whole:
        local = slot.start.astimezone(TZ)
        begin = _minutes(local.time())
        end = begin + slot_minutes
        assert slot.end - slot.start == timedelta(minutes=slot_minutes)
        assert end <= 24 * 60  # a slot ends on its own day
        season, weekday = planner.profile(local.date())
        rule_hours = [
            (_minutes(r.opens_at), _minutes(r.closes_at))
            for r in all_rules
            if r.season in (season, "always") and r.weekdays & (1 << weekday)
        ]
        assert _union_covers(rule_hours, begin, end)  # never outside the opening hours
        for exc in exceptions:
            if exc.date == local.date():
                overlap = begin < _minutes(exc.ends_at) and _minutes(exc.starts_at) < end
                assert not overlap  # never inside a closure
