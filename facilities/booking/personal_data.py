"""Bookings in a resident's data export and account deletion (PIPL)."""

from django.utils import timezone

from .models import Booking, BookingFeed, BookingStatus, SlotLedger


def export_bookings(user):
    return [
        {
            "venue": booking.unit.facility.name,
            "unit": booking.unit.name,
            "starts_at": timezone.localtime(booking.starts_at).isoformat(),
            "ends_at": timezone.localtime(booking.ends_at).isoformat(),
            "people": booking.party_size,
            "under_14": booking.children,
            "status": booking.status,
            "code": booking.code,
            "booked_at": timezone.localtime(booking.created_at).isoformat(),
        }
        for booking in Booking.objects.filter(user=user).select_related("unit__facility")
    ]


def erase_bookings(user):
    """Cancel future bookings (their places go back) and drop the private feed. Past bookings
    stay for the schools' attendance figures, tied to the anonymised account only."""
    from django.db.models import F

    now = timezone.now()
    for booking in Booking.objects.select_for_update().filter(
        user=user, status=BookingStatus.CONFIRMED, starts_at__gt=now
    ):
        SlotLedger.objects.filter(unit_id=booking.unit_id, starts_at=booking.starts_at).update(
            booked=F("booked") - booking.party_size
        )
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
    BookingFeed.objects.filter(user=user).delete()
