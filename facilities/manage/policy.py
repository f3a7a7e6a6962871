"""A school's week against the opening policy, and its bookings per week: plain functions.

Opening hours come from `SlotPlanner.open_intervals` alone (the one source of hours); this module
only unites the units' intervals, adds them up and compares the sums with the thresholds in
settings: PORTAL_POLICY_WEEKLY_HOURS (hours a week), PORTAL_POLICY_MORNING_MINUTES (each weekday
before 12:00) and PORTAL_POLICY_EVENING_MINUTES (each weekday after 17:00).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from ..hours.models import DayKind
from ..hours.planner import SlotPlanner

MORNING_ENDS = 12 * 60  # minutes after midnight: "in the morning" is before 12:00
EVENING_STARTS = 17 * 60  # "in the evening" is from 17:00
DAY_ENDS = 24 * 60
ATTENDANCE_WEEKS = 8


# ---------------------------------------------------------------------------------------------
# Intervals of minutes
# ---------------------------------------------------------------------------------------------


def union(interval_lists):
    """One sorted list of [start, end) minute intervals covering all the lists given."""
    merged = []
    for start, end in sorted(i for intervals in interval_lists for i in intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def minutes_between(intervals, start, end):
    """Minutes of the intervals that fall in [start, end)."""
    return sum(max(0, min(b, end) - max(a, start)) for a, b in intervals)


def format_duration(minutes):
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


def interval_texts(intervals):
    return [f"{a // 60:02d}:{a % 60:02d}–{b // 60:02d}:{b % 60:02d}" for a, b in intervals]


# ---------------------------------------------------------------------------------------------
# Weeks
# ---------------------------------------------------------------------------------------------

_ISO_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
# Dates the pages accept: far enough for any real use, and safe to step a week either side of.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def monday_of(day):
    return day - timedelta(days=day.weekday())


def parse_iso_week(text):
    """The Monday of an ISO week written 2026-W10 (what <input type="week"> sends), or None."""
    match = _ISO_WEEK.match(text or "")
    if not match:
        return None
    year = int(match[1])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date.fromisocalendar(year, int(match[2]), 1)
    except ValueError:
        return None


def iso_week(monday):
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


# ---------------------------------------------------------------------------------------------
# Hours against policy
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    weekly_minutes: int
    morning_minutes: int
    evening_minutes: int

    @classmethod
    def from_settings(cls):
        return cls(
            weekly_minutes=int(settings.PORTAL_POLICY_WEEKLY_HOURS * 60),
            morning_minutes=int(settings.PORTAL_POLICY_MORNING_MINUTES),
            evening_minutes=int(settings.PORTAL_POLICY_EVENING_MINUTES),
        )


@dataclass(frozen=True)
class DayHours:
    day: date
    intervals: tuple
    note: str = ""  # the county calendar's word for the day: a holiday's name, a vacation

    @property
    def minutes(self):
        return minutes_between(self.intervals, 0, DAY_ENDS)

    @property
    def morning(self):
        return minutes_between(self.intervals, 0, MORNING_ENDS)

    @property
    def evening(self):
        return minutes_between(self.intervals, EVENING_STARTS, DAY_ENDS)

    @property
    def is_weekday(self):
        return self.day.weekday() < 5

    @property
    def hours_texts(self):
        return interval_texts(self.intervals)

    @property
    def minutes_text(self):
        return format_duration(self.minutes)


@dataclass(frozen=True)
class DayCheck:
    hours: DayHours
    morning_ok: bool
    evening_ok: bool

    @property
    def ok(self):
        return self.morning_ok and self.evening_ok


@dataclass(frozen=True)
class WeekReport:
    """Seven days of open intervals and whether they meet the thresholds."""

    days: tuple
    thresholds: Thresholds

    @property
    def total_minutes(self):
        return sum(day.minutes for day in self.days)

    @property
    def total_text(self):
        return format_duration(self.total_minutes)

    @property
    def weekly_ok(self):
        return self.total_minutes >= self.thresholds.weekly_minutes

    @property
    def day_checks(self):
        """One check per Monday–Friday: the morning and evening minimums."""
        return [
            DayCheck(
                hours=day,
                morning_ok=day.morning >= self.thresholds.morning_minutes,
                evening_ok=day.evening >= self.thresholds.evening_minutes,
            )
            for day in self.days
            if day.is_weekday
        ]

    @property
    def rows(self):
        """(DayHours, DayCheck or None) for every day of the week, for the table."""
        checks = {check.hours.day: check for check in self.day_checks}
        return [(day, checks.get(day.day)) for day in self.days]

    @property
    def failed_days(self):
        return [check for check in self.day_checks if not check.ok]

    @property
    def ok(self):
        return self.weekly_ok and not self.failed_days


def calendar_note(planner, day):
    special = planner.calendar.get(day)
    if special is not None:
        if special.kind == DayKind.WORKDAY:
            return _("%(name)s (working day)") % {"name": special.name}
        return special.name
    if any(first <= day <= last for first, last in planner.vacations):
        return _("School vacation")
    return ""


def week_report(planner, units, monday, thresholds=None):
    """The union of the units' open intervals on each day of the week starting `monday`."""
    thresholds = thresholds or Thresholds.from_settings()
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        intervals = union(planner.open_intervals(unit, day) for unit in units)
        days.append(DayHours(day=day, intervals=tuple(intervals), note=calendar_note(planner, day)))
    return WeekReport(days=tuple(days), thresholds=thresholds)


