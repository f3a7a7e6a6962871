"""My data (PIPL): /accounts/me/, the JSON export, and deleting the account by anonymising it."""

import json

import pytest
from django.contrib.auth import get_user_model

from sportsportal.accounts import services
from sportsportal.accounts.models import PhoneVerification

from .conftest import PASSWORD, make_resident, send_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_residents():
    return make_resident(), make_resident(phone="13987654321", real_name="欧阳娜娜")


def test_my_account_shows_the_masked_number_name_and_joining_date(client, resident):
    client.force_login(resident)
    response = client.get("/accounts/me/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "138****5678" in html
    assert "13812345678" not in html
    assert "王丽" in html
    assert 'href="/accounts/me/export.json"' in html
    assert 'href="/accounts/me/delete/"' in html
    assert "no-store" in response["Cache-Control"]


def test_export_holds_my_data_and_nothing_of_anyone_else(client, two_residents):
    me, other = two_residents
    PhoneVerification.objects.create(
        phone=me.phone, purpose="password_reset", code_hash="x" * 64, expires_at=me.date_joined
    )
    PhoneVerification.objects.create(
        phone=other.phone, purpose="password_reset", code_hash="y" * 64, expires_at=me.date_joined
    )
    client.force_login(me)
    response = client.get("/accounts/me/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    data = json.loads(text)
    assert data["account"]["mobile_number"] == "13812345678"
    assert data["account"]["real_name"] == "王丽"
    assert data["account"]["date_joined"]
    assert len(data["sms_codes_sent"]) == 1
    assert "code_hash" not in data["sms_codes_sent"][0]
    assert "王丽" in text  # readable, not \\u escapes
    for other_value in (other.phone, other.real_name, other.username):
        assert other_value not in text
    assert "pbkdf2" not in text and "md5" not in text  # no password hash


def test_export_and_my_account_need_a_sign_in(client):
    for path in ("/accounts/me/", "/accounts/me/export.json", "/accounts/me/delete/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_registered_sections_join_the_export_and_the_deletion(client, resident):
    erased = []
    services.register_personal_data(
        "test-section",
        export=lambda user: [{"venue": "县游泳馆", "phone": user.phone}],
        erase=lambda user: erased.append((user.pk, user.phone)),
    )
    try:
        assert services.export_personal_data(resident)["test-section"] == [
            {"venue": "县游泳馆", "phone": "13812345678"}
        ]
        services.delete_personal_data(resident)
        # The section saw the data before it was removed.
        assert erased == [(resident.pk, "13812345678")]
    finally:
        services.unregister_personal_data("test-section")


def test_deletion_anonymises_the_account_and_signs_out(client, two_residents):
    me, other = two_residents
    send_code(client, me.phone, purpose="password_reset")
    client.force_login(me)
    page = client.get("/accounts/me/delete/")
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()

    response = client.post("/accounts/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session

    me.refresh_from_db()
    assert me.pk is not None  # the row stays for references
    assert me.username == f"deleted-{me.pk}"
    assert me.phone is None
    assert me.real_name == "" and me.email == ""
    assert not me.is_active
    assert not me.has_usable_password()
    assert me.privacy_consent_at is None
    assert not PhoneVerification.objects.filter(phone="13812345678").exists()
    # Nobody else is touched.
    other.refresh_from_db()
    assert other.phone == "13987654321" and other.real_name == "欧阳娜娜"


def test_deleted_account_cannot_sign_in_and_the_number_can_sign_up_again(client, resident):
    client.force_login(resident)
    client.post("/accounts/me/delete/", {"password": PASSWORD})
    for username in ("13812345678", f"deleted-{resident.pk}"):
        response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 400
        assert "_auth_user_id" not in client.session
    assert send_code(client, "13812345678").status_code == 302


def test_deletion_ends_other_sessions(client, resident):
    other = type(client)()
    other.force_login(resident)
    client.force_login(resident)
    client.post("/accounts/me/delete/", {"password": PASSWORD})
    assert other.get("/accounts/me/").status_code == 302


def test_deletion_needs_the_right_password_and_a_post(client, resident):
    client.force_login(resident)
    response = client.post("/accounts/me/delete/", {"password": "wrong"})
    assert response.status_code == 400
    assert response.context["form"].errors["password"]
    resident.refresh_from_db()
    assert resident.is_active and resident.phone == "13812345678"
    # GET only shows the confirmation page.
    client.get("/accounts/me/delete/")
    resident.refresh_from_db()
    assert resident.is_active


def test_staff_accounts_are_not_deleted_from_the_public_site(client):
    editor = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    client.force_login(editor)
    response = client.post("/accounts/me/delete/", {"password": PASSWORD})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert editor.is_active and editor.username == "editor"


def test_privacy_notice_says_what_is_collected_and_why(client):
    response = client.get("/accounts/privacy/")
    assert response.status_code == 200
    context_text = response.content.decode()
    for anchor in ('id="what"', 'id="how-long"', 'id="rights"', 'id="consent"'):
        assert anchor in context_text
