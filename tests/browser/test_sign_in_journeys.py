"""Signing in and out through the real pages, in the system Chromium.

Each test reads given/when/then. All of them are marked ``browser`` by this folder's conftest.
"""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from careprog.models import User
from careprog.navigation import items_for
from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, ClinicalServiceCentreFactory
from tests.browser.conftest import SIGN_IN_PATH, axe_check, sign_in

# The header's section links; the hidden "More" toggle is a <button>, so it is left out.
NAV_LINKS = ".nhsuk-header__navigation a.nhsuk-header__navigation-link"


def on_sign_in_page(live_server) -> re.Pattern:
    """The sign-in page's address, with or without a ?next= query."""
    return re.compile(rf"^{re.escape(live_server.url + SIGN_IN_PATH)}(\?.*)?$")


class TestSignIn:
    def test_the_sign_in_page_has_no_serious_accessibility_problems(self, page, live_server):
        # Given nobody is signed in
        # When they open the sign-in page
        page.goto(f"{live_server.url}{SIGN_IN_PATH}")

        # Then it shows the form, and axe finds nothing serious or critical
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.get_by_label("Username", exact=True)).to_be_visible()
        expect(page.get_by_label("Password", exact=True)).to_be_visible()
        axe_check(page)

    @pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
    def test_each_role_lands_on_a_home_page_with_its_own_navigation(
        self, page, live_server, user_with_role, role
    ):
        # Given a user with this role (a CSC manager manages Medicine)
        user = user_with_role(role)
        # Read back from the database, as the server will, so no cached roles or perms differ.
        expected_nav = [
            (item["label"], item["url"]) for item in items_for(User.objects.get(pk=user.pk))
        ]

        # When they sign in through the real form
        sign_in(page, live_server, user.username, TEST_PASSWORD)

        # Then they land on their home page, told which role they are signed in with
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
        expect(page.get_by_role("main")).to_contain_text(f"You are signed in as {role.label}.")

        # And the header offers exactly the sections their role may use, in order
        links = page.locator(NAV_LINKS)
        expect(links).to_have_count(len(expected_nav))
        shown_nav = [
            (link.text_content().strip(), link.get_attribute("href")) for link in links.all()
        ]
        assert shown_nav == expected_nav

        # And axe finds no serious or critical accessibility problems on the home page
        axe_check(page)

    def test_a_wrong_password_shows_the_error_summary_and_stays_on_sign_in(
        self, page, live_server, pals_officer
    ):
        # Given a user with an account
        # When they sign in with the wrong password
        sign_in(page, live_server, pals_officer.username, "not-the-password")

        # Then the NHS error summary says there is a problem
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary.get_by_role("heading")).to_have_text("There is a problem")

        # And they are still on the sign-in page, not signed in
        expect(page).to_have_url(on_sign_in_page(live_server))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

        # And axe finds no serious or critical accessibility problems on the error page
        axe_check(page)


class TestLockOut:
    def test_a_locked_username_is_refused_with_a_page_saying_what_to_do(
        self, page, live_server, pals_officer
    ):
        # Given ten wrong passwords tried for their username, from another computer
        elsewhere = Client(REMOTE_ADDR="203.0.113.40")
        for _ in range(10):
            elsewhere.post(SIGN_IN_PATH, {"username": pals_officer.username, "password": "x"})

        # When they sign in with the right password
        sign_in(page, live_server, pals_officer.username, TEST_PASSWORD)

        # Then they are told signing in is locked, for how long, and whom to contact
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Signing in is locked for 30 minutes"
        )
        expect(page.get_by_role("main")).to_contain_text("contact the IT service desk")
        expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

        # And axe finds no serious or critical accessibility problems on the page
        axe_check(page)


class TestCscManagerJourney:
    def test_a_csc_manager_reaches_their_csc_but_not_another(
        self, page, live_server, medicine_manager
    ):
        # Given a CSC manager of Medicine, and another CSC they do not manage
        ClinicalServiceCentreFactory(code="surg", name="Surgery")
        sign_in(page, live_server, medicine_manager.username, TEST_PASSWORD)

        # When they follow the link to Medicine from their home page
        page.get_by_role("link", name="Medicine", exact=True).click()

        # Then they see Medicine's page, with no serious or critical accessibility problems
        expect(page).to_have_url(f"{live_server.url}/service-centres/med/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Medicine")
        axe_check(page)

        # When they go to Surgery's address directly
        response = page.goto(f"{live_server.url}/service-centres/surg/")

        # Then the page is not found, and nothing of Surgery shows
        assert response is not None
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_role("main")).not_to_contain_text("Surgery")
        axe_check(page)


class TestSignOut:
    def test_signing_out_returns_to_sign_in_and_closes_the_session(
        self, page, live_server, pals_officer
    ):
        # Given a signed-in user
        sign_in(page, live_server, pals_officer.username, TEST_PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

        # When they press "Sign out" in the header
        page.get_by_role("banner").get_by_role("button", name="Sign out").click()

        # Then they are back on the sign-in page
        expect(page).to_have_url(f"{live_server.url}{SIGN_IN_PATH}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

        # And when they go to the home page again, they are sent to sign in
        page.goto(f"{live_server.url}/")
        expect(page).to_have_url(on_sign_in_page(live_server))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
