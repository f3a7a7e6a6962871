"""The manager's pages: scope (another school's ids are 404), check-in by code and by QR link,
no-shows, masked personal data, bad input answered without a 500."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from facilities.booking.models import Booking, Suspension
from facilities.hours.fields import mask_of
from facilities.hours.models import OpeningRule

from .conftest import make_facility, make_manager, make_resident, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """English source strings, whatever the catalogue translates later."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def make_booking(unit, user, start, code, status="confirmed", people=2):
    return Booking.objects.create(
        unit=unit,
        user=user,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        party_size=people,
        status=status,
        code=code,
    )


@pytest.fixture
def scene(django_user_model, townships, schools):
    donglu, dahai = schools
    ours = make_facility(townships[0], "东陆高中篮球场", owner_type="school", school=donglu)
    theirs = make_facility(townships[1], "大海中心学校操场", owner_type="school", school=dahai)
    our_unit, their_unit = make_unit(ours), make_unit(theirs)
    for unit in (our_unit, their_unit):
        OpeningRule.objects.create(
            unit=unit,
            weekdays=mask_of(range(5)),
            opens_at="18:00",
            closes_at="21:00",
            valid_from="2026-01-01",
        )
    resident = make_resident(django_user_model, phone="13812345678", real_name="欧阳娜娜")
    now = timezone.now()
    return {
        "donglu": donglu,
        "dahai": dahai,
        "manager_a": make_manager(django_user_model, "manager_a", donglu),
        "manager_b": make_manager(django_user_model, "manager_b", dahai),
        "resident": resident,
        "our_unit": our_unit,
        "their_unit": their_unit,
        # Started ten minutes ago: check-in is open, a no-show may be marked.
        "now_a": make_booking(our_unit, resident, now - timedelta(minutes=10), "AAAA2222"),
        "later_a": make_booking(our_unit, resident, now + timedelta(days=1), "AAAA3333"),
        "now_b": make_booking(their_unit, resident, now - timedelta(minutes=10), "BBBB2222"),
    }


def login(client, user):
    client.force_login(user)
    return client


def local_day(booking):
    return timezone.localtime(booking.starts_at).date().isoformat()


def day_url(school, day):
    return reverse("manage:day", args=[school.pk]) + f"?date={day}"


def status_of(booking):
    return Booking.objects.get(pk=booking.pk).status


