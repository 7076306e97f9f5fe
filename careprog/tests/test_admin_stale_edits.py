"""Two administrators with one record open in the admin: the second to save is told, keeps what
they typed, and writes nothing over the first's change (careprog.admin_stale_edits)."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from careprog.admin import HistoryAdmin
from careprog.admin_stale_edits import SEEN_VERSION
from careprog.models import ClinicalServiceCentre
from careprog.roles import Role
from careprog.tests.factories import UserFactory

STALE = "Someone else saved this Clinical Service Centre after you opened it"


def seen_on(page) -> str:
    found = re.search(rf'name="{SEEN_VERSION}" value="(\d*)"', page.content.decode())
    assert found, "the change form carries the version it showed"
    return found.group(1)


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
        first_seen = seen_on(first.get(url))
        second_seen = seen_on(second.get(url))
        assert first.post(url, form(first_seen, "Medicine (first)")).status_code == 302

        refused = second.post(url, form(second_seen, "Medicine (second)"))

        assert refused.status_code == 200
        assert STALE in refused.content.decode()
        assert 'value="Medicine (second)"' in refused.content.decode()
        assert ClinicalServiceCentre.objects.get(code="med").name == "Medicine (first)"

    def test_saving_again_after_the_message_keeps_theirs(self, two_administrators, url):
        first, second = two_administrators
        second_seen = seen_on(second.get(url))
        first.post(url, form(seen_on(first.get(url)), "Medicine (first)"))
        refused = second.post(url, form(second_seen, "Medicine (second)"))

        again = second.post(url, form(seen_on(refused), "Medicine (second)"))

        assert again.status_code == 302
        assert ClinicalServiceCentre.objects.get(code="med").name == "Medicine (second)"

    def test_a_change_made_anywhere_else_counts(self, two_administrators, url, medicine):
        first, _ = two_administrators
        seen = seen_on(first.get(url))
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
        assert first.post(url, form(seen_on(first.get(url)), "Medicine")).status_code == 302


def test_every_model_administrators_change_in_the_admin_checks_for_stale_edits():
    # A new admin page for a record with history must use HistoryAdmin (or one built on it).
    unchecked = [
        model.__name__
        for model, model_admin in admin.site._registry.items()
        if hasattr(model, "history") and not isinstance(model_admin, HistoryAdmin)
    ]
    assert unchecked == []
