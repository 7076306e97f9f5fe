"""The content security policy (issue 14, docs/adr/0019): every response says the browser may
run only our own script and style files, and the shared core's pages hold no inline script,
event handler or style attribute that the policy would refuse. The domain apps' pages are
checked in tests/test_no_inline_code.py."""

import pytest
from django.urls import reverse

from careprog.roles import Role
from careprog.tests.factories import ClinicalServiceCentreFactory
from careprog.tests.inline_code import inline_code

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "https://assets.nhs.uk/fonts/"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.django_db
class TestHeader:
    @pytest.mark.parametrize(
        "path",
        ["/account/sign-in/", "/", "/no-such-page/", "/healthz", "/admin/login/"],
        ids=["sign-in", "redirect-to-sign-in", "not-found", "health", "admin-sign-in"],
    )
    def test_every_answer_to_anyone_carries_the_policy(self, client, path):
        assert policy_of(client.get(path)) == POLICY

    @pytest.mark.parametrize("name", ["home", "careprog:staff_list", "careprog:csc_list"])
    def test_signed_in_pages_carry_the_policy(self, client, pals_officer, name):
        client.force_login(pals_officer)
        assert policy_of(client.get(reverse(name))) == POLICY

    def test_the_staff_lookup_carries_the_policy(self, client, pals_officer):
        client.force_login(pals_officer)
        response = client.get(reverse("careprog:staff_lookup"), {"q": "sm"})
        assert response.headers["Content-Type"] == "application/json"
        assert policy_of(response) == POLICY

    def test_nothing_inline_or_evaluated_may_run(self, client):
        header = client.get("/account/sign-in/").headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in header
        assert "'unsafe-eval'" not in header
        assert "'unsafe-hashes'" not in header


@pytest.mark.django_db
class TestCorePagesHoldNoInlineCode:
    def test_the_sign_in_page(self, client):
        assert_no_inline_code(client.get("/account/sign-in/"))

    def test_a_refused_sign_in(self, client):
        response = client.post("/account/sign-in/", {"username": "nobody", "password": "wrong"})
        assert_no_inline_code(response)

    @pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name.lower())
    def test_each_roles_home_page(self, client, user_with_role, role):
        client.force_login(user_with_role(role))
        assert_no_inline_code(client.get(reverse("home")))

    @pytest.mark.parametrize(
        "name", ["careprog:staff_list", "careprog:csc_list", "password_change"]
    )
    def test_the_cores_own_pages(self, client, administrator, name):
        client.force_login(administrator)
        assert_no_inline_code(client.get(reverse(name)))

    def test_a_service_centres_page(self, client, administrator):
        csc = ClinicalServiceCentreFactory(code="med", name="Medicine")
        client.force_login(administrator)
        assert_no_inline_code(client.get(reverse("careprog:csc_detail", args=[csc.code])))

    def test_the_not_found_page(self, client, pals_officer):
        client.force_login(pals_officer)
        assert_no_inline_code(client.get("/no-such-page/"), status=404)


def assert_no_inline_code(response, *, status=200) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert "</html>" in html, "not a whole page, so nothing was checked"
    assert inline_code(html) == []


class TestTheFinder:
    """The checks above pass on a page with nothing to find: these show the finder finds."""

    @pytest.mark.parametrize(
        "html",
        [
            "<script>alert(1)</script>",
            '<script type="module">import "x";</script>',
            '<button onclick="go()">Go</button>',
            '<div hx-on:click="go()"></div>',
            '<p style="color: red">Red</p>',
            "<style>p { color: red }</style>",
        ],
    )
    def test_finds_what_the_policy_would_refuse(self, html):
        assert len(inline_code(html)) == 1

    @pytest.mark.parametrize(
        "html",
        [
            '<script src="/static/dist/careprog.js" defer></script>',
            '<script type="application/json" id="data">{"a": 1}</script>',
            '<svg><text font-size="12" fill="#425563">4</text></svg>',
            '<p class="nhsuk-body" data-module="x">online</p>',
        ],
    )
    def test_lets_pass_what_the_policy_allows(self, html):
        assert inline_code(html) == []
