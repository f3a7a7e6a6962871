"""Slot times at the ends of the calendar (year 1, year 9999) are no slot, not an overflow 500."""

from datetime import datetime, timedelta, timezone

import pytest
from django.urls import reverse
from django.utils import translation

from facilities.booking import services
from facilities.booking.forms import SlotChoiceForm
from facilities.booking.models import Booking

from .robust_world import build_world

pytestmark = pytest.mark.django_db
EXTREMES = ["9999-12-31T23:00:00+08:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"]


@pytest.fixture
def world(django_user_model):
    return build_world(django_user_model, photo=False)


@pytest.mark.parametrize("start", EXTREMES)
def test_the_confirm_page_says_the_slot_is_not_available(world, client, start):
    client.force_login(world.resident)
    url = reverse("facilities:book", args=[world.facility.slug])
    shown = client.get(url, {"unit": world.unit.pk, "start": start}, HTTP_ACCEPT_LANGUAGE="en")
    assert shown.status_code == 302
    page = client.get(shown.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "That slot is not available any more." in page
    form = {"unit": world.unit.pk, "start": start, "party_size": 1, "children": 0, "pledge": "on"}
    assert client.post(url, form).status_code == 302
    assert Booking.objects.count() == 1  # the world's own


@pytest.mark.parametrize("start", EXTREMES)
def test_the_slot_field_names_the_error(start):
    with translation.override("en"):
        form = SlotChoiceForm({"unit": 1, "start": start})
        assert not form.is_valid()
        assert form.errors["start"] == ["This is not a slot time."]


@pytest.mark.parametrize(
    "moment",
    [
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-12))),
        datetime.min.replace(tzinfo=timezone(timedelta(hours=14))),
    ],
)
def test_the_booking_service_refuses_a_moment_outside_the_calendar(world, moment):
    with translation.override("en"), pytest.raises(services.BookingError) as refused:
        services.book(world.resident, world.unit, moment, 1)
    assert refused.value.code == "closed"
    assert Booking.objects.count() == 1
