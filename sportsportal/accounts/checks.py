"""`manage.py check --deploy`: warn when SMS codes would not reach residents' phones."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

NOT_SENT = {
    "sportsportal.accounts.sms.ConsoleBackend",
    "sportsportal.accounts.sms.LocmemBackend",
}


@register(Tags.security, deploy=True)
def check_sms_backend(app_configs, **kwargs):
    backend = (
        getattr(settings, "PORTAL_SMS_BACKEND", "") or "sportsportal.accounts.sms.ConsoleBackend"
    )
    if backend in NOT_SENT:
        return [
            Warning(
                f"PORTAL_SMS_BACKEND is {backend}: verification codes are not sent to phones, "
                "so residents cannot sign up or reset their passwords.",
                hint="Set PORTAL_SMS_BACKEND to a backend for your SMS gateway.",
                id="accounts.W001",
            )
        ]
    return []


@register(Tags.security)
def check_audit_retention(app_configs, **kwargs):
    days = settings.PORTAL_AUDIT_RETENTION_DAYS
    if days < 180:
        return [
            Warning(
                f"PORTAL_AUDIT_RETENTION_DAYS is {days}; the audit trail is kept 180 days anyway.",
                hint="GB/T 22239-2019 (level 2) asks for at least six months; set 180 or more.",
                id="accounts.W002",
            )
        ]
    return []


PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def check_throttle_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Warning(
                f"The default cache is {backend}: the sign-in and SMS throttle counts per "
                "process (or not at all), so each app server allows its own share of guesses.",
                hint="Use a shared cache (Redis) as CACHES['default'] in production.",
                id="accounts.W003",
            )
        ]
    return []
