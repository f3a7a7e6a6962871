"""Security tests: every test starts with an empty cache (throttle counters) and SMS outbox."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from sportsportal.accounts import sms

PASSWORD = "qiao-jia-2025"


@pytest.fixture(autouse=True)
def clean_outbox_and_counters():
    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()
    cache.clear()


@pytest.fixture
def outbox():
    return sms.outbox


def make_editor(django_user_model, username="editor", **kwargs):
    """A bureau editor: admin access through a permission, not a superuser."""
    user = django_user_model.objects.create_user(username, password=PASSWORD, **kwargs)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
