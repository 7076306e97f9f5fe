"""The permissions matrix: every URL of the service, asked by every kind of user, with every
method it takes, answers exactly as tests/permissions_table.py says (issue 14).

The URLs are walked from Django's resolver, so a URL added without a row in the table fails
here by name. Each (URL, request, user) is a test of its own; the records are made once per
module (tests/permissions_world.py) and each test's changes are rolled back, so a change one
user is allowed to make never alters what the next is asked about.
"""

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.permissions_clients import client_for
from tests.permissions_table import SIGN_IN, TABLE, Request
from tests.permissions_world import (
    COLUMNS,
    OTHER_MANAGER,
    OWN_MANAGER,
    PALS,
    SHARED_WORD,
    World,
)
from tests.url_patterns import service_patterns

# One worker runs the whole module, so its records are made once (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("permissions_matrix")

SERVICE_PATTERNS = service_patterns()
NAMES = [pattern.name for pattern in SERVICE_PATTERNS]


def _cases() -> list:
    """One case per (URL, request, column); a URL without a row is one case that fails."""
    cases = []
    for name in NAMES:
        entry = TABLE.get(name)
        if entry is None:
            cases.append(pytest.param(name, None, None, id=f"{name}|no entry"))
            continue
        for asked in entry.requests:
            for column in COLUMNS:
                cases.append(pytest.param(name, asked, column, id=f"{name}|{asked.label}|{column}"))
    return cases


CASES = _cases()
# The matrix's size, for docs/security.md: URLs x users, and the requests actually made.
URL_COUNT = len(NAMES)
USER_COUNT = len(COLUMNS)
MATRIX_CELLS = URL_COUNT * USER_COUNT
CASES_RUN = len(CASES)


def address(world: World, name: str, asked: Request) -> str:
    arguments = (asked.args or TABLE[name].args)(world)
    url = reverse(name, kwargs=arguments)
    return f"{url}?{asked.query}" if asked.query else url


def ask(world: World, name: str, asked: Request, column: str, **options):
    client = client_for(world, column, **options)
    url = address(world, name, asked)
    if asked.method == "GET":
        return client.get(url)
    return client.post(url, asked.body(world))


def answer_of(response, sign_in_url: str) -> str:
    """The response as the table writes it."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(sign_in_url) and "next=" in location:
            return SIGN_IN
    return str(response.status_code)


def described(response) -> str:
    location = response.get("Location", "")
    return f"{response.status_code} {location}".strip()


class TestEveryUrlForEveryUser:
    def test_every_url_has_a_row_and_every_row_a_url(self):
        missing = [name for name in NAMES if name not in TABLE]
        assert missing == [], f"URLs with no row in tests/permissions_table.py: {missing}"
        stale = sorted(set(TABLE) - set(NAMES))
        assert stale == [], f"rows for URLs that no longer exist: {stale}"

    def test_every_url_is_asked_by_every_user(self):
        asked = {(case.values[0], case.values[2]) for case in CASES}
        assert len(asked) == MATRIX_CELLS

    @pytest.mark.parametrize(("name", "asked", "column"), CASES)
    def test_the_answer_is_the_tables(self, matrix_world, db, name, asked, column):
        world = matrix_world
        if asked is None:
            pytest.fail(f"{name} has no row in tests/permissions_table.py: say what each user gets")
        response = ask(world, name, asked, column)
        try:
            expected = asked.answers[column]
            assert answer_of(response, reverse("login")) == expected, (
                f"{name} {asked.label} as {column}: expected {expected}, got {described(response)}"
            )
            if asked.download and response.status_code == 200:
                assert response["Content-Disposition"].startswith("attachment")
                assert response["X-Content-Type-Options"] == "nosniff"
        finally:
            response.close()


class TestWhatComesBack:
    """The matrix checks the status; these check that a permitted answer is scoped."""

    def test_a_managers_search_finds_only_their_own_cscs_items(self, matrix_world, db):
        world = matrix_world
        url = f"{reverse('feedback:list')}?q={SHARED_WORD}"
        everyone = client_for(world, PALS).get(url).content.decode()
        own = client_for(world, OWN_MANAGER).get(url).content.decode()
        # Otherwise the search might simply not match Surgery's complaint.
        assert world.surgery_complaint.reference in everyone
        assert world.complaint.reference in own
        assert world.surgery_complaint.reference not in own

    def test_a_managers_register_export_holds_only_their_own_cscs_rows(self, matrix_world, db):
        world = matrix_world
        pals_rows = exported_rows(client_for(world, PALS))
        manager_rows = exported_rows(client_for(world, OWN_MANAGER))
        assert {row["csc"] for row in pals_rows} == {world.medicine.code, world.surgery.code}
        assert {row["csc"] for row in manager_rows} == {world.medicine.code}
        references = {row["reference"] for row in manager_rows}
        assert world.complaint.reference in references
        assert world.surgery_complaint.reference not in references
        assert len(manager_rows) == len(pals_rows) - 1  # Surgery's one complaint left out

    def test_the_other_cscs_manager_exports_none_of_medicines_rows(self, matrix_world, db):
        world = matrix_world
        rows = exported_rows(client_for(world, OTHER_MANAGER))
        assert {row["reference"] for row in rows} == {world.surgery_complaint.reference}

    def test_the_staff_picker_is_trust_wide_by_design(self, matrix_world, db):
        world = matrix_world
        # careprog.pick_staff: anyone thanks or nominates any colleague, so a manager is offered
        # Surgery's staff too. Names, jobs and CSCs only: no patient's record is a suggestion.
        response = client_for(world, OWN_MANAGER).get(f"{reverse('careprog:staff_lookup')}?q=Z")
        labels = [result["label"] for result in json.loads(response.content)["results"]]
        assert any("Zak Reilly" in label for label in labels)
        assert any("Zara Reid" in label for label in labels)

    def test_possible_duplicates_find_the_open_case_for_an_nhs_number(self, matrix_world, db):
        # So the matrix's 200 for officers is a real answer; managers are refused it (403).
        world = matrix_world
        url = reverse("feedback:possible_duplicates")
        nhs_number = world.complaint.nhs_number
        assert nhs_number, "the seeded complaint needs an NHS number for this check"
        response = client_for(world, PALS).get(f"{url}?nhs_number={nhs_number}")
        assert world.complaint.reference in response.content.decode()


def exported_rows(client) -> list[dict]:
    response = client.get(reverse("feedback:export"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# --- CSRF ------------------------------------------------------------------------------------


def _posts() -> list:
    return [
        pytest.param(name, asked, id=f"{name}|{asked.label}")
        for name, entry in TABLE.items()
        for asked in entry.requests
        if asked.method == "POST"
    ]


REFUSALS = {SIGN_IN, "403", "404", "405"}


def permitted_column(asked: Request) -> str | None:
    return next((c for c in COLUMNS if asked.answers[c] not in REFUSALS), None)


class TestCsrf:
    @pytest.mark.parametrize(("name", "asked"), _posts())
    def test_a_post_without_its_token_is_refused(self, matrix_world, db, name, asked):
        world = matrix_world
        column = permitted_column(asked)
        if column is None:
            # Only the round's chair may (publish, shortlist, pick a winner): not a column.
            client = Client(enforce_csrf_checks=True)
            client.force_login(world.chair)
        else:
            client = client_for(world, column, enforce_csrf_checks=True)
        response = client.post(address(world, name, asked), asked.body(world))
        assert response.status_code == 403, described(response)
        assert b"CSRF verification failed" in response.content
