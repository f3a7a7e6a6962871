"""Event fixtures: the calendar page the migrations made, small explicit events, a feed reader.

Events are built the way an editor's publish builds them: validated (save_revision runs
full_clean), then published, so their feed entries exist as they would on the site.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.models import EventCalendarPage, EventOccurrenceChange, EventPage
from facilities.models import Sport, Township
from tests.facilities.conftest import make_facility

SHANGHAI = ZoneInfo("Asia/Shanghai")
JINZHONG = "530326001000"
DAHAI = "530326201000"


def local(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def make_event(
    calendar,
    title,
    *,
    start,
    end,
    publish=True,
    sports=(),
    changes=(),
    slug=None,
    **fields,
):
    """A validated event page under `calendar`, published unless publish=False."""
    values = {"tier": "county"}
    if "venue" not in fields and "location_name" not in fields:
        values.update(location_name="以礼河毛家村大坝", latitude=26.356, longitude=103.236)
    values.update(fields)
    if values.get("venue") is None and "township" not in values:
        values["township"] = Township.objects.get(code=JINZHONG)
    event = EventPage(
        title=title,
        slug=slug or f"event-{EventPage.objects.count() + 1}",
        start=start,
        end=end,
        live=False,
        **values,
    )
    event.sports = list(sports)
    event.occurrence_changes = [EventOccurrenceChange(**change) for change in changes]
    calendar.add_child(instance=event)
    revision = event.save_revision()  # runs full_clean(): the model's validation
    if publish:
        revision.publish()
        event.refresh_from_db()
    return event


def republish(event, **changes):
    """Edit the live event and publish the edit, as an editor would."""
    event = EventPage.objects.get(pk=event.pk)
    occurrence_changes = changes.pop("occurrence_changes", None)
    for name, value in changes.items():
        setattr(event, name, value)
    if occurrence_changes is not None:
        event.occurrence_changes = [EventOccurrenceChange(**c) for c in occurrence_changes]
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def calendar():
    return EventCalendarPage.objects.get()


@pytest.fixture
def county():
    jinzhong = Township.objects.create(
        name="金钟街道", code=JINZHONG, kind="subdistrict", is_urban=True
    )
    dahai = Township.objects.create(name="大海乡", code=DAHAI, kind="township")
    basketball = Sport.objects.create(name="篮球", name_en="Basketball", slug="basketball")
    skiing = Sport.objects.create(name="滑雪", name_en="Skiing", slug="skiing")
    stadium = make_facility(jinzhong, "会泽县体育场", sports=[basketball], address="体育路 1 号")
    return {
        "jinzhong": jinzhong,
        "dahai": dahai,
        "basketball": basketball,
        "skiing": skiing,
        "stadium": stadium,
    }


NOW = datetime(2027, 3, 1, 10, 0, tzinfo=SHANGHAI)


class Clock:
    """The time every test in this folder runs at; `advance()` moves it on."""

    def __init__(self, monkeypatch, now):
        self.monkeypatch = monkeypatch
        self.set(now)

    def set(self, now):
        self.now = now
        self.monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta):
        self.set(self.now + timedelta(**delta))


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch, NOW)
