"""iCalendar (RFC 5545) feeds, written with the `icalendar` library from the feed entries.

Every event is rendered from its `EventFeedEntry`: the snapshot of the published event with its
stable UID, its SEQUENCE and its LAST-MODIFIED (see events.feedstate), so that what a subscriber
receives and the SEQUENCE that says whether it changed always belong together.

* Times carry TZID=Asia/Shanghai with a VTIMEZONE; all-day events are DATE values with an
  exclusive DTEND; a repeating event is one VEVENT with an RRULE, its cancelled occurrences as
  EXDATE and each moved occurrence as a VEVENT with the same UID and a RECURRENCE-ID.
* A cancelled event stays with STATUS:CANCELLED; an event withdrawn from the site (unpublished or
  deleted) stays as STATUS:CANCELLED for FEED_RETENTION after it was withdrawn.
* DTSTAMP is the time the event was last changed (no METHOD: RFC 5545 §3.8.7.2), so an unchanged
  calendar is written byte for byte the same, and ETag / Last-Modified come from one aggregate
  query over the entries (`calendar_state`) without building the feed.
"""

import hashlib
from collections import OrderedDict
from datetime import date, datetime, timedelta
from functools import lru_cache
from threading import Lock

from django.db.models import Count, Max, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration, vText

from . import recurrence
from .choices import ChangeAction, Status, Tier
from .feedstate import FEED_RETENTION, series_from_snapshot

# Part of every ETag: change it when the way feeds are written changes.
FEED_FORMAT = "2"
PRODID = "-//Huize County Sports Portal//Event calendar//ZH"
REFRESH_INTERVAL = timedelta(hours=6)
TZID = "Asia/Shanghai"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@lru_cache(maxsize=1)
def _vtimezone_ical():
    zone = Timezone.from_tzid(TZID, first_date=date(2000, 1, 1), last_date=date(2101, 1, 1))
    return zone.to_ical()


def vtimezone():
    """Asia/Shanghai as a VTIMEZONE, generated from the zoneinfo database (UTC+8, no DST)."""
    return Timezone.from_ical(_vtimezone_ical())


class _Texts:
    """Everything translated that the events need, looked up once per feed (gettext is slow)."""

    def __init__(self):
        self.english = (get_language() or "").startswith("en")
        self.cancelled = _("[Cancelled] %(title)s")
        self.postponed = _("[Postponed] %(title)s")
        self.withdrawn = _("This event has been withdrawn from the calendar.")
        self.status = _("Status: %(status)s")
        self.repeats = _("Repeats %(rule)s")
        self.tier = _("Tier: %(tier)s")
        self.sports = _("Sports: %(sports)s")
        self.organiser = _("Organiser: %(organiser)s")
        self.registration = _("How to register: %(text)s")
        self.details = _("Details: %(url)s")
        self.demo = _("Demonstration data, not an official event.")
        self.moved = _("Moved from %(date)s.")
        self.tiers = {tier.value: str(tier.label) for tier in Tier}
        self.statuses = {status.value: str(status.label) for status in Status}

    def sport(self, sport):
        if self.english and sport.get("name_en"):
            return sport["name_en"]
        return sport["name"]

    def summary(self, snapshot, withdrawn):
        title = snapshot["title"]
        if withdrawn or snapshot["status"] == Status.CANCELLED:
            return self.cancelled % {"title": title}
        if snapshot["status"] == Status.POSTPONED:
            return self.postponed % {"title": title}
        return title

    def description(self, snapshot, url, withdrawn, series):
        lines = []
        if withdrawn:
            lines.append(self.withdrawn)
        if snapshot.get("summary"):
            lines.append(snapshot["summary"])
        if snapshot["status"] != Status.SCHEDULED:
            status = self.statuses[snapshot["status"]]
            if snapshot.get("status_note"):
                status = f"{status}: {snapshot['status_note']}"
            lines.append(self.status % {"status": status})
        if series.rule is not None:
            lines.append(self.repeats % {"rule": recurrence.describe(series)})
        lines.append(self.tier % {"tier": self.tiers[snapshot["tier"]]})
        if snapshot.get("sports"):
            names = "、".join(self.sport(sport) for sport in snapshot["sports"])
            lines.append(self.sports % {"sports": names})
        if snapshot.get("organiser"):
            lines.append(self.organiser % {"organiser": snapshot["organiser"]})
        if snapshot.get("registration"):
            lines.append(self.registration % {"text": snapshot["registration"]})
        if url:
            lines.append(self.details % {"url": url})
        if snapshot.get("is_demo"):
            lines.append(self.demo)
        return "\n".join(lines)


def _ical_status(snapshot, withdrawn):
    if withdrawn or snapshot["status"] == Status.CANCELLED:
        return "CANCELLED"
    if snapshot["status"] == Status.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def _add_times(component, start, end, all_day):
    if all_day:
        component.add("dtstart", start.date())
        component.add("dtend", end.date())
    else:
        component.add("dtstart", start)
        component.add("dtend", end)


def _original_start(series, original_date):
    """The rule's start on `original_date`: EXDATE and RECURRENCE-ID values."""
    if series.all_day:
        return original_date
    return datetime.combine(original_date, series.start.time(), tzinfo=series.tz)


