"""Residents' accounts: SMS codes, sign-up, password reset, and each resident's own data (PIPL).

Plain functions; every change to the database runs inside `transaction.atomic`. The views call
these and show an `AccountError`'s message next to the form field it concerns.

Limits (module constants, so tests and later settings can refer to them):

* a code has 6 digits, is valid for 10 minutes, can be used once and allows 5 wrong tries;
  only the newest code for a number and purpose counts;
* one code a minute and at most 10 a day (calendar day, Asia/Shanghai) per mobile number;
* per client address and site-wide, the limits of `throttle.allow_message` (settings);
* a registered number asking for a sign-up code gets a notice instead of a code, and an unknown
  number asking for a reset code gets nothing; both still get a (never sent) code on record, so
  that every later answer is the same as for any other number (no enumeration);
* records of codes sent are deleted two days after they were sent.

Other parts of the portal that hold personal data (bookings) register a section with
`register_personal_data(...)`, so that `export_personal_data` and `delete_personal_data` cover
them too.
"""

import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import throttle
from .models import AuditEvent, PhoneVerification
from .sms import SmsError, send_sms

Purpose = PhoneVerification.Purpose

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(seconds=60)
DAILY_LIMIT = 10
VERIFICATION_RETENTION = timedelta(days=2)


class AccountError(Exception):
    """A translated message for the resident; `code` tells tests and views which case it is."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code


class RateLimited(AccountError):
    def __init__(self, message, *, code, retry_after):
        super().__init__(message, code=code)
        self.retry_after = retry_after  # seconds


class CodeRejected(AccountError):
    pass


class PhoneAlreadyRegistered(AccountError):
    pass


class SmsNotSent(AccountError):
    pass


class SendingLimited(AccountError):
    """Too many codes from this client or from the whole site; no code went out."""

    def __init__(self, message, *, retry_after):
        super().__init__(message, code="sending_limited")
        self.retry_after = retry_after


# --- Input normalisation -------------------------------------------------------------------


def normalise_phone(value):
    """'+86 138-1234-5678' or full-width '１３８１２３４５６７８' → '13812345678'.

    Only spacing, separators, full-width digits and the +86 / 0086 prefix are removed; whatever
    remains is checked by `mobile_validator`, so '138123456789' or '2381234567a' stay invalid.
    """
    value = unicodedata.normalize("NFKC", value or "").strip()
    value = re.sub(r"[\s\-()]", "", value)
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def normalise_code(value):
    """Full-width digits and spaces ('１２ ３４５６') are accepted as the code."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value or ""))


# --- SMS codes -----------------------------------------------------------------------------


def _hash_code(phone, purpose, code):
    # Keyed with SECRET_KEY: a copy of the table alone does not reveal codes, even though a
    # six-digit code would be quick to guess from an unkeyed hash.
    return salted_hmac(
        "sportsportal.accounts.PhoneVerification", f"{purpose}:{phone}:{code}", algorithm="sha256"
    ).hexdigest()


def _new_code():
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _code_message(purpose, code):
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    site = _("Huize County Sports Portal")
    if purpose == Purpose.PASSWORD_RESET:
        return _(
            "%(code)s is your code to reset your password at the %(site)s. It is valid for "
            "%(minutes)d minutes. Do not tell anyone this code. If you did not ask for it, "
            "ignore this message."
        ) % {"code": code, "site": site, "minutes": minutes}
    return _(
        "%(code)s is your code to sign up at the %(site)s. It is valid for %(minutes)d minutes. "
        "Do not tell anyone this code."
    ) % {"code": code, "site": site, "minutes": minutes}


def _account_exists_message():
    site = _("Huize County Sports Portal")
    return _(
        "Someone (perhaps you) asked to sign up at the %(site)s with this mobile number, which "
        'already has an account. Sign in with your password, or set a new one with "Forgot '
        'your password?". If it was not you, ignore this message.'
    ) % {"site": site}


def _start_of_local_day(moment):
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def purge_old_verifications(now=None):
    """Delete records of codes sent more than two days ago; returns how many were deleted."""
    now = now or timezone.now()
    deleted, _per_model = PhoneVerification.objects.filter(
        created_at__lt=now - VERIFICATION_RETENTION
    ).delete()
    return deleted


