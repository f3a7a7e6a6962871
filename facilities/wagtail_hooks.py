"""Admin wiring of the registry: one snippet viewset per model, grouped under one menu.

School managers see the registry rows, weekly opening rules and closures of their own schools
only (ScopedSnippetViewSet); the county holiday calendar and its import are the bureau's, and so
are the data imports with the survey data they fill (facilities/imports/). A venue's survey
code, which the venue import matches on, is the bureau's too: only editors who manage every
school can set it.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin_scope import PortalSnippetViewSet, ScopedDeleteBulkAction, ScopedSnippetViewSet
from .forms import FacilityAdminForm, UnitAdminForm
from .hours import admin_views as holiday_views
from .hours.admin_forms import (
    CalendarDayAdminForm,
    CalendarDayFilterSet,
    HoursExceptionAdminForm,
    HoursExceptionFilterSet,
    OpeningRuleAdminForm,
    OpeningRuleFilterSet,
)
from .imports import views as import_views
from .imports.viewsets import DataImportsGroup
from .models import (
    BookableUnit,
    CalendarDay,
    Community,
    Facility,
    HoursException,
    OpeningRule,
    School,
    SchoolVacation,
    Sport,
    Township,
)
from .querysets import user_manages_all


class TownshipViewSet(PortalSnippetViewSet):
    model = Township
    icon = "site"
    menu_label = _("Townships")
    list_display = ["name", "code", "kind", "is_urban"]
    list_filter = ["kind", "is_urban"]
    search_fields = ["name", "code"]
    search_backend_name = None
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("is_urban")]),
        InlinePanel("populations", label=_("Resident population by year")),
    ]


class CommunityViewSet(PortalSnippetViewSet):
    model = Community
    icon = "home"
    menu_label = _("Communities and villages")
    list_display = ["name", "township", "kind", "population"]
    list_filter = ["township", "kind"]
    search_fields = ["name", "township__name"]
    search_backend_name = None
    list_per_page = 50


class SchoolViewSet(ScopedSnippetViewSet):
    model = School
    icon = "group"
    menu_label = _("Schools")
    list_display = ["name", "township", "stage", "pupils", "eligible_for_opening"]
    list_filter = ["township", "stage", "eligible_for_opening"]
    search_fields = ["name"]
    search_backend_name = None

    def scoped_queryset(self, request):
        return School.objects.for_manager(request.user).select_related("township")


class SportViewSet(PortalSnippetViewSet):
    model = Sport
    icon = "pick"
    menu_label = _("Sports")
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "slug"]
    search_backend_name = None


MANAGE_ALL = "facilities.manage_all_facilities"


class FacilityFilterSet(WagtailFilterSet):
    has_survey_code = django_filters.BooleanFilter(
        label=_("Has a survey code"), method="filter_has_survey_code"
    )

    class Meta:
        model = Facility
        fields = ["township", "kind", "status", "fee_policy", "open_to_public", "live"]

    def filter_has_survey_code(self, queryset, name, value):
        if value is None:
            return queryset
        uncoded = Q(survey_code__isnull=True) | Q(survey_code="")
        return queryset.exclude(uncoded) if value else queryset.filter(uncoded)


class FacilityViewSet(ScopedSnippetViewSet):
    model = Facility
    icon = "location"
    menu_label = _("Venues")
    list_display = ["name", "township", "kind", "school", "survey_code", "status", "live"]
    filterset_class = FacilityFilterSet
    search_fields = ["name", "address", "slug", "survey_code"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
                    FieldPanel("survey_code", permission=MANAGE_ALL),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("setting")]),
                    FieldRowPanel([FieldPanel("owner_type"), FieldPanel("school")]),
                    FieldPanel("sports", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("description"),
                    InlinePanel("photos", label=_("Photos")),
                ],
                heading=_("Venue"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("township"), FieldPanel("community")]),
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Location"),
            ),
            ObjectList(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("playing_area"),
                            FieldPanel("building_area"),
                            FieldPanel("land_area"),
                        ]
                    ),
                    FieldRowPanel(
                        [FieldPanel("status"), FieldPanel("opened_on"), FieldPanel("closed_on")]
                    ),
                ],
                heading=_("Areas and status"),
            ),
            ObjectList(
                [
                    FieldPanel("open_to_public"),
                    FieldRowPanel([FieldPanel("fee_policy"), FieldPanel("price")]),
                    FieldPanel("concessions"),
                    MultiFieldPanel(
                        [
                            FieldPanel("step_free"),
                            FieldPanel("accessible_toilet"),
                            FieldPanel("accessible_parking"),
                            FieldPanel("accessibility_notes"),
                        ],
                        heading=_("Accessibility"),
                    ),
                    FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
                ],
                heading=_("Access and fees"),
            ),
        ],
        base_form_class=FacilityAdminForm,
    )

    def scoped_queryset(self, request):
        return Facility.objects.for_manager(request.user).select_related("township", "school")


class BookableUnitViewSet(ScopedSnippetViewSet):
    model = BookableUnit
    icon = "table"
    menu_label = _("Bookable units")
    list_display = ["name", "facility", "sport", "capacity", "slot_minutes", "is_active"]
    list_filter = ["sport", "is_active"]
    search_fields = ["name", "facility__name"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("facility"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("sport")]),
            FieldRowPanel(
                [FieldPanel("capacity"), FieldPanel("slot_minutes"), FieldPanel("price")]
            ),
            FieldPanel("is_active"),
        ],
        base_form_class=UnitAdminForm,
    )

    def scoped_queryset(self, request):
        return BookableUnit.objects.for_manager(request.user).select_related("facility", "sport")


class OpeningRuleViewSet(ScopedSnippetViewSet):
    """Weekly public hours of the units; a manager sees and picks only their schools' units."""

    model = OpeningRule
    icon = "time"
    menu_label = _("Weekly opening hours")
    list_display = ["__str__", "season", "valid_from", "valid_until"]
    filterset_class = OpeningRuleFilterSet
    search_fields = ["unit__name", "unit__facility__name"]
    search_backend_name = None
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("unit"),
            FieldPanel("season"),
            FieldPanel("weekdays"),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        ],
        base_form_class=OpeningRuleAdminForm,
    )

    def scoped_queryset(self, request):
        return OpeningRule.objects.for_manager(request.user).select_related("unit__facility")


