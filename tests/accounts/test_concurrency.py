"""The per-number limits hold when requests for one number arrive at the same moment.

PostgreSQL only (CI's second pass; locally set DATABASE_URL): each request runs in its own
thread, connection and transaction, and the advisory lock in `services` makes them take turns.
"""

import pytest
from django.contrib.auth import get_user_model

from sportsportal.accounts import services, sms
from sportsportal.accounts.models import PhoneVerification
from tests.parallel import run_in_parallel

from .conftest import PASSWORD, last_code

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
]

PHONE = "13912345678"


def test_parallel_requests_send_one_code_a_minute():
    results = run_in_parallel(
        lambda i: services.request_signup_code(PHONE).pk, 12, refusal=services.AccountError
    )
    outcomes = sorted(code for code, _message in results)
    assert outcomes == ["ok"] + ["too_soon"] * 11, results
    assert PhoneVerification.objects.filter(phone=PHONE).count() == 1
    assert len([m for m in sms.outbox if m.phone == PHONE]) == 1


def test_parallel_sign_ups_with_one_code_create_one_account():
    services.request_signup_code(PHONE)
    code = last_code(PHONE)

    def sign_up(index):
        return services.register_resident(
            phone=PHONE, code=code, real_name="李建国", password=PASSWORD
        ).pk

    results = run_in_parallel(sign_up, 8, refusal=services.AccountError)
    outcomes = [code for code, _value in results]
    assert outcomes.count("ok") == 1, results
    assert "crash" not in outcomes, results
    assert get_user_model().objects.filter(phone=PHONE).count() == 1
