"""System checks that stop production (`PORTAL_PRODUCTION = True`) from starting half-configured.

Errors, not deploy warnings, so that `manage.py check`, `migrate` and `runserver` fail too:

* the sign-in lockout and the indicator cache only hold when every app server shares one cache;
  a per-process cache lets each worker count failed passwords on its own and keep stale figures;
* sessions must live where every app server finds them;
* verification codes and booking notices must reach phones through a real gateway.

In every environment, a warning when the audit trail would be kept less than 180 days.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

SHARED_CACHES = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
}
PER_SERVER_SESSIONS = {"django.contrib.sessions.backends.file"}
NOT_SENT = {
    "sportsportal.accounts.sms.ConsoleBackend",
    "sportsportal.accounts.sms.LocmemBackend",
}


def _in_production():
    return getattr(settings, "PORTAL_PRODUCTION", False)


@register(Tags.caches, Tags.security)
def check_shared_cache(app_configs, **kwargs):
    if not _in_production():
        return []
    return [
        Error(
            f"The cache '{alias}' uses {config.get('BACKEND')}, which each process keeps for "
            "itself: sign-in lockouts would count per worker and indicators would stay stale "
            "after an import.",
            hint="Set REDIS_URL so that production uses the shared Redis cache.",
            id="accounts.E001",
        )
        for alias, config in settings.CACHES.items()
        if config.get("BACKEND") not in SHARED_CACHES
    ]


@register(Tags.security)
def check_shared_sessions(app_configs, **kwargs):
    if _in_production() and settings.SESSION_ENGINE in PER_SERVER_SESSIONS:
        return [
            Error(
                f"SESSION_ENGINE is {settings.SESSION_ENGINE}: residents would be signed out "
                "whenever the load balancer sends them to another app server.",
                hint="Use django.contrib.sessions.backends.cached_db or db.",
                id="accounts.E002",
            )
        ]
    return []


@register(Tags.security)
def check_sms_backend(app_configs, **kwargs):
    if not _in_production():
        return []
    from .sms import BaseSmsBackend

    backend = getattr(settings, "PORTAL_SMS_BACKEND", "")
    if backend in NOT_SENT:
        return [
            Error(
                f"PORTAL_SMS_BACKEND is {backend}: verification codes are not sent to phones, "
                "so residents cannot sign up or reset their passwords.",
                hint="Set PORTAL_SMS_BACKEND to the backend class of your SMS gateway.",
                id="accounts.E003",
            )
        ]
    try:
        backend_class = import_string(backend)
    except ImportError as error:
        backend_class = error
    if not (isinstance(backend_class, type) and issubclass(backend_class, BaseSmsBackend)):
        return [
            Error(
                f"PORTAL_SMS_BACKEND is {backend!r}, which is not an SMS backend class "
                f"({backend_class}).",
                hint="Name a subclass of sportsportal.accounts.sms.BaseSmsBackend.",
                id="accounts.E004",
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
