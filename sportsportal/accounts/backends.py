"""Django's model backend behind the throttle, so that every `authenticate()` call is counted.

The portal's sign-in, Wagtail's admin sign-in, the Django admin's and any later door that signs
in with a username and password go through here; a locked account or address is refused even
with the right password (`authenticate()` then returns None and sends `user_login_failed`).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            attempt = throttle.begin(request, throttle.account_key(username))
        except throttle.Locked as exc:
            raise PermissionDenied(exc.message) from exc
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            attempt.succeeded()
        return user
