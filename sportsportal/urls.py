from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from sportsportal.accounts import admin_account, restricted
from sportsportal.accounts import views as account_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's e-mail reset ends here; the portal's view records it in the audit trail.
    path(
        "admin/password_reset/confirm/<uidb64>/<token>/",
        account_views.AdminPasswordResetConfirmView.as_view(),
        name="portal_admin_password_reset_confirm",
    ),
    # Wagtail's account settings, whose password panel goes through the sign-in throttle.
    path(
        "admin/account/",
        never_cache(require_admin_access(admin_account.PortalAccountView.as_view())),
        name="portal_admin_account",
    ),
    # Scoped and repaired replacements of a few Wagtail admin views; Wagtail's own follow.
    path("admin/", include("facilities.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms for private pages and documents, behind the sign-in throttle;
    # its separate front-end sign-in is replaced by the portal's (one door, one throttle).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        restricted.document_password,
        name="portal_document_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        restricted.page_password,
        name="portal_page_password",
    ),
    path("_util/login/", RedirectView.as_view(url=settings.LOGIN_URL, query_string=True)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("elder-mode/", cms_views.toggle_elder_mode, name="elder_mode"),
    path("search/", cms_views.search, name="search"),
    path("venues/", include("facilities.urls")),
    path("my/bookings/", include("facilities.booking.urls")),
    path("accounts/", include("sportsportal.accounts.urls")),
    path("manage/", include("facilities.manage.urls")),
    path("indicators/", include("facilities.indicators.urls")),
]

if settings.PORTAL_SERVE_MEDIA:
    # Development and tests only; in production the web server serves /media/.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

# `….ics` addresses of the event calendar, which Wagtail's own pattern does not accept.
urlpatterns.append(path("", include("events.urls")))
urlpatterns.append(path("", include(wagtail_urls)))
