"""Bookings and the slot ledger.

Capacity lives in the database: one SlotLedger row per (unit, slot start) holds the places taken,
with a CHECK that they never exceed the capacity. Bookings change it only through
`facilities.booking.services`, which lock the row first (see locking.py).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: codes are read aloud at the gate.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_check_in_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_feed_token():
    return secrets.token_urlsafe(24)


class SlotLedger(models.Model):
    unit = models.ForeignKey(
        "facilities.BookableUnit", on_delete=models.CASCADE, related_name="ledger"
    )
    starts_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField()
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "starts_at"], name="one_ledger_row_per_slot"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="slot_never_over_capacity"
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.starts_at:%Y-%m-%d %H:%M} {self.booked}/{self.capacity}"


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


ACTIVE_STATUSES = (BookingStatus.CONFIRMED,)
HOLDING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW)


class BookingQuerySet(models.QuerySet):
    def for_manager(self, user):
        from ..models import BookableUnit

        return self.filter(unit__in=BookableUnit.objects.for_manager(user))

    def upcoming(self, now=None):
        return self.filter(status=BookingStatus.CONFIRMED, starts_at__gt=now or timezone.now())

    def active(self, now=None):
        """Confirmed bookings whose slot has not ended: what the per-user caps count."""
        return self.filter(status=BookingStatus.CONFIRMED, ends_at__gt=now or timezone.now())


class Booking(models.Model):
    unit = models.ForeignKey(
        "facilities.BookableUnit",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("bookable unit"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("resident"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    party_size = models.PositiveSmallIntegerField(_("people"))
    children = models.PositiveSmallIntegerField(
        _("of whom under 14"), default=0, help_text=_("Under-14s come with the booking adult.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    code = models.CharField(_("check-in code"), max_length=12, unique=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [
            models.Index(fields=["unit", "starts_at"], name="booking_unit_start"),
            models.Index(fields=["user", "status", "starts_at"], name="booking_user_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(party_size__gte=1), name="booking_has_people"),
            models.CheckConstraint(
                condition=Q(children__lt=F("party_size")), name="booking_has_an_adult"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.unit} {self.starts_at:%Y-%m-%d %H:%M}"

    def cancellation_deadline(self):
        from datetime import timedelta

        return self.starts_at - timedelta(hours=self.unit.cancellation_hours)

    def can_cancel(self, now=None):
        return (
            self.status == BookingStatus.CONFIRMED
            and (now or timezone.now()) < self.cancellation_deadline()
        )


class Suspension(models.Model):
    """Booking is suspended after repeated no-shows; the resident sees why and until when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booking_suspensions"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["-ends_at"]
        verbose_name = _("booking suspension")
        verbose_name_plural = _("booking suspensions")

    def __str__(self):
        return f"{self.user_id} until {self.ends_at:%Y-%m-%d}"


class BookingFeed(models.Model):
    """The secret behind a resident's private iCal feed of their own bookings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booking_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    def __str__(self):
        return f"feed of {self.user_id}"
