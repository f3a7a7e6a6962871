"""Booking rules as plain functions: views parse input and call these, nothing else decides.

Each function runs in one transaction, takes the locks of locking.py, re-checks availability
after the lock, and raises BookingError with a translated message when a rule says no.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..hours.planner import SlotPlanner, within_calendar
from .locking import lock_for_booking, lock_ledger
from .models import Booking, BookingStatus, SlotLedger, Suspension, new_check_in_code


class BookingError(Exception):
    """A rule refused the request; `code` is stable for the API, `message` is for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def portal_setting(name):
    return getattr(settings, f"PORTAL_{name}")


def active_suspension(user, now=None):
    now = now or timezone.now()
    return Suspension.objects.filter(user=user, starts_at__lte=now, ends_at__gt=now).first()


def _local(moment):
    return timezone.localtime(moment)


def _check_party(unit, party_size, children):
    if not 1 <= party_size <= unit.capacity:
        raise BookingError(
            "party_size",
            _("A booking is for 1 to %(max)d people at this unit.") % {"max": unit.capacity},
        )
    if not 0 <= children < party_size:
        raise BookingError(
            "children",
            _("Under-14s come with the adult who books: at least one person must be 14 or older."),
        )


def _check_slot(unit, starts_at, now):
    """Ask the planner, as the pages did; when it says no, explain why in words."""
    day = _local(starts_at).date()
    offered = SlotPlanner([unit], day, day).slots(unit, now=now)
    slot = next((s for s in offered if s.start == starts_at), None)
    if slot is not None:
        return slot
    if starts_at <= now:
        raise BookingError("past", _("This slot has already started; choose a later one."))
    if starts_at > now + timedelta(days=unit.booking_window_days):
        raise BookingError(
            "too_early",
            ngettext(
                "Slots open for booking %(days)d day ahead.",
                "Slots open for booking %(days)d days ahead.",
                unit.booking_window_days,
            )
            % {"days": unit.booking_window_days},
        )
    raise BookingError("closed", _("The unit is not open to the public at this time."))


def _check_caps(user, unit, starts_at, now):
    active = Booking.objects.active(now).filter(user=user)
    day = _local(starts_at).date()
    same_day = [b for b in active.filter(unit=unit) if _local(b.starts_at).date() == day]
    if len(same_day) >= portal_setting("BOOKINGS_PER_UNIT_PER_DAY"):
        raise BookingError("daily_cap", _("You already have a booking at this unit on this day."))
    if active.count() >= portal_setting("MAX_ACTIVE_BOOKINGS"):
        raise BookingError(
            "active_cap",
            _("You have %(n)d active bookings, the most allowed. Cancel one to book another.")
            % {"n": portal_setting("MAX_ACTIVE_BOOKINGS")},
        )


def _check_person(user, now):
    if not user.is_authenticated or not user.is_active:
        raise BookingError("sign_in", _("Sign in to book."))
    if not user.real_name:
        raise BookingError(
            "real_name",
            _("Bookings are made in your real name: add your name to your account first."),
        )
    suspension = active_suspension(user, now)
    if suspension:
        raise BookingError(
            "suspended",
            _("Booking is suspended until %(until)s: %(reason)s")
            % {
                "until": date_format(_local(suspension.ends_at), "DATETIME_FORMAT"),
                "reason": suspension.reason,
            },
        )


def check_bookable(unit):
    """Refuse a unit that does not take bookings (inactive, or its venue closed, unpublished or
    not open to the public): the rule the finder and the venue page show, in words."""
    if not unit.takes_bookings:
        raise BookingError("closed", _("This unit cannot be booked online."))


def book(user, unit, starts_at, party_size, children=0, *, now=None):
    """Book `party_size` places of the slot of `unit` starting at `starts_at`."""
    from .tasks import send_booking_confirmation

    now = now or timezone.now()
    _check_party(unit, party_size, children)
    check_bookable(unit)
    if not within_calendar(starts_at):
        raise BookingError("closed", _("The unit is not open to the public at this time."))
    with transaction.atomic():
        ledger = lock_for_booking(user, unit, starts_at)
        _check_person(user, now)
        slot = _check_slot(unit, starts_at, now)
        remaining = ledger.capacity - ledger.booked
        if remaining <= 0:
            raise BookingError("full", _("This slot is full. Choose another time."))
        if party_size > remaining:
            raise BookingError(
                "full",
                ngettext(
                    "Only %(n)d place is left in this slot.",
                    "Only %(n)d places are left in this slot.",
                    remaining,
                )
                % {"n": remaining},
            )
        _check_caps(user, unit, starts_at, now)
        SlotLedger.objects.filter(pk=ledger.pk).update(booked=F("booked") + party_size)
        booking = _create_with_unique_code(
            unit=unit,
            user=user,
            starts_at=slot.start,
            ends_at=slot.end,
            party_size=party_size,
            children=children,
        )
        transaction.on_commit(lambda: send_booking_confirmation.enqueue(booking.pk))
    return booking


