from functools import partial

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .admin_account import django_admin_password_change
from .forms import DjangoAdminLoginForm
from .models import PhoneVerification, User

# The Django admin's sign-in and password change go through the portal's throttle; the sign-in
# says when it is locked.
admin.site.login_form = DjangoAdminLoginForm
admin.site.password_change = partial(django_admin_password_change, admin.site)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (None, {"fields": ("phone", "real_name", "privacy_consent_at")}),
    )
    readonly_fields = ("privacy_consent_at",)
    list_display = ("username", "real_name", "is_staff", "is_active")
    search_fields = ("username", "real_name", "phone")


@admin.register(PhoneVerification)
class PhoneVerificationAdmin(admin.ModelAdmin):
    """Read-only: lets support see whether a code went out, never the code itself."""

    list_display = ("created_at", "masked_phone", "purpose", "attempts", "used_at", "expires_at")
    list_filter = ("purpose",)
    fields = ("masked_phone", "purpose", "created_at", "expires_at", "attempts", "used_at")
    readonly_fields = fields
    search_fields = ("=phone",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
