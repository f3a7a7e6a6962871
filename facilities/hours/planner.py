"""The one source of slots: rules + exceptions + the county calendar + bookings → slots.

The finder's "open now" and "bookable" filters, the venue page's week, the API and the booking
check all ask this module, so a slot that is shown can be booked and one that cannot is not shown.
Everything a range needs is loaded in a fixed number of queries, then computed in Python.
"""

from collections import defaultdict, namedtuple
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import (
    CalendarDay,
    DayKind,
    ExceptionKind,
    HoursException,
    OpeningRule,
    SchoolVacation,
    Season,
)

MINUTES_PER_DAY = 24 * 60
# The years the planner works in: no slot lies outside them, and date arithmetic near year 1 or
# 9999 would overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100
Rule = namedtuple("Rule", "unit_id season weekdays opens_at closes_at valid_from valid_until")


@dataclass(slots=True)
class Slot:
    unit_id: int
    start: datetime
    end: datetime
    capacity: int
    booked: int

    @property
    def remaining(self):
        return max(self.capacity - self.booked, 0)

    @property
    def is_full(self):
        return self.remaining == 0


def within_calendar(moment):
    """Whether an aware datetime falls in the planner's years (FIRST_YEAR to LAST_YEAR)."""
    try:
        year = timezone.localtime(moment).year
    except OverflowError:
        return False
    return FIRST_YEAR <= year <= LAST_YEAR


def _minutes(t):
    return t.hour * 60 + t.minute


def _merge(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(intervals, holes):
    result = []
    for start, end in intervals:
        pieces = [(start, end)]
        for h_start, h_end in holes:
            pieces = [
                part
                for a, b in pieces
                for part in ((a, min(b, h_start)), (max(a, h_end), b))
                if part[0] < part[1]
            ]
        result.extend(pieces)
    return result


def _days(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


class SlotPlanner:
    """Loads rules, exceptions, calendar and booked places for some units over a date range."""

    def __init__(self, units, first, last):
        self.units = {unit.pk: unit for unit in units}
        self.first, self.last = first, last
        self.tz = timezone.get_current_timezone()
        unit_ids = list(self.units)
        self.rules = defaultdict(list)
        # Plain rows, not model instances: a county's 20,000 rules load in a tenth of the time.
        rows = (
            OpeningRule.objects.filter(unit_id__in=unit_ids)
            .valid_between(first, last)
            .values_list(*Rule._fields)
        )
        for row in rows:
            rule = Rule(*row)
            self.rules[rule.unit_id].append(rule)
        facility_ids = {unit.facility_id for unit in self.units.values()}
        self.exceptions = defaultdict(list)
        for exc in HoursException.objects.filter(
            facility_id__in=facility_ids, date__range=(first, last)
        ):
            self.exceptions[(exc.facility_id, exc.date)].append(exc)
        self.calendar = {
            day.date: day for day in CalendarDay.objects.filter(date__range=(first, last))
        }
        self.vacations = list(
            SchoolVacation.objects.filter(first_day__lte=last, last_day__gte=first).values_list(
                "first_day", "last_day"
            )
        )
        self.booked = self._load_booked(unit_ids)

    def _load_booked(self, unit_ids):
        from ..booking.models import SlotLedger

        start = datetime.combine(self.first, time.min, self.tz)
        end = datetime.combine(self.last + timedelta(days=1), time.min, self.tz)
        rows = SlotLedger.objects.filter(
            unit_id__in=unit_ids, starts_at__gte=start, starts_at__lt=end, booked__gt=0
        ).values_list("unit_id", "starts_at", "booked")
        return {(unit_id, starts_at): booked for unit_id, starts_at, booked in rows}

    def profile(self, day):
        """(season, weekday whose rules apply) for a date, from the county calendar."""
        special = self.calendar.get(day)
        if special and special.kind == DayKind.WORKDAY:
            return Season.TERM, special.follows_weekday
        if special and special.kind == DayKind.PUBLIC_HOLIDAY:
            return Season.VACATION, day.weekday()
        if any(first <= day <= last for first, last in self.vacations):
            return Season.VACATION, day.weekday()
        return Season.TERM, day.weekday()

    def open_intervals(self, unit, day):
        """Minutes of the day [start, end) in which the unit is open, merged and sorted."""
        season, weekday = self.profile(day)
        intervals = [
            (_minutes(rule.opens_at), _minutes(rule.closes_at))
            for rule in self.rules.get(unit.pk, ())
            if rule.season in (season, Season.ALWAYS)
            and rule.weekdays & (1 << weekday)
            and rule.valid_from <= day
            and (rule.valid_until is None or rule.valid_until >= day)
        ]
        closures = []
        for exc in self.exceptions.get((unit.facility_id, day), ()):
            if exc.unit_id not in (None, unit.pk):
                continue
            if exc.kind == ExceptionKind.EXTRA:
                intervals.append((_minutes(exc.starts_at), _minutes(exc.ends_at)))
            elif exc.all_day:
                closures.append((0, MINUTES_PER_DAY))
            else:
                closures.append((_minutes(exc.starts_at), _minutes(exc.ends_at)))
        return _subtract(_merge(intervals), _merge(closures))

    def _at(self, day, minutes):
        return datetime.combine(day, time.min, self.tz) + timedelta(minutes=minutes)

    def day_slots(self, unit, day):
        """Every slot of the opening hours of a day, aligned to the start of each opening."""
        length = unit.slot_minutes
        midnight = self._at(day, 0)
        slots = []
        for start, end in self.open_intervals(unit, day):
            for begin in range(start, end - length + 1, length):
                starts_at = midnight + timedelta(minutes=begin)
                slots.append(
                    Slot(
                        unit_id=unit.pk,
                        start=starts_at,
                        end=starts_at + timedelta(minutes=length),
                        capacity=unit.capacity,
                        booked=self.booked.get((unit.pk, starts_at), 0),
                    )
                )
        return slots

    def slots(self, unit, *, now=None, bookable_only=True):
        """Slots of a unit over the range; by default only those a resident may book now:
        in the future and inside the unit's booking window (full ones are kept, marked full)."""
        now = now or timezone.now()
        horizon = now + timedelta(days=unit.booking_window_days)
        result = []
        for day in _days(self.first, self.last):
            for slot in self.day_slots(unit, day):
                if bookable_only and not (now < slot.start <= horizon):
                    continue
                result.append(slot)
        return result

    def is_open_at(self, unit, moment):
        local = timezone.localtime(moment, self.tz)
        minute = local.hour * 60 + local.minute
        return any(a <= minute < b for a, b in self.open_intervals(unit, local.date()))


def slots_for_units(units, first, last, *, now=None, bookable_only=True):
    """{unit_id: [Slot]} for the units over [first, last] (dates, inclusive)."""
    planner = SlotPlanner(units, first, last)
    return {unit.pk: planner.slots(unit, now=now, bookable_only=bookable_only) for unit in units}


def find_slot(unit, starts_at, *, now=None):
    """The bookable slot of `unit` starting at `starts_at`, or None: the booking check."""
    day = timezone.localtime(starts_at).date()
    for slot in SlotPlanner([unit], day, day).slots(unit, now=now):
        if slot.start == starts_at:
            return slot
    return None


def units_open_at(units, moment):
    """Ids of the units open at `moment` (the finder's "open now")."""
    day = timezone.localtime(moment).date()
    planner = SlotPlanner(units, day, day)
    return {unit.pk for unit in units if planner.is_open_at(unit, moment)}
