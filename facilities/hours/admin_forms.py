"""Admin forms and list filters of opening hours: a school manager only ever picks, and only ever
sees in a filter, the units and venues of their own schools (as facilities/forms.py does)."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from .fields import WEEKDAY_CHOICES
from .models import CalendarDay, DayKind, HoursException, OpeningRule


def _facilities(request):
    from ..models import Facility

    if request is None:
        return Facility.objects.none()
    return Facility.objects.for_manager(request.user).order_by("name")


def _units(request):
    from ..models import BookableUnit

    if request is None:
        return BookableUnit.objects.none()
    return (
        BookableUnit.objects.for_manager(request.user)
        .select_related("facility")
        .order_by("facility__name", "name")
    )


class OpeningRuleAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        from ..models import BookableUnit

        self.fields["unit"].queryset = (
            BookableUnit.objects.for_manager(for_user)
            .select_related("facility")
            .order_by("facility__name", "name")
        )


class HoursExceptionAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        from ..models import BookableUnit, Facility

        self.fields["facility"].queryset = Facility.objects.for_manager(for_user).order_by("name")
        self.fields["unit"].queryset = (
            BookableUnit.objects.for_manager(for_user)
            .select_related("facility")
            .order_by("facility__name", "name")
        )


class CalendarDayAdminForm(WagtailAdminModelForm):
    """The same rule as the import: a moved working day is a Saturday or a Sunday."""

    def clean(self):
        cleaned = super().clean()
        day, kind = cleaned.get("date"), cleaned.get("kind")
        if day and kind == DayKind.WORKDAY and day.weekday() < 5:
            self.add_error(
                "date",
                ValidationError(
                    _(
                        "%(date)s is a %(weekday)s, already a working day: a moved working day "
                        "is a Saturday or Sunday."
                    ),
                    params={"date": day.isoformat(), "weekday": WEEKDAY_CHOICES[day.weekday()][1]},
                    code="workday_on_weekday",
                ),
            )
        return cleaned


class OpeningRuleFilterSet(WagtailFilterSet):
    unit__facility = django_filters.ModelChoiceFilter(label=_("Venue"), queryset=_facilities)
    unit = django_filters.ModelChoiceFilter(label=_("Bookable unit"), queryset=_units)

    class Meta:
        model = OpeningRule
        fields = ["unit__facility", "unit", "season"]


class HoursExceptionFilterSet(WagtailFilterSet):
    facility = django_filters.ModelChoiceFilter(label=_("Venue"), queryset=_facilities)
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = HoursException
        fields = ["facility", "kind", "reason", "date"]


class CalendarDayFilterSet(WagtailFilterSet):
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = CalendarDay
        fields = ["kind", "date"]
