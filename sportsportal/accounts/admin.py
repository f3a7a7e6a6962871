from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("phone", "real_name")}))
    list_display = ("username", "real_name", "is_staff", "is_active")
    search_fields = ("username", "real_name", "phone")
