"""The WSGI application for gunicorn (or any WSGI server).

Gunicorn runs no system checks, so in production the application runs them as it loads: a
half-configured deployment (a per-process cache, an SMS backend that sends nothing…) refuses to
serve instead of starting (SystemCheckError), as `manage.py check` and `migrate` refuse.
"""

import io
import os

from django.conf import settings
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportsportal.settings.production")
application = get_wsgi_application()

if getattr(settings, "PORTAL_PRODUCTION", False):
    call_command("check", stdout=io.StringIO())
