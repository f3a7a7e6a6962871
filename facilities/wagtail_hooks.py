"""Admin wiring of the registry: one snippet viewset per model, grouped under one menu."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_scope import ScopedSnippetViewSet
from .forms import FacilityAdminForm, UnitAdminForm
from .models import BookableUnit, Community, Facility, School, Sport, Township


class TownshipViewSet(SnippetViewSet):
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


class CommunityViewSet(SnippetViewSet):
    model = Community
    icon = "home"
    menu_label = _("Communities and villages")
    list_display = ["name", "township", "kind", "population"]
    list_filter = ["township", "kind"]
    search_fields = ["name", "township__name"]
    search_backend_name = None
    list_per_page = 50


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "group"
    menu_label = _("Schools")
    list_display = ["name", "township", "stage", "pupils", "eligible_for_opening"]
    list_filter = ["township", "stage", "eligible_for_opening"]
    search_fields = ["name"]
    search_backend_name = None

    def get_queryset(self, request):
        return School.objects.for_manager(request.user).select_related("township")


class SportViewSet(SnippetViewSet):
    model = Sport
    icon = "pick"
    menu_label = _("Sports")
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "slug"]
    search_backend_name = None


class FacilityViewSet(ScopedSnippetViewSet):
    model = Facility
    icon = "location"
    menu_label = _("Venues")
    list_display = ["name", "township", "kind", "school", "status", "live"]
    list_filter = ["township", "kind", "status", "fee_policy", "open_to_public", "live"]
    search_fields = ["name", "address", "slug"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
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


class RegistryGroup(SnippetViewSetGroup):
    menu_label = _("Registry")
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (
        FacilityViewSet,
        BookableUnitViewSet,
        SchoolViewSet,
        TownshipViewSet,
        CommunityViewSet,
        SportViewSet,
    )


register_snippet(RegistryGroup)
