"""Recurring events: a series (first start and end, a rule, changed occurrences) → occurrences.

Plain Python, no database: the calendar list, the month grid, the feeds, the plan tracker and the
page model's validation all expand events through this one module, so they agree.

* Rules repeat in wall-clock time of the event's time zone (Asia/Shanghai): an event at 09:00
  stays at 09:00. China has had no daylight saving since 1991, but nothing here relies on that.
* Only weekly and monthly rules exist, and every rule needs an end (a last date or a count);
  `validate()` also caps a series at MAX_OCCURRENCES occurrences and MAX_SERIES_DAYS days.
* All-day events are whole local days: `start` is midnight of the first day and `end` midnight
  after the last day (exclusive, as iCalendar's DTEND;VALUE=DATE).
* A changed occurrence is named by the local date on which the rule puts it; it is either
  cancelled (it stays in the list, marked, and becomes an EXDATE in feeds) or moved to new times
  (a RECURRENCE-ID override in feeds).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import ChangeAction, Repeat

SHANGHAI = ZoneInfo("Asia/Shanghai")

MAX_OCCURRENCES = 200
MAX_SERIES_DAYS = 731  # about two years from the first start to the last
MAX_INTERVAL = 12
MAX_EVENT_DAYS = 31  # one occurrence lasts at most a month
MAX_MOVE_DAYS = 366  # a moved occurrence stays within a year of its place in the rule
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100

_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Rule:
    freq: str  # a Repeat value other than NONE
    interval: int = 1
    until: date | None = None  # last local date on which an occurrence may start (inclusive)
    count: int | None = None


@dataclass(frozen=True)
class Change:
    original_date: date
    action: str  # a ChangeAction value
    new_start: datetime | date | None = None
    new_end: datetime | date | None = None  # for all-day events: the new last day (inclusive)
    note: str = ""


@dataclass(frozen=True)
class Series:
    start: datetime  # aware
    end: datetime  # aware, exclusive
    all_day: bool = False
    rule: Rule | None = None
    changes: tuple = ()
    tz: ZoneInfo = field(default=SHANGHAI, compare=False)

    @classmethod
    def build(cls, start, end, *, all_day=False, rule=None, changes=(), tz=SHANGHAI):
        """A series from the values an editor enters.

        For an all-day event `start` and `end` may be dates or datetimes: only their local dates
        count, and `end` names the last day (inclusive).
        """
        if all_day:
            first, last = local_date(start, tz), local_date(end, tz)
            start, end = midnight(first, tz), midnight(last + timedelta(days=1), tz)
        else:
            start, end = start.astimezone(tz), end.astimezone(tz)
        return cls(start, end, all_day, rule, tuple(changes), tz)

    @property
    def duration(self):
        return self.end - self.start

    @property
    def first_day(self):
        return self.start.date()

    @property
    def last_day(self):
        return last_day(self.start, self.end)


@dataclass(frozen=True)
class Occurrence:
    start: datetime  # aware, in the series' time zone
    end: datetime  # aware, exclusive
    all_day: bool
    original_start: datetime  # where the rule puts it: the RECURRENCE-ID of a moved occurrence
    cancelled: bool = False
    moved: bool = False
    note: str = ""

    @property
    def first_day(self):
        return self.start.date()

    @property
    def last_day(self):
        return last_day(self.start, self.end)

    @property
    def days(self):
        """Every local date the occurrence touches (for the month grid)."""
        first, last = self.first_day, self.last_day
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def multi_day(self):
        return self.last_day != self.first_day


def local_date(value, tz=SHANGHAI):
    if isinstance(value, datetime):
        return value.astimezone(tz).date() if value.tzinfo else value.date()
    return value


def midnight(day, tz=SHANGHAI):
    return datetime.combine(day, time.min, tzinfo=tz)


def last_day(start, end):
    """The last local date of [start, end): an end at midnight belongs to the day before."""
    if end <= start:
        return start.date()
    return (end - timedelta(microseconds=1)).date()


# ---------------------------------------------------------------------------------------------
# Expanding
# ---------------------------------------------------------------------------------------------


def _nth_weekday(day):
    """The 2nd Saturday → (5, 2); a date on the 29th-31st is the month's last such weekday."""
    nth = (day.day - 1) // 7 + 1
    return day.weekday(), (-1 if nth == 5 else nth)


