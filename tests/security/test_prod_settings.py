"""Production settings are safe by default: clean `check --deploy`, shared state, a real SMS
gateway, and every cookie Secure, HttpOnly and SameSite."""

import importlib
import re

import pytest

from sportsportal.accounts import checks

from .prod_env import EXAMPLE, REPO, example_env, production_env, run

REDIS = "django.core.cache.backends.redis.RedisCache"
ENV_READ = re.compile(r"(?:os\.environ(?:\.get)?[\[(]|env_flag\()\s*\"([A-Z0-9_]+)\"")


def test_the_example_environment_lists_every_variable_production_reads():
    read = set()
    for module in ("base.py", "production.py"):
        source = (REPO / "sportsportal" / "settings" / module).read_text()
        read |= set(ENV_READ.findall(source))
    read.add("DATABASE_URL")  # dj_database_url.config() reads it
    documented = example_env()
    assert read <= set(documented), f"missing from {EXAMPLE.name}: {read - set(documented)}"
    blanks = {name for name, value in documented.items() if not value}
    assert blanks == {"SECRET_KEY", "PORTAL_SMS_BACKEND"}


def test_check_deploy_is_clean_with_the_example_environment(tmp_path):
    result = run(
        production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_with_the_console_sms_backend(tmp_path):
    env = production_env(tmp_path, PORTAL_SMS_BACKEND="sportsportal.accounts.sms.ConsoleBackend")
    result = run(env, "manage.py", "check")
    assert result.returncode != 0
    assert "accounts.E003" in result.stderr


def test_the_wsgi_application_refuses_to_load_with_the_console_sms_backend(tmp_path):
    """Gunicorn runs no system checks: the application itself refuses to serve."""
    env = production_env(tmp_path, PORTAL_SMS_BACKEND="sportsportal.accounts.sms.ConsoleBackend")
    result = run(env, "-c", "import sportsportal.wsgi")
    assert result.returncode != 0
    assert "accounts.E003" in result.stderr


def test_the_wsgi_application_loads_when_production_is_configured(tmp_path):
    result = run(production_env(tmp_path), "-c", "import sportsportal.wsgi")
    assert result.returncode == 0, result.stderr


def test_production_without_redis_does_not_load(tmp_path):
    env = production_env(tmp_path)
    del env["REDIS_URL"]
    result = run(env, "manage.py", "check")
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


@pytest.fixture
def production(settings):
    settings.PORTAL_PRODUCTION = True
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/0"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PORTAL_SMS_BACKEND = "tests.security.prod_env.GatewayBackend"
    return settings


def ids(messages):
    return [message.id for message in messages]


def test_production_as_configured_passes_the_checks(production):
    found = (
        checks.check_shared_cache(None)
        + checks.check_shared_sessions(None)
        + checks.check_sms_backend(None)
    )
    assert found == []


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    ],
)
def test_a_per_process_cache_is_an_error_in_production(production, backend):
    production.CACHES = {
        "default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/0"},
        "other": {"BACKEND": backend, "LOCATION": "/tmp/portal-cache"},
    }
    assert ids(checks.check_shared_cache(None)) == ["accounts.E001"]


def test_file_sessions_are_an_error_in_production(production):
    production.SESSION_ENGINE = "django.contrib.sessions.backends.file"
    assert ids(checks.check_shared_sessions(None)) == ["accounts.E002"]


@pytest.mark.parametrize(
    ("backend", "error"),
    [
        ("sportsportal.accounts.sms.ConsoleBackend", "accounts.E003"),
        ("sportsportal.accounts.sms.LocmemBackend", "accounts.E003"),
        ("", "accounts.E004"),
        ("sportsportal.accounts.sms.NoSuchGateway", "accounts.E004"),
        ("sportsportal.accounts.sms.send_sms", "accounts.E004"),
    ],
)
def test_an_sms_backend_that_sends_nothing_is_an_error_in_production(production, backend, error):
    production.PORTAL_SMS_BACKEND = backend
    assert ids(checks.check_sms_backend(None)) == [error]


def test_development_and_tests_may_keep_per_process_state(settings):
    settings.PORTAL_PRODUCTION = False
    settings.PORTAL_SMS_BACKEND = "sportsportal.accounts.sms.ConsoleBackend"
    assert checks.check_shared_cache(None) + checks.check_sms_backend(None) == []


@pytest.fixture
def production_cookies(settings, monkeypatch):
    """The cookie settings of sportsportal.settings.production, applied to this test."""
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    production = importlib.import_module("sportsportal.settings.production")
    for name in dir(production):
        if "COOKIE" in name and name.isupper():
            setattr(settings, name, getattr(production, name))
    return settings


@pytest.mark.django_db
def test_every_cookie_the_site_sets_is_secure_httponly_and_samesite(
    client, production_cookies, django_user_model
):
    from tests.facilities.conftest import make_resident

    resident = make_resident(django_user_model)
    responses = [
        client.get("/accounts/login/"),
        client.post("/accounts/login/", {"username": resident.phone, "password": "pw-123456-x"}),
        client.post("/i18n/setlang/", {"language": "en", "next": "/"}),
        client.post("/elder-mode/", {"elder": "1"}),
        client.post("/elder-mode/", {"elder": "0"}),
        client.post("/my/bookings/feed/reset/"),
    ]
    cookies = {}
    for response in responses:
        for name, morsel in response.cookies.items():
            cookies.setdefault(name, []).append(morsel)
    assert {"sessionid", "csrftoken", "portal_language", "portal_elder", "messages"} <= set(cookies)
    for name, morsels in cookies.items():
        for morsel in morsels:
            assert morsel["secure"], f"{name} is not Secure"
            assert morsel["httponly"], f"{name} is not HttpOnly"
            assert morsel["samesite"] in {"Lax", "Strict"}, f"{name}: SameSite={morsel['samesite']}"
