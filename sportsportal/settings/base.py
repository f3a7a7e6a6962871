"""Settings shared by every environment; dev, test and production import from here."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "sportsportal.accounts",
    "cms",
    "facilities",
    "events",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sportsportal.null_characters.DropNullCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sportsportal.csp.PortalCSPMiddleware",
    "sportsportal.null_characters.RejectNullCharactersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "facilities.admin_ids.MalformedAdminIdMiddleware",
]

ROOT_URLCONF = "sportsportal.urls"
WSGI_APPLICATION = "sportsportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site_shell",
            ],
        },
    },
]

# SQLite by default so `make run` needs nothing installed; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so parallel
    # bookings queue up instead of failing with "database is locked"; wait up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The indicators' grouped queries carry many EXISTS flags; PostgreSQL's JIT spends seconds
    # compiling them for a sub-second run (bench/indicators.py), so it stays off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Residents sign in here; Wagtail's admin keeps its own login page at /admin/login/.
LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# Every sign-in door goes through one throttle (sportsportal/accounts/throttle.py): the model
# backend behind it, and the admin sign-in and reset forms that explain a lock.
AUTHENTICATION_BACKENDS = ["sportsportal.accounts.backends.ThrottledModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "sportsportal.accounts.forms.AdminLoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "sportsportal.accounts.forms.AdminPasswordResetForm"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files that must never be served: spreadsheets waiting between an import's dry run and its apply.
# Like the media folder, every app server and the task worker must share it.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "会泽县体育服务平台"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Nothing from a foreign host (the CSP would block it anyway): no avatars from gravatar.com, no
# new-version check against releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"webp": "webp", "avif": "webp", "heic": "jpeg"}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "xlsx", "docx", "txt"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# An upload to an import page stops at that import's size limit while it arrives.
FILE_UPLOAD_HANDLERS = [
    "facilities.imports.uploads.ImportSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The portal's own settings.
PORTAL_VENUES_PER_PAGE = 20
PORTAL_SERVE_MEDIA = False
# A county's bounding box check uses China's extent; the finder's distance filter is in km.
PORTAL_NEAR_MAX_KM = 300
# An import upload larger than this (bytes) is checked and applied by the task worker, and the
# editor sees a status page, instead of keeping a request busy for minutes.
PORTAL_IMPORT_BACKGROUND_BYTES = int(
    os.environ.get("PORTAL_IMPORT_BACKGROUND_BYTES", 2 * 1024 * 1024)
)
# Text messages (sign-up and password-reset codes, booking notices): a class with
# send(phone, message), see sportsportal/accounts/sms.py. The console backend only prints them;
# production names a real gateway's backend (its system checks fail otherwise).
PORTAL_SMS_BACKEND = os.environ.get(
    "PORTAL_SMS_BACKEND", "sportsportal.accounts.sms.ConsoleBackend"
)

# Sign-in throttle: failed tries per account (or private page) and per client address within
# the lockout window; the door then stays shut until the window has passed.
PORTAL_SIGNIN_FAILURES_PER_ACCOUNT = 5
PORTAL_SIGNIN_FAILURES_PER_ADDRESS = 30
PORTAL_SIGNIN_LOCKOUT_MINUTES = 15
# How many reverse proxies of our own sit in front of the app (nginx: 1). With 0 the client's
# address is REMOTE_ADDR and X-Forwarded-For is ignored; with N, the N-th entry from its right.
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("PORTAL_TRUSTED_PROXY_COUNT", "0"))
# SMS codes asked for: per client address an hour, and site-wide an hour and a day (each number
# also gets at most one a minute and ten a day, see accounts/services.py).
PORTAL_SMS_PER_ADDRESS_PER_HOUR = 10
PORTAL_SMS_PER_HOUR = 300
PORTAL_SMS_PER_DAY = 2000
# Wagtail's e-mail password reset (staff only): the same kind of limits.
PORTAL_RESET_MAIL_PER_ACCOUNT_PER_HOUR = 3
PORTAL_RESET_MAIL_PER_ADDRESS_PER_HOUR = 5
PORTAL_RESET_MAIL_PER_HOUR = 100
PORTAL_RESET_MAIL_PER_DAY = 500
# The audit trail is kept this many days (never fewer than 180: GB/T 22239-2019 level 2).
PORTAL_AUDIT_RETENTION_DAYS = int(os.environ.get("PORTAL_AUDIT_RETENTION_DAYS", "180"))

# Content-Security-Policy (django-csp, see sportsportal/csp.py), in every environment so that a
# template that breaks it shows up in development: everything from this host, no inline script
# or style, no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail 8's admin still writes inline <script> blocks with per-form data (InlinePanel set-up,
# date-time choosers) and jQuery runs more that arrive with modal dialogs, so no fixed list of
# hashes can cover them and the admin's templates carry no nonce: the admin (staff only, behind
# sign-in) allows inline scripts. Everything else stays as strict as on the public pages, so an
# injected script still cannot load code or send data to another host; the preview panel frames
# the admin's own pages.
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "frame-ancestors": [SELF],
    }
}

# Production settings turn this on; the checks in sportsportal/accounts/checks.py then refuse a
# per-process cache, per-server sessions and an SMS backend that sends nothing.
PORTAL_PRODUCTION = False

LANGUAGE_COOKIE_NAME = "portal_language"
ELDER_MODE_COOKIE = "portal_elder"
# No script reads the site's cookies (Wagtail's admin takes the CSRF token from the page), so
# every cookie the server sets is HttpOnly and SameSite=Lax; production adds Secure.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Every handler masks phone numbers, codes, feed tokens and secret parameters
# (sportsportal/log_masking.py). Django's own loggers are named here so that its default
# handlers (which would bypass the filter) are replaced: `django` (with django.request's 4xx/5xx
# warnings and their paths), `django.server` (runserver's access log) and gunicorn's access and
# error logs, which Django's LOGGING takes over in each worker once the application is loaded.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "sportsportal.log_masking.MaskPersonalDataFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Booking rules (numbers the bureau may change).
PORTAL_MAX_ACTIVE_BOOKINGS = 4
PORTAL_BOOKINGS_PER_UNIT_PER_DAY = 1
PORTAL_NO_SHOW_LIMIT = 3
PORTAL_NO_SHOW_WINDOW_DAYS = 30
PORTAL_SUSPENSION_DAYS = 14
PORTAL_CHECK_IN_OPENS_MINUTES = 30
PORTAL_REMINDER_HOURS = 3

# Opening policy of school grounds, checked on each school's page for its manager: public hours a
# week, and on each weekday (Monday to Friday) minutes open before 12:00 and after 17:00.
PORTAL_POLICY_WEEKLY_HOURS = 16
PORTAL_POLICY_MORNING_MINUTES = 60
PORTAL_POLICY_EVENING_MINUTES = 120

# The plan's indicators (facilities/indicators/).
PORTAL_FITNESS_CIRCLE_METRES = 1000  # "15 minutes on foot": planning guides use about 1 km
PORTAL_LARGE_SCHOOL_PUPILS = 1500  # schools above this need a hall, courts and a test centre
PORTAL_INDICATOR_MIN_SAMPLE = 30  # survey cells with fewer respondents are not shown
FORMAT_MODULE_PATH = ["sportsportal.formats"]
PORTAL_INDICATOR_CACHE_SECONDS = 300  # how long a computed figure is kept; imports clear it
