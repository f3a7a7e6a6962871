"""The audit trail in Wagtail's admin: read-only, for superusers and holders of the dedicated
permission "Can view audit event" only (not for editors or school managers)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import audit
from .models import AuditEvent


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only "view", even for superusers: the trail is written by the portal, never by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))


class AuditEventFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = ["action", "at"]


class AuditIndexView(IndexView):
    template_name = "accounts/admin/audit_index.html"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        return {**context, "retention_days": audit.retention_days()}


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    add_to_settings_menu = True
    menu_order = 900
    index_view_class = AuditIndexView
    list_display = ["at", "action", "user", "subject", "address", "path", "detail"]
    filterset_class = AuditEventFilterSet
    search_fields = ["subject", "address", "path", "detail", "user__username"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []  # never shown: the permission policy refuses "add" and "change"


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet("audit_trail")