def _serialise_per_phone(phone):
    """Make concurrent requests for one number take turns, so the limits hold exactly.

    PostgreSQL: a transaction-scoped advisory lock on the number (there may be no row to lock
    yet). SQLite allows one writing transaction at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"sms-code:{phone}"])


def send_verification_code(phone, purpose, request=None, *, message=None):
    """Create a code for `phone` and send it by SMS; raises `RateLimited`, `SendingLimited` or
    `SmsNotSent`.

    The limits count every code sent to the number, whatever its purpose, because each message
    costs money and can annoy the number's owner; with a `request`, the client's and the site's
    limits too. `message` is sent instead of the code ("" sends nothing): the code is then on
    record, counts against the limits and can never be guessed, which makes a registered and
    an unknown number look the same from outside.
    """
    now = timezone.now()
    code = _new_code()
    with transaction.atomic():
        _serialise_per_phone(phone)
        purge_old_verifications(now)
        sent = PhoneVerification.objects.filter(phone=phone)
        last = sent.order_by("-created_at").values_list("created_at", flat=True).first()
        if last is not None and now - last < RESEND_INTERVAL:
            wait = max(1, int((last + RESEND_INTERVAL - now).total_seconds() + 0.999))
            raise RateLimited(
                ngettext(
                    "A code was sent to this number less than a minute ago. Enter that code, "
                    "or wait %(seconds)d second before asking for a new one.",
                    "A code was sent to this number less than a minute ago. Enter that code, "
                    "or wait %(seconds)d seconds before asking for a new one.",
                    wait,
                )
                % {"seconds": wait},
                code="too_soon",
                retry_after=wait,
            )
        day_start = _start_of_local_day(now)
        if sent.filter(created_at__gte=day_start).count() >= DAILY_LIMIT:
            raise RateLimited(
                ngettext(
                    "This number has already received %(count)d code today. "
                    "Please try again tomorrow.",
                    "This number has already received %(count)d codes today. "
                    "Please try again tomorrow.",
                    DAILY_LIMIT,
                )
                % {"count": DAILY_LIMIT},
                code="daily_limit",
                retry_after=int((day_start + timedelta(days=1) - now).total_seconds()) + 1,
            )
        if request is not None:
            try:
                throttle.allow_message(request, "sms")
            except throttle.TooManyMessages as exc:
                raise SendingLimited(exc.message, retry_after=exc.retry_after) from exc
        verification = PhoneVerification.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=_hash_code(phone, purpose, code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    # Sent after the row is committed, so that no database transaction waits on the gateway.
    if message is None:
        message = _code_message(purpose, code)
    if not message:
        return verification
    try:
        send_sms(phone, message)
    except SmsError as exc:
        verification.delete()  # nothing was sent: it must not count against the limits
        raise SmsNotSent(
            _("The text message could not be sent just now. Please try again in a few minutes."),
            code="sms_failed",
        ) from exc
    return verification


def _registered(phone):
    return get_user_model().objects.filter(Q(phone=phone) | Q(username=phone))


def _already_registered():
    return PhoneAlreadyRegistered(
        _("This mobile number is already registered. Sign in, or reset your password by SMS."),
        code="phone_taken",
    )


def request_signup_code(phone, request=None):
    """Send a sign-up code; a number that already has an account gets a notice instead.

    The page answers the same either way, so sign-up does not tell strangers which numbers
    are registered; the owner of a registered number learns it from the notice.
    """
    message = _account_exists_message() if _registered(phone).exists() else None
    return send_verification_code(phone, Purpose.SIGNUP, request, message=message)


def request_password_reset_code(phone, request=None):
    """Send a reset code if an active account has this number; otherwise send nothing.

    The page answers the same either way ("if this number is registered, a code was sent"),
    also when the number's limits are reached, because an unknown number's request is on
    record and counted just like a registered one's.
    """
    registered = get_user_model().objects.filter(phone=phone, is_active=True).exists()
    return send_verification_code(
        phone, Purpose.PASSWORD_RESET, request, message=None if registered else ""
    )


def _use_code(phone, purpose, code, now):
    """Within the caller's transaction, use the newest code or count a wrong try.

    Returns None when the code is right (it is now used) or the `CodeRejected` to raise; the
    caller raises it only after its transaction has committed, so that a wrong try is counted.
    """
    verification = (
        PhoneVerification.objects.select_for_update()
        .filter(phone=phone, purpose=purpose)
        .order_by("-created_at", "-pk")
        .first()
    )
    if verification is None or verification.used_at is not None or verification.expires_at <= now:
        return CodeRejected(
            _("This code has expired or is no longer valid. Please ask for a new code."),
            code="expired",
        )
    if verification.attempts >= CODE_MAX_ATTEMPTS:
        return CodeRejected(
            _("The code was entered wrongly too many times. Please ask for a new code."),
            code="too_many_attempts",
        )
    if not constant_time_compare(verification.code_hash, _hash_code(phone, purpose, code)):
        verification.attempts += 1
        verification.save(update_fields=["attempts"])
        left = CODE_MAX_ATTEMPTS - verification.attempts
        if left == 0:
            return CodeRejected(
                _("The code was entered wrongly too many times. Please ask for a new code."),
                code="too_many_attempts",
            )
        return CodeRejected(
            ngettext(
                "The code is not correct (if you asked for more than one, use the newest). "
                "You can try %(count)d more time.",
                "The code is not correct (if you asked for more than one, use the newest). "
                "You can try %(count)d more times.",
                left,
            )
            % {"count": left},
            code="wrong",
        )
    verification.used_at = now
    verification.save(update_fields=["used_at"])
    return None


def register_resident(*, phone, code, real_name, password):
    """Create a resident's account (username = mobile number) once the SMS code checks out.

    Raises `CodeRejected` or, only to someone who holds the right code (so the number's owner),
    `PhoneAlreadyRegistered` (the code then stays unused); on either, no account is created.
    The caller has validated the password and the real name.
    """
    user_model = get_user_model()
    now = timezone.now()
    user = None
    with transaction.atomic():
        rejected = _use_code(phone, Purpose.SIGNUP, code, now)
        if rejected is None:
            if _registered(phone).exists():
                raise _already_registered()  # rolls back the use of the code
            user = user_model(
                username=phone, phone=phone, real_name=real_name, privacy_consent_at=now
            )
            user.set_password(password)
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError as exc:
                # Another request registered the number a moment ago; the code is not used up.
                raise _already_registered() from exc
    if rejected is not None:
        raise rejected
    return user


def reset_password(*, phone, code, password):
    """Set a new password for the active account with this number once the SMS code checks out."""
    user_model = get_user_model()
    now = timezone.now()
    user = None
    with transaction.atomic():
        rejected = _use_code(phone, Purpose.PASSWORD_RESET, code, now)
        if rejected is None:
            user = (
                user_model.objects.select_for_update().filter(phone=phone, is_active=True).first()
            )
            if user is None:
                raise CodeRejected(
                    _("This code has expired or is no longer valid. Please ask for a new code."),
                    code="expired",
                )
            user.set_password(password)
            user.save(update_fields=["password"])
    if rejected is not None:
        raise rejected
    throttle.forget(throttle.account_key(user.username))
    return user


# --- The resident's own data (PIPL) --------------------------------------------------------


@dataclass(frozen=True)
class PersonalDataSection:
    """Personal data kept elsewhere (for example bookings) about a user.

    `export(user)` returns JSON-serialisable data for the download; `erase(user)` removes or
    anonymises it, inside the deletion's transaction and before the account itself is
    anonymised (so `user.phone` and `user.real_name` are still there to match on).
    """

    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]


_sections: dict[str, PersonalDataSection] = {}


def register_personal_data(name, *, export, erase):
    """Add a section to every export and deletion; registering a name again replaces it.

    Call it from the owning app's `AppConfig.ready()`, for example the bookings:
    `register_personal_data("bookings", export=export_bookings, erase=anonymise_bookings)`.
    """
    _sections[name] = PersonalDataSection(name=name, export=export, erase=erase)


def unregister_personal_data(name):
    _sections.pop(name, None)


def _iso(value):
    return timezone.localtime(value).isoformat() if isinstance(value, datetime) else value


def export_personal_data(user):
    """Everything the portal keeps about `user`, as a JSON-serialisable dict."""
    data = {
        "format": "sportsportal-personal-data/1",
        "exported_at": _iso(timezone.now()),
        "account": {
            "username": user.username,
            "mobile_number": user.phone,
            "real_name": user.real_name,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "privacy_consent_at": _iso(user.privacy_consent_at),
            "is_staff": user.is_staff,
        },
        "sms_codes_sent": [
            {
                "purpose": row.purpose,
                "sent_at": _iso(row.created_at),
                "expires_at": _iso(row.expires_at),
                "used_at": _iso(row.used_at),
                "wrong_attempts": row.attempts,
            }
            for row in (
                PhoneVerification.objects.filter(phone=user.phone).order_by("created_at")
                if user.phone
                else PhoneVerification.objects.none()
            )
        ],
        # Kept after an account is deleted, for the audit period the law asks for.
        "security_log": [
            {"at": _iso(row.at), "event": row.action, "address": row.address, "page": row.path}
            for row in AuditEvent.objects.filter(user=user).order_by("at", "pk")
        ],
    }
    for name, section in _sections.items():
        data[name] = section.export(user)
    return data


def can_delete_own_account(user):
    """Only residents delete their own accounts. An account with any role (staff, superuser, a
    group such as a school's managers or the editors, a permission) is closed by an
    administrator, so that the bureau never loses an editor or a school its manager by a click."""
    return user.is_authenticated and not (
        user.is_staff or user.is_superuser or user.groups.exists() or user.user_permissions.exists()
    )


def delete_personal_data(user):
    """Anonymise `user`: the row stays so that bookings and other records keep their references.

    The account is deactivated, its password made unusable (which also ends its sessions), the
    mobile number, real name, e-mail and username are replaced by a tombstone, and the SMS code
    records for the number are deleted. Registered sections (bookings…) erase theirs first.
    """
    user_model = get_user_model()
    with transaction.atomic():
        # Lock the row, so that a concurrent change to the account waits for the deletion.
        user_model.objects.select_for_update().filter(pk=user.pk).first()
        for section in _sections.values():
            section.erase(user)
        phone = user.phone
        if phone:
            PhoneVerification.objects.filter(phone=phone).delete()
        user.username = f"deleted-{user.pk}"
        user.phone = None
        user.real_name = ""
        user.first_name = ""
        user.last_name = ""
        user.email = ""
        user.last_login = None
        user.privacy_consent_at = None
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
    return user
