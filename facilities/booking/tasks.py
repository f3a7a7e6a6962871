"""Background work of bookings, through Django's task framework (never inside the request)."""

from django.utils import timezone
from django_tasks import task

from . import notifications
from .models import Booking, BookingStatus


@task()
def send_booking_confirmation(booking_id):
    booking = Booking.objects.select_related("unit__facility", "user").filter(pk=booking_id).first()
    if booking is None or booking.status != BookingStatus.CONFIRMED:
        return []
    return notifications.confirmation(booking)


@task()
def send_booking_reminder(booking_id):
    booking = Booking.objects.select_related("unit__facility", "user").filter(pk=booking_id).first()
    if booking is None or booking.status != BookingStatus.CONFIRMED:
        return []
    if booking.starts_at <= timezone.now():
        return []
    return notifications.reminder(booking)