# -- who may see the pages --------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, scene):
    response = client.get(reverse("manage:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/manage/")
    response = client.get(reverse("manage:check_in") + "?code=AAAA2222")
    assert response.status_code == 302
    assert "next=/manage/check-in/" in response["Location"]


def test_a_resident_gets_403_everywhere(client, scene):
    login(client, scene["resident"])
    school = scene["donglu"]
    for url in (
        reverse("manage:index"),
        reverse("manage:school", args=[school.pk]),
        day_url(school, local_day(scene["now_a"])),
        reverse("manage:check_in") + "?code=AAAA2222",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "School managers only" in response.content.decode()
    response = client.post(reverse("manage:check_in"), {"code": "AAAA2222"})
    assert response.status_code == 403
    assert status_of(scene["now_a"]) == "confirmed"


def test_the_index_lists_only_the_managers_schools(client, scene):
    content = login(client, scene["manager_a"]).get(reverse("manage:index")).content.decode()
    assert "会泽县东陆高级中学" in content
    assert "大海乡中心学校" not in content


def test_the_bureau_sees_every_school(client, django_user_model, scene):
    editor = django_user_model.objects.create_user(username="editor", password="pw-123456-x")
    editor.user_permissions.add(Permission.objects.get(codename="manage_all_facilities"))
    login(client, editor)
    content = client.get(reverse("manage:index")).content.decode()
    assert "会泽县东陆高级中学" in content and "大海乡中心学校" in content
    assert client.get(reverse("manage:school", args=[scene["dahai"].pk])).status_code == 200


# -- another school's ids ---------------------------------------------------------------------


def test_another_schools_pages_are_404(client, scene):
    login(client, scene["manager_b"])
    school_a = scene["donglu"]
    assert client.get(reverse("manage:school", args=[school_a.pk])).status_code == 404
    assert client.get(day_url(school_a, local_day(scene["now_a"]))).status_code == 404
    assert client.get(reverse("manage:school", args=[999_999])).status_code == 404


def test_another_schools_booking_cannot_be_marked_no_show(client, scene):
    login(client, scene["manager_b"])
    booking = scene["now_a"]
    for school in (scene["donglu"], scene["dahai"]):
        url = reverse("manage:no_show", args=[school.pk, booking.pk])
        assert client.post(url).status_code == 404
    assert status_of(booking) == "confirmed"


def test_another_schools_code_is_404_on_the_qr_link_and_changes_nothing(client, scene):
    login(client, scene["manager_b"])
    response = client.get(reverse("manage:check_in") + "?code=AAAA2222")
    assert response.status_code == 404
    content = response.content.decode()
    assert "No booking of your schools has this code." in content
    assert 'role="alert"' in content
    assert "欧**" not in content  # nothing of the booking shows
    response = client.post(reverse("manage:check_in"), {"code": "AAAA2222"})
    assert response.status_code == 404
    assert status_of(scene["now_a"]) == "confirmed"


def test_another_schools_code_is_404_on_the_day_page_form(client, scene):
    login(client, scene["manager_b"])
    url = reverse("manage:school_check_in", args=[scene["dahai"].pk])
    response = client.post(url, {"code": "AAAA2222", "date": local_day(scene["now_b"])})
    assert response.status_code == 404
    assert "No booking of your school has this code." in response.content.decode()
    assert status_of(scene["now_a"]) == "confirmed"


@pytest.mark.parametrize("code", ["<script>alert(1)</script>", "AAAA222", "' OR 1=1 --", "x" * 500])
def test_tampered_codes_get_a_clear_404(client, scene, code):
    login(client, scene["manager_a"])
    response = client.get(reverse("manage:check_in"), {"code": code})
    assert response.status_code == 404
    assert "No booking of your schools has this code." in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert status_of(scene["now_a"]) == "confirmed"


# -- the day page -----------------------------------------------------------------------------


def test_the_day_page_lists_the_schools_bookings_masked(client, scene):
    login(client, scene["manager_a"])
    response = client.get(day_url(scene["donglu"], local_day(scene["now_a"])))
    assert response.status_code == 200
    content = response.content.decode()
    assert "欧***" in content and "138****5678" in content
    assert "欧阳娜娜" not in content and "13812345678" not in content
    assert "大海中心学校操场" not in content
    assert "AAAA2222" not in content  # the code is the resident's proof, not shown
    assert response.context["bookings"] == [scene["now_a"]]
    assert 'scope="col"' in content and "<label" in content


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "0001-01-01", "9999-12-31"])
def test_bad_dates_get_a_message_not_a_500(client, scene, value):
    login(client, scene["manager_a"])
    response = client.get(day_url(scene["donglu"], value))
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()
    url = reverse("manage:school_check_in", args=[scene["donglu"].pk])
    assert client.post(url, {"code": "AAAA3333", "date": value}).status_code == 400


def test_check_in_by_typed_code(client, scene):
    login(client, scene["manager_a"])
    url = reverse("manage:school_check_in", args=[scene["donglu"].pk])
    response = client.post(url, {"code": " aaaa-2222 ", "date": local_day(scene["now_a"])})
    assert response.status_code == 302
    assert response["Location"] == day_url(scene["donglu"], local_day(scene["now_a"]))
    assert status_of(scene["now_a"]) == "checked_in"
    page = client.get(response["Location"]).content.decode()
    assert "Checked in: 欧***, 2 people" in page


def test_check_in_refusals_are_shown_and_change_nothing(client, scene):
    login(client, scene["manager_a"])
    url = reverse("manage:school_check_in", args=[scene["donglu"].pk])
    response = client.post(url, {"code": "AAAA3333"})  # tomorrow's booking: too early
    assert response.status_code == 400
    content = response.content.decode()
    assert "check-in opens 30 minutes before" in content
    assert 'role="alert"' in content
    assert status_of(scene["later_a"]) == "confirmed"
    assert client.post(url, {"code": ""}).status_code == 400


