"""The audit trail: sign-ins through every door, sign-outs, locks, resets, exports, deletions.

Django's `user_logged_in`, `user_logged_out` and `user_login_failed` signals cover every door
that signs people in through `authenticate()`/`login()` (portal, Wagtail admin, Django admin);
the other events are recorded where they happen by calling the functions below.

What is stored, and no more: the time, the event, the account when there is one, the client's
address, the page, and a short detail. A failed attempt that names no account keeps that name
only partly hidden (138****5678) or, for anything that is not a mobile number, as a keyed tag:
people type passwords into name fields, and a tag still shows that one name was tried many
times.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .addresses import client_address
from .models import AuditEvent, mask_phone

Action = AuditEvent.Action
MINIMUM_RETENTION_DAYS = 180  # GB/T 22239-2019 and the Cybersecurity Law: at least six months
_PHONE = re.compile(r"1[3-9]\d{9}")


def record(action, request=None, *, user=None, subject="", detail=""):
    address = client_address(request) if request is not None else ""
    return AuditEvent.objects.create(
        action=action,
        user=user if user is not None and user.pk else None,
        subject=subject[:64],
        address=address or None,
        path=request.path[:200] if request is not None else "",
        detail=str(detail)[:200],
    )


def _account_for(identifier):
    from .services import normalise_phone

    value = (identifier or "").strip()
    phone = normalise_phone(value)
    query = Q(username__iexact=value)
    if _PHONE.fullmatch(phone):
        query |= Q(phone=phone)
    return get_user_model().objects.filter(query).first() if value else None


def _masked(identifier):
    from .services import normalise_phone

    phone = normalise_phone(identifier or "")
    if _PHONE.fullmatch(phone):
        return mask_phone(phone)
    if not identifier:
        return ""
    tag = salted_hmac("sportsportal.accounts.audit", identifier.casefold()).hexdigest()[:10]
    return f"#{tag}"


def _who(identifier):
    """(user, subject) for a name typed at a door: the account if it exists, else a masked name."""
    user = _account_for(identifier)
    return (user, "") if user is not None else (None, _masked(identifier))


def record_sign_in_failure(request, identifier, detail=""):
    user, subject = _who(identifier)
    record(Action.SIGN_IN_FAILED, request, user=user, subject=subject, detail=detail)


def record_reset_request(request, identifier, *, user=None):
    """A password reset asked for with a mobile number or (staff) an e-mail address."""
    user, subject = (user, "") if user is not None else _who(identifier)
    record(Action.PASSWORD_RESET_REQUESTED, request, user=user, subject=subject)


def record_lock(request, subject, *, scope):
    """`subject` is the throttle's ("account:<name>", "sms-code:<number>", "page:<id>"…);
    `scope` says whether the subject or the client's address was locked."""
    kind, _sep, name = subject.partition(":")
    if kind in ("account", "sms-code"):
        user, masked = _who(name)
    else:
        user, masked = None, subject
    record(Action.LOCKED, request, user=user, subject=masked, detail=scope)


def record_data_export(request, what):
    """A download of figures or rows by someone with access to the admin (not the public's)."""
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        record(Action.DATA_EXPORTED, request, user=user, detail=what)


def retention_days():
    return max(settings.PORTAL_AUDIT_RETENTION_DAYS, MINIMUM_RETENTION_DAYS)


def purge(now=None):
    """Delete events older than the retention period (never fewer than 180 days)."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    deleted, _per_model = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record(Action.SIGN_IN, request, user=user)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.SIGN_OUT, request, user=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    record_sign_in_failure(request, username or "")
