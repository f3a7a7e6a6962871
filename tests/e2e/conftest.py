"""Browser tests: Playwright (sync API) driving Debian's Chromium against the live_server.

Every test in tests/e2e is marked `e2e`. Without /usr/bin/chromium the tests are skipped with the
reason (and under CI=true that skip fails the run, see tests/conftest.py).
Install the browser with: apt-get install chromium fonts-noto-cjk
Screenshots go to test-artifacts/ (gitignored).
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop on this thread, so Django would refuse
# ORM calls from the test ("You cannot call this from an async context"). The test and the
# live server never run the ORM concurrently on one connection, so this is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("PORTAL_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
E2E_DIR = Path(__file__).resolve().parent

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# WCAG 2.0 and 2.1, levels A and AA (GB/T 37668 follows WCAG 2.x AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Lets fixtures see whether the test failed (for a screenshot of the failure).
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's event loop counts as running on this thread, Django's connection
    # handler (an asgiref Local) looks up connections in a context-local store instead of the
    # thread-local one, and would open fresh connections there: not the ones the test database
    # was set up (and serialized for serialized_rollback) on. Hand it the same objects.
    # Depending on django_db_setup makes sure these are the test database's connections.
    thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_context(browser, viewport, **kwargs):
    return browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport=viewport,
        **kwargs,
    )


class PageProblems(list):
    """HTTP errors and JavaScript errors seen by a page, as readable lines."""

    def watch(self, page):
        page.on("pageerror", lambda error: self.append(f"JavaScript error: {error}"))
        page.on(
            "response",
            lambda response: (
                self.append(f"HTTP {response.status} {response.request.method} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.on("requestfailed", self._request_failed)
        return page

    def _request_failed(self, request):
        # A navigation cancels requests still in flight; that is not a fault of the page.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.append(f"request failed: {request.method} {request.url} ({request.failure})")


def _open_page(context, request, problems):
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems.watch(page)
    yield page
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        shoot(page, f"FAILED-{request.node.name}")


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def page(browser, live_server, request, page_problems):
    """A desktop-sized page in a fresh browser context (no cookies from other tests)."""
    context = _new_context(browser, DESKTOP)
    try:
        yield from _open_page(context, request, page_problems)
    finally:
        context.close()


@pytest.fixture
def phone_page(browser, live_server, request, page_problems):
    """A 390×844 phone (iPhone 12-15 size) with touch, in a fresh browser context."""
    context = _new_context(browser, PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    try:
        yield from _open_page(context, request, page_problems)
    finally:
        context.close()


def shoot(page, name):
    """Save a full-page screenshot to test-artifacts/<name>.png and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot():
    return shoot


class Violations(list):
    """axe-core violations; str() is a readable report for assertion messages."""

    def __str__(self):
        if not self:
            return "no accessibility violations"
        lines = [f"{len(self)} axe-core rule(s) violated:"]
        for violation in self:
            lines.append(
                f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
                f"[{', '.join(t for t in violation['tags'] if t.startswith('wcag'))}] "
                f"{violation.get('helpUrl', '')}"
            )
            for node in violation["nodes"][:5]:
                lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
                if node.get("failureSummary"):
                    summary = " ".join(node["failureSummary"].split())
                    lines.append(f"      {summary[:300]}")
            if len(violation["nodes"]) > 5:
                lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
        return "\n".join(lines)

    @property
    def ids(self):
        return sorted(v["id"] for v in self)


@pytest.fixture(scope="session")
def axe():
    """`axe(page)` runs axe-core on the page and returns its WCAG 2.x A/AA violations.

    Use: `violations = axe(page); assert not violations, str(violations)`.
    `context` narrows the check to a selector (axe's include/exclude context).
    """
    from axe_playwright_python.sync_playwright import Axe

    engine = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

    def run(page, context=None):
        results = engine.run(page, context=context, options=options)
        return Violations(results.response["violations"])

    return run
