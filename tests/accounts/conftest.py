"""Accounts fixtures: the SMS outbox, residents, codes."""

import re

import pytest
from django.contrib.auth import get_user_model

from sportsportal.accounts import sms

PASSWORD = "qiao-jia-2025"  # passes Django's validators


@pytest.fixture
def outbox():
    return sms.outbox


def codes_sent_to(phone):
    return [re.search(r"\b(\d{6})\b", m.message).group(1) for m in sms.outbox if m.phone == phone]


def last_code(phone):
    codes = codes_sent_to(phone)
    assert codes, f"no code was sent to {phone}"
    return codes[-1]


def make_resident(phone="13812345678", real_name="王丽", password=PASSWORD, **kwargs):
    user = get_user_model()(
        username=kwargs.pop("username", phone), phone=phone, real_name=real_name
    )
    for key, value in kwargs.items():
        setattr(user, key, value)
    user.set_password(password)
    user.save()
    return user


@pytest.fixture
def resident():
    return make_resident()


def send_code(client, phone, purpose="signup", **extra):
    return client.post("/accounts/send-code/", {"phone": phone, "purpose": purpose, **extra})


def signup_data(code, **overrides):
    data = {
        "code": code,
        "real_name": "李建国",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    data.update(overrides)
    return data
