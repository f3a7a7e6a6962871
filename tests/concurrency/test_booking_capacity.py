"""Capacity holds under real parallel transactions: 50 residents, one slot of 10 places.

Runs on SQLite (file database, BEGIN IMMEDIATE) in `make test` and on PostgreSQL (row locks) in
CI's second pass. Each attempt runs in its own thread, connection and transaction.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from facilities.booking import services
from facilities.booking.models import Booking, BookingStatus, SlotLedger
from facilities.booking.services import BookingError
from facilities.hours.fields import mask_of
from facilities.hours.models import OpeningRule
from tests.facilities.conftest import make_facility, make_resident, make_township, make_unit
from tests.parallel import run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TZ = ZoneInfo("Asia/Shanghai")
ATTEMPTS = 50
CAPACITY = 10


@pytest.fixture
def slot(django_user_model):
    township = make_township()
    facility = make_facility(township, "并发测试球场")
    unit = make_unit(facility, "1号场", capacity=CAPACITY, slot_minutes=60, booking_window_days=7)
    today = timezone.localdate()
    OpeningRule.objects.create(
        unit=unit,
        season="always",
        weekdays=mask_of(range(7)),
        opens_at=time(6),
        closes_at=time(22),
        valid_from=today - timedelta(days=1),
    )
    starts_at = datetime.combine(today + timedelta(days=2), time(19), TZ)
    residents = [make_resident(django_user_model, f"138{i:08d}") for i in range(ATTEMPTS)]
    return unit, starts_at, residents


def test_fifty_parallel_bookings_never_exceed_ten_places(slot):
    unit, starts_at, residents = slot
    results = run_in_parallel(
        lambda i: services.book(residents[i], unit, starts_at, 1).pk, ATTEMPTS, refusal=BookingError
    )
    outcomes = [code for code, _ in results]
    assert "crash" not in outcomes, [r for r in results if r[0] == "crash"]
    assert outcomes.count("ok") == CAPACITY
    assert outcomes.count("full") == ATTEMPTS - CAPACITY
    full_messages = {message for code, message in results if code == "full"}
    assert all("满" in message or "full" in message for message in full_messages)
    assert Booking.objects.filter(unit=unit, status=BookingStatus.CONFIRMED).count() == CAPACITY
    assert SlotLedger.objects.get(unit=unit, starts_at=starts_at).booked == CAPACITY


def test_one_resident_double_submitting_gets_one_booking(slot):
    unit, starts_at, residents = slot
    resident = residents[0]
    results = run_in_parallel(
        lambda i: services.book(resident, unit, starts_at, 2).pk, 8, refusal=BookingError
    )
    outcomes = [code for code, _ in results]
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "daily_cap"}
    assert SlotLedger.objects.get(unit=unit, starts_at=starts_at).booked == 2