class HoursExceptionViewSet(ScopedSnippetViewSet):
    """Dated closures and extra openings of a venue or one of its units."""

    model = HoursException
    icon = "date"
    menu_label = _("Closures and extra openings")
    list_display = ["__str__", "facility", "unit", "reason", "note"]
    filterset_class = HoursExceptionFilterSet
    search_fields = ["note", "facility__name", "unit__name"]
    search_backend_name = None
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("facility"), FieldPanel("unit")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("reason")]),
            FieldPanel("date"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("note"),
        ],
        base_form_class=HoursExceptionAdminForm,
    )

    def scoped_queryset(self, request):
        return HoursException.objects.for_manager(request.user).select_related("facility", "unit")


class RegistryGroup(SnippetViewSetGroup):
    menu_label = _("Registry")
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (
        FacilityViewSet,
        BookableUnitViewSet,
        OpeningRuleViewSet,
        HoursExceptionViewSet,
        SchoolViewSet,
        TownshipViewSet,
        CommunityViewSet,
        SportViewSet,
    )


register_snippet(RegistryGroup)

# Replaces Wagtail's bulk delete of snippets (registered with the default order, 0): a manager's
# bulk delete reaches their schools' rows only, and `id=all` means all of theirs.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=1)


# ---------------------------------------------------------------------------------------------
# The county holiday calendar (bureau only: model permissions on CalendarDay and SchoolVacation)
# ---------------------------------------------------------------------------------------------


class CalendarDayViewSet(PortalSnippetViewSet):
    model = CalendarDay
    icon = "calendar"
    menu_label = _("Holidays and moved working days")
    list_display = ["date", "name", "kind", "follows_weekday"]
    filterset_class = CalendarDayFilterSet
    search_fields = ["name"]
    search_backend_name = None
    list_per_page = 100
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
            FieldPanel("name"),
            FieldPanel("follows_weekday"),
        ],
        base_form_class=CalendarDayAdminForm,
    )


class SchoolVacationViewSet(PortalSnippetViewSet):
    model = SchoolVacation
    icon = "sun"
    menu_label = _("School vacations")
    list_display = ["name", "first_day", "last_day"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day")]),
    ]


class HolidayCalendarGroup(SnippetViewSetGroup):
    menu_label = _("Holiday calendar")
    menu_icon = "calendar"
    menu_order = 160
    submenu_hook = "register_holiday_calendar_menu_item"
    items = (CalendarDayViewSet, SchoolVacationViewSet)


register_snippet(HolidayCalendarGroup)


class BureauMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(holiday_views.PERMISSION)


@hooks.register("register_holiday_calendar_menu_item")
def holiday_import_menu_item():
    return BureauMenuItem(
        _("Import holidays"),
        reverse("facilities_holiday_import"),
        icon_name="upload",
        order=10,
    )


@hooks.register("register_admin_urls")
def holiday_import_urls():
    return [
        path(
            "holidays/",
            holiday_views.HolidayImportView.as_view(),
            name="facilities_holiday_import",
        ),
        path(
            "holidays/apply/",
            holiday_views.HolidayApplyView.as_view(),
            name="facilities_holiday_apply",
        ),
        path(
            "holidays/template.xlsx",
            holiday_views.HolidayTemplateView.as_view(),
            name="facilities_holiday_template",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Data imports and the survey data they fill (bureau editors only)
# ---------------------------------------------------------------------------------------------

register_snippet(DataImportsGroup)


class ImportsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_manages_all(request.user)


@hooks.register("register_data_imports_menu_item")
def data_import_menu_item():
    return ImportsMenuItem(
        _("Import data"), reverse("facilities_import_index"), icon_name="upload", order=0
    )


@hooks.register("register_admin_urls")
def data_import_urls():
    return [
        path("imports/", import_views.ImportIndexView.as_view(), name="facilities_import_index"),
        path(
            "imports/runs/<int:pk>/",
            import_views.ImportDoneView.as_view(),
            name="facilities_import_done",
        ),
        path(
            "imports/jobs/<int:pk>/",
            import_views.ImportJobView.as_view(),
            name="facilities_import_job",
        ),
        path(
            "imports/jobs/<int:pk>/apply/",
            import_views.ImportJobApplyView.as_view(),
            name="facilities_import_job_apply",
        ),
        path(
            "imports/jobs/<int:pk>/problems.csv",
            import_views.ImportJobProblemsView.as_view(),
            name="facilities_import_job_problems",
        ),
        path("imports/<str:kind>/", import_views.ImportView.as_view(), name="facilities_import"),
        path(
            "imports/<str:kind>/apply/",
            import_views.ImportApplyView.as_view(),
            name="facilities_import_apply",
        ),
        path(
            "imports/<str:kind>/problems.csv",
            import_views.ImportProblemsView.as_view(),
            name="facilities_import_problems",
        ),
        re_path(
            r"^imports/(?P<kind>\w+)/template\.(?P<fmt>xlsx|csv)$",
            import_views.ImportTemplateView.as_view(),
            name="facilities_import_template",
        ),
    ]
