"""Booking rules: party sizes, windows, caps, cancellation, check-in, no-shows, suspension."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from facilities.booking import services
from facilities.booking.models import Booking, SlotLedger, Suspension
from facilities.booking.services import BookingError
from facilities.hours.fields import mask_of
from facilities.hours.models import OpeningRule

from .conftest import make_facility, make_manager, make_resident, make_unit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 3, 2)
NOW = datetime.combine(MONDAY, time(9, 0), TZ)


def at(day, hh, mm=0):
    return datetime.combine(day, time(hh, mm), TZ)


@pytest.fixture
def court(townships, schools):
    facility = make_facility(townships[0], "东陆高中篮球场", owner_type="school", school=schools[0])
    unit = make_unit(facility, "1号场", capacity=10, slot_minutes=60)
    OpeningRule.objects.create(
        unit=unit,
        weekdays=mask_of(range(7)),
        opens_at=time(18),
        closes_at=time(21),
        valid_from=date(2026, 1, 1),
    )
    return unit


@pytest.fixture
def resident(django_user_model):
    return make_resident(django_user_model)


def book(user, unit, start, n=1, **kw):
    return services.book(user, unit, start, n, now=kw.pop("now", NOW), **kw)


def error_code(callable_, *args, **kwargs):
    with pytest.raises(BookingError) as excinfo:
        callable_(*args, **kwargs)
    return excinfo.value.code


def test_booking_takes_places_and_gives_a_code(court, resident):
    booking = book(resident, court, at(MONDAY, 19), 3)
    assert booking.status == "confirmed"
    assert len(booking.code) == 8 and booking.code.isalnum()
    assert booking.ends_at == at(MONDAY, 20)
    ledger = SlotLedger.objects.get(unit=court, starts_at=at(MONDAY, 19))
    assert ledger.booked == 3


@pytest.mark.parametrize("party", [0, 11, 10_000])
def test_party_size_out_of_range_is_refused(court, resident, party):
    assert error_code(book, resident, court, at(MONDAY, 19), party) == "party_size"
    assert not Booking.objects.exists()


def test_children_need_an_adult(court, resident):
    assert error_code(book, resident, court, at(MONDAY, 19), 2, children=2) == "children"
    book(resident, court, at(MONDAY, 19), 3, children=2)


def test_past_slots_outside_hours_and_beyond_the_window_are_refused(court, resident):
    assert error_code(book, resident, court, at(MONDAY - timedelta(days=1), 19)) == "past"
    assert error_code(book, resident, court, at(MONDAY, 12)) == "closed"
    assert error_code(book, resident, court, at(MONDAY, 19, 30)) == "closed"
    assert error_code(book, resident, court, at(MONDAY + timedelta(days=8), 19)) == "too_early"
    assert not Booking.objects.exists()


def test_full_slot_says_so(court, django_user_model):
    first = make_resident(django_user_model, "13800000002")
    second = make_resident(django_user_model, "13800000003")
    book(first, court, at(MONDAY, 19), 8)
    with pytest.raises(BookingError) as excinfo:
        book(second, court, at(MONDAY, 19), 3)
    assert excinfo.value.code == "full" and "2" in excinfo.value.message
    book(second, court, at(MONDAY, 19), 2)
    assert error_code(book, second, court, at(MONDAY, 20), 11) == "party_size"
    third = make_resident(django_user_model, "13800000004")
    assert error_code(book, third, court, at(MONDAY, 19)) == "full"


def test_one_booking_per_unit_per_day_and_four_active(court, resident, townships):
    book(resident, court, at(MONDAY, 19))
    assert error_code(book, resident, court, at(MONDAY, 20)) == "daily_cap"
    for day in range(1, 4):
        book(resident, court, at(MONDAY + timedelta(days=day), 19))
    assert error_code(book, resident, court, at(MONDAY + timedelta(days=5), 19)) == "active_cap"


def test_real_name_is_required(court, django_user_model):
    anonymous_name = make_resident(django_user_model, "13800000009", real_name="")
    assert error_code(book, anonymous_name, court, at(MONDAY, 19)) == "real_name"


def test_cancel_before_deadline_returns_places(court, resident):
    booking = book(resident, court, at(MONDAY, 19), 4)
    services.cancel(resident, booking.pk, now=at(MONDAY, 16, 59))
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert SlotLedger.objects.get(unit=court, starts_at=at(MONDAY, 19)).booked == 0
    assert error_code(services.cancel, resident, booking.pk, now=NOW) == "not_active"


def test_cancel_after_deadline_is_refused(court, resident):
    booking = book(resident, court, at(MONDAY, 19))
    assert error_code(services.cancel, resident, booking.pk, now=at(MONDAY, 17, 1)) == "deadline"


def test_cannot_cancel_another_residents_booking(court, resident, django_user_model):
    booking = book(resident, court, at(MONDAY, 19))
    intruder = make_resident(django_user_model, "13900000000")
    assert error_code(services.cancel, intruder, booking.pk, now=NOW) == "not_found"
    booking.refresh_from_db()
    assert booking.status == "confirmed"


@pytest.fixture
def manager(django_user_model, schools):
    return make_manager(django_user_model, "manager1", schools[0])


def test_check_in_by_code(court, resident, manager):
    booking = book(resident, court, at(MONDAY, 19))
    messy = f" {booking.code.lower()[:4]}-{booking.code.lower()[4:]} "
    assert error_code(services.check_in, manager, messy, now=at(MONDAY, 18, 0)) == "wrong_time"
    services.check_in(manager, messy, now=at(MONDAY, 18, 45))
    booking.refresh_from_db()
    assert booking.status == "checked_in"
    assert error_code(services.check_in, manager, booking.code, now=at(MONDAY, 18, 50)) == "already"


def test_tampered_code_and_other_schools_bookings_are_refused(
    court, resident, manager, django_user_model, schools
):
    booking = book(resident, court, at(MONDAY, 19))
    other_manager = make_manager(django_user_model, "manager2", schools[1])
    assert error_code(services.check_in, other_manager, booking.code, now=at(MONDAY, 19)) == (
        "not_found"
    )
    tampered = booking.code[:-1] + ("A" if booking.code[-1] != "A" else "B")
    assert error_code(services.check_in, manager, tampered, now=at(MONDAY, 19)) == "not_found"


def test_three_no_shows_in_thirty_days_suspend_for_fourteen(court, resident, manager):
    for day in range(3):
        booking = book(resident, court, at(MONDAY + timedelta(days=day), 19), now=NOW)
        services.mark_no_show(manager, booking.pk, now=at(MONDAY + timedelta(days=day), 20))
    suspension = Suspension.objects.get(user=resident)
    assert suspension.ends_at == at(MONDAY + timedelta(days=2), 20) + timedelta(days=14)
    later = at(MONDAY + timedelta(days=3), 9)
    with pytest.raises(BookingError) as excinfo:
        book(resident, court, at(MONDAY + timedelta(days=3), 19), now=later)
    assert excinfo.value.code == "suspended"
    assert "3" in excinfo.value.message
    after = suspension.ends_at + timedelta(minutes=1)
    day_after = (suspension.ends_at + timedelta(days=1)).astimezone(TZ).date()
    book(resident, court, at(day_after, 19), now=after)


def test_no_show_cannot_be_marked_before_the_slot(court, resident, manager):
    booking = book(resident, court, at(MONDAY, 19))
    assert error_code(services.mark_no_show, manager, booking.pk, now=at(MONDAY, 18)) == (
        "too_early"
    )


def test_confirmation_is_sent_after_commit_not_in_the_request(
    court, resident, django_capture_on_commit_callbacks, mailoutbox
):
    from sportsportal.accounts import sms

    resident.email = "wangli@example.cn"
    resident.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        booking = book(resident, court, at(MONDAY, 19))
    assert len(callbacks) == 1 and mailoutbox == []  # nothing sent inside the transaction
    callbacks[0]()
    assert booking.code in mailoutbox[0].body
    assert any(booking.code in sent.message for sent in sms.outbox)


def test_reminders_are_queued_once(court, resident, django_capture_on_commit_callbacks):
    from facilities.booking.reminders import queue_reminders

    booking = book(resident, court, at(MONDAY, 19))
    with django_capture_on_commit_callbacks(execute=False):
        assert queue_reminders(now=at(MONDAY, 12)) == 0  # seven hours ahead: too early
        assert queue_reminders(now=at(MONDAY, 17)) == 1
        assert queue_reminders(now=at(MONDAY, 17, 15)) == 0
    booking.refresh_from_db()
    assert booking.reminded_at == at(MONDAY, 17)


def test_deleting_an_account_cancels_future_bookings_and_exports_them_first(court, resident):
    from django.utils import timezone

    from sportsportal.accounts.services import delete_personal_data, export_personal_data

    tomorrow = timezone.localdate() + timedelta(days=1)
    booking = services.book(resident, court, at(tomorrow, 19), 3)
    exported = export_personal_data(resident)
    assert exported["bookings"][0]["code"] == booking.code
    delete_personal_data(resident)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert SlotLedger.objects.get(unit=court, starts_at=booking.starts_at).booked == 0
