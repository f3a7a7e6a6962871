"""The two admin pages that change a signed-in user's password, behind the sign-in throttle.

Wagtail's account settings build their password panel, and Django's admin its password page,
without handing the request to the form; these versions do, so that the current password they
ask for is counted like any sign-in (`forms.ThrottledOldPasswordMixin`).
"""

from functools import partial

from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse
from wagtail.admin.views.account import AccountView, ChangePasswordPanel

from .forms import DjangoAdminPasswordForm, WagtailAccountPasswordForm


class ThrottledChangePasswordPanel(ChangePasswordPanel):
    @property
    def form_class(self):
        return partial(WagtailAccountPasswordForm, request=self.request)


class PortalAccountView(AccountView):
    def get_panels(self):
        return [
            ThrottledChangePasswordPanel(panel.request, panel.user, panel.profile)
            if type(panel) is ChangePasswordPanel
            else panel
            for panel in super().get_panels()
        ]


class DjangoAdminPasswordChangeView(PasswordChangeView):
    form_class = DjangoAdminPasswordForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


def django_admin_password_change(site, request, extra_context=None):
    """`AdminSite.password_change` with the throttled form; the rest as Django's own."""
    request.current_app = site.name
    view = DjangoAdminPasswordChangeView.as_view(
        success_url=reverse("admin:password_change_done", current_app=site.name),
        extra_context={**site.each_context(request), **(extra_context or {})},
        template_name=site.password_change_template or "registration/password_change_form.html",
    )
    return view(request)