def test_no_show_marking(client, scene):
    login(client, scene["manager_a"])
    school, booking = scene["donglu"], scene["now_a"]
    url = reverse("manage:no_show", args=[school.pk, booking.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == day_url(school, local_day(booking))
    assert status_of(booking) == "no_show"
    assert "Marked as a no-show: 欧***" in client.get(response["Location"]).content.decode()
    # A second click is refused with the service's words, not a 500.
    page = client.post(url, follow=True).content.decode()
    assert "This booking is No-show." in page


def test_no_show_before_the_slot_starts_is_refused(client, scene):
    login(client, scene["manager_a"])
    url = reverse("manage:no_show", args=[scene["donglu"].pk, scene["later_a"].pk])
    page = client.post(url, follow=True).content.decode()
    assert "A no-show can be marked once the slot has started." in page
    assert status_of(scene["later_a"]) == "confirmed"


def test_no_show_needs_post_and_csrf(scene):
    client = Client(enforce_csrf_checks=True)
    client.force_login(scene["manager_a"])
    url = reverse("manage:no_show", args=[scene["donglu"].pk, scene["now_a"].pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert status_of(scene["now_a"]) == "confirmed"


def test_three_no_shows_suspend_booking(client, scene):
    login(client, scene["manager_a"])
    resident, unit = scene["resident"], scene["our_unit"]
    past = timezone.now() - timedelta(days=3)
    bookings = [
        make_booking(unit, resident, past - timedelta(days=n), f"NOSHOW{n:02d}") for n in range(3)
    ]
    for booking in bookings:
        client.post(reverse("manage:no_show", args=[scene["donglu"].pk, booking.pk]))
    assert Suspension.objects.filter(user=resident).count() == 1


# -- the QR link ------------------------------------------------------------------------------


def test_the_qr_link_shows_the_booking_masked_and_checks_in_on_post(client, scene):
    login(client, scene["manager_a"])
    url = reverse("manage:check_in")
    response = client.get(url, {"code": "aaaa2222"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "欧***" in content and "138****5678" in content
    assert "欧阳娜娜" not in content and "13812345678" not in content
    assert "Confirm check-in" in content
    assert status_of(scene["now_a"]) == "confirmed"  # GET changes nothing

    response = client.post(url, {"code": "AAAA2222"})
    assert response.status_code == 302
    assert status_of(scene["now_a"]) == "checked_in"
    page = client.get(response["Location"]).content.decode()
    assert "Checked in: 欧***" in page
    assert "Confirm check-in" not in page

    page = client.post(url, {"code": "AAAA2222"}, follow=True).content.decode()
    assert "Already checked in at" in page


def test_the_check_in_page_without_a_code_offers_a_form(client, scene):
    login(client, scene["manager_a"])
    response = client.get(reverse("manage:check_in"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


# -- the school page --------------------------------------------------------------------------


def test_the_school_page_shows_policy_in_words_and_attendance(client, scene):
    login(client, scene["manager_a"])
    school = scene["donglu"]
    response = client.get(reverse("manage:school", args=[school.pk]), {"week": "2026-W10"})
    assert response.status_code == 200
    content = response.content.decode()
    # 3 hours each weekday evening: 15 h, no mornings.
    assert "does not meet the policy this week (15 h open to the public)" in content
    assert "morning 0 of 60 min" in content
    assert "Meets" in content or "Does not meet" in content
    assert "Bookings and attendance per week" in content
    assert len(response.context["attendance"]) == 8
    assert "大海中心学校操场" not in content


@pytest.mark.parametrize("week", ["2026-W99", "0001-W01", "9999-W52", "<b>week</b>"])
def test_a_bad_week_falls_back_to_this_week_with_a_message(client, scene, week):
    login(client, scene["manager_a"])
    url = reverse("manage:school", args=[scene["donglu"].pk])
    response = client.get(url, {"week": week})
    assert response.status_code == 400
    assert "is not a week" in response.content.decode()
    assert response.context["week"].monday == timezone.localdate() - timedelta(
        days=timezone.localdate().weekday()
    )


def test_the_pages_render_in_the_default_language(scene):
    client = Client()  # no Accept-Language: simplified Chinese
    client.force_login(scene["manager_a"])
    school = scene["donglu"]
    for url in (
        reverse("manage:index"),
        reverse("manage:school", args=[school.pk]),
        day_url(school, local_day(scene["now_a"])),
        reverse("manage:check_in") + "?code=AAAA2222",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="zh-Hans"' in response.content.decode()


def test_the_school_page_query_count_does_not_grow_with_units(client, scene, townships):
    login(client, scene["manager_a"])
    url = reverse("manage:school", args=[scene["donglu"].pk])
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    hall = make_facility(
        townships[0], "东陆高中体育馆", owner_type="school", school=scene["donglu"]
    )
    for n in range(4):
        OpeningRule.objects.create(
            unit=make_unit(hall, f"{n}号场"),
            weekdays=mask_of(range(7)),
            opens_at="06:00",
            closes_at="08:00",
            valid_from="2026-01-01",
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
