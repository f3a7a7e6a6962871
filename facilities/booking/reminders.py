"""Which bookings get a reminder now: confirmed, starting within the reminder window, not yet
reminded. Marked before enqueueing, so a second run never sends twice."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Booking, BookingStatus
from .tasks import send_booking_reminder


def queue_reminders(now=None):
    now = now or timezone.now()
    horizon = now + timedelta(hours=settings.PORTAL_REMINDER_HOURS)
    with transaction.atomic():
        due = list(
            Booking.objects.select_for_update(skip_locked=True)
            .filter(
                status=BookingStatus.CONFIRMED,
                reminded_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=horizon,
            )
            .values_list("pk", flat=True)
        )
        Booking.objects.filter(pk__in=due).update(reminded_at=now)
        for booking_id in due:
            transaction.on_commit(lambda pk=booking_id: send_booking_reminder.enqueue(pk))
    return len(due)
