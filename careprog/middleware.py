"""Middleware of our own."""

import time

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from careprog.working_days import one_read_per_request


class HtmxSignInMiddleware:
    """When a signed-out browser makes an htmx request, send the whole page to sign-in.

    Without this, htmx follows the sign-in redirect and swaps the sign-in page into the part
    of the page it was updating (one standard's row, say). After signing in, the person comes
    back to the page they were on, not to the address htmx posted to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if not htmx or response.status_code != 302:
            return response
        sign_in = resolve_url(settings.LOGIN_URL)
        if not response.url.startswith(sign_in):
            return response
        back_to = htmx.current_url_abs_path or "/"
        return HttpResponseClientRedirect(f"{sign_in}?{urlencode({'next': back_to})}")


class OneCalendarReadMiddleware:
    """Each request reads the trust's closure days once, however often it asks for the
    working-day calendar (careprog.working_days.one_read_per_request says why)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_read_per_request():
            return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Tell the browser to keep no copy of anything it shows a signed-in user.

    Office PCs are shared: without this, Back after sign-out shows the register, an item or a
    download from the browser's cache. Pages, streamed CSVs and files are all covered. A view
    that already says ``no-store`` keeps its own header; any other is made private and no-store.
    Anonymous pages (sign-in, /healthz) are left to their views; whitenoise answers for static
    files before this runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: signing in or out during the request changes the answer.
        if request.user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


# When the session's expiry was last pushed back (seconds since the epoch).
SESSION_REFRESHED_KEY = "_careprog_refreshed_at"
REFRESH_EVERY_SECONDS = 60


class IdleSessionMiddleware:
    """Sign a person out after SESSION_IDLE_MINUTES without a request.

    A session expires SESSION_COOKIE_AGE after it was last saved, so each request must save it
    to push the expiry back. SESSION_SAVE_EVERY_REQUEST would write the session on every page,
    htmx fragment and download; this writes it at most once a minute instead, so the session
    ends between a minute short of the limit and the limit after the last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: signing in or out during the request changes the answer.
        if request.user.is_authenticated:
            now = int(time.time())
            refreshed = request.session.get(SESSION_REFRESHED_KEY, 0)
            if now - refreshed >= REFRESH_EVERY_SECONDS:
                # A changed session is saved, with a new expiry, by SessionMiddleware.
                request.session[SESSION_REFRESHED_KEY] = now
        return response


def stamp_session_on_sign_in(sender, request, user, **kwargs):
    """user_logged_in: signing in saves the session anyway, so the minute starts there (and
    the first page after it writes nothing)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_REFRESHED_KEY] = int(time.time())
