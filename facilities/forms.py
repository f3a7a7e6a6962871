"""Admin forms that keep a school manager inside their own schools."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .choices import OwnerType
from .querysets import user_manages_all


class FacilityAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or user_manages_all(for_user):
            return
        from .models import School

        # A manager can only file venues under a school they manage.
        self.fields["school"].queryset = School.objects.for_manager(for_user)
        self.fields["school"].required = True
        self.fields["owner_type"].choices = [(OwnerType.SCHOOL.value, OwnerType.SCHOOL.label)]
        self.fields["owner_type"].initial = OwnerType.SCHOOL


class UnitAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        from .models import Facility

        self.fields["facility"].queryset = Facility.objects.for_manager(for_user).order_by("name")
        self.fields["facility"].help_text = _("The venue this unit belongs to.")
