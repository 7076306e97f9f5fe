"""Password rules suitable for the NHS (issue 14, docs/adr/0019): length over complexity, as the
NCSC and OWASP ASVS 2.1 ask. Each rule is tested for what it refuses and where its edge is,
through AUTH_PASSWORD_VALIDATORS as configured, and on the pages where passwords are set."""

import io
from unittest import mock

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from careprog.demo import DEMO_PASSWORD
from careprog.models import User
from careprog.tests.factories import TEST_PASSWORD, UserFactory


def refusals(password: str, user=None) -> list[str]:
    """The codes of every rule the configured validators say ``password`` breaks."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


class TestLength:
    def test_eleven_characters_are_refused(self):
        assert refusals("amberkettle") == ["password_too_short"]

    def test_twelve_characters_are_enough(self):
        assert refusals("amber kettle") == []

    def test_three_lower_case_words_need_no_capitals_digits_or_symbols(self):
        # The NCSC's "three random words": no composition rules.
        assert refusals("copper lantern meadow") == []

    def test_128_characters_are_allowed_and_129_refused(self):
        words = "river lamp copper field " * 6
        assert refusals(words[:128]) == []
        assert refusals(words[:129]) == ["password_too_long"]


class TestGuessablePasswords:
    def test_a_common_password_is_refused_however_long(self):
        assert refusals("password1234") == ["password_too_common"]

    def test_an_all_digit_password_is_refused(self):
        assert refusals("839201746503") == ["password_entirely_numeric"]

    @pytest.mark.django_db
    def test_a_password_like_the_persons_name_is_refused(self):
        user = UserFactory.build(username="margaret.hughes", first_name="Margaret")
        assert refusals("margarethughes", user) == ["password_too_similar"]

    def test_the_demo_password_is_refused(self):
        assert "password_guessable_words" in refusals(DEMO_PASSWORD)

    @pytest.mark.parametrize(
        "password", ["Portsmouth2024!", "careprog2024!!", "NHS-Trust-2024!"], ids=str.lower
    )
    def test_the_trusts_or_services_name_does_not_count_towards_the_length(self, password):
        assert refusals(password) == ["password_guessable_words"]

    def test_eleven_characters_of_ones_own_beside_the_trusts_name_are_refused(self):
        assert refusals("portsmouth" + "amberkettle") == ["password_guessable_words"]

    def test_twelve_characters_of_ones_own_beside_the_trusts_name_are_enough(self):
        assert refusals("portsmouth" + "amber kettle") == []

    def test_the_names_are_read_from_settings(self, settings):
        settings.TRUST_NAME = "Oxford University Hospitals NHS Foundation Trust"
        assert refusals("Oxford University!") == ["password_guessable_words"]
        assert refusals("Portsmouth2024!") == []


@pytest.mark.django_db
class TestWherePasswordsAreSet:
    def test_changing_ones_own_password_refuses_eleven_characters(self, client, pals_officer):
        client.force_login(pals_officer)
        response = change_password(client, "amberkettle")
        assert response.status_code == 200
        assert "at least 12 characters" in response.text
        pals_officer.refresh_from_db()
        assert pals_officer.check_password(TEST_PASSWORD)

    def test_changing_ones_own_password_accepts_twelve(self, client, pals_officer):
        client.force_login(pals_officer)
        response = change_password(client, "amber kettle")
        assert response.status_code == 302
        pals_officer.refresh_from_db()
        assert pals_officer.check_password("amber kettle")

    def test_an_administrator_cannot_give_a_new_user_a_short_password(self, client, administrator):
        client.force_login(administrator)
        response = client.post(
            reverse("admin:careprog_user_add"),
            {
                "username": "new.officer",
                "usable_password": "true",
                "password1": "amberkettle",
                "password2": "amberkettle",
            },
        )
        assert response.status_code == 200
        assert "at least 12 characters" in response.text
        assert not User.objects.filter(username="new.officer").exists()

    def test_createsuperuser_asks_again_after_a_refused_password(self):
        typed = iter(["Portsmouth2024!", "Portsmouth2024!", "amber kettle", "amber kettle"])
        errors = io.StringIO()
        with (
            mock.patch("getpass.getpass", side_effect=lambda *args: next(typed)),
            # "Bypass password validation and create user anyway?": no.
            mock.patch("builtins.input", return_value="n"),
        ):
            call_command(
                "createsuperuser",
                username="break.glass",
                email="break.glass@trust.nhs.invalid",
                interactive=True,
                stdin=TTY(),
                stdout=io.StringIO(),
                stderr=errors,
            )
        assert "leans on the name of the service or the trust" in errors.getvalue()
        assert User.objects.get(username="break.glass").check_password("amber kettle")


def change_password(client, new: str):
    return client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )


class TTY(io.StringIO):
    """createsuperuser asks questions only of a terminal."""

    def isatty(self) -> bool:
        return True
