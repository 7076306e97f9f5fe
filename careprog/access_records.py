"""Recording who opened or took away patients' data (careprog.models.access says why). One call
per view of an item and per download or export, in the view that serves it."""

from careprog.models import AccessAction, AccessRecord

__all__ = ["AccessAction", "record_access"]


def record_access(request, action: AccessAction, what: str) -> AccessRecord:
    """Who (the signed-in user), what, when (now) and from where (the address that connected,
    and the browser it said it was). Behind a proxy the address is the proxy's, and the
    proxy's own log ties it to the caller: a forwarded header is the caller's to forge."""
    return AccessRecord.objects.create(
        user=request.user,
        action=action,
        what=what[:500],
        address=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
