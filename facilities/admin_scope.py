"""Object-level scope for the Wagtail admin's generic doors.

Wagtail checks model permissions, not rows. A school's manager holds the model permissions on
venues, units, opening rules and closures, so every generic door that reaches a row is narrowed
here to the user's queryset (`for_manager`): the snippet views that take a primary key (edit,
delete, history, revisions, preview, unpublish, usage, inspect, copy) answer 404 outside it; the
chooser modal lists, returns and "chooses" only rows in it; bulk actions act on it, `id=all`
meaning "all of mine"; the site history report shows log entries of in-scope rows only.
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from .querysets import user_manages_all


def valid_pks(model, values: Iterable) -> list:
    """The values that are well-formed primary keys of `model`; junk such as "abc" is dropped."""
    field = model._meta.pk
    pks = []
    for value in values:
        try:
            pks.append(field.to_python(unquote(str(value))))
        except (ValidationError, ValueError, TypeError):
            continue
    return pks


def scoped_queryset(model, request):
    """The rows of `model` the request's user may reach through the admin."""
    viewset = getattr(model, "snippet_viewset", None)
    if isinstance(viewset, PortalSnippetViewSet):
        return viewset.scoped_queryset(request)
    return model._default_manager.all()


# -- the chooser modal ---------------------------------------------------------------------------


class ScopedObjectListMixin:
    """The chooser modal lists and returns only rows in the user's scope."""

    def get_object_list(self):
        return scoped_queryset(self.model_class, self.request)


class ScopedChooseView(ScopedObjectListMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedObjectListMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    """One chosen row: 404 outside the scope or for a malformed id."""

    def get_object(self, pk):
        pks = valid_pks(self.model_class, [pk])
        if not pks:
            raise Http404
        return scoped_queryset(self.model_class, self.request).get(pk=pks[0])


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    """Several chosen rows (`?id=…&id=…`): only those in scope; malformed ids are ignored."""

    def get_objects(self, pks):
        return scoped_queryset(self.model_class, self.request).filter(
            pk__in=valid_pks(self.model_class, pks)
        )


class NoCreationFormCreateView(SnippetCreateView):
    """The chooser's "create" door: snippets here are created in their own edit view, so
    without a creation form it answers 404 rather than failing on the missing form."""

    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = NoCreationFormCreateView


# -- the snippet views ---------------------------------------------------------------------------


class PortalSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose chooser and bulk actions reach `scoped_queryset` only.

    Here every row is in scope (townships, sports…); subclasses narrow it. Either way the
    chooser answers 404 to malformed ids and to a "create" POST, which has no form here.
    """

    chooser_viewset_class = ScopedSnippetChooserViewSet

    def scoped_queryset(self, request):
        return self.model._default_manager.all()


class ScopedSnippetViewSet(PortalSnippetViewSet):
    """Rows of the user's schools only (`for_manager`), through every door that takes a pk."""

    def scoped_queryset(self, request):
        return self.model._default_manager.for_manager(request.user)

    def get_queryset(self, request):
        return self.scoped_queryset(request)

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        @wraps(view)
        def scoped_view(request, *args, **view_kwargs):
            pk = view_kwargs.get("pk")
            if pk is not None:
                pks = valid_pks(self.model, [pk])
                if not pks or not self.scoped_queryset(request).filter(pk=pks[0]).exists():
                    raise Http404
            return view(request, *args, **view_kwargs)

        return scoped_view


# -- bulk actions --------------------------------------------------------------------------------


class ScopedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of snippets, on rows in the user's scope only.

    Wagtail looks the ids up in the whole table (and `id=all` is the whole table), then lists
    the rows the user may not delete by name; here rows outside the scope are never looked up,
    so they are neither deleted nor named. Malformed ids are dropped; none left is a 404.
    """

    def get_queryset(self, model, object_ids):
        # Wagtail declares this a classmethod; it needs the request here, and the base class
        # calls it on the instance.
        objects = list(
            scoped_queryset(model, self.request).filter(pk__in=valid_pks(model, object_ids))
        )
        if not objects:
            raise Http404
        return objects

    def get_all_objects_in_listing_query(self, parent_id):
        return scoped_queryset(self.model, self.request).values_list("pk", flat=True)


def scoped_snippet_models() -> list:
    """Snippet models whose admin is narrowed to the user's schools."""
    return [
        model
        for model in get_snippet_models()
        if isinstance(getattr(model, "snippet_viewset", None), ScopedSnippetViewSet)
    ]


# -- the site history report ---------------------------------------------------------------------


def visible_log_entries(entries, request):
    """Log entries minus those of scoped rows outside the user's scope.

    Wagtail's `viewable_by_user` keeps every entry of a model the user has any permission on;
    a school's manager would read the names of another school's venues and drafts.
    """
    if user_manages_all(request.user):
        return entries
    try:
        entries.model._meta.get_field("object_id")
    except FieldDoesNotExist:  # page log entries: pages are the bureau's, scoped by Wagtail
        return entries
    hidden = Q()
    for model in scoped_snippet_models():
        in_scope = (
            scoped_queryset(model, request)
            .order_by()
            .annotate(pk_text=Cast("pk", output_field=CharField()))
            .values("pk_text")
        )
        content_type = ContentType.objects.get_for_model(model)
        hidden |= Q(content_type=content_type) & ~Q(object_id__in=in_scope)
    return entries.exclude(hidden)


class ScopedLogEntriesView(LogEntriesView):
    """Site history (page, results and CSV/XLSX export) with `visible_log_entries` only."""

    def filter_queryset(self, queryset):
        return visible_log_entries(super().filter_queryset(queryset), self.request)
