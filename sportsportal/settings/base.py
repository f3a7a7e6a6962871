"""Settings shared by every environment; dev, test and production import from here."""

import os
from pathlib import Path

import dj_database_url

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "会泽县体育服务平台"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"webp": "webp", "avif": "webp", "heic": "jpeg"}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "xlsx", "docx", "txt"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The portal's own settings.
PORTAL_VENUES_PER_PAGE = 20
PORTAL_SERVE_MEDIA = False
# A county's bounding box check uses China's extent; the finder's distance filter is in km.
PORTAL_NEAR_MAX_KM = 300
# Text messages (sign-up and password-reset codes, booking notices): a class with
# send(phone, message), see sportsportal/accounts/sms.py. The console backend only prints them;
# production names a real gateway's backend (`manage.py check --deploy` warns otherwise).
PORTAL_SMS_BACKEND = os.environ.get(
    "PORTAL_SMS_BACKEND", "sportsportal.accounts.sms.ConsoleBackend"
)

LANGUAGE_COOKIE_NAME = "portal_language"
ELDER_MODE_COOKIE = "portal_elder"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
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
