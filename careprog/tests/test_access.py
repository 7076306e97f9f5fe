"""Who may open which page: every role against every page, and CSC scoping (404 elsewhere)."""

import pytest
from django.urls import reverse

from careprog.roles import Role

PAGES = {
    "home": "home",
    "feedback": "feedback:index",
    "standards": "standards:index",
    "recognition": "recognition:index",
    "reports": "reports:index",
    "csc_list": "careprog:csc_list",
    "staff_list": "careprog:staff_list",
    "admin": "admin:index",
}

P, C, B, A, D = (
    Role.PALS_OFFICER,
    Role.CSC_MANAGER,
    Role.BOARD_MEMBER,
    Role.AWARDS_PANEL_MEMBER,
    Role.ADMINISTRATOR,
)
ALLOWED = {
    "home": {P, C, B, A, D, None},
    "feedback": {P, C, D},
    "standards": {P, C, B, D},
    "recognition": {P, C, B, A, D, None},
    "reports": {P, C, B, D},
    "csc_list": {P, C, D},
    "staff_list": {P, C, D},
    "admin": {D},
}
ROLES = [*Role, None]


def role_id(role):
    return role.value if role else "no_role"


class TestSignInRequired:
    @pytest.mark.parametrize("page", PAGES)
    def test_anonymous_visitor_is_sent_to_sign_in(self, client, db, page):
        url = reverse(PAGES[page])
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login")) or "login" in response.url

    def test_healthz_needs_no_sign_in(self, client, db):
        assert client.get(reverse("healthz")).status_code == 200

    def test_csc_page_needs_sign_in(self, client, medicine):
        response = client.get(reverse("careprog:csc_detail", args=[medicine.code]))
        assert response.status_code == 302


class TestRolePages:
    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    @pytest.mark.parametrize("page", PAGES)
    def test_each_role_reaches_only_its_pages(self, client, user_with_role, role, page):
        client.force_login(user_with_role(role))
        # A section's landing page may send a role on to its own starting page (the standards
        # landing sends everyone but CSC managers to the trust matrix); the admin's redirect is
        # its refusal, so it is not followed.
        response = client.get(reverse(PAGES[page]), follow=page != "admin")
        if role in ALLOWED[page]:
            assert response.status_code == 200
        elif page == "admin":
            # The admin answers anyone not allowed in with its own sign-in page.
            assert response.status_code == 302
        else:
            assert response.status_code == 403


class TestCscScoping:
    def test_manager_sees_own_csc(self, client, medicine_manager, medicine):
        client.force_login(medicine_manager)
        response = client.get(reverse("careprog:csc_detail", args=["med"]))
        assert response.status_code == 200
        assert "Medicine" in response.text

    def test_manager_gets_404_for_another_csc(self, client, medicine_manager, surgery):
        client.force_login(medicine_manager)
        response = client.get(reverse("careprog:csc_detail", args=[surgery.code]))
        assert response.status_code == 404

    def test_manager_list_shows_only_own_cscs(self, client, medicine_manager, surgery):
        client.force_login(medicine_manager)
        response = client.get(reverse("careprog:csc_list"))
        assert "Medicine" in response.text
        assert "Surgery" not in response.text

    @pytest.mark.parametrize("role", [Role.PALS_OFFICER, Role.ADMINISTRATOR])
    def test_trust_wide_roles_see_every_csc(self, client, user_with_role, surgery, role):
        client.force_login(user_with_role(role))
        response = client.get(reverse("careprog:csc_detail", args=[surgery.code]))
        assert response.status_code == 200

    @pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.AWARDS_PANEL_MEMBER, None])
    def test_other_roles_get_404_for_csc_pages(self, client, user_with_role, medicine, role):
        client.force_login(user_with_role(role))
        response = client.get(reverse("careprog:csc_detail", args=[medicine.code]))
        assert response.status_code == 404

    def test_staff_flag_without_administrator_role_cannot_enter_admin(self, client, pals_officer):
        pals_officer.is_staff = True
        pals_officer.save()
        client.force_login(pals_officer)
        assert client.get(reverse("admin:index")).status_code == 302
