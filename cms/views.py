"""Site-wide views: search over venues and pages, the elder-mode switch."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.models import Page

from facilities.models import Facility

ELDER_COOKIE_MAX_AGE = 365 * 24 * 3600


def search(request):
    q = request.GET.get("q", "").strip()[:50]
    venues = pages = []
    if q:
        venues = list(
            Facility.objects.published()
            .for_listing()
            .filter(name__icontains=q)
            .order_by("township__code", "name")[:20]
        )
        # Chinese has no spaces, so a word index misses most terms; titles are matched as text.
        pages = Paginator(
            Page.objects.live().public().filter(title__icontains=q).specific().order_by("title"),
            20,
        ).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"q": q, "venues": venues, "pages": pages})


def _back(request):
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return target


@require_POST
def toggle_elder_mode(request):
    response = HttpResponseRedirect(_back(request))
    elder = request.POST.get("elder") == "1"
    # Switching off sets an expired cookie with the same flags, so no Set-Cookie lacks them.
    response.set_cookie(
        settings.ELDER_MODE_COOKIE,
        "1" if elder else "",
        max_age=ELDER_COOKIE_MAX_AGE if elder else 0,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
