"""The portal's user: staff sign in by username, residents by mobile number (bookings issue).

A custom user model from the first migration, because swapping it later is not possible without
rewriting every table that points at users.
"""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
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

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


def mask_phone(phone):
    """138****5678: lists show enough to recognise a number, not enough to call it (PIPL)."""
    if not phone:
        return ""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"
