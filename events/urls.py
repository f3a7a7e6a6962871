"""Hands `….ics` addresses to Wagtail's page routing.

Wagtail's own URL pattern matches path segments of letters, digits, "-" and "_" only, so
`/events/calendar.ics` and `/events/<slug>/event.ics` never reach the calendar page's routes.
This pattern passes exactly those addresses to the same view, which routes them through the page
tree to EventCalendarPage.feed_route and EventPage.ics_route. Include it in the project's URLs
before Wagtail's catch-all:

    path("", include("events.urls")),
"""

from django.urls import re_path
from wagtail import views as wagtail_views

urlpatterns = [
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.ics)$", wagtail_views.serve, name="events_ics"),
]
