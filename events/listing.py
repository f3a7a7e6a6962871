"""From a queryset of events to what the pages show: list rows and the month grid.

Plain functions over events the querysets already narrowed; occurrences come from
events.recurrence, so the list, the grid, the home page and the venue pages agree with the feeds.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from .recurrence import SHANGHAI, midnight


@dataclass
class Row:
    """One event in a list: its first occurrence in the window and how many there are."""

    event: object
    occurrence: object
    count: int
    cancelled_count: int = 0

    @property
    def recurring(self):
        return bool(self.event.repeat)


def event_rows(events, window_start=None, window_end=None):
    """One row per event with an occurrence overlapping the window, soonest first.

    An event whose occurrences in the window are all cancelled is still listed (marked), so a
    resident who looks for it learns that it is off.
    """
    rows = []
    for event in events:
        occurrences = event.occurrences(window_start, window_end)
        if not occurrences:
            continue
        standing = [o for o in occurrences if not o.cancelled]
        first = standing[0] if standing else occurrences[0]
        rows.append(Row(event, first, len(standing), len(occurrences) - len(standing)))
    rows.sort(key=lambda row: (row.occurrence.start, row.event.title, row.event.pk))
    return rows


def upcoming_rows(events, now, limit, batch=50):
    """The next `limit` events that still take place, soonest first.

    `events` must be ordered by `series_start`; they are read in batches and reading stops once
    no later event can start before the rows found (an event's occurrences never start before
    its `series_start`), so the home page does not expand the whole calendar.
    """
    rows, offset = [], 0
    while True:
        chunk = list(events[offset : offset + batch])
        offset += batch
        for event in chunk:
            if len(rows) >= limit and event.series_start > rows[limit - 1].occurrence.start:
                return rows[:limit]
            if event.is_cancelled:
                continue
            found = event_rows([event], window_start=now)
            if found and found[0].count:
                rows.append(found[0])
                rows.sort(key=lambda row: (row.occurrence.start, row.event.title, row.event.pk))
        if len(chunk) < batch:
            return rows[:limit]


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    items: list = field(default_factory=list)  # (event, occurrence) pairs


def month_window(first_of_month, tz=SHANGHAI):
    days = calendar.monthrange(first_of_month.year, first_of_month.month)[1]
    last = first_of_month + timedelta(days=days - 1)
    return midnight(first_of_month, tz), midnight(last + timedelta(days=1), tz)


def month_grid(events, first_of_month, today, date_from=None, date_to=None):
    """Weeks (Monday first) of the month holding the events' occurrences, day by day.

    A multi-day occurrence appears on each of its days; `date_from`/`date_to` narrow the days
    that show events.
    """
    start, end = month_window(first_of_month)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(
        first_of_month.year, first_of_month.month
    )
    days = {
        day: Day(day, day.month == first_of_month.month, day == today)
        for week in weeks
        for day in week
    }
    for event in events:
        for occurrence in event.occurrences(start, end):
            for day in occurrence.days:
                if day not in days or not days[day].in_month:
                    continue
                if (date_from and day < date_from) or (date_to and day > date_to):
                    continue
                days[day].items.append((event, occurrence))
    for day in days.values():
        day.items.sort(key=lambda item: (item[1].all_day is False, item[1].start, item[0].title))
    return [[days[day] for day in week] for week in weeks]


def shift_month(first_of_month, months):
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
