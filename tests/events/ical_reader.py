"""Reads feeds the way a calendar app would, with a second library (vobject + dateutil).

The feeds are written with `icalendar`; reading them with an independent parser checks the
text itself, not one library's round trip. `occurrences()` expands every series (RRULE minus
EXDATE) and applies RECURRENCE-ID overrides, as a subscriber's calendar shows it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import vobject

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse(content):
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return vobject.readOne(text)


def vevents(calendar):
    return calendar.contents.get("vevent", [])


def value(component, name, default=None):
    """A property's value (the first, if repeated), or `default`."""
    prop = getattr(component, name.lower().replace("-", "_"), None)
    return default if prop is None else prop.value


def local(moment):
    """Date-times as Asia/Shanghai wall clock (naive), dates as dates: what a user sees."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            return moment
        return moment.astimezone(SHANGHAI).replace(tzinfo=None)
    return moment


def _key(moment):
    naive = isinstance(moment, datetime) and moment.tzinfo is None
    if naive and moment.time() == datetime.min.time():
        return moment.date()  # dateutil gives midnight datetimes for DATE starts
    return local(moment)


@dataclass(frozen=True)
class Seen:
    uid: str
    summary: str
    start: object  # naive local datetime, or a date for all-day events
    end: object
    status: str
    sequence: int
    moved: bool = False


def occurrences(calendar):
    """Every occurrence a subscriber sees, sorted by start (cancelled events included)."""
    masters = {}
    overrides = defaultdict(dict)
    for event in vevents(calendar):
        uid = value(event, "uid")
        recurrence_id = value(event, "recurrence-id")
        if recurrence_id is not None:
            overrides[uid][_key(recurrence_id)] = event
        else:
            masters[uid] = event
    seen = []
    for uid, event in masters.items():
        start = value(event, "dtstart")
        end = value(event, "dtend")
        duration = end - start
        ruleset = event.getrruleset(addRDate=True)
        starts = list(ruleset) if ruleset is not None else [start]
        for occurrence_start in starts:
            if isinstance(start, date) and not isinstance(start, datetime):
                occurrence_start = (
                    occurrence_start.date()
                    if isinstance(occurrence_start, datetime)
                    else occurrence_start
                )
            override = overrides[uid].get(_key(occurrence_start))
            source = override if override is not None else event
            if override is not None:
                o_start, o_end = value(override, "dtstart"), value(override, "dtend")
            else:
                o_start, o_end = occurrence_start, occurrence_start + duration
            seen.append(
                Seen(
                    uid=uid,
                    summary=value(source, "summary"),
                    start=local(o_start),
                    end=local(o_end),
                    status=value(source, "status", "CONFIRMED"),
                    sequence=int(value(source, "sequence", 0)),
                    moved=override is not None,
                )
            )
    return sorted(seen, key=lambda s: (str(s.start), s.uid))


def by_uid(calendar):
    result = defaultdict(list)
    for event in vevents(calendar):
        result[value(event, "uid")].append(event)
    return result


def day(moment):
    return moment if not isinstance(moment, datetime) else moment.date()
