"""Bookings, booking suspensions and the private feed in a resident's data export and account
deletion (PIPL). The export holds every field about the resident; only the feed's secret token
is left out, as the password's hash is (a credential, not information about the person)."""

from django.utils import timezone

from .models import Booking, BookingFeed, BookingStatus, SlotLedger, Suspension


def _iso(value):
    return timezone.localtime(value).isoformat() if value is not None else None


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
            "booked_at": _iso(booking.created_at),
            "cancelled_at": _iso(booking.cancelled_at),
            "checked_in_at": _iso(booking.checked_in_at),
            "reminder_sent_at": _iso(booking.reminded_at),
        }
        for booking in Booking.objects.filter(user=user).select_related("unit__facility")
    ]


def export_suspensions(user):
    return [
        {"starts_at": _iso(s.starts_at), "ends_at": _iso(s.ends_at), "reason": s.reason}
        for s in Suspension.objects.filter(user=user).order_by("starts_at")
    ]


def erase_suspensions(user):
    Suspension.objects.filter(user=user).delete()


def export_feed(user):
    """Whether the resident has a private calendar feed (its secret address is not repeated)."""
    return {"exists": BookingFeed.objects.filter(user=user).exists()}


def erase_bookings(user):
    """Cancel future bookings (their places go back). Past bookings
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


def erase_feed(user):
    BookingFeed.objects.filter(user=user).delete()
