"""A NUL character anywhere in a request is a clear 400 and changes nothing, on every door.

PostgreSQL refuses NUL in text: before the middleware these doors answered 500 there. The tests
run on both databases (CI runs the suite on SQLite and on PostgreSQL).
"""

import pytest
from django.test import Client
from django.utils import translation

from facilities.filters import FacilityFilter
from facilities.manage.views import CodeForm
from sportsportal.accounts.forms import LoginForm

from .robust_world import build_world

pytestmark = pytest.mark.django_db
REFUSAL = "holds a null character"


@pytest.fixture
def world(django_user_model):
    return build_world(django_user_model, photo=False)


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=%00",
        "/my/bookings/feed/%00.ics",
        "/my/bookings/%00/",
        "/my/bookings/%00/cancel/",
        "/venues/?township=%00",
        "/venues/?q=a%00b",
        "/venues/%00/",
        "/events/?tier=%00",
        "/events/calendar.ics?sport=%00",
        "/indicators/?year=2024%00",
        "/?%00=1",
        "/accounts/login/?next=/%00",
        "/no-such-page%00/",  # a 404 path, which Wagtail's redirects would look up
    ],
)
@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_a_nul_in_the_address_is_a_clear_400(world, client, path, who):
    if who == "resident":
        client.force_login(world.resident)
    response = client.get(path)
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()


def test_a_nul_in_a_form_field_is_refused_and_changes_nothing(world, client):
    client.force_login(world.resident)
    response = client.post(f"/my/bookings/{world.booking.code}/cancel/", {"reason": "\x00"})
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    world.booking.refresh_from_db()
    assert world.booking.status == "confirmed"


def test_a_strangers_post_is_refused_by_the_csrf_check_before_its_form_is_read(world):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"username": "\x00", "password": "x"})
    assert response.status_code == 403  # the CSRF refusal, not the NUL page


def test_the_refusal_carries_the_sites_security_headers(world, client):
    response = client.get("/search/?q=%00")
    assert response.status_code == 400
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_nul_in_a_sign_in_form_is_refused(world, client):
    response = client.post("/accounts/login/", {"username": "13800000001\x00", "password": "x"})
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()


def test_a_cookie_with_a_nul_is_ignored_not_a_server_error(world, client):
    response = client.get("/venues/", HTTP_COOKIE="sessionid=abcdefghij\x00klm; elder=1\x00")
    assert response.status_code == 200


def test_clean_requests_pass(world, client):
    assert client.get("/search/?q=篮球").status_code == 200
    assert client.get(f"/my/bookings/feed/{world.feed.token}.ics").status_code == 200


@pytest.mark.parametrize(
    ("make_form", "field"),
    [
        (lambda: FacilityFilter({"q": "a\x00b"}).form, "q"),
        (lambda: CodeForm({"code": "ABCD\x002345"}), "code"),
        (lambda: LoginForm(data={"username": "138\x00", "password": "pw"}), "username"),
    ],
)
def test_forms_still_say_which_field_holds_the_nul(world, make_form, field):
    """Where a form checked for NUL before the middleware, it still does, field by field."""
    with translation.override("en"):
        form = make_form()
        assert not form.is_valid()
        assert "Null characters are not allowed." in form.errors[field]
