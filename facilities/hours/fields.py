"""A set of weekdays stored as a 7-bit mask (Monday = bit 0), edited as checkboxes."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
ALL_DAYS = 0b1111111


def mask_of(days):
    mask = 0
    for day in days:
        mask |= 1 << int(day)
    return mask


def days_of(mask):
    return [day for day in range(7) if mask & (1 << day)]


class WeekdaysFormField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.pop("step_size", None)
        kwargs["choices"] = WEEKDAY_CHOICES
        kwargs["coerce"] = int
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return days_of(value)
        return value

    def clean(self, value):
        return mask_of(super().clean(value))

    def has_changed(self, initial, data):
        initial = days_of(initial) if isinstance(initial, int) else initial or []
        return sorted(map(int, initial)) != sorted(map(int, data or []))


class WeekdaysField(models.PositiveSmallIntegerField):
    def formfield(self, **kwargs):
        defaults = {"form_class": WeekdaysFormField, "choices_form_class": WeekdaysFormField}
        defaults.update(kwargs)
        return super().formfield(**defaults)
