"""A resident books a school's court in the browser and cancels; a manager checks a booking in.

Signs in through the real sign-in page (mobile number and password), picks tomorrow's 19:00
slot in the venue's week view, confirms, sees the check-in code and its QR, cancels. Then a
school manager opens the check-in link a QR code points to and checks another booking in.
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from facilities.booking.models import Booking
from facilities.hours.models import OpeningRule
from facilities.models import BookableUnit, Facility, School, Township
from tests.facilities.conftest import make_manager, make_resident

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "pw-123456-x"


def open_school_court(township):
    """A school's published court in `township`, one unit of 10 places, open all day."""
    school = School.objects.create(name="会泽县东陆高级中学", township=township, stage="senior")
    facility = Facility.objects.create(
        name="东陆高中篮球场",
        slug="donglu-court",
        kind="basketball_outdoor",
        owner_type="school",
        school=school,
        township=township,
        latitude=26.42,
        longitude=103.30,
        playing_area=608,
        live=False,
    )
    facility.save_revision().publish()
    unit = BookableUnit.objects.create(facility=facility, name="1号场", capacity=10)
    OpeningRule.objects.create(
        unit=unit,
        season="always",
        weekdays=127,
        opens_at=time(0),
        closes_at=time(23, 59),
        valid_from=timezone.localdate() - timedelta(days=1),
    )
    return unit


@pytest.fixture
def court():
    return open_school_court(
        Township.objects.create(name="金钟街道", code="530326001000", kind="subdistrict")
    )


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def test_resident_books_the_19_00_slot_sees_the_code_and_cancels(
    live_server, page, page_problems, axe, screenshot, court, django_user_model
):
    resident = make_resident(django_user_model)
    sign_in(page, live_server, resident.phone)

    page.goto(f"{live_server.url}/venues/?bookable=on")
    with page.expect_navigation():
        page.locator('main a[href$="/venues/donglu-court/"]').first.click()
    tomorrow = page.locator("details.week-day").nth(1)
    tomorrow.locator("summary").click()
    slot = tomorrow.locator("a.slot", has_text="19:00")
    assert "10" in slot.inner_text()
    screenshot(page, "booking-week")
    violations = axe(page)
    assert not violations, str(violations)

    with page.expect_navigation():
        slot.click()
    page.locator("input[name=party_size]").fill("2")
    page.locator("input[name=pledge]").check()
    violations = axe(page)
    assert not violations, str(violations)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()

    booking = Booking.objects.get(user=resident)
    start = timezone.localtime(booking.starts_at)
    assert (start.date(), start.time()) == (timezone.localdate() + timedelta(days=1), time(19))
    assert page.locator(".check-in-code").inner_text().strip() == booking.code
    assert page.locator(".qr svg").count() == 1
    screenshot(page, "booking-code")
    violations = axe(page)
    assert not violations, str(violations)

    with page.expect_navigation():
        page.locator("form[action$='/cancel/'] [type=submit]").click()
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert page.locator(".check-in-code").count() == 0
    assert page_problems == [], "\n".join(page_problems)


def test_manager_checks_a_booking_in_from_the_qr_link(
    live_server, page, page_problems, axe, screenshot, court, django_user_model
):
    resident = make_resident(django_user_model)
    now = timezone.localtime()
    start = now.replace(minute=0, second=0, microsecond=0)
    booking = Booking.objects.create(
        unit=court,
        user=resident,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        party_size=3,
        code="K7M2Q9XH",
    )
    manager = make_manager(django_user_model, "manager1", court.facility.school)
    sign_in(page, live_server, manager.username)

    page.goto(f"{live_server.url}/manage/check-in/?code={booking.code}")
    assert "王*" in page.content() and "138****0001" in page.content()
    assert "王丽" not in page.content() and "13800000001" not in page.content()
    violations = axe(page)
    assert not violations, str(violations)
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    booking.refresh_from_db()
    assert booking.status == "checked_in"
    screenshot(page, "manager-check-in")
    assert page_problems == [], "\n".join(page_problems)
