"""Demo opening hours and school calendar, so demo slots exist and can be booked.

School grounds follow the domain facts' typical pattern (weekday mornings and evenings in term,
all day at weekends and in the holidays), valid from the day the school began opening (so the
school-opening indicator has a history); public halls open every day. Idempotent like the rest:
rules a demo unit should not have (left from an older demo) are deleted.
"""

from datetime import date, time

from ..hours.fields import mask_of
from ..hours.models import CalendarDay, OpeningRule, SchoolVacation
from . import data

WEEKDAYS = mask_of(range(5))
WEEKEND = mask_of([5, 6])
EVERY_DAY = mask_of(range(7))
VALID_FROM = date(2025, 9, 1)

SCHOOL_HOURS = [
    ("term", WEEKDAYS, time(6, 0), time(7, 30)),
    ("term", WEEKDAYS, time(18, 0), time(21, 0)),
    ("term", WEEKEND, time(8, 0), time(21, 0)),
    ("vacation", EVERY_DAY, time(8, 0), time(21, 0)),
]
WEEKEND_ONLY_HOURS = [h for h in SCHOOL_HOURS if h[1] != WEEKDAYS]
PUBLIC_HOURS = [("always", EVERY_DAY, time(8, 0), time(21, 30))]

# Demo school calendar (the province sets the real one each year; the bureau enters it).
VACATIONS = [
    ("2026年寒假（演示）", date(2026, 1, 24), date(2026, 2, 28)),
    ("2026年暑假（演示）", date(2026, 7, 11), date(2026, 8, 31)),
    ("2027年寒假（演示）", date(2027, 1, 23), date(2027, 2, 21)),
]
CALENDAR_DAYS = [
    *[(date(2026, 10, d), "holiday", "国庆节（演示）", 0) for d in range(1, 8)],
    (date(2026, 9, 20), "workday", "国庆调休上班（演示）", 3),
    (date(2026, 10, 10), "workday", "国庆调休上班（演示）", 4),
    (date(2027, 1, 1), "holiday", "元旦（演示）", 0),
]


def _school_hours(schools):
    """{school id: (valid from, pattern)} for the schools that publish public hours."""
    hours = {}
    for since, slugs in data.SCHOOL_HOURS_SINCE.items():
        for slug in slugs:
            weekends = slug in data.SCHOOLS_WEEKEND_HOURS_ONLY
            hours[schools[slug].pk] = (since, WEEKEND_ONLY_HOURS if weekends else SCHOOL_HOURS)
    return hours


def seed_opening_hours(units, schools, upsert, stats):
    """Weekly rules for each demo unit: school pattern for school venues, else every day."""
    school_hours = _school_hours(schools)
    planned = set()
    for unit in units:
        school_id = unit.facility.school_id
        valid_from, pattern = (
            school_hours.get(school_id, (None, [])) if school_id else (VALID_FROM, PUBLIC_HOURS)
        )
        for season, weekdays, opens, closes in pattern:
            rule = upsert(
                OpeningRule,
                {"unit": unit, "season": season, "weekdays": weekdays, "opens_at": opens},
                {"closes_at": closes, "valid_from": valid_from, "valid_until": None},
                stats,
            )
            planned.add(rule.pk)
    stale = OpeningRule.objects.filter(unit__in=units).exclude(pk__in=planned)
    deleted, _ = stale.delete()
    if deleted:
        stats.deleted["opening rules"] += deleted
    for name, first, last in VACATIONS:
        upsert(SchoolVacation, {"name": name}, {"first_day": first, "last_day": last}, stats)
    for day, kind, name, follows in CALENDAR_DAYS:
        upsert(
            CalendarDay,
            {"date": day},
            {"kind": kind, "name": name, "follows_weekday": follows},
            stats,
        )
