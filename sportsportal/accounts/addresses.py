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


def client_network(request) -> str:
    """What the throttle counts as one client: the address, or for IPv6 its /64 network.

    One IPv6 subscriber line holds a whole /64 (2^64 addresses), so counting single IPv6
    addresses would let one client spread guesses or SMS requests over as many as it likes.
    """
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return address
    if parsed.ipv4_mapped is not None:  # ::ffff:a.b.c.d is an IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
