"""Test settings: fast hashing, media in a temporary folder, no real mail."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-private-"))
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the concurrency tests open one connection per thread.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(MEDIA_ROOT) / "test.sqlite3")}  # noqa: F405
PORTAL_SERVE_MEDIA = True
PORTAL_SMS_BACKEND = "sportsportal.accounts.sms.LocmemBackend"  # sms.outbox
PORTAL_INDICATOR_CACHE_SECONDS = 0  # tests see every change at once; caching has its own test