def _until_wall(series):
    """UNTIL as a naive wall-clock datetime: the start time on the last date."""
    rule = series.rule
    if rule.until is None:
        return None
    return datetime.combine(rule.until, series.start.time().replace(tzinfo=None))


def _dateutil_rule(series, limit):
    rule = series.rule
    start = series.start.replace(tzinfo=None)  # wall clock
    kwargs = {"dtstart": start, "interval": rule.interval}
    if rule.freq == Repeat.WEEKLY:
        freq = rrule.WEEKLY
        kwargs["byweekday"] = _RRULE_DAYS[start.weekday()]
    elif rule.freq == Repeat.MONTHLY_DAY:
        freq = rrule.MONTHLY
        kwargs["bymonthday"] = start.day
    elif rule.freq == Repeat.MONTHLY_WEEKDAY:
        freq = rrule.MONTHLY
        weekday, nth = _nth_weekday(start)
        kwargs["byweekday"] = _RRULE_DAYS[weekday](nth)
    else:
        raise ValueError(f"unknown repeat rule {rule.freq!r}")
    until = _until_wall(series)
    if until is not None:
        kwargs["until"] = until
    elif rule.count:
        kwargs["count"] = rule.count
    # `limit` caps every rule, so that an unvalidated one (no end, a century) cannot run away.
    return islice(rrule.rrule(freq, **kwargs), limit)


def rule_starts(series, limit=MAX_OCCURRENCES + 1):
    """The starts the rule gives (aware, local), the first being the series' start.

    At most `limit` starts: by default one more than a valid series may have, so `validate()`
    can tell a series that is too long.
    """
    if series.rule is None:
        return [series.start]
    tz = series.tz
    return [wall.replace(tzinfo=tz) for wall in _dateutil_rule(series, limit)]


def _normalise_change(series, change):
    """(start, end) of a moved occurrence in the series' kind: whole days for all-day events."""
    if series.all_day:
        first = local_date(change.new_start, series.tz)
        last = local_date(change.new_end, series.tz)
        return midnight(first, series.tz), midnight(last + timedelta(days=1), series.tz)
    return change.new_start.astimezone(series.tz), change.new_end.astimezone(series.tz)


def expand(series, window_start=None, window_end=None):
    """Occurrences overlapping [window_start, window_end), by start; both bounds optional.

    Cancelled occurrences are included, marked, at their original times; moved ones at their new
    times (so a window tests where an occurrence really is).
    """
    changes = {change.original_date: change for change in series.changes}
    duration = series.duration
    occurrences = []
    for original in rule_starts(series, limit=MAX_OCCURRENCES):
        change = changes.get(original.date()) if series.rule else None
        if change is None:
            occurrence = Occurrence(original, original + duration, series.all_day, original)
        elif change.action == ChangeAction.CANCEL:
            occurrence = Occurrence(
                original,
                original + duration,
                series.all_day,
                original,
                cancelled=True,
                note=change.note,
            )
        else:
            start, end = _normalise_change(series, change)
            occurrence = Occurrence(
                start, end, series.all_day, original, moved=True, note=change.note
            )
        if window_start is not None and occurrence.end <= window_start:
            continue
        if window_end is not None and occurrence.start >= window_end:
            continue
        occurrences.append(occurrence)
    occurrences.sort(key=lambda o: (o.start, o.original_start))
    return occurrences


def span(series):
    """(earliest start, latest end) over every occurrence, cancelled and moved ones included."""
    occurrences = expand(series)
    return min(o.start for o in occurrences), max(o.end for o in occurrences)


def next_occurrence(series, now, include_cancelled=False):
    for occurrence in expand(series, window_start=now):
        if include_cancelled or not occurrence.cancelled:
            return occurrence
    return None


