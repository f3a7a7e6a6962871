"""The resident's journey through the pages: week view, confirm, book, see, cancel, subscribe."""

from datetime import datetime, time, timedelta
from urllib.parse import quote

import pytest
import vobject
from django.utils import timezone

from facilities.booking.models import Booking, BookingFeed, SlotLedger
from facilities.hours.models import OpeningRule

from .conftest import make_facility, make_resident, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def court(townships, schools):
    facility = make_facility(townships[0], "东陆高中篮球场", owner_type="school", school=schools[0])
    unit = make_unit(facility, "1号场", capacity=10, slot_minutes=60)
    OpeningRule.objects.create(
        unit=unit,
        season="always",
        weekdays=127,
        opens_at=time(18),
        closes_at=time(21),
        valid_from=timezone.localdate() - timedelta(days=7),
    )
    return unit


@pytest.fixture
def resident(django_user_model, client):
    user = make_resident(django_user_model)
    client.force_login(user)
    return user


def tomorrow_at(hour):
    day = timezone.localdate() + timedelta(days=1)
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def book_url(unit, start):
    return f"/venues/{unit.facility.slug}/book/?unit={unit.pk}&start={quote(start.isoformat())}"


def post_booking(client, unit, start, **overrides):
    data = {
        "unit": unit.pk,
        "start": start.isoformat(),
        "party_size": 2,
        "children": 0,
        "pledge": "on",
    }
    data.update(overrides)
    return client.post(f"/venues/{unit.facility.slug}/book/", data)


def test_week_view_links_each_free_slot_to_booking(client, court):
    html = client.get(f"/venues/{court.facility.slug}/").content.decode()
    assert "18:00–21:00" in html
    assert book_url(court, tomorrow_at(19)).replace("&", "&amp;") in html
    assert "10 个名额" in html or "10 places" in html


def test_full_slot_is_shown_full_and_not_linked(client, court):
    SlotLedger.objects.create(unit=court, starts_at=tomorrow_at(19), capacity=10, booked=10)
    html = client.get(f"/venues/{court.facility.slug}/").content.decode()
    assert book_url(court, tomorrow_at(19)).replace("&", "&amp;") not in html
    assert book_url(court, tomorrow_at(20)).replace("&", "&amp;") in html


def test_booking_needs_sign_in(client, court):
    response = client.get(book_url(court, tomorrow_at(19)))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_resident_books_sees_code_and_qr_then_cancels(client, court, resident):
    confirm = client.get(book_url(court, tomorrow_at(19)))
    assert confirm.status_code == 200
    assert "19:00–20:00" in confirm.content.decode()
    response = post_booking(client, court, tomorrow_at(19))
    booking = Booking.objects.get(user=resident)
    assert response.status_code == 302 and response["Location"] == f"/my/bookings/{booking.code}/"
    html = client.get(response["Location"]).content.decode()
    assert booking.code in html and "<svg" in html
    assert booking.code in client.get("/my/bookings/").content.decode()
    cancelled = client.post(f"/my/bookings/{booking.code}/cancel/")
    assert cancelled.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"


@pytest.mark.parametrize(
    "overrides",
    [
        {"party_size": 0},
        {"party_size": 10_000},
        {"children": 2},
        {"pledge": ""},
        {"party_size": "many"},
    ],
)
def test_bad_booking_input_is_refused_and_changes_nothing(client, court, resident, overrides):
    response = post_booking(client, court, tomorrow_at(19), **overrides)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "start",
    ["2020-01-01T19:00:00+08:00", "yesterday", "2026-13-45T99:00", ""],
)
def test_tampered_slot_times_are_refused(client, court, resident, start):
    response = client.post(
        f"/venues/{court.facility.slug}/book/",
        {"unit": court.pk, "start": start, "party_size": 1, "children": 0, "pledge": "on"},
    )
    assert response.status_code in (302, 400)
    assert not Booking.objects.exists()


def test_unit_of_another_venue_is_refused(client, court, resident, townships):
    other = make_unit(make_facility(townships[1], "别处球场"), "A")
    response = client.post(
        f"/venues/{court.facility.slug}/book/",
        {"unit": other.pk, "start": tomorrow_at(19).isoformat(), "party_size": 1, "pledge": "on"},
    )
    assert response.status_code == 302
    assert not Booking.objects.exists()


def test_other_residents_bookings_are_not_found(client, court, resident, django_user_model):
    post_booking(client, court, tomorrow_at(19))
    booking = Booking.objects.get()
    client.force_login(make_resident(django_user_model, "13900000000"))
    assert client.get(f"/my/bookings/{booking.code}/").status_code == 404
    assert client.post(f"/my/bookings/{booking.code}/cancel/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_private_feed_lists_own_bookings_and_can_be_reset(client, court, resident):
    post_booking(client, court, tomorrow_at(19))
    client.get("/my/bookings/")
    token = BookingFeed.objects.get(user=resident).token
    response = client.get(f"/my/bookings/feed/{token}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = vobject.readOne(response.content.decode())
    event = calendar.vevent
    assert event.dtstart.value == tomorrow_at(19)
    assert event.dtend.value == tomorrow_at(20)
    assert "东陆高中篮球场" in event.summary.value
    client.post("/my/bookings/feed/reset/")
    assert client.get(f"/my/bookings/feed/{token}.ics").status_code == 404
    new_token = BookingFeed.objects.get(user=resident).token
    assert client.get(f"/my/bookings/feed/{new_token}.ics").status_code == 200


def test_confirm_page_for_a_slot_that_is_gone_sends_the_resident_back(client, court, resident):
    SlotLedger.objects.create(unit=court, starts_at=tomorrow_at(19), capacity=10, booked=10)
    full = client.get(book_url(court, tomorrow_at(19)))
    assert full.status_code == 302 and full["Location"] == f"/venues/{court.facility.slug}/"
    closed = client.get(book_url(court, tomorrow_at(12)))
    assert closed.status_code == 302
