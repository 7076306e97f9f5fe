"""The permissions matrix over the admin site (/admin/...): a rule instead of a row per URL.

Only the Administrator role enters the admin (careprog/admin.py): everyone else, signed in or
not, is sent to the admin's sign-in from every admin URL. An administrator reaches each model's
list and add form as the Administrator role's model permissions say (careprog/roles.py), the
admin's own refusals included: power comes from roles only.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import reverse

from careprog.roles import ROLE_MODEL_PERMISSIONS, Role
from tests.permissions_clients import client_for
from tests.permissions_world import ADMIN, ANONYMOUS, COLUMNS
from tests.url_patterns import admin_patterns

# One worker runs the whole module, so its records are made once (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("permissions_matrix_admin")

ADMIN_PATTERNS = admin_patterns()
NOT_ADMINISTRATORS = [column for column in COLUMNS if column != ADMIN]
# The sign-in page itself is shown to anyone who is not yet in.
OPEN_ADMIN_PAGES = {"admin:login"}
# Django's admin sends a signed-in non-administrator from its sign-out to its index (and so on
# to its sign-in), signing no one out.
ADMIN_LOGOUT = "admin:logout"
ADMINISTRATOR_HOLDS = set(ROLE_MODEL_PERMISSIONS[Role.ADMINISTRATOR])
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)
# The matrix's size over the admin: every admin URL for each user but the administrator, and
# each model's list and add form for the administrator.
ADMIN_URL_COUNT = len(ADMIN_PATTERNS)
ADMIN_CASES_RUN = 2 * ADMIN_URL_COUNT * len(NOT_ADMINISTRATORS) + 2 * len(REGISTERED) + 1


def sent_to_sign_in(response, *, anonymous: bool) -> bool:
    """To the admin's sign-in; an anonymous visitor may be stopped first by the service's own
    (LoginRequiredMiddleware). Both are protected by the same lock-out."""
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    pages = {reverse("admin:login")} | ({reverse("login")} if anonymous else set())
    return location.path in pages and "next=" in location.query


def answered_rightly(pattern, response, column: str) -> bool:
    anonymous = column == ANONYMOUS
    if pattern.name in OPEN_ADMIN_PAGES:
        return response.status_code == 200
    if pattern.name == ADMIN_LOGOUT and not anonymous:
        return response.status_code == 302 and response["Location"] == reverse("admin:index")
    return sent_to_sign_in(response, anonymous=anonymous)


class TestNobodyButAdministrators:
    def test_every_admin_url_is_walked(self):
        # The admin's own index, sign-in and catch-all, and the URLs of every registered model.
        assert 5 * len(REGISTERED) < ADMIN_URL_COUNT

    @pytest.mark.parametrize("column", NOT_ADMINISTRATORS)
    def test_every_admin_url_sends_them_to_the_admin_sign_in(self, matrix_world, db, column):
        client = client_for(matrix_world, column)
        wrong = {}
        for pattern in ADMIN_PATTERNS:
            path = pattern.example_path()
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                if not answered_rightly(pattern, response, column):
                    wrong[f"{method.upper()} {path}"] = response.status_code
        assert wrong == {}


def holds(action: str, app_label: str, model_name: str) -> bool:
    return f"{app_label}.{action}_{model_name}" in ADMINISTRATOR_HOLDS


class TestAdministrators:
    def test_the_admin_index_opens(self, matrix_world, db):
        assert client_for(matrix_world, ADMIN).get(reverse("admin:index")).status_code == 200

    @pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
    def test_a_models_list_opens_as_the_role_allows(self, matrix_world, db, app_label, model_name):
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
        response = client_for(matrix_world, ADMIN).get(url)
        allowed = holds("view", app_label, model_name) or holds("change", app_label, model_name)
        assert response.status_code == (200 if allowed else 403)

    @pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
    def test_a_models_add_form_opens_as_the_role_allows(
        self, matrix_world, db, app_label, model_name
    ):
        url = reverse(f"admin:{app_label}_{model_name}_add")
        response = client_for(matrix_world, ADMIN).get(url)
        assert response.status_code == (200 if holds("add", app_label, model_name) else 403)
