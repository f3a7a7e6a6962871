"""Template tags of the event calendar for pages outside it (the venue pages)."""

from django import template
from django.utils import formats, timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from ..listing import event_rows
from ..models import EventCalendarPage, EventPage

register = template.Library()

VENUE_EVENTS_LIMIT = 5


@register.inclusion_tag("events/tags/upcoming_for_venue.html", takes_context=True)
def upcoming_events_for_venue(context, facility, limit=VENUE_EVENTS_LIMIT):
    """`{% upcoming_events_for_venue facility %}`: the venue's next live events, if any.

    Postponed and cancelled events are listed too, marked, so that a resident who saw one
    announced learns that it is off. Renders nothing when the venue has no upcoming event.
    """
    rows, calendar = [], None
    if facility is not None and getattr(facility, "pk", None):
        now = timezone.now()
        events = (
            EventPage.objects.visible().at_venue(facility).upcoming(now).for_listing().by_start()
        )
        rows = event_rows(events, window_start=now)[:limit]
        if rows:
            calendar = EventCalendarPage.objects.live().first()
    return {"rows": rows, "calendar": calendar, "request": context.get("request")}


def _day(value):
    return _("%(date)s (%(weekday)s)") % {
        "date": formats.date_format(value, "DATE_FORMAT"),
        "weekday": formats.date_format(value, "l"),
    }


@register.filter
def when(occurrence):
    """An occurrence's dates and times in local time, e.g. "May 1, 2026 (Friday) 09:00–11:30"."""
    if occurrence.all_day:
        first, last = occurrence.first_day, occurrence.last_day
        if first == last:
            return _day(first)
        return f"{_day(first)} – {_day(last)}"
    start, end = localtime(occurrence.start), localtime(occurrence.end)
    if occurrence.first_day == occurrence.last_day:
        return f"{_day(start.date())} {start:%H:%M}–{end:%H:%M}"
    return f"{_day(start.date())} {start:%H:%M} – {_day(end.date())} {end:%H:%M}"


@register.filter
def short_time(occurrence):
    """For a month-grid cell: the start time, or nothing for an all-day occurrence."""
    if occurrence.all_day:
        return ""
    return f"{localtime(occurrence.start):%H:%M}"
