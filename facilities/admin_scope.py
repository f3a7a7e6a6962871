"""Object-level scope for Wagtail snippet views.

Wagtail's snippet views check model permissions, not rows. Every view that takes a primary key is
wrapped so that a row outside the user's queryset answers 404, whatever the URL: edit, delete,
history, revisions, preview, unpublish, usage, inspect, copy; the chooser modal is scoped too.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet


class ScopedObjectListMixin:
    """The chooser modal lists and returns only rows in the user's scope."""

    def get_object_list(self):
        return self.model_class.objects.for_manager(self.request.user)


class ScopedChooseView(ScopedObjectListMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedObjectListMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return self.model_class.objects.for_manager(self.request.user).get(pk=pk)


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


class ScopedSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = ScopedSnippetChooserViewSet

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
                try:
                    in_scope = self.scoped_queryset(request).filter(pk=unquote(str(pk))).exists()
                except (ValueError, ValidationError):
                    in_scope = False
                if not in_scope:
                    raise Http404
            return view(request, *args, **view_kwargs)

        return scoped_view
