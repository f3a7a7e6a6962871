"""A resident's own bookings as a private iCalendar feed (secret URL, resettable)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import BookingStatus

STATUS = {
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.CHECKED_IN: "CONFIRMED",
    BookingStatus.NO_SHOW: "CONFIRMED",
    BookingStatus.CANCELLED: "CANCELLED",
}


def bookings_calendar(bookings, site_url):
    calendar = Calendar()
    calendar.add("prodid", "-//Huize County Sports Portal//Bookings//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("My bookings"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.pk}@{site_url.split('//')[-1]}")
        event.add("dtstamp", now)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("summary", f"{booking.unit.facility.name} · {booking.unit.name}")
        event.add(
            "description",
            _("Check-in code %(code)s, %(n)d people")
            % {"code": booking.code, "n": booking.party_size},
        )
        event.add("location", booking.unit.facility.address or booking.unit.facility.name)
        event.add("geo", (booking.unit.facility.latitude, booking.unit.facility.longitude))
        event.add("status", STATUS[booking.status])
        # A cancellation is a change calendar apps must pick up over the first version.
        event.add("sequence", 1 if booking.status == BookingStatus.CANCELLED else 0)
        event.add("url", f"{site_url}{booking.unit.facility.get_absolute_url()}")
        calendar.add_component(event)
    return calendar.to_ical()
