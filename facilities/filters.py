"""The venue finder's filters: one FilterSet over the query string, for the API later too."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import FacilityKind, FeePolicy
from .geo import parse_point
from .models import Facility, Sport, Township


class PointField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_point(value)
        except ValueError:
            raise forms.ValidationError(
                _("Give a point as latitude,longitude inside China, for example 26.42,103.30."),
                code="invalid_point",
            ) from None


class PointFilter(django_filters.Filter):
    field_class = PointField


class FacilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=50)
    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        queryset=Township.objects.all(),
        to_field_name="code",
        empty_label=_("All townships"),
    )
    sport = django_filters.ModelChoiceFilter(
        label=_("Sport"),
        field_name="sports",
        queryset=Sport.objects.all(),
        to_field_name="slug",
        empty_label=_("All sports"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=FacilityKind.choices, empty_label=_("All kinds")
    )
    fee = django_filters.ChoiceFilter(
        label=_("Fee"), field_name="fee_policy", choices=FeePolicy.choices, empty_label=_("Any fee")
    )
    bookable = django_filters.BooleanFilter(
        label=_("Bookable online"),
        method="filter_bookable",
        widget=forms.CheckboxInput,
    )
    open_now = django_filters.BooleanFilter(
        label=_("Open now"), method="filter_open_now", widget=forms.CheckboxInput
    )
    near = PointFilter(label=_("Near (latitude,longitude)"), method="filter_near")

    class Meta:
        model = Facility
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(address__icontains=value)
            | Q(township__name__icontains=value)
            | Q(school__name__icontains=value)
        )

    def filter_bookable(self, queryset, name, value):
        return queryset.bookable() if value else queryset

    def filter_open_now(self, queryset, name, value):
        return queryset.open_at(timezone.now()) if value else queryset

    def filter_near(self, queryset, name, value):
        if not value:
            return queryset
        lat, lon = value
        return queryset.with_distance_from(lat, lon).order_by("distance_km", "pk")
