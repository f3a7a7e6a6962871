from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sportsportal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The deployment checks, and the audit trail's receivers of the sign-in signals.
        from . import audit, checks  # noqa: F401
