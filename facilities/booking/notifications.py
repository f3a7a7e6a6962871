"""Messages to residents about their bookings: email when they gave one, SMS to their phone."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _describe(booking):
    start = timezone.localtime(booking.starts_at)
    return _("%(venue)s %(unit)s, %(when)s, %(n)d people, check-in code %(code)s") % {
        "venue": booking.unit.facility.name,
        "unit": booking.unit.name,
        "when": date_format(start, "DATETIME_FORMAT"),
        "n": booking.party_size,
        "code": booking.code,
    }


def notify(booking, subject, intro):
    """Send the message by every channel the resident has; returns the channels used."""
    from sportsportal.accounts.sms import send_sms

    user = booking.user
    channels = []
    with translation.override(settings.LANGUAGE_CODE):
        text = f"{intro} {_describe(booking)}"
        subject = str(subject)
        if user.phone:
            send_sms(user.phone, text)
            channels.append("sms")
        if user.email:
            send_mail(subject, text, None, [user.email])
            channels.append("email")
    return channels


def confirmation(booking):
    with translation.override(settings.LANGUAGE_CODE):
        return notify(booking, _("Booking confirmed"), _("Your booking is confirmed:"))


def reminder(booking):
    with translation.override(settings.LANGUAGE_CODE):
        return notify(booking, _("Booking reminder"), _("Reminder of your booking:"))