def _create_with_unique_code(**fields):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Booking.objects.create(code=new_check_in_code(), **fields)
        except IntegrityError:
            continue
    raise BookingError("busy", _("Please try again."))  # pragma: no cover - 31^8 codes


def cancel(user, booking_id, *, now=None):
    """The resident cancels their own booking before the deadline; the places go back."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("unit")
            .filter(pk=booking_id, user=user)
            .first()
        )
        if booking is None:
            raise BookingError("not_found", _("No such booking."))
        if booking.status != BookingStatus.CONFIRMED:
            raise BookingError("not_active", _("This booking is not active."))
        if not booking.can_cancel(now):
            raise BookingError(
                "deadline",
                _("Bookings can be cancelled until %(deadline)s; please contact the venue.")
                % {
                    "deadline": date_format(
                        _local(booking.cancellation_deadline()), "DATETIME_FORMAT"
                    )
                },
            )
        ledger = lock_ledger(booking.unit, booking.starts_at)
        SlotLedger.objects.filter(pk=ledger.pk).update(booked=F("booked") - booking.party_size)
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
    return booking


def normalise_code(code):
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:12]


def check_in(manager, code, *, now=None):
    """A school manager checks a resident in by code (typed or scanned from the QR)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.for_manager(manager)
            .select_for_update()
            .select_related("unit__facility", "user")
            .filter(code=normalise_code(code))
            .first()
        )
        if booking is None:
            raise BookingError("not_found", _("No booking of your school has this code."))
        if booking.status == BookingStatus.CHECKED_IN:
            raise BookingError(
                "already",
                _("Already checked in at %(time)s.")
                % {"time": date_format(_local(booking.checked_in_at), "TIME_FORMAT")},
            )
        if booking.status != BookingStatus.CONFIRMED:
            raise BookingError(
                "not_active",
                _("This booking is %(status)s.") % {"status": booking.get_status_display()},
            )
        opens = booking.starts_at - timedelta(minutes=portal_setting("CHECK_IN_OPENS_MINUTES"))
        if not opens <= now < booking.ends_at:
            raise BookingError(
                "wrong_time",
                _("This booking is for %(start)s; check-in opens %(minutes)d minutes before.")
                % {
                    "start": date_format(_local(booking.starts_at), "DATETIME_FORMAT"),
                    "minutes": portal_setting("CHECK_IN_OPENS_MINUTES"),
                },
            )
        booking.status = BookingStatus.CHECKED_IN
        booking.checked_in_at = now
        booking.save(update_fields=["status", "checked_in_at"])
    return booking


def mark_no_show(manager, booking_id, *, now=None):
    """Mark a confirmed booking whose slot has started as a no-show; repeated no-shows suspend."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.for_manager(manager).select_for_update().filter(pk=booking_id).first()
        )
        if booking is None:
            raise BookingError("not_found", _("No such booking."))
        if booking.status != BookingStatus.CONFIRMED:
            raise BookingError(
                "not_active",
                _("This booking is %(status)s.") % {"status": booking.get_status_display()},
            )
        if now < booking.starts_at:
            raise BookingError("too_early", _("A no-show can be marked once the slot has started."))
        booking.status = BookingStatus.NO_SHOW
        booking.save(update_fields=["status"])
        _suspend_after_repeated_no_shows(booking.user, now)
    return booking


def _suspend_after_repeated_no_shows(user, now):
    window = timedelta(days=portal_setting("NO_SHOW_WINDOW_DAYS"))
    limit = portal_setting("NO_SHOW_LIMIT")
    recent = Booking.objects.filter(
        user=user, status=BookingStatus.NO_SHOW, starts_at__gte=now - window
    ).count()
    if recent >= limit and not active_suspension(user, now):
        days = portal_setting("SUSPENSION_DAYS")
        Suspension.objects.create(
            user=user,
            starts_at=now,
            ends_at=now + timedelta(days=days),
            reason=_("%(n)d no-shows within %(window)d days")
            % {"n": recent, "window": window.days},
        )
