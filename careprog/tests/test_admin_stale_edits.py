"""Two administrators with one record open in the admin: the second to save is told, keeps what
they typed, and writes nothing over the first's change (careprog.admin_stale_edits)."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from careprog.admin import HistoryAdmin
from careprog.admin_stale_edits import SEEN_VERSION
from careprog.models import ClinicalServiceCentre, Department
from careprog.roles import Role
from careprog.tests.admin_pages import seen_version
from careprog.tests.factories import DepartmentFactory, UserFactory

STALE = "Someone else saved this Clinical Service Centre after you opened it"


def form(version: str, name: str) -> dict:
    return {
        "code": "med",
        "name": name,
        "active": "on",
        "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0",
        SEEN_VERSION: version,
    }


@pytest.fixture
def two_administrators(db):
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(UserFactory(role=Role.ADMINISTRATOR))
        clients.append(client)
    return clients


@pytest.fixture
def url(medicine):
    return reverse("admin:careprog_clinicalservicecentre_change", args=[medicine.pk])


class TestTwoAdministratorsAtOnce:
    def test_the_second_save_is_refused_and_their_typing_kept(self, two_administrators, url):
        first, second = two_administrators
        first_seen = seen_version(first.get(url))
        second_seen = seen_version(second.get(url))
        assert first.post(url, form(first_seen, "Medicine (first)")).status_code == 302

        refused = second.post(url, form(second_seen, "Medicine (second)"))

        assert refused.status_code == 200
        assert STALE in refused.content.decode()
        assert 'value="Medicine (second)"' in refused.content.decode()
        assert ClinicalServiceCentre.objects.get(code="med").name == "Medicine (first)"

    def test_saving_again_after_the_message_keeps_theirs(self, two_administrators, url):
        first, second = two_administrators
        second_seen = seen_version(second.get(url))
        first.post(url, form(seen_version(first.get(url)), "Medicine (first)"))
        refused = second.post(url, form(second_seen, "Medicine (second)"))

        again = second.post(url, form(seen_version(refused), "Medicine (second)"))

        assert again.status_code == 302
        assert ClinicalServiceCentre.objects.get(code="med").name == "Medicine (second)"

    def test_a_change_made_anywhere_else_counts(self, two_administrators, url, medicine):
        first, _ = two_administrators
        seen = seen_version(first.get(url))
        medicine.name = "Renamed by a service"
        medicine.save()

        assert first.post(url, form(seen, "Medicine (first)")).status_code == 200
        assert ClinicalServiceCentre.objects.get(code="med").name == "Renamed by a service"

    def test_a_form_without_the_version_is_refused(self, two_administrators, url):
        first, _ = two_administrators
        data = form("", "No version")
        del data[SEEN_VERSION]

        assert STALE in first.post(url, data).content.decode()
        assert ClinicalServiceCentre.objects.get(code="med").name != "No version"

    def test_one_administrator_alone_saves_at_once(self, two_administrators, url):
        first, _ = two_administrators
        assert first.post(url, form(seen_version(first.get(url)), "Medicine")).status_code == 302


class TestInlineRows:
    """A CSC's page posts its departments back as it showed them."""

    def with_ward(self, version: str, ward: Department, name: str) -> dict:
        return form(version, name) | {
            "departments-TOTAL_FORMS": "1",
            "departments-INITIAL_FORMS": "1",
            "departments-0-id": str(ward.pk),
            "departments-0-csc": str(ward.csc_id),
            "departments-0-name": "Ward 5",
            "departments-0-kind": ward.kind,
            "departments-0-active": "on",
        }

    def test_a_department_changed_on_its_own_page_is_not_put_back(
        self, two_administrators, url, medicine
    ):
        first, _ = two_administrators
        ward = DepartmentFactory(csc=medicine, name="Ward 5")
        seen = seen_version(first.get(url))
        ward.name = "Ward 5 (Acute Medical Unit)"
        ward.active = False
        ward.save()

        refused = first.post(url, self.with_ward(seen, ward, "Medicine, typo mended"))

        assert STALE in refused.content.decode()
        ward.refresh_from_db()
        assert (ward.name, ward.active) == ("Ward 5 (Acute Medical Unit)", False)
        assert ClinicalServiceCentre.objects.get(code="med").name == "Medicine"

    def test_rows_added_on_the_page_are_named_as_the_administrators(
        self, two_administrators, url, medicine
    ):
        first, _ = two_administrators
        data = form(seen_version(first.get(url)), "Medicine") | {
            "departments-TOTAL_FORMS": "1",
            "departments-0-name": "Discharge lounge",
            "departments-0-kind": Department.Kind.DEPARTMENT,
            "departments-0-active": "on",
        }
        assert first.post(url, data).status_code == 302

        added = Department.objects.get(name="Discharge lounge")
        administrator = first.session["_auth_user_id"]
        assert (str(added.created_by_id), str(added.updated_by_id)) == (administrator,) * 2


class TestAccounts:
    def test_someone_signing_in_does_not_make_their_open_account_page_stale(
        self, two_administrators
    ):
        first, _ = two_administrators
        officer = UserFactory(role=Role.PALS_OFFICER)
        url = reverse("admin:careprog_user_change", args=[officer.pk])
        seen = seen_version(first.get(url))
        history = officer.history.count()

        Client().force_login(officer)  # signs in as the sign-in page does, signal and all

        officer.refresh_from_db()
        assert officer.last_login is not None
        assert officer.history.count() == history  # a sign-in is not a change to the account
        data = {"username": officer.username, "is_active": "on", SEEN_VERSION: seen}
        data["groups"] = [group.pk for group in officer.groups.all()]
        assert first.post(url, data).status_code == 302


def test_every_model_administrators_change_in_the_admin_checks_for_stale_edits():
    # A new admin page for a record with history must use HistoryAdmin (or one built on it).
    unchecked = [
        model.__name__
        for model, model_admin in admin.site._registry.items()
        if hasattr(model, "history") and not isinstance(model_admin, HistoryAdmin)
    ]
    assert unchecked == []
