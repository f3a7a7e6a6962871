"""The password forms of Wagtail's private pages and documents, behind the sign-in throttle.

Wagtail's own views check the password; these count each try for the restriction and for the
client's address first, and answer a locked door with Wagtail's password page carrying the
reason (status 429). `sportsportal/urls.py` routes Wagtail's addresses for the forms here.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

from . import audit, throttle

Action = audit.Action


def _locked(response, exc):
    response.status_code = 429
    response["Retry-After"] = str(exc.retry_after)
    return response


def _locked_form(request, restriction, exc):
    form = PasswordViewRestrictionForm(request.POST, instance=restriction)
    form.is_valid()
    form.errors.clear()  # whatever was typed, the answer is the lock
    form.add_error(None, exc.message)
    return form


def _check(request, subject, view, locked_response):
    """Run Wagtail's `view` for a POST through the throttle; it redirects on the right password."""
    try:
        attempt = throttle.begin(request, subject)
    except throttle.Locked as exc:
        audit.record(Action.SIGN_IN_FAILED, request, subject=subject, detail="locked")
        return _locked(locked_response(exc), exc)
    response = view()
    if response.status_code == 302:
        attempt.succeeded()
        audit.record(Action.SIGN_IN, request, subject=subject)
    else:
        audit.record(Action.SIGN_IN_FAILED, request, subject=subject)
    return response


def page_password(request, page_view_restriction_id, page_id):
    def view():
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)

    if request.method != "POST":
        return view()

    def locked_response(exc):
        restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
        page = get_object_or_404(Page, id=page_id).specific
        action_url = reverse(
            "wagtailcore_authenticate_with_password", args=[restriction.id, page.id]
        )
        form = _locked_form(request, restriction, exc)
        return page.serve_password_required_response(request, form, action_url)

    return _check(request, f"page:{page_view_restriction_id}", view, locked_response)


def document_password(request, restriction_id):
    def view():
        return document_views.authenticate_with_password(request, restriction_id)

    if request.method != "POST":
        return view()

    def locked_response(exc):
        restriction = get_object_or_404(CollectionViewRestriction, id=restriction_id)
        context = {
            "form": _locked_form(request, restriction, exc),
            "action_url": reverse("wagtaildocs_authenticate_with_password", args=[restriction.id]),
        }
        template = getattr(
            settings, "WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE", "wagtaildocs/password_required.html"
        )
        return TemplateResponse(request, template, context)

    return _check(request, f"collection:{restriction_id}", view, locked_response)
