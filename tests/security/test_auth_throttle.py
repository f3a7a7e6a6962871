"""Every sign-in door shares one throttle, per account and per client address (audit: High)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from sportsportal.accounts.addresses import client_address
from tests.accounts.conftest import make_resident

from .conftest import PASSWORD, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Every door answers in English here (no Accept-Language: the default language)."""
    settings.LANGUAGE_CODE = "en"


DOORS = {
    "portal": "/accounts/login/",
    "wagtail": "/admin/login/",
    "django": "/django-admin/login/",
}


def sign_in(client, door, username, password, **extra):
    return client.post(DOORS[door], {"username": username, "password": password}, **extra)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def editor(django_user_model):
    return make_editor(django_user_model, is_staff=True)


def test_wagtail_admin_login_refuses_the_right_password_after_twenty_wrong(client, editor):
    for _ in range(20):
        sign_in(client, "wagtail", "editor", "wrong-guess")
    response = sign_in(client, "wagtail", "editor", PASSWORD)
    assert not signed_in(client)
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()


@pytest.mark.parametrize(("first", "then"), [("portal", "wagtail"), ("wagtail", "django")])
def test_failures_at_one_door_lock_the_account_at_the_others(client, editor, first, then):
    for _ in range(5):
        sign_in(client, first, "editor", "wrong-guess")
    response = sign_in(Client(), then, "editor", PASSWORD)
    assert "Too many failed attempts" in response.content.decode()
    assert not signed_in(client)


def test_django_admin_login_says_it_is_locked(client, editor):
    for _ in range(5):
        sign_in(client, "django", "editor", "wrong-guess")
    response = sign_in(client, "django", "editor", PASSWORD)
    assert "Too many failed attempts" in response.content.decode()
    assert not signed_in(client)


def test_a_phone_number_and_its_username_share_one_count(client):
    make_resident(phone="13800000001", username="resident")
    for _ in range(5):
        sign_in(client, "portal", "13800000001", "wrong-guess")
    response = sign_in(client, "wagtail", "resident", PASSWORD)
    assert "Too many failed attempts" in response.content.decode()


def test_an_unknown_account_is_locked_in_the_same_words(client, editor):
    for username in ("editor", "nobody-here"):
        for _ in range(6):
            response = sign_in(client, "portal", username, "wrong-guess")
        assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["locked"]


