"""One rule of bookability: a venue that may not be booked shows no slots, is not in the finder's
"bookable online" list, and neither the confirm page nor the booking service take its slots."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from facilities.booking import services
from facilities.booking.models import Booking
from facilities.models import Facility

from .robust_world import build_world

pytestmark = pytest.mark.django_db


def closed(world):
    Facility.objects.filter(pk=world.facility.pk).update(
        status="closed", closed_on=timezone.localdate()
    )


def not_live(world):
    Facility.objects.filter(pk=world.facility.pk).update(live=False)


def not_open_to_public(world):
    Facility.objects.filter(pk=world.facility.pk).update(open_to_public=False)


def unit_inactive(world):
    type(world.unit).objects.filter(pk=world.unit.pk).update(is_active=False)


def planned(world):
    Facility.objects.filter(pk=world.facility.pk).update(status="planned")


NOT_BOOKABLE = [closed, not_live, not_open_to_public, unit_inactive, planned]


@pytest.fixture
def world(django_user_model):
    return build_world(django_user_model, photo=False)


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def a_free_slot(world):
    # The world's own booking is tomorrow; one a day per unit is the cap.
    day = timezone.localdate() + timedelta(days=2)
    return datetime.combine(day, time(15), timezone.get_current_timezone())


def book_url(world, start):
    query = f"unit={world.unit.pk}&start={start.isoformat().replace('+', '%2B')}"
    return f"{reverse('facilities:book', args=[world.facility.slug])}?{query}"


def test_a_bookable_venue_shows_slots_and_takes_bookings(world, client):
    """The baseline the other tests take away from."""
    client.force_login(world.resident)
    start = a_free_slot(world)
    page = client.get(world.facility.get_absolute_url())
    assert f"?unit={world.unit.pk}&amp;start=" in page.content.decode()
    assert client.get("/venues/?bookable=1").context["venues"][0] == world.facility
    assert client.get(book_url(world, start)).status_code == 200
    unit = type(world.unit).objects.get(pk=world.unit.pk)
    assert services.book(world.resident, unit, start, 1).status == "confirmed"


@pytest.mark.parametrize("take_away", NOT_BOOKABLE)
def test_a_venue_that_may_not_be_booked_shows_no_slots(world, client, take_away):
    take_away(world)
    page = client.get(world.facility.get_absolute_url())
    if take_away is not_live:
        assert page.status_code == 404
        return
    assert page.status_code == 200
    assert reverse("facilities:book", args=[world.facility.slug]) not in page.content.decode()
    assert page.context["week"] == []


@pytest.mark.parametrize("take_away", NOT_BOOKABLE)
def test_a_venue_that_may_not_be_booked_is_not_bookable_online(world, client, take_away):
    take_away(world)
    response = client.get("/venues/?bookable=1")
    assert response.status_code == 200
    assert list(response.context["venues"]) == []
    assert not Facility.objects.bookable().exists()


@pytest.mark.parametrize("take_away", NOT_BOOKABLE)
def test_the_booking_service_refuses_in_words(world, english, take_away):
    take_away(world)
    unit = type(world.unit).objects.select_related("facility").get(pk=world.unit.pk)
    with pytest.raises(services.BookingError) as refused:
        services.book(world.resident, unit, a_free_slot(world), 1)
    assert refused.value.code == "closed"
    assert refused.value.message == "This unit cannot be booked online."
    assert Booking.objects.count() == 1  # the world's own booking, nothing new


@pytest.mark.parametrize("take_away", [closed, not_open_to_public, planned])
def test_the_confirm_page_refuses_and_books_nothing(world, client, take_away):
    take_away(world)
    client.force_login(world.resident)
    url = book_url(world, a_free_slot(world))
    shown = client.get(url, follow=True)
    assert "This unit cannot be booked online." in shown.content.decode()
    assert shown.redirect_chain[-1][0] == world.facility.get_absolute_url()
    form = {"unit": world.unit.pk, "start": a_free_slot(world).isoformat()}
    form.update(party_size=1, children=0, pledge="on")
    posted = client.post(url, form, follow=True)
    assert "This unit cannot be booked online." in posted.content.decode()
    assert Booking.objects.count() == 1
