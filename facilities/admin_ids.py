"""Malformed requests to any admin door answer 400 or 404, never 500.

Wagtail's own doors look ids up as given: `images/chooser/chosen/abc/`, `chosen-multiple/?id=abc`,
`bulk/…/delete/?id=abc` or `?childOf=abc` and editing-session pings with a junk object id raised
ValueError deep in the ORM. Before an admin view runs, this middleware checks every id it is
about to look up against the primary key of the view's model: a malformed id in the path is a
404, in the query string a 400 with a message. `id=all` stays valid for bulk actions, where it
means "all"; for pages only together with the parent page (`childOf`) the listing sends, since
Wagtail otherwise takes every page of the tree, root included.

A form POST missing a field Wagtail reads straight from `request.POST` (a StreamField's count,
a copy's destination) raised MultiValueDictKeyError; it is a 400 too.
"""

from django.apps import apps
from django.db.models import Model
from django.http import Http404, HttpResponseBadRequest
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _
from wagtail.models import Page

from .admin_scope import valid_pks

PATH_IDS = ("pk", "object_id")
BULK_ACTION_URL = "wagtail_bulk_action"


def model_of(view_func, view_kwargs):
    """The model a view looks ids up in, or None when it says nothing about one."""
    if "app_label" in view_kwargs and "model_name" in view_kwargs:
        try:
            return apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
        except (LookupError, ValueError):
            return None
    view_class = getattr(view_func, "view_class", None)
    model = getattr(view_func, "view_initkwargs", {}).get("model") or getattr(
        view_class, "model", None
    )
    if isinstance(model, str):
        try:
            return apps.get_model(model)
        except (LookupError, ValueError):
            return None
    return model if isinstance(model, type) and issubclass(model, Model) else None


def bad_request(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _is_admin(request):
    match = request.resolver_match
    return match is not None and match.route.startswith("admin/")


class MalformedAdminIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _is_admin(request):
            return None
        model = model_of(view_func, view_kwargs)
        if model is None:
            return None
        for name in PATH_IDS:
            if name in view_kwargs and not valid_pks(model, [view_kwargs[name]]):
                raise Http404
        if request.resolver_match.url_name == BULK_ACTION_URL:
            return self.check_bulk_selection(request, model)
        ids = request.GET.getlist("id")
        if len(valid_pks(model, ids)) != len(ids):
            return self.invalid_selection(model)
        return None

    def check_bulk_selection(self, request, model):
        ids = [value for value in request.GET.getlist("id") if value != "all"]
        if len(valid_pks(model, ids)) != len(ids):
            return self.invalid_selection(model)
        parent = request.GET.get("childOf")
        if parent is not None:
            pks = valid_pks(model, [parent])
            if not pks or not model._default_manager.filter(pk=pks[0]).exists():
                return self.invalid_selection(model)
        elif "all" in request.GET.getlist("id") and issubclass(model, Page):
            return bad_request(_("Select all pages from their parent page's listing."))
        return None

    def invalid_selection(self, model):
        return bad_request(
            _("The selection is not valid: one of its ids is not a %(model)s id.")
            % {"model": model._meta.verbose_name}
        )

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError) and _is_admin(request):
            return bad_request(_("The form arrived incomplete; reload the page and send it again."))
        return None
