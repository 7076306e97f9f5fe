"""The demo accounts' public password works only in the embedded demo (DEBUG on): outside it,
sign-in refuses it and the system check reports any active demo account still holding it
(issue 14)."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from careprog.reference.loaders import DEMO_PASSWORD
from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, UserFactory

REFUSAL = "The demo password cannot be used to sign in here"


@pytest.fixture
def demo_admin(db):
    """A demo account as `make demo` leaves it, with the public password."""
    return UserFactory(
        username="admin",
        email="admin@demo.nhs.invalid",
        password=DEMO_PASSWORD,
        role=Role.ADMINISTRATOR,
    )


def sign_in(client, username, password, url_name="login"):
    return client.post(reverse(url_name), {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


class TestOutsideTheDemo:
    def test_a_demo_account_cannot_sign_in_with_the_demo_password(self, client, demo_admin):
        response = sign_in(client, "admin", DEMO_PASSWORD)
        assert response.status_code == 200
        assert not signed_in(client)
        assert REFUSAL in response.text

    def test_the_refusal_is_the_same_for_an_account_that_does_not_exist(self, client, demo_admin):
        known = sign_in(client, "admin", DEMO_PASSWORD).context["form"].non_field_errors()
        unknown = sign_in(client, "nobody", DEMO_PASSWORD).context["form"].non_field_errors()
        assert known == unknown
        assert REFUSAL in known[0]

    def test_the_admins_own_sign_in_refuses_it_too(self, client, demo_admin):
        sign_in(client, "admin", DEMO_PASSWORD, url_name="admin:login")
        assert not signed_in(client)

    def test_no_sign_in_path_accepts_it(self, demo_admin):
        # Every caller passes the request (axes' backend refuses to work without one).
        request = RequestFactory().post(reverse("login"))
        assert authenticate(request, username="admin", password=DEMO_PASSWORD) is None

    def test_an_account_with_its_own_password_signs_in(self, client, pals_officer):
        response = sign_in(client, pals_officer.username, TEST_PASSWORD)
        assert response.status_code == 302
        assert signed_in(client)


class TestInTheEmbeddedDemo:
    @override_settings(DEBUG=True)
    def test_a_demo_account_signs_in_with_the_demo_password(self, client, demo_admin):
        response = sign_in(client, "admin", DEMO_PASSWORD)
        assert response.status_code == 302
        assert signed_in(client)


class TestSystemCheck:
    def test_check_deploy_reports_an_active_account_with_the_demo_password(self, demo_admin):
        with pytest.raises(SystemCheckError, match=r"careprog\.E001"):
            call_command("check", deploy=True)

    def test_everyday_commands_are_not_held_up(self, demo_admin):
        # `make test` runs makemigrations with DEBUG off against the database `make run` made.
        call_command("check")

    def test_names_each_account_for_the_operator(self, demo_admin):
        from careprog.checks import check_demo_passwords

        UserFactory(username="pals", email="pals@demo.nhs.invalid", password=DEMO_PASSWORD)
        UserFactory(username="board", email="board@demo.nhs.invalid")  # given its own password
        [error] = check_demo_passwords(app_configs=None)
        assert error.id == "careprog.E001"
        assert error.msg.endswith(": admin, pals.")

    def test_a_demo_account_given_its_own_password_passes(self, demo_admin):
        from careprog.checks import check_demo_passwords

        demo_admin.set_password("a-password-of-its-own-1")
        demo_admin.save()
        assert check_demo_passwords(app_configs=None) == []

    def test_a_real_account_with_a_demo_username_is_not_tried(self, db):
        # Only `make demo`'s accounts are tried (each try is a slow hash); sign-in refuses the
        # password for any account, as TestOutsideTheDemo shows.
        from careprog.checks import check_demo_passwords

        UserFactory(username="admin", email="admin@trust.nhs.invalid", password=DEMO_PASSWORD)
        assert check_demo_passwords(app_configs=None) == []

    def test_a_deactivated_demo_account_passes(self, demo_admin):
        from careprog.checks import check_demo_passwords

        demo_admin.is_active = False
        demo_admin.save()
        assert check_demo_passwords(app_configs=None) == []

    @override_settings(DEBUG=True)
    def test_the_embedded_demo_passes(self, demo_admin):
        from careprog.checks import check_demo_passwords

        assert check_demo_passwords(app_configs=None) == []