def _common(component, entry, snapshot, url, withdrawn):
    component.add("uid", entry.uid)
    component.add("dtstamp", entry.modified_at)
    component.add("created", entry.created_at)
    component.add("last-modified", entry.modified_at)
    component.add("sequence", entry.sequence)
    component.add("status", _ical_status(snapshot, withdrawn))
    if snapshot.get("location"):
        component.add("location", snapshot["location"])
    if snapshot.get("geo"):
        component.add("geo", tuple(snapshot["geo"]))
    if url:
        component.add("url", url)
    component.add("class", "PUBLIC")


def event_components(entry, calendar_url, texts=None):
    """The VEVENTs of one entry: the event (or series) and one per moved occurrence."""
    texts = texts or _Texts()
    snapshot = entry.snapshot
    withdrawn = entry.withdrawn_at is not None
    series = series_from_snapshot(snapshot)
    url = None if withdrawn else f"{calendar_url}{snapshot['slug']}/"
    summary = texts.summary(snapshot, withdrawn)
    description = texts.description(snapshot, url, withdrawn, series)

    master = Event()
    _common(master, entry, snapshot, url, withdrawn)
    master.add("summary", summary)
    _add_times(master, series.start, series.end, series.all_day)
    rrule = recurrence.rrule_properties(series)
    if rrule:
        master.add("rrule", rrule)
        cancelled = [
            _original_start(series, change.original_date)
            for change in series.changes
            if change.action == ChangeAction.CANCEL
        ]
        if cancelled:
            master.add("exdate", cancelled)
    master.add("description", description)
    categories = [texts.tiers[snapshot["tier"]]]
    categories += [texts.sport(sport) for sport in snapshot.get("sports", ())]
    master.add("categories", categories)
    components = [master]

    if rrule:
        for occurrence in recurrence.expand(series):
            if not occurrence.moved:
                continue
            moved = Event()
            _common(moved, entry, snapshot, url, withdrawn)
            moved.add("summary", summary)
            original = occurrence.original_start
            moved.add("recurrence-id", original.date() if series.all_day else original)
            _add_times(moved, occurrence.start, occurrence.end, series.all_day)
            when = original.date().isoformat() if series.all_day else f"{original:%Y-%m-%d %H:%M}"
            note = texts.moved % {"date": when}
            if occurrence.note:
                note = f"{note} {occurrence.note}"
            moved.add("description", f"{note}\n{description}")
            components.append(moved)
    return components


class _BlockCache:
    """The written VEVENT text of recent entries, per process, least recently used dropped.

    Keys name everything the text depends on (the entry's UID, SEQUENCE, content fingerprint and
    change times, the language, the site's address and FEED_FORMAT), so a changed event is simply
    written again and nothing is ever stale.
    """

    def __init__(self, size):
        self.size = size
        self.blocks = OrderedDict()
        self.lock = Lock()

    def get(self, key):
        with self.lock:
            block = self.blocks.get(key)
            if block is not None:
                self.blocks.move_to_end(key)
            return block

    def put(self, key, block):
        with self.lock:
            self.blocks[key] = block
            self.blocks.move_to_end(key)
            while len(self.blocks) > self.size:
                self.blocks.popitem(last=False)

    def clear(self):
        with self.lock:
            self.blocks.clear()


BLOCKS = _BlockCache(size=40_000)
_END = b"END:VCALENDAR\r\n"


def _event_block(entry, calendar_url, language, texts):
    key = (
        FEED_FORMAT,
        language,
        calendar_url,
        entry.uid,
        entry.sequence,
        entry.content_fingerprint,
        entry.modified_at,
        entry.withdrawn_at,
    )
    block = BLOCKS.get(key)
    if block is None:
        components = event_components(entry, calendar_url, texts)
        block = b"".join(component.to_ical() for component in components)
        BLOCKS.put(key, block)
    return block


def build_calendar(entries, *, name, description, calendar_url):
    """The iCalendar text (bytes) of `entries`, in the active language.

    Each event's VEVENTs are written by `icalendar` once and kept (BLOCKS), so after the first
    download only new and changed events cost a write.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", vText(name))
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", vText(description))
    calendar.add("x-wr-timezone", vText(TZID))
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    if any(not entry.snapshot["all_day"] for entry in entries):
        calendar.add_component(vtimezone())
    head = calendar.to_ical()
    texts = _Texts()
    language = get_language()
    blocks = [_event_block(entry, calendar_url, language, texts) for entry in entries]
    return b"".join([head[: -len(_END)], *blocks, _END])


def calendar_state(now):
    """(last modified, version) of everything any feed shows, in one aggregate query.

    Any published change, withdrawal or tombstone expiry anywhere moves both, so a feed (with
    whatever filters) can answer a conditional GET without looking at its events; a change
    elsewhere only costs its subscribers one full download.
    """
    from .models import EventFeedEntry

    cutoff = now - FEED_RETENTION
    state = EventFeedEntry.objects.aggregate(
        entries=Count("pk"),
        latest=Max("modified_at"),
        expired=Max("withdrawn_at", filter=Q(withdrawn_at__lt=cutoff)),
    )
    moments = [state["latest"]]
    if state["expired"] is not None:
        moments.append(state["expired"] + FEED_RETENTION)
    moments = [moment for moment in moments if moment is not None]
    last_modified = max(moments) if moments else None
    version = f"{state['entries']}:{state['latest']}:{state['expired']}"
    return last_modified, version


def etag(*parts):
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()
    return f'"{FEED_FORMAT}-{digest[:40]}"'
