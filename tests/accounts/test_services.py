"""The account services directly: limits across purposes, purging old records, normalising input."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from sportsportal.accounts import services
from sportsportal.accounts.models import PhoneVerification

from .conftest import make_resident

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def test_the_minute_limit_counts_codes_of_every_purpose(outbox):
    make_resident(phone=PHONE)
    services.send_verification_code(PHONE, PhoneVerification.Purpose.SIGNUP)
    with pytest.raises(services.RateLimited) as raised:
        services.request_password_reset_code(PHONE)
    assert raised.value.code == "too_soon"
    assert 0 < raised.value.retry_after <= 60
    assert len(outbox) == 1


def test_records_older_than_two_days_are_purged_when_a_code_is_sent():
    old = PhoneVerification.objects.create(
        phone="13812345678",
        purpose="signup",
        code_hash="x" * 64,
        expires_at=timezone.now(),
        created_at=timezone.now() - timezone.timedelta(days=2, minutes=1),
    )
    recent = PhoneVerification.objects.create(
        phone="13812345678",
        purpose="signup",
        code_hash="y" * 64,
        expires_at=timezone.now(),
        created_at=timezone.now() - timezone.timedelta(days=1),
    )
    services.request_signup_code(PHONE)
    assert not PhoneVerification.objects.filter(pk=old.pk).exists()
    assert PhoneVerification.objects.filter(pk=recent.pk).exists()


def test_purge_command():
    PhoneVerification.objects.create(
        phone=PHONE,
        purpose="signup",
        code_hash="x" * 64,
        expires_at=timezone.now(),
        created_at=timezone.now() - timezone.timedelta(days=3),
    )
    out = io.StringIO()
    call_command("purge_sms_codes", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert not PhoneVerification.objects.exists()


def test_yesterdays_codes_do_not_count_against_today():
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    for minutes in range(1, 11):
        PhoneVerification.objects.create(
            phone=PHONE,
            purpose="signup",
            code_hash="x" * 64,
            expires_at=timezone.now(),
            created_at=start_of_today - timezone.timedelta(minutes=minutes),
        )
    services.request_signup_code(PHONE)


def test_the_sms_names_its_purpose(outbox):
    make_resident(phone=PHONE)
    with translation.override("en"):
        services.request_password_reset_code(PHONE)
    assert "reset your password" in outbox[-1].message
    assert "10 minutes" in outbox[-1].message


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        ("13912345678", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("0086-139-1234-5678", "13912345678"),
        ("(139) 1234 5678", "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),
        ("8613912345678", "8613912345678"),  # left for the validator to reject
    ],
)
def test_normalise_phone(typed, phone):
    assert services.normalise_phone(typed) == phone


def test_normalise_code():
    assert services.normalise_code(" １２３ ４５６ ") == "123456"
