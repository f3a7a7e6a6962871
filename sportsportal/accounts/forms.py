"""Forms for residents' accounts: what a person types, normalised and checked.

The rules (codes, limits, creating and deleting accounts) live in `services.py`; these forms only
turn input into clean values and translated field errors.
"""

import re
import unicodedata

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordChangeForm as WagtailPasswordChangeForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from . import audit, services, throttle
from .models import mobile_validator

# Han characters (with 〇 and the rare-character extension blocks, which names use) and Latin
# letters.
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_LETTER = f"[{_HAN}A-Za-z]"
REAL_NAME_RE = re.compile(rf"^{_LETTER}+(?:[· ]{_LETTER}+)*$")
# Characters people type for the middle dot in names such as 阿依·木拉提.
_MIDDLE_DOTS = re.compile("[\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65]")
REAL_NAME_MIN_LENGTH = 2
REAL_NAME_MAX_LENGTH = 20


def normalise_real_name(value):
    """Tidy a real name: full-width letters to ASCII, every middle-dot look-alike to '·'.

    Spaces around a dot go, runs of spaces become one, and spaces between Han characters go
    ('王 丽' → '王丽'); a space stays only between Latin words ('Anna Lee').
    """
    value = unicodedata.normalize("NFKC", value or "")
    value = _MIDDLE_DOTS.sub("·", value)
    value = " ".join(value.split())
    value = re.sub(r" ?· ?", "·", value)
    return re.sub(rf"(?<=[{_HAN}]) (?=[{_HAN}])", "", value)


def validate_real_name(value):
    if not REAL_NAME_MIN_LENGTH <= len(value) <= REAL_NAME_MAX_LENGTH:
        raise ValidationError(
            _("Enter your real name with 2 to 20 characters."), code="real_name_length"
        )
    if not REAL_NAME_RE.match(value):
        raise ValidationError(
            _(
                "Use Chinese characters or Latin letters only, with a middle dot (·) between "
                "the parts of a name, as on your ID card."
            ),
            code="real_name_characters",
        )


class PhoneField(forms.CharField):
    default_error_messages = {
        "required": _("Enter your mobile number."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 20)  # before '+86' and spaces are removed
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel", "size": 15}),
        )
        super().__init__(**kwargs)
        self.validators.append(mobile_validator)

    def to_python(self, value):
        return services.normalise_phone(super().to_python(value))


