"""Sign-up at /accounts/signup/: mobile number → SMS code → code, real name, password, consent."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sportsportal.accounts.models import PhoneVerification

from .conftest import PASSWORD, last_code, make_resident, send_code, signup_data

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def test_resident_signs_up_with_the_code_from_the_sms(client, outbox):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'action="/accounts/send-code/"' in html
    assert 'inputmode="numeric"' in html and 'autocomplete="tel"' in html

    response = send_code(client, PHONE)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/"
    assert [m.phone for m in outbox] == [PHONE]

    step_two = client.get("/accounts/signup/")
    html = step_two.content.decode()
    assert PHONE in html
    assert 'autocomplete="one-time-code"' in html
    assert 'href="/accounts/privacy/"' in html

    response = client.post("/accounts/signup/", signup_data(last_code(PHONE)))
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = get_user_model().objects.get(phone=PHONE)
    assert user.username == PHONE
    assert user.real_name == "李建国"
    assert user.check_password(PASSWORD)
    assert user.is_active and not user.is_staff
    assert user.privacy_consent_at is not None
    # Signed in at once.
    assert client.get("/accounts/me/").status_code == 200
    assert PhoneVerification.objects.get(phone=PHONE).used_at is not None


def test_the_code_is_stored_only_as_a_keyed_hash(client, outbox):
    send_code(client, PHONE)
    code = last_code(PHONE)
    row = PhoneVerification.objects.get(phone=PHONE)
    assert code not in row.code_hash
    assert len(row.code_hash) == 64
    assert row.expires_at - row.created_at == timezone.timedelta(minutes=10)


def test_next_is_followed_when_it_stays_on_the_site(client):
    send_code(client, PHONE, next="/venues/?sport=basketball")
    response = client.post(
        "/accounts/signup/",
        {**signup_data(last_code(PHONE)), "next": "/venues/?sport=basketball"},
    )
    assert response["Location"] == "/venues/?sport=basketball"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_next_to_another_host_is_ignored(client, target):
    send_code(client, PHONE)
    response = client.post("/accounts/signup/", {**signup_data(last_code(PHONE)), "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_send_code_carries_a_safe_next_to_step_two(client):
    response = send_code(client, PHONE, next="/venues/")
    assert response["Location"] == "/accounts/signup/?next=%2Fvenues%2F"
    response = send_code(client, "13912345679", next="https://evil.example/")
    assert response["Location"] == "/accounts/signup/"


def test_phone_typed_with_country_code_and_spaces_is_accepted(client, outbox):
    response = send_code(client, "+86 139 1234 5678")
    assert response.status_code == 302
    assert outbox[-1].phone == PHONE


@pytest.mark.parametrize(
    "phone",
    ["139123456789", "1391234567", "1391234567a", "abcdefghijk", "23912345678", "12912345678", ""],
)
def test_bad_phone_numbers_are_rejected_and_nothing_is_sent(client, outbox, phone):
    response = send_code(client, phone)
    assert response.status_code == 400
    assert response.context["phone_form"].errors["phone"]
    assert 'role="alert"' in response.content.decode()
    assert outbox == []
    assert not PhoneVerification.objects.exists()


@pytest.mark.parametrize(
    ("case", "expected_code"),
    [("wrong", "wrong"), ("expired", "expired"), ("used", "expired"), ("none", "expired")],
)
def test_bad_codes_are_rejected_and_nothing_is_created(client, case, expected_code):
    if case == "none":
        # The session knows the number but no code was ever sent to it.
        session = client.session
        session["accounts.phones"] = {"signup": PHONE}
        session.save()
        code = "123456"
    else:
        send_code(client, PHONE)
        code = last_code(PHONE)
    if case == "wrong":
        code = f"{(int(code) + 1) % 1_000_000:06d}"
    elif case == "expired":
        PhoneVerification.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    elif case == "used":
        PhoneVerification.objects.update(used_at=timezone.now())

    response = client.post("/accounts/signup/", signup_data(code))
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert not get_user_model().objects.filter(phone=PHONE).exists()
    assert "_auth_user_id" not in client.session


def test_a_used_code_cannot_sign_up_twice(client):
    send_code(client, PHONE)
    code = last_code(PHONE)
    assert client.post("/accounts/signup/", signup_data(code)).status_code == 302
    get_user_model().objects.filter(phone=PHONE).delete()
    client.logout()
    session = client.session
    session["accounts.phones"] = {"signup": PHONE}
    session.save()
    response = client.post("/accounts/signup/", signup_data(code))
    assert response.status_code == 400
    assert not get_user_model().objects.filter(phone=PHONE).exists()


def test_wrong_codes_are_counted_and_the_fifth_kills_the_code(client):
    send_code(client, PHONE)
    code = last_code(PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for attempt in range(1, 6):
        response = client.post("/accounts/signup/", signup_data(wrong))
        assert response.status_code == 400
        assert PhoneVerification.objects.get().attempts == attempt
    # Even the right code is refused now.
    response = client.post("/accounts/signup/", signup_data(code))
    assert response.status_code == 400
    assert "code" in response.context["form"].errors
    assert not get_user_model().objects.filter(phone=PHONE).exists()


def test_only_the_newest_code_counts(client):
    send_code(client, PHONE)
    first = last_code(PHONE)
    PhoneVerification.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=2))
    send_code(client, PHONE)
    newest = last_code(PHONE)
    if first != newest:
        assert client.post("/accounts/signup/", signup_data(first)).status_code == 400
    assert client.post("/accounts/signup/", signup_data(newest)).status_code == 302


def test_a_second_code_within_a_minute_is_refused_but_the_first_still_works(client, outbox):
    send_code(client, PHONE)
    response = send_code(client, PHONE)
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 60
    assert response.context["flow_error"]
    assert 'role="alert"' in response.content.decode()
    assert len(outbox) == 1
    # The page offers step two, where the first code is accepted.
    assert response.context["form"] is not None
    assert client.post("/accounts/signup/", signup_data(last_code(PHONE))).status_code == 302


def test_at_most_ten_codes_a_day_per_number(client, outbox, settings):
    settings.PORTAL_SMS_PER_ADDRESS_PER_HOUR = 100  # this test is about the number's limit
    for _ in range(10):
        assert send_code(client, PHONE).status_code == 302
        # Pretend the minute has passed (but stay within today).
        latest = PhoneVerification.objects.filter(phone=PHONE).first()
        latest.created_at = latest.created_at - timezone.timedelta(seconds=61)
        latest.save()
    response = send_code(client, PHONE)
    assert response.status_code == 429
    assert "10" in response.context["flow_error"]
    assert len(outbox) == 10
    # Another number is not affected.
    assert send_code(client, "13912345670").status_code == 302


def test_already_registered_number_gets_a_notice_by_sms_and_the_page_tells_nothing(client, outbox):
    make_resident(phone=PHONE)
    response = send_code(client, PHONE)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/"
    assert [m.phone for m in outbox] == [PHONE]
    assert "已有账号" in outbox[0].message  # in the site's default language
    assert not re.search(r"\b\d{6}\b", outbox[0].message)  # a notice, not a code


def test_number_registered_between_code_and_sign_up_gives_a_form_error_not_a_500(client):
    send_code(client, PHONE)
    code = last_code(PHONE)
    make_resident(phone=PHONE, real_name="张三")
    response = client.post("/accounts/signup/", signup_data(code))
    assert response.status_code == 400
    assert response.context["phone_taken"]
    assert response.context["form"].non_field_errors()
    assert get_user_model().objects.get(phone=PHONE).real_name == "张三"
    # The code was not used up.
    assert PhoneVerification.objects.get().used_at is None


def test_consent_is_required(client):
    send_code(client, PHONE)
    data = signup_data(last_code(PHONE))
    del data["consent"]
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["consent"]
    assert not get_user_model().objects.exists()
    assert PhoneVerification.objects.get().used_at is None


@pytest.mark.parametrize(
    ("password1", "password2"),
    [
        ("12345678", "12345678"),
        ("short", "short"),
        (PASSWORD, PASSWORD + "x"),
        ("password", "password"),
    ],
)
def test_weak_or_mismatched_passwords_are_rejected(client, password1, password2):
    send_code(client, PHONE)
    data = signup_data(last_code(PHONE), password1=password1, password2=password2)
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors.get("password1") or errors.get("password2")
    assert not get_user_model().objects.exists()


def test_password_like_the_phone_number_is_rejected(client):
    send_code(client, PHONE)
    data = signup_data(last_code(PHONE), password1=PHONE + "a", password2=PHONE + "a")
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["password1"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("王丽", "王丽"),
        (" 王 丽 ", "王丽"),
        ("阿依・木拉提", "阿依·木拉提"),
        ("阿依 · 木拉提", "阿依·木拉提"),
        ("Anna  Lee", "Anna Lee"),
        ("ＡＮＮＡ", "ANNA"),
        ("李〇", "李〇"),
    ],
)
def test_real_names_are_tidied(client, typed, stored):
    send_code(client, PHONE)
    response = client.post("/accounts/signup/", signup_data(last_code(PHONE), real_name=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert get_user_model().objects.get(phone=PHONE).real_name == stored


@pytest.mark.parametrize(
    "name",
    ["王", "王丽1", "王丽!", "·王丽", "王丽·", "王··丽", "<b>王</b>", "x" * 21, "李" * 21, ""],
)
def test_bad_real_names_are_rejected(client, name):
    send_code(client, PHONE)
    response = client.post("/accounts/signup/", signup_data(last_code(PHONE), real_name=name))
    assert response.status_code == 400
    assert response.context["form"].errors["real_name"]
    assert not get_user_model().objects.exists()


def test_errors_are_next_to_fields_and_summarised_at_the_top(client):
    send_code(client, PHONE)
    response = client.post("/accounts/signup/", signup_data("", real_name="", consent=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="form-errors"' in html and 'role="alert"' in html
    assert 'href="#id_code"' in html and 'href="#id_real_name"' in html
    assert 'id="id_code_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_code_helptext id_code_error"' in html


def test_sign_up_without_asking_for_a_code_first(client):
    response = client.post("/accounts/signup/", signup_data("123456"))
    assert response.status_code == 400
    assert response.context["phone_form"] is not None
    assert response.context["flow_error"]
    assert not get_user_model().objects.exists()


def test_send_code_needs_post_and_a_known_purpose(client, outbox):
    assert client.get("/accounts/send-code/").status_code == 405
    assert send_code(client, PHONE, purpose="admin").status_code == 400
    assert outbox == []


def test_send_code_is_csrf_protected(outbox):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/send-code/", {"phone": PHONE, "purpose": "signup"})
    assert response.status_code == 403
    assert outbox == []


def test_use_another_number_shows_step_one_again(client):
    send_code(client, PHONE)
    response = client.get("/accounts/signup/?change=1")
    assert response.context["phone_form"] is not None
    assert response.context["form"] is None


def test_signed_in_resident_is_sent_to_my_account(client, resident):
    client.force_login(resident)
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/"


def test_sms_gateway_failure_is_a_clear_error_and_does_not_count(client, settings):
    settings.PORTAL_SMS_BACKEND = "tests.accounts.test_sms.FailingBackend"
    response = send_code(client, PHONE)
    assert response.status_code == 503
    assert response.context["phone_form"].errors["phone"]
    assert not PhoneVerification.objects.exists()
