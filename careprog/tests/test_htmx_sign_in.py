"""Signed out meanwhile: an htmx request sends the whole page to sign-in, not into a fragment."""

from django.urls import reverse


class TestHtmxSignIn:
    def test_an_htmx_request_is_told_to_send_the_page_to_sign_in_and_back(self, client, db):
        response = client.post(
            "/standards/lines/1/rate/",
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL="http://testserver/standards/assessments/7/",
        )
        assert response.status_code == 200
        assert response["HX-Redirect"] == (
            f"{reverse('login')}?next=%2Fstandards%2Fassessments%2F7%2F"
        )

    def test_an_ordinary_request_is_redirected_as_before(self, client, db):
        response = client.post("/standards/lines/1/rate/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert "HX-Redirect" not in response

    def test_other_redirects_of_htmx_requests_are_left_alone(self, client, medicine_manager):
        # Starting an assessment redirects (302) to it: not a sign-in redirect, so untouched.
        client.force_login(medicine_manager)
        response = client.post(reverse("standards:start", args=["med"]), HTTP_HX_REQUEST="true")
        assert response.status_code == 302
        assert not response.url.startswith(reverse("login"))
        assert "HX-Redirect" not in response
