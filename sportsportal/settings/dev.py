"""Local development: DEBUG on, SQLite unless DATABASE_URL says otherwise, mail to the console."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-7f3c0b1e9a"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
PORTAL_SERVE_MEDIA = True
PORTAL_SMS_BACKEND = "sportsportal.accounts.sms.ConsoleBackend"  # codes appear in the terminal