class CodeField(forms.CharField):
    default_error_messages = {
        "required": _("Enter the 6-digit code from the text message."),
        "invalid": _("The code has 6 digits, for example 045678."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Verification code"))
        kwargs.setdefault(
            "help_text",
            _("The 6-digit code in the text message we sent. It is valid for 10 minutes."),
        )
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}
            ),
        )
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)

    def to_python(self, value):
        return services.normalise_code(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and not re.fullmatch(r"\d{6}", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class PhoneForm(forms.Form):
    """Step one of sign-up and password reset: the number to send a code to."""

    phone = PhoneField(help_text=_("We send a 6-digit code to this number by text message."))


class SignupForm(SetPasswordMixin, forms.Form):
    """Step two of sign-up; the mobile number comes from step one (the session), not the form."""

    code = CodeField()
    real_name = forms.CharField(
        label=_("Real name (实名)"),
        max_length=40,
        help_text=_(
            "As on your ID card, for example 王丽 or 阿依·木拉提. School sports grounds can only "
            "be booked in your real name. You give it once; to correct it later, contact the "
            "sports bureau."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name", "size": 20}),
        error_messages={"required": _("Enter your real name.")},
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password again")
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that the portal keeps my mobile number "
            "and real name for the purposes it describes."
        ),
        error_messages={
            "required": _(
                "Tick this box to agree to the privacy notice. Without it we cannot open "
                "an account."
            )
        },
    )

    def __init__(self, *args, phone, **kwargs):
        self.phone = phone
        super().__init__(*args, **kwargs)

    def clean_real_name(self):
        value = normalise_real_name(self.cleaned_data["real_name"])
        validate_real_name(value)
        return value

    def clean(self):
        self.validate_passwords()
        user = get_user_model()(
            username=self.phone, phone=self.phone, real_name=self.cleaned_data.get("real_name", "")
        )
        self.validate_password_for_user(user, password_field_name="password1")
        return self.cleaned_data


class PasswordResetForm(SetPasswordMixin, forms.Form):
    """Step two of the password reset: the code and the new password."""

    code = CodeField()
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("New password"), label2=_("New password again")
    )

    def __init__(self, *args, phone, **kwargs):
        self.phone = phone
        super().__init__(*args, **kwargs)

    def clean(self):
        self.validate_passwords()
        # Checked against a stand-in with the number, never the account itself: otherwise a
        # rule about the account's name would tell a stranger that the number is registered.
        stand_in = get_user_model()(username=self.phone, phone=self.phone)
        self.validate_password_for_user(stand_in, password_field_name="password1")
        return self.cleaned_data


class LoginForm(forms.Form):
    """Sign-in with a mobile number (or a staff username) and password, through the throttle.

    Residents' usernames are their mobile numbers; a number typed with '+86' or spaces, or an
    account whose username is not its number (the demo resident), is found by its phone field.
    """

    username = forms.CharField(
        label=_("Mobile number"),
        max_length=150,
        help_text=_("Staff can enter their username instead."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "username", "size": 15}
        ),
        error_messages={"required": _("Enter your mobile number.")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )

    def __init__(self, request=None, *args, **kwargs):
        # LoginView passes the request first, like Django's AuthenticationForm.
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        phone = services.normalise_phone(value)
        if re.fullmatch(r"1[3-9]\d{9}", phone):
            username = (
                get_user_model()
                .objects.filter(phone=phone)
                .values_list("username", flat=True)
                .first()
            )
            return username or phone
        return value

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            if throttle.is_locked(self.request, throttle.account_key(username)):
                hint = gettext("You can also set a new password by SMS.")
                raise ValidationError(f"{throttle.Locked().message} {hint}", code="locked")
            raise ValidationError(
                _(
                    "The mobile number or the password is not correct. If you have forgotten "
                    "your password, you can set a new one by SMS."
                ),
                code="invalid_login",
            )
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To make sure it is you who deletes the account."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )

    def __init__(self, *args, user, request, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        try:
            attempt = throttle.begin(self.request, throttle.account_key(self.user.username))
        except throttle.Locked as exc:
            raise ValidationError(exc.message, code="locked") from exc
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."), code="wrong_password")
        attempt.succeeded()
        return password


class ThrottledOldPasswordMixin:
    """For Django's PasswordChangeForm and its subclasses: the current password asked for goes
    through the sign-in throttle, so a borrowed session cannot guess it without limit."""

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        try:
            attempt = throttle.begin(self.request, throttle.account_key(self.user.username))
        except throttle.Locked as exc:
            raise ValidationError(exc.message, code="locked") from exc
        old_password = super().clean_old_password()  # ValidationError when it is wrong
        attempt.succeeded()
        return old_password


class WagtailAccountPasswordForm(ThrottledOldPasswordMixin, WagtailPasswordChangeForm):
    """The password panel of Wagtail's account settings."""


class DjangoAdminPasswordForm(ThrottledOldPasswordMixin, AdminPasswordChangeForm):
    """The Django admin's "change password" page."""


class ThrottledLoginFormMixin:
    """For sign-in forms built on Django's AuthenticationForm (the backend does the counting):
    a locked door says so instead of "wrong password"."""

    def get_invalid_login_error(self):
        username = self.cleaned_data.get("username") or ""
        if throttle.is_locked(self.request, throttle.account_key(username)):
            return ValidationError(throttle.Locked().message, code="locked")
        return super().get_invalid_login_error()


class AdminLoginForm(ThrottledLoginFormMixin, WagtailLoginForm):
    """Wagtail's admin sign-in (`WAGTAILADMIN_USER_LOGIN_FORM`)."""


class DjangoAdminLoginForm(ThrottledLoginFormMixin, AdminAuthenticationForm):
    """The Django admin's sign-in (`admin.site.login_form`)."""


class AdminPasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's e-mail reset (`WAGTAILADMIN_USER_PASSWORD_RESET_FORM`), for staff only.

    Only accounts with access to the admin get a mail (residents reset by SMS); requests are
    limited per e-mail address, per client address and site-wide. The page answers the same
    whether a mail went out or not.
    """

    def get_users(self, email):
        return (
            user for user in super().get_users(email) if user.has_perm("wagtailadmin.access_admin")
        )

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        user = next(iter(self.get_users(email)), None)
        audit.record_reset_request(request, email, user=user)
        try:
            throttle.allow_message(request, "reset-mail", target=email)
        except throttle.TooManyMessages:
            return
        super().save(*args, request=request, **kwargs)