def test_one_address_guessing_many_accounts_is_stopped(editor, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(settings.PORTAL_SIGNIN_FAILURES_PER_ADDRESS):
        sign_in(attacker, "wagtail", f"user{n}", "wrong-guess")
    response = sign_in(attacker, "wagtail", "editor", PASSWORD)
    assert "Too many failed attempts" in response.content.decode()
    assert not signed_in(attacker)
    # Someone else, elsewhere, still signs in.
    colleague = Client(REMOTE_ADDR="198.51.100.7")
    sign_in(colleague, "wagtail", "editor", PASSWORD)
    assert signed_in(colleague)


def test_one_ipv6_line_cannot_spread_its_guesses_over_its_addresses(editor, settings):
    for n in range(settings.PORTAL_SIGNIN_FAILURES_PER_ADDRESS):
        sign_in(Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"), "portal", f"user{n}", "x")
    attacker = Client(REMOTE_ADDR="2001:db8:1:2:ffff::1")  # the same /64
    sign_in(attacker, "portal", "editor", PASSWORD)
    assert not signed_in(attacker)
    neighbour = Client(REMOTE_ADDR="2001:db8:1:3::1")  # the next /64: another line
    sign_in(neighbour, "portal", "editor", PASSWORD)
    assert signed_in(neighbour)


def test_a_forged_forwarded_for_header_does_not_escape_the_address_count(editor, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(settings.PORTAL_SIGNIN_FAILURES_PER_ADDRESS):
        sign_in(attacker, "portal", f"user{n}", "x", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    sign_in(attacker, "portal", "editor", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert not signed_in(attacker)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "192.0.2.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1"),
        (2, "1.1.1.1", "192.0.2.1"),
        (1, "not-an-address", "192.0.2.1"),
    ],
)
def test_client_address_trusts_only_our_own_proxies(rf, settings, proxies, forwarded, expected):
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.fixture
def private_page():
    page = Page.objects.filter(depth=2).first()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    return page, f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"


def test_private_page_password_is_throttled(client, private_page):
    _page, url = private_page
    for _ in range(5):
        assert client.post(url, {"password": "guess", "return_url": "/"}).status_code == 200
    response = client.post(url, {"password": "open-sesame", "return_url": "/"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    # The page's count holds from another address too, like an account's.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(url, {"password": "open-sesame", "return_url": "/"}).status_code == 429


def test_private_page_right_password_passes(client, private_page):
    _page, url = private_page
    assert client.post(url, {"password": "open-sesame", "return_url": "/"}).status_code == 302


def test_wagtails_front_end_login_is_the_portals(client):
    response = client.post("/_util/login/?next=/x/", {"username": "a", "password": "b"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/x/"


def test_wagtail_email_reset_is_for_staff_only_and_answers_the_same(client, editor):
    editor.email = "editor@example.org"
    editor.save()
    make_resident(email="resident@example.org")
    staff = client.post("/admin/password_reset/", {"email": "editor@example.org"})
    resident = client.post("/admin/password_reset/", {"email": "resident@example.org"})
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.org"})
    assert staff.status_code == resident.status_code == unknown.status_code == 302
    assert staff["Location"] == resident["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]


def test_wagtail_email_reset_is_throttled(client, editor, settings):
    editor.email = "editor@example.org"
    editor.save()
    for _ in range(10):
        client.post("/admin/password_reset/", {"email": "editor@example.org"})
    assert len(mail.outbox) == settings.PORTAL_RESET_MAIL_PER_ACCOUNT_PER_HOUR


def test_a_manager_with_a_group_cannot_delete_the_account_but_a_resident_can(client):
    manager = make_resident(phone="13800000002")
    manager.groups.add(Group.objects.create(name="某校管理员"))
    client.force_login(manager)
    assert client.get("/accounts/me/delete/").status_code == 403
    client.post("/accounts/me/delete/", {"password": PASSWORD})
    manager.refresh_from_db()
    assert manager.is_active and manager.phone == "13800000002"


def test_private_document_password_is_throttled(client):
    from wagtail.models import Collection, CollectionViewRestriction

    restriction = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(),
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="open-sesame",
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    for _ in range(5):
        client.post(url, {"password": "guess", "return_url": "/"})
    response = client.post(url, {"password": "open-sesame", "return_url": "/"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


NEW_PASSWORD = "lan-qiu-chang-2026"


def test_wagtails_password_panel_is_throttled(client, editor, settings):
    client.force_login(editor)

    def change(old):
        return client.post(
            "/admin/account/",
            {
                "password-old_password": old,
                "password-new_password1": NEW_PASSWORD,
                "password-new_password2": NEW_PASSWORD,
            },
        )

    for _ in range(settings.PORTAL_SIGNIN_FAILURES_PER_ACCOUNT):
        change("wrong-guess")
    response = change(PASSWORD)
    assert "Too many failed attempts" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_the_django_admins_password_change_is_throttled(client, django_user_model, settings):
    admin = django_user_model.objects.create_superuser("chief", password=PASSWORD)
    client.force_login(admin)

    def change(old):
        data = {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        return client.post("/django-admin/password_change/", data)

    for _ in range(settings.PORTAL_SIGNIN_FAILURES_PER_ACCOUNT):
        assert change("wrong-guess").status_code == 200  # the form again, with its error
    response = change(PASSWORD)
    assert "Too many failed attempts" in response.content.decode()
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)


def test_the_right_current_password_still_changes_it(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "丽",
            "name_email-last_name": "王",
            "name_email-email": "editor@example.org",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "password-old_password": PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)
