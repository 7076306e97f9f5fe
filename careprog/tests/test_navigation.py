"""The header navigation fits the signed-in role."""

import pytest
from django.urls import reverse

from careprog.navigation import items_for
from careprog.roles import Role

EXPECTED = {
    Role.PALS_OFFICER: [
        "Home",
        "Feedback",
        "Log feedback",
        "Standards",
        "Recognition",
        "Reports",
        "Annual report",
        "Service centres",
        "Staff",
    ],
    Role.CSC_MANAGER: [
        "Home",
        "Feedback",
        "Standards",
        "Recognition",
        "Reports",
        "Service centres",
        "Staff",
    ],
    Role.BOARD_MEMBER: ["Home", "Standards", "Recognition", "Reports", "Annual report"],
    Role.AWARDS_PANEL_MEMBER: ["Home", "Recognition"],
    Role.ADMINISTRATOR: [
        "Home",
        "Feedback",
        "Log feedback",
        "Standards",
        "Recognition",
        "Reports",
        "Annual report",
        "Service centres",
        "Staff",
        "Administration",
    ],
}


class TestNavigation:
    @pytest.mark.parametrize("role", list(Role), ids=str)
    def test_navigation_lists_what_the_role_may_use(self, user_with_role, role):
        labels = [item["label"] for item in items_for(user_with_role(role))]
        assert labels == EXPECTED[role]

    def test_header_shows_role_navigation(self, client, board_member):
        client.force_login(board_member)
        html = client.get(reverse("home")).text
        assert 'class="nhsuk-header__navigation-link" href="/reports/"' in html
        assert 'href="/feedback/"' not in html

    def test_no_navigation_before_sign_in(self, client, db):
        html = client.get(reverse("login")).text
        assert "nhsuk-header__navigation-link" not in html


class TestHomePage:
    @pytest.mark.parametrize("role", list(Role), ids=str)
    def test_home_names_the_role(self, client, user_with_role, role):
        client.force_login(user_with_role(role))
        html = client.get(reverse("home")).text
        assert f"You are signed in as {role.label}" in html

    def test_csc_manager_home_links_their_cscs(self, client, medicine_manager, surgery):
        client.force_login(medicine_manager)
        html = client.get(reverse("home")).text
        assert reverse("careprog:csc_detail", args=["med"]) in html
        assert reverse("careprog:csc_detail", args=["surg"]) not in html

    def test_user_without_role_is_told_to_ask_for_one(self, client, no_role_user):
        client.force_login(no_role_user)
        assert "Your account has no role" in client.get(reverse("home")).text
