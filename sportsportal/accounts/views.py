"""Residents' account pages: sign-up, sign-in, password reset by SMS, "my data", the privacy notice.

Thin: forms check the input, `services` do the work. Sign-up and password reset are two steps that
work without JavaScript: step one posts the mobile number to /accounts/send-code/, which sends the
code and remembers the number in the session; step two asks for the code and the rest.
Invalid input answers 400, a sending limit 429, a failed SMS gateway 503, each with the form.
"""

from contextlib import contextmanager
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from wagtail.admin.views.account import PasswordResetConfirmView

from . import audit, services, throttle
from .forms import DeleteAccountForm, LoginForm, PasswordResetForm, PhoneForm, SignupForm
from .models import PhoneVerification

Purpose = PhoneVerification.Purpose
SESSION_PHONES = "accounts.phones"  # {purpose: the number a code was last sent to}
AUTH_BACKEND = "sportsportal.accounts.backends.ThrottledModelBackend"

FLOWS = {
    Purpose.SIGNUP: ("accounts/signup.html", "accounts:signup", SignupForm),
    Purpose.PASSWORD_RESET: (
        "accounts/password_reset.html",
        "accounts:password_reset",
        PasswordResetForm,
    ),
}


def safe_next(request):
    """The `next` parameter if it points into this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _session_phone(request, purpose):
    return request.session.get(SESSION_PHONES, {}).get(purpose)


def _remember_phone(request, purpose, phone):
    request.session[SESSION_PHONES] = {**request.session.get(SESSION_PHONES, {}), purpose: phone}


def _forget_phone(request, purpose):
    phones = dict(request.session.get(SESSION_PHONES, {}))
    phones.pop(purpose, None)
    request.session[SESSION_PHONES] = phones


def _render_flow(request, purpose, *, phone_form=None, form=None, status=200, **extra):
    """Step one (`phone_form`) or step two (`form`) of sign-up or password reset."""
    template, url_name, _form_class = FLOWS[purpose]
    context = {
        "purpose": purpose,
        "phone_form": phone_form,
        "form": form,
        "phone": _session_phone(request, purpose),
        "next": safe_next(request),
        "flow_url": reverse(url_name),
        **extra,
    }
    return render(request, template, context, status=status)


def _flow_page(request, purpose):
    phone = _session_phone(request, purpose)
    form_class = FLOWS[purpose][2]
    if phone and not request.GET.get("change"):
        return _render_flow(request, purpose, form=form_class(phone=phone))
    return _render_flow(request, purpose, phone_form=PhoneForm(initial={"phone": phone}))


def _no_phone_yet(request, purpose):
    return _render_flow(
        request,
        purpose,
        phone_form=PhoneForm(),
        status=400,
        flow_error=_("Please enter your mobile number and ask for a code first."),
    )


@contextmanager
def _code_attempt(request, phone):
    """Count an SMS code typed at step two against the number and this client's address (the
    sign-in throttle): a wrong code is a failed try, a locked door a `CodeRejected`."""
    try:
        attempt = throttle.begin(request, f"sms-code:{phone}")
    except throttle.Locked as exc:
        audit.record_sign_in_failure(request, phone, detail="sms code, locked")
        raise services.CodeRejected(exc.message, code="locked") from exc
    try:
        yield
    except services.CodeRejected:
        audit.record_sign_in_failure(request, phone, detail="sms code")
        raise
    attempt.succeeded()


@never_cache
@sensitive_post_parameters("password1", "password2")
def signup(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url or reverse("accounts:me"))
    if request.method != "POST":
        return _flow_page(request, Purpose.SIGNUP)
    phone = _session_phone(request, Purpose.SIGNUP)
    if not phone:
        return _no_phone_yet(request, Purpose.SIGNUP)
    form = SignupForm(request.POST, phone=phone)
    phone_taken = False
    if form.is_valid():
        try:
            with _code_attempt(request, phone):
                user = services.register_resident(
                    phone=phone,
                    code=form.cleaned_data["code"],
                    real_name=form.cleaned_data["real_name"],
                    password=form.cleaned_data["password1"],
                )
        except services.PhoneAlreadyRegistered as exc:
            form.add_error(None, exc.message)
            phone_taken = True
        except services.CodeRejected as exc:
            form.add_error("code", exc.message)
        else:
            _forget_phone(request, Purpose.SIGNUP)
            login(request, user, backend=AUTH_BACKEND)
            messages.success(request, _("Welcome! Your account is ready and you are signed in."))
            return HttpResponseRedirect(next_url or "/")
    return _render_flow(request, Purpose.SIGNUP, form=form, status=400, phone_taken=phone_taken)


@never_cache
@sensitive_post_parameters("password1", "password2")
def password_reset(request):
    if request.method != "POST":
        return _flow_page(request, Purpose.PASSWORD_RESET)
    phone = _session_phone(request, Purpose.PASSWORD_RESET)
    if not phone:
        return _no_phone_yet(request, Purpose.PASSWORD_RESET)
    form = PasswordResetForm(request.POST, phone=phone)
    if form.is_valid():
        try:
            with _code_attempt(request, phone):
                user = services.reset_password(
                    phone=phone,
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["password1"],
                )
        except services.CodeRejected as exc:
            form.add_error("code", exc.message)
        else:
            audit.record(audit.Action.PASSWORD_RESET, request, user=user)
            _forget_phone(request, Purpose.PASSWORD_RESET)
            login(request, user, backend=AUTH_BACKEND)
            messages.success(request, _("Your password has been changed and you are signed in."))
            return HttpResponseRedirect(safe_next(request) or "/")
    return _render_flow(request, Purpose.PASSWORD_RESET, form=form, status=400)


@require_POST
def send_code(request):
    purpose = request.POST.get("purpose")
    if purpose not in FLOWS:
        return HttpResponseBadRequest(_("Unknown purpose."))
    phone_form = PhoneForm(request.POST)
    if not phone_form.is_valid():
        return _render_flow(request, purpose, phone_form=phone_form, status=400)
    phone = phone_form.cleaned_data["phone"]
    try:
        if purpose == Purpose.SIGNUP:
            services.request_signup_code(phone, request)
        else:
            services.request_password_reset_code(phone, request)
            audit.record_reset_request(request, phone)
    except services.SendingLimited as exc:
        phone_form.add_error("phone", exc.message)
        response = _render_flow(request, purpose, phone_form=phone_form, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    except services.RateLimited as exc:
        # A code went out recently (or today's are used up): the code already sent still works.
        _remember_phone(request, purpose, phone)
        form_class = FLOWS[purpose][2]
        response = _render_flow(
            request, purpose, form=form_class(phone=phone), status=429, flow_error=exc.message
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    except services.SmsNotSent as exc:
        phone_form.add_error("phone", exc.message)
        return _render_flow(request, purpose, phone_form=phone_form, status=503)
    _remember_phone(request, purpose, phone)
    return HttpResponseRedirect(_with_next(reverse(FLOWS[purpose][1]), safe_next(request)))


@method_decorator(never_cache, name="dispatch")
class PortalLoginView(LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    next_page = "/"

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PortalLogoutView(LogoutView):
    next_page = "/"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


def privacy(request):
    return render(
        request,
        "accounts/privacy.html",
        {
            "code_minutes": int(services.CODE_LIFETIME.total_seconds() // 60),
            "retention_days": services.VERIFICATION_RETENTION.days,
            "audit_days": audit.retention_days(),
        },
    )


@never_cache
@login_required
def me(request):
    return render(
        request,
        "accounts/me.html",
        {"account": request.user, "can_delete": services.can_delete_own_account(request.user)},
    )


@never_cache
@login_required
def export(request):
    data = services.export_personal_data(request.user)
    audit.record(audit.Action.PERSONAL_DATA_EXPORTED, request, user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/json; charset=utf-8"
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@sensitive_post_parameters("password")
def delete(request):
    user = request.user
    if not services.can_delete_own_account(user):
        return render(request, "accounts/delete.html", {"staff": True}, status=403)
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=user, request=request)
        if form.is_valid():
            services.delete_personal_data(user)
            audit.record(audit.Action.ACCOUNT_DELETED, request, user=user)
            logout(request)
            messages.success(
                request,
                _("Your account has been deleted and your personal data removed. Thank you."),
            )
            return redirect("/")
        return render(request, "accounts/delete.html", {"form": form}, status=400)
    form = DeleteAccountForm(user=user, request=request)
    return render(request, "accounts/delete.html", {"form": form})


class AdminPasswordResetConfirmView(PasswordResetConfirmView):
    """Wagtail's last step of the e-mail reset, recorded in the audit trail; the account's
    sign-in count starts again."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(audit.Action.PASSWORD_RESET, self.request, user=form.user)
        throttle.forget(throttle.account_key(form.user.username))
        return response
