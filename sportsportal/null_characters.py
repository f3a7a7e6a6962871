"""Answers 400 to a request whose address, query string or form fields hold a NUL character.

PostgreSQL refuses NUL in text, so a NUL that reaches a query turns any door that hands its input
to the database into a server error, Wagtail's own views included. No address, filter or form of
the site has a use for one, so it is refused once, here, before any view runs.

Two middlewares, because the two checks belong at different depths:

* `DropNullCookiesMiddleware`, before the session middleware: a cookie holding a NUL is dropped
  (the site never sets one; refusing it would lock that browser out until its cookies were
  cleared), so no session key with a NUL reaches the database.
* `RejectNullCharactersMiddleware`, after the CSRF, clickjacking and CSP middlewares and before
  Wagtail's redirects (which look the path up in the database on a 404): the refusal carries the
  site's security headers, and a form is read only in `process_view`, after the CSRF check, so a
  stranger's POST is not parsed before that check refuses it.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _holds_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _bad_request(request):
    return render(
        request,
        "errors/bad_request.html",
        {
            "page_title": _("Bad request"),
            "message": _(
                "The address or the form holds a null character, which this site does not "
                "accept. Remove it and try again."
            ),
        },
        status=400,
    )


class DropNullCookiesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
            request.COOKIES = {
                key: value
                for key, value in request.COOKIES.items()
                if NUL not in key and NUL not in value
            }
        return self.get_response(request)


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info or _holds_nul(request.GET):
            return _bad_request(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and _holds_nul(request.POST):
            return _bad_request(request)
        return None
