"""SMS codes cannot be sent in bulk, nor used to learn which numbers are registered (Medium)."""

import re

import pytest
from django.test import Client

from tests.accounts.conftest import make_resident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Every door answers in English here (no Accept-Language: the default language)."""
    settings.LANGUAGE_CODE = "en"


REGISTERED = "13812345678"
UNKNOWN = "13912345678"


def send(client, phone, purpose="signup"):
    return client.post("/accounts/send-code/", {"phone": phone, "purpose": purpose})


def page_without_secrets(response, phone):
    """The page as a stranger sees it, with the CSRF token and the typed number blanked."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    return response.status_code, response.get("Location"), html.replace(phone, "PHONE")


def test_thirty_codes_to_thirty_numbers_from_one_address_stop_at_the_limit(settings, outbox):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [send(attacker, f"139000000{n:02d}").status_code for n in range(30)]
    limit = settings.PORTAL_SMS_PER_ADDRESS_PER_HOUR
    assert statuses == [302] * limit + [429] * (30 - limit)
    assert len(outbox) == limit
    refused = send(attacker, "13900000099")
    assert "Too many requests from your network" in refused.content.decode()
    # A resident elsewhere still gets a code.
    assert send(Client(REMOTE_ADDR="198.51.100.7"), "13900000098").status_code == 302


def test_the_whole_site_sends_at_most_its_hourly_limit(settings, outbox):
    settings.PORTAL_SMS_PER_HOUR = 3
    statuses = [
        send(Client(REMOTE_ADDR=f"198.51.100.{n}"), f"139000000{n:02d}").status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(outbox) == 3


@pytest.mark.parametrize("purpose", ["signup", "password_reset"])
def test_registered_and_unknown_numbers_get_identical_pages(purpose, outbox):
    make_resident(phone=REGISTERED)
    pages = {}
    for phone in (REGISTERED, UNKNOWN):
        client = Client()
        steps = [send(client, phone, purpose)]
        steps.append(client.get(f"/accounts/{purpose.replace('_', '-')}/"))
        data = {"code": "000000", "password1": "xin-mi-ma-2026", "password2": "xin-mi-ma-2026"}
        if purpose == "signup":
            data.update(real_name="李建国", consent="on")
        steps.append(client.post(f"/accounts/{purpose.replace('_', '-')}/", data))
        steps.append(send(client, phone, purpose))  # again within the minute
        pages[phone] = [page_without_secrets(step, phone) for step in steps]
    assert pages[REGISTERED] == pages[UNKNOWN]
    assert pages[REGISTERED][1][0] == 200 and pages[REGISTERED][3][0] == 429


def test_the_owner_of_a_registered_number_learns_of_the_sign_up_attempt(outbox):
    make_resident(phone=REGISTERED)
    send(Client(), REGISTERED)
    (message,) = outbox
    assert message.phone == REGISTERED
    assert "already has an account" in message.message


def test_wrong_sms_codes_from_one_address_are_throttled_across_numbers(settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    settings.PORTAL_SMS_PER_ADDRESS_PER_HOUR = 100
    data = {"code": "000000", "password1": "xin-mi-ma-2026", "password2": "xin-mi-ma-2026"}
    for n in range(settings.PORTAL_SIGNIN_FAILURES_PER_ADDRESS):
        make_resident(phone=f"137000000{n:02d}", username=f"r{n}")
        send(attacker, f"137000000{n:02d}", "password_reset")
        attacker.post("/accounts/password-reset/", data)
    response = attacker.post("/accounts/password-reset/", data)
    assert "Too many failed attempts" in response.content.decode()