# ---------------------------------------------------------------------------------------------
# Validating
# ---------------------------------------------------------------------------------------------


def _add(errors, name, message):
    errors.setdefault(name, []).append(message)


def validate(series):
    """Everything wrong with a series, as {field name: [messages]}; empty when it is fine.

    Field names are the page model's: end, repeat_interval, repeat_until, repeat_count and
    occurrence_changes.
    """
    errors = {}
    if not EARLIEST_YEAR <= series.start.year <= LATEST_YEAR:
        _add(
            errors,
            "start",
            _("Events must start between %(first)s and %(last)s.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
        )
        return errors
    if series.end <= series.start:
        _add(errors, "end", _("The end must be after the start."))
        return errors
    if series.duration > timedelta(days=MAX_EVENT_DAYS):
        _add(
            errors,
            "end",
            _("An event can last at most %(days)s days; enter a longer series as a repeat.")
            % {"days": MAX_EVENT_DAYS},
        )
    rule = series.rule
    if rule is None:
        if series.changes:
            _add(
                errors,
                "occurrence_changes",
                _("Only a repeating event has occurrences to cancel or move."),
            )
        return errors
    _validate_rule(series, errors)
    if errors:
        return errors
    _validate_changes(series, errors)
    return errors


def _validate_rule(series, errors):
    rule = series.rule
    if rule.freq not in {Repeat.WEEKLY, Repeat.MONTHLY_DAY, Repeat.MONTHLY_WEEKDAY}:
        _add(errors, "repeat", _("Events repeat weekly or monthly, not more often."))
        return
    if not 1 <= rule.interval <= MAX_INTERVAL:
        _add(
            errors,
            "repeat_interval",
            _("Repeat every 1 to %(max)s weeks or months.") % {"max": MAX_INTERVAL},
        )
        return
    if rule.until is None and rule.count is None:
        _add(
            errors,
            "repeat_until",
            _("A repeating event needs an end: a last date or a number of occurrences."),
        )
        return
    if rule.until is not None and rule.count is not None:
        _add(errors, "repeat_count", _("Give a last date or a number of occurrences, not both."))
        return
    if rule.count is not None and not 2 <= rule.count <= MAX_OCCURRENCES:
        _add(
            errors,
            "repeat_count",
            _("A series has 2 to %(max)s occurrences.") % {"max": MAX_OCCURRENCES},
        )
        return
    if rule.until is not None and rule.until <= series.first_day:
        _add(errors, "repeat_until", _("The last date must be after the first start."))
        return
    period = timedelta(days=7 * rule.interval if rule.freq == Repeat.WEEKLY else 28)
    if series.duration > period:
        _add(errors, "end", _("Each occurrence must end before the next one starts."))
    starts = rule_starts(series)
    if len(starts) > MAX_OCCURRENCES:
        _add(
            errors,
            "repeat_until",
            _("A series has at most %(max)s occurrences; choose an earlier last date.")
            % {"max": MAX_OCCURRENCES},
        )
    elif (starts[-1].date() - series.first_day).days > MAX_SERIES_DAYS:
        field_name = "repeat_count" if rule.count is not None else "repeat_until"
        _add(
            errors,
            field_name,
            _("A series may run for at most two years; split longer programmes."),
        )


def _validate_changes(series, errors):
    rule_dates = {start.date(): start for start in rule_starts(series)}
    seen = set()
    for change in series.changes:
        label = formats.date_format(change.original_date, "DATE_FORMAT")
        if change.original_date in seen:
            _add(
                errors,
                "occurrence_changes",
                _("The occurrence on %(date)s is changed twice.") % {"date": label},
            )
            continue
        seen.add(change.original_date)
        if change.original_date not in rule_dates:
            _add(
                errors,
                "occurrence_changes",
                _("There is no occurrence on %(date)s to change.") % {"date": label},
            )
            continue
        if change.action == ChangeAction.CANCEL:
            continue
        if change.action != ChangeAction.MOVE:
            _add(errors, "occurrence_changes", _("An occurrence is either cancelled or moved."))
            continue
        if change.new_start is None or change.new_end is None:
            _add(
                errors,
                "occurrence_changes",
                _("Give the new start and end of the occurrence on %(date)s.") % {"date": label},
            )
            continue
        start, end = _normalise_change(series, change)
        if end <= start:
            _add(
                errors,
                "occurrence_changes",
                _("The moved occurrence of %(date)s must end after it starts.") % {"date": label},
            )
        elif end - start > timedelta(days=MAX_EVENT_DAYS):
            _add(
                errors,
                "occurrence_changes",
                _("The moved occurrence of %(date)s lasts too long.") % {"date": label},
            )
        elif abs(start - rule_dates[change.original_date]) > timedelta(days=MAX_MOVE_DAYS):
            _add(
                errors,
                "occurrence_changes",
                _("The occurrence of %(date)s can be moved by at most a year.") % {"date": label},
            )


# ---------------------------------------------------------------------------------------------
# iCalendar and words
# ---------------------------------------------------------------------------------------------


def rrule_properties(series):
    """The RRULE of the series as iCalendar parts (FREQ, INTERVAL, BYDAY, ...), or None.

    UNTIL is a DATE for all-day events and a UTC date-time otherwise (RFC 5545 §3.3.10: with a
    TZID-qualified DTSTART, UNTIL must be UTC).
    """
    rule = series.rule
    if rule is None:
        return None
    start = series.start
    parts = {}
    if rule.freq == Repeat.WEEKLY:
        parts["FREQ"] = "WEEKLY"
        parts["BYDAY"] = _ICAL_DAYS[start.weekday()]
    elif rule.freq == Repeat.MONTHLY_DAY:
        parts["FREQ"] = "MONTHLY"
        parts["BYMONTHDAY"] = start.day
    else:
        parts["FREQ"] = "MONTHLY"
        weekday, nth = _nth_weekday(start)
        parts["BYDAY"] = f"{nth}{_ICAL_DAYS[weekday]}"
    if rule.interval != 1:
        parts["INTERVAL"] = rule.interval
    if rule.count is not None:
        parts["COUNT"] = rule.count
    elif rule.until is not None:
        if series.all_day:
            parts["UNTIL"] = rule.until
        else:
            wall = _until_wall(series)
            parts["UNTIL"] = wall.replace(tzinfo=series.tz).astimezone(ZoneInfo("UTC"))
    return parts


_ORDINALS = {
    1: lambda day: _("the first %(weekday)s") % {"weekday": day},
    2: lambda day: _("the second %(weekday)s") % {"weekday": day},
    3: lambda day: _("the third %(weekday)s") % {"weekday": day},
    4: lambda day: _("the fourth %(weekday)s") % {"weekday": day},
    -1: lambda day: _("the last %(weekday)s") % {"weekday": day},
}


def describe(series):
    """The rule in words, e.g. "every week on Saturday, until 30 June 2027"; "" if none."""
    rule = series.rule
    if rule is None:
        return ""
    start = series.start
    weekday = str(WEEKDAYS[start.weekday()])
    n = rule.interval
    if rule.freq == Repeat.WEEKLY:
        text = ngettext("every week on %(weekday)s", "every %(n)s weeks on %(weekday)s", n) % {
            "n": n,
            "weekday": weekday,
        }
    elif rule.freq == Repeat.MONTHLY_DAY:
        text = ngettext("every month on day %(day)s", "every %(n)s months on day %(day)s", n) % {
            "n": n,
            "day": start.day,
        }
    else:
        _day, nth = _nth_weekday(start)
        which = _ORDINALS[nth](weekday)
        text = ngettext("every month on %(which)s", "every %(n)s months on %(which)s", n) % {
            "n": n,
            "which": which,
        }
    if rule.count is not None:
        text += ngettext(", %(count)s time", ", %(count)s times", rule.count) % {
            "count": rule.count
        }
    elif rule.until is not None:
        text += _(", until %(date)s") % {"date": formats.date_format(rule.until, "DATE_FORMAT")}
    return text
