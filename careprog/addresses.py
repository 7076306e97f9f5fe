"""Where a request came from, read one way for every use (the survey page's guess limit, the
sign-in lock-outs)."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The visitor's address. Behind the trust's proxy every request comes from the proxy, so
    with TRUSTED_PROXY_HOPS set the address is read that many entries from the right of
    X-Forwarded-For (the part our own proxies wrote; entries further left are the visitor's to
    forge). Without it, or when that entry is not an address, REMOTE_ADDR."""
    hops = settings.TRUSTED_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if hops and len(forwarded) >= hops and _is_address(forwarded[-hops]):
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
