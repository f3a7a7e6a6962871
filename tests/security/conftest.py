"""Security tests: the SMS outbox and the bureau editor."""

import pytest
from django.contrib.auth.models import Permission

from sportsportal.accounts import sms

PASSWORD = "qiao-jia-2025"


@pytest.fixture
def outbox():
    return sms.outbox


def make_editor(django_user_model, username="editor", **kwargs):
    """A bureau editor: admin access through a permission, not a superuser."""
    user = django_user_model.objects.create_user(username, password=PASSWORD, **kwargs)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
