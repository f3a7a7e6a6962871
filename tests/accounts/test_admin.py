"""The Django admin shows whether a code went out, never the code or the full number in lists."""

import pytest
from django.contrib.auth import get_user_model

from sportsportal.accounts import services
from sportsportal.accounts.models import PhoneVerification

pytestmark = pytest.mark.django_db


def test_admin_lists_codes_sent_with_masked_numbers(client):
    admin = get_user_model().objects.create_superuser("root", password="x-long-pass-1")
    services.request_signup_code("13912345678")
    client.force_login(admin)

    listing = client.get("/django-admin/accounts/phoneverification/")
    assert listing.status_code == 200
    assert "139****5678" in listing.content.decode()
    found = client.get("/django-admin/accounts/phoneverification/?q=13912345678")
    assert "139****5678" in found.content.decode()

    row = PhoneVerification.objects.get()
    detail = client.get(f"/django-admin/accounts/phoneverification/{row.pk}/change/")
    assert detail.status_code == 200
    assert "13912345678" not in detail.content.decode()
    assert row.code_hash not in detail.content.decode()
    assert client.get("/django-admin/accounts/phoneverification/add/").status_code == 403


def test_admin_user_page_shows_the_consent_time(client):
    admin = get_user_model().objects.create_superuser("root", password="x-long-pass-1")
    client.force_login(admin)
    response = client.get(f"/django-admin/accounts/user/{admin.pk}/change/")
    assert response.status_code == 200
    assert "field-privacy_consent_at" in response.content.decode()