@dataclass
class FacilityWeek:
    facility: object
    units: list
    report: WeekReport
    not_counted_because: str = ""

    @property
    def counted(self):
        return not self.not_counted_because


@dataclass
class SchoolWeek:
    school: object
    monday: date
    report: WeekReport
    facilities: list = field(default_factory=list)

    @property
    def sunday(self):
        return self.monday + timedelta(days=6)


def not_counted_because(facility, units):
    """Why a venue's hours are not public hours this week ("" when they are)."""
    if not facility.live:
        return _("not published on the portal")
    if not facility.open_to_public:
        return _("not open to the public")
    if facility.status != "open":
        return _("not open (%(status)s)") % {"status": facility.get_status_display()}
    if not units:
        return _("no bookable unit")
    return ""


def school_week(school, monday, thresholds=None):
    """Hours of a school's venues in the week starting `monday`, each and all together.

    The school's figure is the union of the open intervals of the bookable units of its venues
    that are published and open to the public: two courts open at the same time count once.
    """
    from ..models import BookableUnit, Facility

    thresholds = thresholds or Thresholds.from_settings()
    facilities = list(Facility.objects.filter(school=school).order_by("name"))
    units = list(
        BookableUnit.objects.filter(facility__in=facilities, is_active=True).order_by("name")
    )
    planner = SlotPlanner(units, monday, monday + timedelta(days=6))
    weeks = []
    counted_units = []
    for facility in facilities:
        own = [unit for unit in units if unit.facility_id == facility.pk]
        reason = not_counted_because(facility, own)
        if not reason:
            counted_units.extend(own)
        weeks.append(
            FacilityWeek(
                facility=facility,
                units=own,
                report=week_report(planner, own, monday, thresholds),
                not_counted_because=reason,
            )
        )
    return SchoolWeek(
        school=school,
        monday=monday,
        report=week_report(planner, counted_units, monday, thresholds),
        facilities=weeks,
    )


# ---------------------------------------------------------------------------------------------
# Bookings and attendance per week
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekAttendance:
    monday: date
    bookings: int = 0  # not cancelled
    people: int = 0  # places of the bookings not cancelled
    checked_in: int = 0
    no_shows: int = 0
    cancelled: int = 0

    @property
    def sunday(self):
        return self.monday + timedelta(days=6)

    @property
    def attendance_percent(self):
        """Checked in out of those whose slot has been decided (checked in or no-show)."""
        decided = self.checked_in + self.no_shows
        return round(100 * self.checked_in / decided) if decided else None


def weekly_attendance(bookings, last_monday, weeks=ATTENDANCE_WEEKS):
    """Bookings per week for `weeks` weeks ending with the week of `last_monday`, oldest first.

    Counted by the database (one grouped query); weeks without bookings are rows of zeros.
    """
    from ..booking.models import BookingStatus

    tz = timezone.get_current_timezone()
    first_monday = last_monday - timedelta(weeks=weeks - 1)
    start = datetime.combine(first_monday, time.min, tz)
    end = datetime.combine(last_monday + timedelta(days=7), time.min, tz)
    kept = ~Q(status=BookingStatus.CANCELLED)
    rows = (
        bookings.filter(starts_at__gte=start, starts_at__lt=end)
        .annotate(week=TruncWeek("starts_at", tzinfo=tz))
        .values("week")
        .annotate(
            n_bookings=Count("pk", filter=kept),
            n_people=Sum("party_size", filter=kept),
            n_checked_in=Count("pk", filter=Q(status=BookingStatus.CHECKED_IN)),
            n_no_shows=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
            n_cancelled=Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
        )
        .order_by("week")
    )
    by_week = {}
    for row in rows:
        week = row["week"]
        monday = timezone.localtime(week, tz).date() if isinstance(week, datetime) else week
        by_week[monday] = WeekAttendance(
            monday=monday,
            bookings=row["n_bookings"],
            people=row["n_people"] or 0,
            checked_in=row["n_checked_in"],
            no_shows=row["n_no_shows"],
            cancelled=row["n_cancelled"],
        )
    mondays = [first_monday + timedelta(weeks=n) for n in range(weeks)]
    return [by_week.get(monday, WeekAttendance(monday=monday)) for monday in mondays]
