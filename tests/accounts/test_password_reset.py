"""Password reset by SMS at /accounts/password-reset/: number → code → new password."""

import pytest

from sportsportal.accounts.models import PhoneVerification

from .conftest import PASSWORD, last_code, make_resident, send_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "xin-mi-ma-2026"


def reset(client, code, password=NEW_PASSWORD, **extra):
    data = {"code": code, "password1": password, "password2": password, **extra}
    return client.post("/accounts/password-reset/", data)


def test_resident_sets_a_new_password_with_the_sms_code(client, resident, outbox):
    assert client.get("/accounts/password-reset/").status_code == 200
    response = send_code(client, "13812345678", purpose="password_reset")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/"
    assert [m.phone for m in outbox] == ["13812345678"]

    page = client.get("/accounts/password-reset/")
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = reset(client, last_code("13812345678"))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    assert not resident.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(resident.pk)

    client.logout()
    old = client.post("/accounts/login/", {"username": "13812345678", "password": PASSWORD})
    assert old.status_code == 400
    new = client.post("/accounts/login/", {"username": "13812345678", "password": NEW_PASSWORD})
    assert new.status_code == 302


def test_an_unknown_number_gets_the_same_answer_but_no_sms(client, outbox):
    response = send_code(client, "13912345678", purpose="password_reset")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/"
    assert outbox == []
    # On record (never sent), so that its limits and wrong codes answer as a registered one's.
    assert PhoneVerification.objects.filter(phone="13912345678").count() == 1
    response = reset(client, "123456")
    assert response.status_code == 400
    assert response.context["form"].errors["code"]


def test_a_wrong_code_changes_nothing(client, resident):
    send_code(client, "13812345678", purpose="password_reset")
    code = last_code("13812345678")
    response = reset(client, f"{(int(code) + 1) % 1_000_000:06d}")
    assert response.status_code == 400
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
    assert PhoneVerification.objects.get().attempts == 1


def test_a_sign_up_code_does_not_reset_a_password(client, resident, outbox):
    # A sign-up code for a registered number is never sent; make one directly.
    from sportsportal.accounts import services

    services.send_verification_code("13812345678", PhoneVerification.Purpose.SIGNUP)
    session = client.session
    session["accounts.phones"] = {"password_reset": "13812345678"}
    session.save()
    response = reset(client, last_code("13812345678"))
    assert response.status_code == 400
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_weak_new_password_is_rejected_and_the_code_stays_valid(client, resident):
    send_code(client, "13812345678", purpose="password_reset")
    code = last_code("13812345678")
    response = reset(client, code, password="12345678")
    assert response.status_code == 400
    assert response.context["form"].errors["password1"]
    assert PhoneVerification.objects.get().used_at is None
    assert reset(client, code).status_code == 302


def test_inactive_accounts_get_no_reset_code(client, outbox):
    make_resident(is_active=False)
    send_code(client, "13812345678", purpose="password_reset")
    assert outbox == []


def test_reset_signs_out_other_sessions(client, resident):
    other = type(client)()
    other.force_login(resident)
    assert other.get("/accounts/me/").status_code == 200
    send_code(client, "13812345678", purpose="password_reset")
    reset(client, last_code("13812345678"))
    assert other.get("/accounts/me/").status_code == 302


def test_reset_clears_a_sign_in_lockout(client, resident, settings):
    for _ in range(settings.PORTAL_SIGNIN_FAILURES_PER_ACCOUNT):
        client.post("/accounts/login/", {"username": "13812345678", "password": "nope"})
    locked = client.post("/accounts/login/", {"username": "13812345678", "password": PASSWORD})
    assert locked.status_code == 400
    send_code(client, "13812345678", purpose="password_reset")
    assert reset(client, last_code("13812345678")).status_code == 302
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "13812345678", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
