"""Nothing shown to a signed-in user is kept by the browser: on a shared office PC, Back after
sign-out must not bring a patient's details back from the browser's cache (issue 14)."""

import io

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from careprog.middleware import NoStoreWhenSignedInMiddleware


def answer(response, *, to):
    """Pass ``response`` through the middleware for a request by the user ``to``."""
    request = RequestFactory().get("/")
    request.user = to
    return NoStoreWhenSignedInMiddleware(lambda request: response)(request)


class TestNoStoreWhenSignedIn:
    def test_a_page_to_a_signed_in_user_is_not_stored(self, pals_officer):
        response = answer(HttpResponse("a patient's details"), to=pals_officer)
        assert "no-store" in response["Cache-Control"]

    def test_a_streamed_csv_is_not_stored(self, pals_officer):
        response = answer(StreamingHttpResponse(iter([b"a,b\n"])), to=pals_officer)
        assert "no-store" in response["Cache-Control"]

    def test_a_file_is_not_stored(self, pals_officer):
        response = answer(FileResponse(io.BytesIO(b"%PDF-1.7")), to=pals_officer)
        assert "no-store" in response["Cache-Control"]

    def test_a_header_the_view_set_with_no_store_is_kept_as_it_is(self, pals_officer):
        page = HttpResponse()
        page["Cache-Control"] = "private, no-store"
        assert answer(page, to=pals_officer)["Cache-Control"] == "private, no-store"

    def test_a_looser_header_the_view_set_is_made_no_store_and_private(self, pals_officer):
        page = HttpResponse()
        page["Cache-Control"] = "public, max-age=600"
        header = answer(page, to=pals_officer)["Cache-Control"]
        assert "no-store" in header
        assert "public" not in header

    def test_an_anonymous_visitor_gets_no_header_added(self, db):
        response = answer(HttpResponse("public page"), to=AnonymousUser())
        assert not response.has_header("Cache-Control")

    def test_it_runs_where_it_knows_who_is_signed_in(self):
        middleware = settings.MIDDLEWARE
        ours = middleware.index("careprog.middleware.NoStoreWhenSignedInMiddleware")
        assert ours > middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")


class TestNoStoreThroughTheSite:
    def test_the_home_page_of_a_signed_in_user_is_not_stored(self, client, pals_officer):
        client.force_login(pals_officer)
        assert "no-store" in client.get(reverse("home"))["Cache-Control"]

    def test_a_refused_page_is_not_stored_either(self, client, board_member):
        client.force_login(board_member)
        response = client.get(reverse("careprog:staff_list"))
        assert response.status_code == 403
        assert "no-store" in response["Cache-Control"]

    def test_a_signed_out_visitor_is_sent_to_sign_in_without_the_page(self, client, db):
        response = client.get(reverse("home"))
        assert response.status_code == 302
