"""Answers 400 to a request whose address, query string or form fields hold a NUL character.

PostgreSQL refuses NUL in text, so a NUL that reaches a query turns any door that hands its input
to the database into a server error, Wagtail's own views included. No address, filter or form of
the site has a use for one, so it is refused once, here, before any view runs.
A cookie holding one is dropped instead: the site never sets such a cookie, and refusing it would
lock that browser out until its cookies were cleared.
"""

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

NUL = "\x00"


def _holds_nul(data):
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _refused(request):
    if NUL in request.path_info or _holds_nul(request.GET):
        return True
    return request.method == "POST" and _holds_nul(request.POST)


class RejectNullCharactersMiddleware:
    """Put it before the session middleware, so that no cookie with a NUL reaches the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
            request.COOKIES = {
                key: value
                for key, value in request.COOKIES.items()
                if NUL not in key and NUL not in value
            }
        if _refused(request):
            with translation.override(translation.get_language_from_request(request)):
                return render(
                    request,
                    "errors/bad_request.html",
                    {
                        "page_title": _("Bad request"),
                        "message": _(
                            "The address or the form holds a null character, which this site "
                            "does not accept. Remove it and try again."
                        ),
                    },
                    status=400,
                )
        return self.get_response(request)
