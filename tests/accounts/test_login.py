"""Sign-in with a mobile number at /accounts/login/, sign-out by POST, the header's links."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from .conftest import PASSWORD, make_resident

pytestmark = pytest.mark.django_db


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_page_has_a_mobile_number_field(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'inputmode="numeric"' in html
    assert 'autocomplete="current-password"' in html
    assert 'for="id_username"' in html and 'for="id_password"' in html


def test_resident_signs_in_with_mobile_number_and_password(client, resident):
    response = client.post("/accounts/login/", {"username": "13812345678", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(resident.pk)


@pytest.mark.parametrize("typed", ["+86 138 1234 5678", "138-1234-5678", "１３８１２３４５６７８"])
def test_the_number_may_be_typed_with_spaces_or_country_code(client, resident, typed):
    response = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(resident.pk)


def test_an_account_whose_username_is_not_its_number_signs_in_by_number(client):
    # Like the demo resident: username "resident", mobile 13800000001.
    user = make_resident(phone="13800000001", username="resident")
    client.post("/accounts/login/", {"username": "13800000001", "password": PASSWORD})
    assert signed_in_user_id(client) == str(user.pk)


def test_staff_sign_in_with_their_username(client):
    editor = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert signed_in_user_id(client) == str(editor.pk)


def test_next_is_followed_only_on_this_site(client, resident):
    data = {"username": "13812345678", "password": PASSWORD}
    response = client.post("/accounts/login/?next=/venues/", data)
    assert response["Location"] == "/venues/"
    client.logout()
    response = client.post("/accounts/login/", {**data, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_wrong_password_is_a_form_error(client, resident):
    response = client.post("/accounts/login/", {"username": "13812345678", "password": "nope"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()
    assert signed_in_user_id(client) is None


def test_unknown_number_gets_the_same_error_as_a_wrong_password(client, resident):
    wrong_password = client.post(
        "/accounts/login/", {"username": "13812345678", "password": "nope"}
    )
    unknown = client.post("/accounts/login/", {"username": "13912345678", "password": "nope"})
    assert (
        unknown.context["form"].non_field_errors()
        == wrong_password.context["form"].non_field_errors()
    )


def test_five_wrong_passwords_lock_the_number_for_a_while(client, resident, settings):
    for _ in range(settings.PORTAL_SIGNIN_FAILURES_PER_ACCOUNT):
        client.post("/accounts/login/", {"username": "13812345678", "password": "nope"})
    response = client.post("/accounts/login/", {"username": "13812345678", "password": PASSWORD})
    assert response.status_code == 400
    assert signed_in_user_id(client) is None
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["locked"]


def test_inactive_accounts_cannot_sign_in(client):
    make_resident(is_active=False)
    client.post("/accounts/login/", {"username": "13812345678", "password": PASSWORD})
    assert signed_in_user_id(client) is None


def test_sign_out_is_a_post(client, resident):
    client.force_login(resident)
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in_user_id(client) == str(resident.pk)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) is None


def test_sign_in_and_out_are_csrf_protected(resident):
    strict = Client(enforce_csrf_checks=True)
    data = {"username": "13812345678", "password": PASSWORD}
    assert strict.post("/accounts/login/", data).status_code == 403
    strict.force_login(resident)
    assert strict.post("/accounts/logout/").status_code == 403


def test_pages_that_need_an_account_send_people_to_the_portal_login(client):
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/me/"


def test_wagtail_admin_keeps_its_own_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_header_offers_sign_in_and_sign_up_when_signed_out(client):
    html = client.get("/venues/").content.decode()
    assert 'href="/accounts/login/?next=/venues/"' in html
    assert 'href="/accounts/signup/?next=/venues/"' in html
    assert 'action="/accounts/logout/"' not in html


def test_header_offers_my_account_and_sign_out_when_signed_in(client, resident):
    client.force_login(resident)
    html = client.get("/venues/").content.decode()
    assert 'href="/accounts/me/"' in html
    assert 'action="/accounts/logout/"' in html
    assert 'href="/accounts/login/' not in html
