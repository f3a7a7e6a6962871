"""The public addresses of the calendar, through the project's own URLs."""

import pytest
from django.urls import resolve

pytestmark = pytest.mark.django_db


def test_the_project_hands_ics_addresses_to_the_calendar():
    for path in ("/events/calendar.ics", "/events/some-event/event.ics"):
        match = resolve(path, urlconf="sportsportal.urls")
        assert match.url_name == "events_ics"


def test_the_calendar_addresses(client, calendar):
    assert calendar.url == "/events/"
    assert calendar.feed_path() == "/events/calendar.ics"
    assert calendar.plan_path() == "/events/plan/"
    assert client.get("/events/calendar.ics").status_code == 200
    assert client.get("/events/plan/").status_code == 200
    # Other dotted addresses are not the calendar's business.
    assert client.get("/events/calendar.json").status_code == 404
    assert client.get("/events/calendar.ics/").status_code == 404
