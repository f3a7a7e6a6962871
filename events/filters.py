"""The calendar's filters, one FilterSet for `/events/` and (with `lang`) for the feeds.

The query string is checked strictly: an unknown parameter, a reversed date range or a month that
does not exist is a form error (the page answers 400 with the form, a feed 400 with the reason),
so a mistyped subscription address is noticed instead of silently showing everything.
"""

from datetime import date

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from facilities.models import Sport, Township

from .choices import Tier
from .models import EventPage
from .recurrence import EARLIEST_YEAR, LATEST_YEAR

VIEWS = (("list", _("List")), ("month", _("Month")))
# Accepted and left to the view: the page number of the list.
PAGE_PARAMETERS = {"page"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    view = forms.ChoiceField(label=_("Show as"), choices=VIEWS, required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        validators=[RegexValidator(r"^\d{4}-\d{2}$", _("Give the month as YYYY-MM."))],
    )

    def clean_month(self):
        value = self.cleaned_data.get("month")
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        if not (EARLIEST_YEAR <= year <= LATEST_YEAR and 1 <= month <= 12):
            raise forms.ValidationError(
                _("There is no month %(value)s in the calendar."), params={"value": value}
            )
        return date(year, month, 1)

    def _check_year(self, name):
        value = self.cleaned_data.get(name)
        if value and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            self.add_error(
                name,
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
            )
            self.cleaned_data[name] = None

    def clean(self):
        cleaned_data = super().clean()
        known = set(self.fields) | PAGE_PARAMETERS
        unknown = sorted(key for key in self.data if key not in known)
        if unknown:
            raise forms.ValidationError(
                _("Unknown filter %(names)s. The calendar can be filtered by %(known)s."),
                params={
                    "names": "、".join(f"“{name[:40]}”" for name in unknown[:5]),
                    "known": "tier, sport, township, from, to",
                },
                code="unknown_filter",
            )
        self._check_year("from")
        self._check_year("to")
        start, end = cleaned_data.get("from"), cleaned_data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end date is before the start date."))
        return cleaned_data


class EventFilter(django_filters.FilterSet):
    tier = django_filters.ChoiceFilter(
        label=_("Tier"), choices=Tier.choices, empty_label=_("All tiers")
    )
    sport = django_filters.ModelChoiceFilter(
        label=_("Sport"),
        queryset=Sport.objects.all(),
        to_field_name="slug",
        empty_label=_("All sports"),
    )
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=Township.objects.all(),
        to_field_name="code",
        empty_label=_("All townships"),
    )
    date_from = django_filters.DateFilter(label=_("From"), widget=DateInput)
    date_to = django_filters.DateFilter(label=_("To"), widget=DateInput)

    class Meta:
        model = EventPage
        fields = []
        form = EventFilterForm

    def filter_queryset(self, queryset):
        return queryset.for_filters(self.form.cleaned_data)

    @property
    def filter_params(self):
        """The valid filters as query parameters (for feed links), in a fixed order."""
        data = self.form.cleaned_data if self.is_valid() else {}
        params = {}
        if data.get("tier"):
            params["tier"] = data["tier"]
        if data.get("sport") is not None:
            params["sport"] = data["sport"].slug
        if data.get("township") is not None:
            params["township"] = data["township"].code
        for name in ("from", "to"):
            if data.get(name):
                params[name] = data[name].isoformat()
        return params


def _name_date_filters(filterset_class):
    """The query string says `from` and `to`, which cannot be Python attribute names."""
    filters = filterset_class.base_filters
    filters["from"] = filters.pop("date_from")
    filters["to"] = filters.pop("date_to")
    return filterset_class


_name_date_filters(EventFilter)


class EventFeedFilter(EventFilter):
    """The feed's filters: the calendar's, plus the language of the feed's texts."""

    lang = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=(("zh-hans", "简体中文"), ("en", "English")),
        method="filter_nothing",
    )

    def filter_nothing(self, queryset, name, value):
        return queryset

    @property
    def filter_params(self):
        params = super().filter_params
        if self.is_valid() and self.form.cleaned_data.get("lang"):
            params["lang"] = self.form.cleaned_data["lang"]
        return params


_name_date_filters(EventFeedFilter)
