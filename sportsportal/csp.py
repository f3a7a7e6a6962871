"""django-csp's middleware, with a policy of its own for the admin sites.

The public pages get `CONTENT_SECURITY_POLICY`. Wagtail's and Django's admin get
`PORTAL_ADMIN_CONTENT_SECURITY_POLICY`, which differs only where the admin needs it (see the
setting), so the public pages never pay for what the admin needs.

Wagtail renders a preview by running the middleware again on a dummy request for the page's
public address; that inner response gets no header, so the admin request around it (the preview
panel's frame) sets the admin policy, which lets the admin frame its own preview.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class PortalCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        in_admin = request.path_info.startswith(ADMIN_PREFIXES)
        if in_admin and not report_only and parts.config is None:
            parts.config = settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
