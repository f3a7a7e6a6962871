"""The address a request came from, for the throttle and the audit trail."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """`REMOTE_ADDR`, unless `PORTAL_TRUSTED_PROXY_COUNT` says that N proxies of ours sit in front.

    Each of our proxies appends the address it was reached from to X-Forwarded-For, so the N-th
    entry from the right is the one our outermost proxy saw. Entries further left were written
    by the client and are never read; a header shorter than N, or an entry that is not an IP
    address, falls back to `REMOTE_ADDR`.
    """
    if request is None:  # authenticate() called outside a request (a command, a shell)
        return ""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.PORTAL_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
