"""One throttle for every way in, and for every message the portal sends on request.

Every door that checks a secret calls `begin()` before checking it: the portal's sign-in, the
Wagtail and Django admin sign-ins (through `backends.ThrottledModelBackend`, so any view that
calls `authenticate()` is covered), the password forms of private pages and documents, the SMS
codes of sign-up and password reset. Each attempt is counted at once for the account (or page)
and for the client's address; a right secret forgets the attempt again. When either count
reaches its limit, the door stays shut until the window has passed, whatever is typed, and says
so in the same words whether or not the account exists.

Messages that cost money or annoy someone (SMS codes, reset e-mails) are counted with
`allow_message()` per address and site-wide.

The counts live in Django's default cache (Redis in production), changed only with the atomic
`add`/`incr`, so that every app server sees the same figures. Keys hold a SHA-256 of the
identifier, never the identifier.
"""

import contextlib
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import audit
from .addresses import client_network


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _count(key: str, window: int) -> int:
    """Add one to a counter that starts with its first hit and lasts `window` seconds."""
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # it expired between add() and incr()
        cache.add(key, 1, window)
        return 1


def _forget_one(key: str) -> None:
    with contextlib.suppress(ValueError):  # it expired meanwhile
        cache.decr(key)


# --- Secrets: passwords, page passwords, SMS codes -----------------------------------------


def lockout_seconds() -> int:
    return settings.PORTAL_SIGNIN_LOCKOUT_MINUTES * 60


class Locked(Exception):
    """Too many failed attempts for this account (or page) or from this address."""

    def __init__(self):
        minutes = settings.PORTAL_SIGNIN_LOCKOUT_MINUTES
        self.message = ngettext(
            "Too many failed attempts. For your security, please wait %(minutes)d minute "
            "before trying again.",
            "Too many failed attempts. For your security, please wait %(minutes)d minutes "
            "before trying again.",
            minutes,
        ) % {"minutes": minutes}
        self.retry_after = lockout_seconds()
        super().__init__(self.message)


def account_key(identifier: str) -> str:
    """One key per account, however it is typed: a mobile number finds its account's username.

    Usernames are compared case-insensitively, so 'Editor' and 'editor' share a count.
    """
    from django.contrib.auth import get_user_model

    from .services import normalise_phone

    value = (identifier or "").strip()
    phone = normalise_phone(value)
    if len(phone) == 11 and phone.isdigit():
        username = (
            get_user_model().objects.filter(phone=phone).values_list("username", flat=True).first()
        )
        value = username or phone
    return f"account:{value.casefold()}"


def _secret_keys(request, subject: str) -> tuple[str, str]:
    return (
        f"portal:throttle:subject:{_digest(subject)}",
        f"portal:throttle:address:{_digest(client_network(request))}",
    )


def is_locked(request, subject: str) -> bool:
    """True while `begin()` would refuse; lets a form show the lock instead of a wrong password."""
    subject_key, address_key = _secret_keys(request, subject)
    return (cache.get(subject_key) or 0) >= settings.PORTAL_SIGNIN_FAILURES_PER_ACCOUNT or (
        cache.get(address_key) or 0
    ) >= settings.PORTAL_SIGNIN_FAILURES_PER_ADDRESS


@dataclass(frozen=True)
class Attempt:
    """One counted try; call `succeeded()` when the secret was right."""

    subject_key: str
    address_key: str

    def succeeded(self) -> None:
        cache.delete(self.subject_key)
        _forget_one(self.address_key)


def begin(request, subject: str) -> Attempt:
    """Count one try at the secret of `subject` (see `account_key`) from this client.

    Raises `Locked`, and records the lock in the audit trail the first time it turns someone
    away, when the subject or the address has used up its tries. Counting before the secret is
    checked keeps the limit exact when many tries arrive at once.
    """
    subject_key, address_key = _secret_keys(request, subject)
    window = lockout_seconds()
    per_subject = _count(subject_key, window)
    per_address = _count(address_key, window)
    over_subject = per_subject > settings.PORTAL_SIGNIN_FAILURES_PER_ACCOUNT
    over_address = per_address > settings.PORTAL_SIGNIN_FAILURES_PER_ADDRESS
    if over_subject or over_address:
        if over_subject and per_subject == settings.PORTAL_SIGNIN_FAILURES_PER_ACCOUNT + 1:
            audit.record_lock(request, subject, scope="account")
        if over_address and per_address == settings.PORTAL_SIGNIN_FAILURES_PER_ADDRESS + 1:
            audit.record_lock(request, subject, scope="address")
        raise Locked()
    return Attempt(subject_key, address_key)


def forget(subject: str) -> None:
    """After a password reset: the account's own count starts again (the address's does not)."""
    cache.delete(f"portal:throttle:subject:{_digest(subject)}")


# --- Messages sent on request: SMS codes, reset e-mails ------------------------------------


class TooManyMessages(Exception):
    def __init__(self, message, retry_after):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def allow_message(request, kind: str, target: str = "") -> None:
    """Count one message of `kind` ("sms", "reset-mail") asked for from this client.

    Raises `TooManyMessages` above the per-address hourly limit or the site-wide hourly or
    daily limit (settings `PORTAL_<KIND>_PER_ADDRESS_PER_HOUR`, `…_PER_HOUR`, `…_PER_DAY`),
    and, given a `target` (the address a mail goes to), above `…_PER_ACCOUNT_PER_HOUR`.
    Every request counts, whether or not a message then goes out, so that the limits behave
    the same for registered and unknown numbers or addresses.
    """
    prefix = f"PORTAL_{kind.upper().replace('-', '_')}"
    address = _digest(client_network(request))
    address_key = f"portal:throttle:{kind}:address:{address}"
    limits = [
        (address_key, 3600, f"{prefix}_PER_ADDRESS_PER_HOUR"),
        (f"portal:throttle:{kind}:site:hour", 3600, f"{prefix}_PER_HOUR"),
        (f"portal:throttle:{kind}:site:day", 86400, f"{prefix}_PER_DAY"),
    ]
    if target:
        target_key = f"portal:throttle:{kind}:target:{_digest(target.casefold())}"
        limits.insert(0, (target_key, 3600, f"{prefix}_PER_ACCOUNT_PER_HOUR"))
    for key, window, setting in limits:
        if _count(key, window) > getattr(settings, setting):
            if key == address_key:
                message = _(
                    "Too many requests from your network. Please try again in an hour, or "
                    "contact the sports bureau."
                )
            else:
                message = _(
                    "The portal has sent very many messages just now. Please try again later."
                )
            raise TooManyMessages(message, retry_after=window)
