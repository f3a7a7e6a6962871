"""Admin URLs served in place of Wagtail's own (the root URLconf lists them first).

* The site history report, with log entries of other schools' rows left out
  (admin_scope.ScopedLogEntriesView); its URL names stay Wagtail's.
* The "external link" chooser, whose form failed with a 500 when the URL field was missing from
  the POST instead of saying the field is required.
* The redirect import's last step, whose form failed with a 500 when its signed fields were
  missing from the POST.

They get the decorations Wagtail gives its admin URLs: admin access, Wagtail's 404 page, no cache.
"""

from django.http import HttpResponseBadRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.choosers import ExternalLinkChooserForm, URLOrAbsolutePathField
from wagtail.admin.urls import display_custom_404
from wagtail.admin.views.chooser import ExternalLinkView
from wagtail.contrib.redirects import views as redirect_views
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .admin_scope import ScopedLogEntriesView


class RequiredURLOrAbsolutePathField(URLOrAbsolutePathField):
    """Wagtail's URL-or-path field, reading a missing value as empty (then "required")."""

    def to_python(self, value):
        return super().to_python(value or "")


class ExternalLinkForm(ExternalLinkChooserForm):
    url = RequiredURLOrAbsolutePathField(required=True, label=_("URL"))


class SafeExternalLinkView(ExternalLinkView):
    form_class = ExternalLinkForm


REDIRECT_IMPORT_FIELDS = ("import_file_name", "input_format")


def process_redirect_import(request):
    """Wagtail's redirect import step, refusing a POST without the fields its form signs."""
    if request.method == "POST" and not all(request.POST.get(f) for f in REDIRECT_IMPORT_FIELDS):
        return HttpResponseBadRequest(
            _("This import is incomplete; upload the file again."),
            content_type="text/plain; charset=utf-8",
        )
    return redirect_views.process_import(request)


urlpatterns = [
    path("reports/site-history/", ScopedLogEntriesView.as_view(), name="scoped_site_history"),
    path(
        "reports/site-history/results/",
        ScopedLogEntriesView.as_view(results_only=True),
        name="scoped_site_history_results",
    ),
    path(
        "choose-external-link/",
        SafeExternalLinkView.as_view(),
        name="safe_choose_page_external_link",
    ),
    path(
        "redirects/import/process/",
        process_redirect_import,
        name="safe_redirects_process_import",
    ),
]

urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, display_custom_404)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
