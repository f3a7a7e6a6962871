"""Every page type keeps the Content-Security-Policy: the browser reports no violation.

A `securitypolicyviolation` listener is installed in every page before its scripts run; each
public page type (signed out, as a resident, as a school's manager) and the Wagtail admin's
dashboard, a snippet's edit form and a page's edit view with its preview panel are loaded, and
the list of violations must stay empty. The policy is the one production sends (base settings).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder

from events.models import EventCalendarPage
from facilities.booking.models import Booking
from facilities.models import Sport, Township
from tests.e2e.test_booking import PASSWORD, open_school_court, sign_in
from tests.e2e.test_event_calendar import at, publish
from tests.facilities.conftest import make_manager, make_resident
from tests.facilities.indicators.test_dashboard import YEAR, build_county

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""


@pytest.fixture
def court():
    """A school's bookable court, open all day, in a county with indicator data and events."""
    return open_school_court(build_county()["jinzhong"])


@pytest.fixture
def festival(court):
    day = timezone.localdate() + timedelta(days=5)
    skiing = Sport.objects.create(name="滑雪", name_en="Skiing", slug="skiing")
    return publish(
        EventCalendarPage.objects.get(),
        "大海草山滑雪节",
        "festival",
        at(day, 0),
        at(day + timedelta(days=2), 0),
        [skiing],
        all_day=True,
        tier="signature",
        location_name="大海草山滑雪场",
        latitude=26.052,
        longitude=103.012,
        township=court.facility.township,
    )


@pytest.fixture
def csp_page(page):
    page.add_init_script(COLLECT_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_console = console
    return page


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url}: HTTP {response.status}"
    assert response.headers.get("content-security-policy"), f"{url}: no CSP header"
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations")


def assert_no_violations(page, urls):
    found = {}
    for url in urls:
        violations = visit(page, url)
        if violations:
            found[url] = violations
    assert not found, found
    assert not page.csp_console, page.csp_console


def test_public_pages_keep_the_policy(live_server, csp_page, court, festival):
    base = live_server.url
    assert_no_violations(
        csp_page,
        [
            f"{base}/",
            f"{base}/venues/",
            f"{base}/venues/?bookable=on&q=篮球",
            f"{base}/venues/{court.facility.slug}/",
            f"{base}/events/",
            f"{base}/events/?view=month",
            f"{base}/events/plan/",
            f"{base}{festival.url}",
            f"{base}/indicators/?year={YEAR}",
            f"{base}/indicators/sports_area/?year={YEAR}",
            f"{base}/accounts/login/",
            f"{base}/accounts/signup/",
            f"{base}/accounts/password-reset/",
            f"{base}/accounts/privacy/",
            f"{base}/search/?q=篮球",
        ],
    )


def test_resident_and_manager_pages_keep_the_policy(
    live_server,
    csp_page,
    court,
    django_user_model,
):
    resident = make_resident(django_user_model)
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    booking = Booking.objects.create(
        unit=court,
        user=resident,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        party_size=2,
        code="K7M2Q9XH",
    )
    base = live_server.url
    sign_in(csp_page, live_server, resident.phone)
    assert_no_violations(
        csp_page,
        [
            f"{base}/my/bookings/",
            f"{base}/my/bookings/{booking.code}/",
            f"{base}/accounts/me/",
        ],
    )
    visit(csp_page, f"{base}/venues/{court.facility.slug}/")
    tomorrow = csp_page.locator("details.week-day").nth(1)
    tomorrow.locator("summary").click()
    with csp_page.expect_navigation():
        tomorrow.locator("a.slot", has_text="19:00").click()
    csp_page.wait_for_load_state("networkidle")
    assert "/book/" in csp_page.url
    assert not csp_page.evaluate("window.__cspViolations")

    csp_page.context.clear_cookies()
    manager = make_manager(django_user_model, "manager1", court.facility.school)
    school = court.facility.school
    sign_in(csp_page, live_server, manager.username)
    assert_no_violations(
        csp_page,
        [
            f"{base}/manage/",
            f"{base}/manage/school/{school.pk}/",
            f"{base}/manage/school/{school.pk}/day/",
            f"{base}/manage/check-in/?code={booking.code}",
        ],
    )


def test_wagtail_admin_keeps_the_admin_policy(live_server, csp_page, django_user_model):
    editor = django_user_model.objects.create_superuser(
        username="editor", password=PASSWORD, email="editor@example.org"
    )
    township = Township.objects.create(name="大桥乡", code="530326202000", kind="township")
    calendar = EventCalendarPage.objects.get()
    finder = AdminURLFinder(editor)
    base = live_server.url

    csp_page.goto(f"{base}/admin/login/")
    csp_page.locator("input[name=username]").fill(editor.username)
    csp_page.locator("input[name=password]").fill(PASSWORD)
    with csp_page.expect_navigation():
        csp_page.locator("form [type=submit]").click()
    assert_no_violations(
        csp_page,
        [
            f"{base}/admin/",
            f"{base}{finder.get_edit_url(township)}",
            f"{base}/admin/images/multiple/add/",
            f"{base}/django-admin/",
            f"{base}{finder.get_edit_url(calendar)}",
        ],
    )
    # The preview panel shows the page in a same-origin frame (frame-ancestors 'self').
    csp_page.locator('[data-side-panel-toggle="preview"]').click()
    frame = csp_page.frame_locator("iframe#w-preview-iframe")
    frame.locator("main").wait_for()
    assert not csp_page.evaluate("window.__cspViolations")
    assert not csp_page.csp_console, csp_page.csp_console
    # Leave the editor while the live server still has its database (it releases the page).
    visit(csp_page, f"{base}/admin/")
