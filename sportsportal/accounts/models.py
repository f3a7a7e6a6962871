"""The portal's user and the SMS codes that prove a resident holds a mobile number.

Staff sign in by username; residents sign up with a mobile number, which becomes their username.
A custom user model from the first migration, because swapping it later is not possible without
rewriting every table that points at users.
"""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

mobile_validator = RegexValidator(
    r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland China mobile number, for example 13812345678.")
)


class User(AbstractUser):
    phone = models.CharField(
        _("mobile number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[mobile_validator],
    )
    real_name = models.CharField(_("real name"), max_length=50, blank=True)
    privacy_consent_at = models.DateTimeField(
        _("agreed to the privacy notice at"),
        null=True,
        blank=True,
        help_text=_("When the resident ticked the privacy notice's consent box at sign-up."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_name(self):
        return mask_name(self.real_name)


def mask_phone(phone):
    """138****5678: lists show enough to recognise a number, not enough to call it (PIPL)."""
    if not phone:
        return ""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"


def mask_name(name):
    """王丽 → 王*, 欧阳娜娜 → 欧***, 阿依·木拉提 → 阿*****: the first character, then one `*` each.

    The rule is the same for every name, so it needs no list of compound surnames (欧阳, 司马…)
    and never shows more than one character; the length stays visible so that two people with
    the same surname can still be told apart in a list. A one-character name becomes `*`.
    Spaces and middle dots are masked too. Lists of people (bookings, check-in) use this (PIPL).
    """
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


class PhoneVerification(models.Model):
    """One SMS code sent to one mobile number; only a keyed hash of the code is stored.

    Rows are the record behind the sending limits (one a minute, ten a day per number) and are
    deleted two days after they were created (see `services.purge_old_verifications`).
    """

    class Purpose(models.TextChoices):
        SIGNUP = "signup", _("sign-up")
        PASSWORD_RESET = "password_reset", _("password reset")

    phone = models.CharField(_("mobile number"), max_length=11, validators=[mobile_validator])
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(_("code hash"), max_length=64)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS verification code")
        verbose_name_plural = _("SMS verification codes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["phone", "created_at"], name="phoneverif_phone_created")]

    def __str__(self):
        sent = timezone.localtime(self.created_at)
        return f"{mask_phone(self.phone)} · {self.get_purpose_display()} · {sent:%Y-%m-%d %H:%M}"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


class AuditEvent(models.Model):
    """One security-relevant event (GB/T 22239-2019 level 2 audit): who, what, when, from where.

    Kept at least `PORTAL_AUDIT_RETENTION_DAYS` (180) days, then removed by `manage.py
    purge_audit_log`. Only the permission `accounts.view_auditevent` (and superusers) can read
    it; nobody can change it through the site. Admin changes are in Wagtail's own log and
    imports in the import log, so they are not repeated here.
    """

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
        SIGN_OUT = "sign_out", _("signed out")
        LOCKED = "locked", _("locked after too many failures")
        PASSWORD_RESET_REQUESTED = "reset_requested", _("password reset requested")
        PASSWORD_RESET = "password_reset", _("password reset")
        PERSONAL_DATA_EXPORTED = "personal_export", _("personal data downloaded")
        ACCOUNT_DELETED = "account_deleted", _("account deleted")
        DATA_EXPORTED = "data_export", _("data exported by staff")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("event"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(
        _("subject"),
        max_length=64,
        blank=True,
        help_text=_(
            "What a failed attempt named when it matched no account: a mobile number partly "
            "hidden, any other name only as a tag (people type passwords into name fields)."
        ),
    )
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.get_action_display()}"
