"""Forms of the resident's booking pages: they parse input; services.py decides."""

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ..hours.planner import within_calendar


class SlotField(forms.Field):
    """An ISO 8601 slot start with its UTC offset, as the week view writes it."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            moment = parse_datetime(value) if len(value) <= 40 else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None or not within_calendar(moment):
            raise forms.ValidationError(_("This is not a slot time."), code="invalid_slot")
        return moment


class SlotChoiceForm(forms.Form):
    """Which slot: the unit and start the week view links to, carried through the form."""

    unit = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    start = SlotField(widget=forms.HiddenInput)


class BookingForm(forms.Form):
    party_size = forms.IntegerField(
        label=_("Number of people, you included"), min_value=1, max_value=2000, initial=1
    )
    children = forms.IntegerField(
        label=_("Of whom under 14"),
        min_value=0,
        max_value=2000,
        initial=0,
        help_text=_("Children under 14 come with you."),
    )
    pledge = forms.BooleanField(
        label=_(
            "I will follow the school's rules: keep to the sports area, leave on time, "
            "and look after the grounds."
        ),
        error_messages={"required": _("Please accept the venue rules to book.")},
    )
