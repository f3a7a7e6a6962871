"""Production: secrets and hosts from the environment, shared state, HTTPS only, strict headers.

Every variable read here is listed and explained in deploy/production.env.example. A missing
required variable stops the import (KeyError); wrong values stop `manage.py check` and the server
(sportsportal/accounts/checks.py); `manage.py check --deploy --fail-level WARNING` is clean.
"""

import os

from .base import *  # noqa: F403


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
PORTAL_PRODUCTION = True
SECRET_KEY = os.environ["SECRET_KEY"]
# WhiteNoise serves the collected, hashed static files right after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One cache for every app server and worker: the sign-in lockout counts each failed password
# once, and an import's "data changed" reaches every process's indicator figures.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "portal",
    }
}
# Sessions in the database, read through the shared cache: any app server finds them.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# HTTPS only. TLS ends at the reverse proxy, which must set X-Forwarded-Proto itself (and drop a
# client's own); only then may Django trust that header, so it is trusted on request only.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
if env_flag("PORTAL_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The load balancer probes these over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# HSTS for a year, for the portal's host and every host below it (none of which serves plain
# HTTP). Not `preload`: the preload list takes only a registrable domain (the county's whole
# gov.cn domain), a commitment for the government's other sites that the bureau cannot make.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload, decided against above
SECURE_CONTENT_TYPE_NOSNIFF = True
# No framing at all; Wagtail's preview views set SAMEORIGIN for the admin's own preview panel.
X_FRAME_OPTIONS = "DENY"

# Every cookie the site sets goes over HTTPS only (HttpOnly and SameSite are in base.py).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Background work (booking confirmations and reminders) runs in a separate worker process:
# `python manage.py db_worker`. Development and tests run tasks right after the commit.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
