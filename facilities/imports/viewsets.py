"""Admin list views of the imported survey data, the physique standard versions and the import log.

For bureau editors only: the permission policy below adds "manages every school" to the model
permissions, so a school's manager sees neither the menu nor the rows. Wagtail's snippet
chooser (the modal that lists a model's rows to pick one) asks no permission of its own, so
these viewsets' choosers ask the same policy for "view": a manager gets 403 there too. Survey
rows come from
files and are read-only here (the import log traces each to its file); a mistaken row can be
deleted. The versions' score cut-offs are editable, since grading scores depends on them.
The dashboard links figures to these lists with the filters in the query string.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from ..admin_scope import (
    NoCreationFormCreateView,
    PortalSnippetViewSet,
    ScopedChooseResultsView,
    ScopedChooseView,
    ScopedChosenMultipleView,
    ScopedChosenView,
    ScopedSnippetChooserViewSet,
)
from ..querysets import user_manages_all
from ..surveys.models import ExerciseResponse, PhysiqueResult, PhysiqueStandard
from .models import ImportKind, ImportRun


class BureauPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, for users who manage every school, limited to `actions` if given."""

    def __init__(self, model, actions=None):
        super().__init__(model)
        self.actions = actions

    def user_has_permission(self, user, action):
        if self.actions is not None and action not in self.actions:
            return False
        return user_manages_all(user) and super().user_has_permission(user, action)


register_permission_policy(
    ExerciseResponse, BureauPermissionPolicy(ExerciseResponse, {"view", "delete"})
)
register_permission_policy(
    PhysiqueResult, BureauPermissionPolicy(PhysiqueResult, {"view", "delete"})
)
register_permission_policy(PhysiqueStandard, BureauPermissionPolicy(PhysiqueStandard))
register_permission_policy(ImportRun, BureauPermissionPolicy(ImportRun, {"view"}))


class BureauChooserMixin:
    """A chooser view answering 403 to whoever may not view the model's rows."""

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model_class)
        if policy is None or not policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class BureauChooseView(BureauChooserMixin, ScopedChooseView):
    pass


class BureauChooseResultsView(BureauChooserMixin, ScopedChooseResultsView):
    pass


class BureauChosenView(BureauChooserMixin, ScopedChosenView):
    pass


class BureauChosenMultipleView(BureauChooserMixin, ScopedChosenMultipleView):
    pass


class BureauCreateView(BureauChooserMixin, NoCreationFormCreateView):
    pass


class BureauChooserViewSet(ScopedSnippetChooserViewSet):
    choose_view_class = BureauChooseView
    choose_results_view_class = BureauChooseResultsView
    chosen_view_class = BureauChosenView
    chosen_multiple_view_class = BureauChosenMultipleView
    create_view_class = BureauCreateView


class BureauSnippetViewSet(PortalSnippetViewSet):
    chooser_viewset_class = BureauChooserViewSet
    copy_view_enabled = False

    def scoped_queryset(self, request):
        """No row for a school's manager, whatever door they try (bulk actions included)."""
        if not user_manages_all(request.user):
            return self.model._default_manager.none()
        queryset = self.get_queryset(request)
        return self.model._default_manager.all() if queryset is None else queryset


class ImportedRowsViewSet(BureauSnippetViewSet):
    """Rows that come from files: searched by their code in the database, inspected, not edited."""

    search_backend_name = None
    list_per_page = 50
    inspect_view_enabled = True


def _runs_of(kind):
    def runs(request):
        return ImportRun.objects.filter(kind=kind)

    return runs


class ExerciseResponseFilterSet(WagtailFilterSet):
    import_run = django_filters.ModelChoiceFilter(
        label=_("Import"), queryset=_runs_of(ImportKind.EXERCISE)
    )

    class Meta:
        model = ExerciseResponse
        fields = ["survey_year", "township", "is_urban", "import_run"]


class PhysiqueResultFilterSet(WagtailFilterSet):
    import_run = django_filters.ModelChoiceFilter(
        label=_("Import"), queryset=_runs_of(ImportKind.PHYSIQUE)
    )

    class Meta:
        model = PhysiqueResult
        fields = [
            "year",
            "standard",
            "township",
            "age_group",
            "sex",
            "is_urban",
            "grade",
            "import_run",
        ]


class ExerciseResponseViewSet(ImportedRowsViewSet):
    model = ExerciseResponse
    icon = "list-ul"
    menu_label = _("Exercise survey responses")
    list_display = [
        "respondent_code",
        "survey_year",
        "township",
        "is_urban",
        "age",
        "sessions_per_week",
        "minutes_per_session",
        "intensity",
        "commuting_or_after_meal_walk",
        "weight",
    ]
    list_export = [*list_display, "import_run"]
    filterset_class = ExerciseResponseFilterSet
    search_fields = ["respondent_code"]

    def get_queryset(self, request):
        return ExerciseResponse.objects.select_related("township")


class PhysiqueResultViewSet(ImportedRowsViewSet):
    model = PhysiqueResult
    icon = "list-ul"
    menu_label = _("Physique test results")
    list_display = [
        "subject_code",
        "year",
        "standard",
        "township",
        "age_group",
        "sex",
        "is_urban",
        "score",
        "grade",
    ]
    list_export = [*list_display, "import_run"]
    filterset_class = PhysiqueResultFilterSet
    search_fields = ["subject_code"]

    def get_queryset(self, request):
        return PhysiqueResult.objects.select_related("township", "standard")


class PhysiqueStandardViewSet(BureauSnippetViewSet):
    model = PhysiqueStandard
    icon = "doc-full"
    menu_label = _("Physique standard versions")
    list_display = ["name", "code", "pass_min", "good_min", "excellent_min"]
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldRowPanel(
            [FieldPanel("pass_min"), FieldPanel("good_min"), FieldPanel("excellent_min")]
        ),
    ]


class ImportRunViewSet(ImportedRowsViewSet):
    model = ImportRun
    icon = "history"
    menu_label = _("Import log")
    list_display = [
        "file_name",
        "kind",
        "imported_at",
        "imported_by",
        "rows",
        "created",
        "updated",
        "unchanged",
    ]
    list_filter = ["kind"]
    search_fields = ["file_name", "file_sha256"]

    def get_queryset(self, request):
        return ImportRun.objects.select_related("imported_by")


class DataImportsGroup(SnippetViewSetGroup):
    menu_label = _("Data imports")
    menu_icon = "upload"
    menu_order = 170
    submenu_hook = "register_data_imports_menu_item"
    items = (
        ExerciseResponseViewSet,
        PhysiqueResultViewSet,
        PhysiqueStandardViewSet,
        ImportRunViewSet,
    )
