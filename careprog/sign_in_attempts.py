"""Failed sign-ins, counted by django-axes (settings: AXES_*; docs/security.md).

Two limits, each over the cool-off (30 minutes): AXES_FAILURE_LIMIT failures for one username,
from anywhere, lock that username; SIGN_IN_ADDRESS_FAILURE_LIMIT failures from one address,
whatever the usernames, lock that address. Either lock refuses even the right password.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class SignInAttemptsHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for an address.

    Many staff can share one address (a ward's PCs behind one router, the trust's own network
    address), so an address needs a higher limit than a username, or a handful of people
    mistyping would lock out everyone behind it. Axes compares one count with one limit
    (AXES_FAILURE_LIMIT), so get_failures scales the address's count to that limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        by_username = _recent_failures(request, username=username)
        by_address = _recent_failures(request, ip_address=request.axes_ip_address)
        per_username = settings.AXES_FAILURE_LIMIT
        # floor(n * U / A) reaches U exactly when n reaches A.
        scaled = by_address * per_username // settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
        return max(by_username, scaled)

    def reset_user_attempts(self, request, credentials=None) -> int:
        # On a successful sign-in axes clears every failure matching any lock-out parameter,
        # the address's among them: someone with an account of their own could then guess a
        # colleague's password nine times, sign in as themselves, and start again. A sign-in
        # clears that username's failures only.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def _recent_failures(request, **match) -> int:
    recent = AccessAttempt.objects.filter(
        attempt_time__gte=get_cool_off_threshold(request), **match
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the same page whether the username, the address or both are
    locked, and whether or not the username exists, so it tells no one which accounts do."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
