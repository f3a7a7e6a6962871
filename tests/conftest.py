"""Suite-wide pytest hooks: the `postgres` and `redis` markers and CI's "no silent skips" rule.

* `@pytest.mark.postgres` tests run only when the default database is PostgreSQL (set
  DATABASE_URL=postgres://...); elsewhere they are skipped with the reason.
* `@pytest.mark.redis` tests run only when REDIS_URL names a Redis server they may write to.
* Under CI=true a test marked `e2e` (browser), `postgres` or `redis` that is skipped counts as a
  failure: a CI run without Chromium, PostgreSQL or Redis must not turn green by skipping what it
  was meant to prove. A CI pass that is not meant to run them deselects them instead
  (`-m "not postgres"`), which is not a skip.
* Every test starts and ends with an empty cache and SMS outbox: sign-in throttles count per
  client address, and every test client comes from 127.0.0.1.
"""

import os

import pytest
from django.core.cache import cache

STRICT_MARKERS = ("e2e", "postgres", "redis")
_ci_skips_key = pytest.StashKey[list]()


@pytest.fixture(autouse=True)
def clean_outbox_and_counters():
    from sportsportal.accounts import sms

    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()
    cache.clear()


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_runtest_setup(item):
    if item.get_closest_marker("redis") is not None and not os.environ.get("REDIS_URL"):
        pytest.skip("needs a Redis server: set REDIS_URL=redis://host:port/db")
    if item.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            f"needs PostgreSQL (the database is {connection.vendor}); "
            "set DATABASE_URL=postgres://user:password@host:port/name"
        )


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if (
        report.skipped
        and not hasattr(report, "wasxfail")
        and in_ci()
        and any(item.get_closest_marker(name) for name in STRICT_MARKERS)
    ):
        markers = ", ".join(name for name in STRICT_MARKERS if item.get_closest_marker(name))
        reason = _skip_reason(report)
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true: this {markers} test was skipped, which CI counts as a failure.\n"
            f"Skip reason: {reason}"
        )
        item.config.stash.setdefault(_ci_skips_key, []).append((item.nodeid, reason))
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skips = config.stash.get(_ci_skips_key, [])
    if not skips:
        return
    terminalreporter.section("skipped e2e/postgres/redis tests (failures under CI=true)", red=True)
    for nodeid, reason in skips:
        terminalreporter.line(f"{nodeid}: {reason}")


def pytest_sessionfinish(session, exitstatus):
    # The reports above already fail; this keeps the exit status non-zero even if a plugin
    # rewrote the outcome back.
    if session.config.stash.get(_ci_skips_key, []) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
