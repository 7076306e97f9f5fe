"""Access records (careprog.models.access) are never changed or deleted: not through Django,
and on Postgres not through SQL either (issue 14). What writes them: feedback's, reports' and
standards' tests of their downloads."""

import csv

import pytest
from django.db import connection, transaction
from django.urls import reverse

from careprog.models import AccessAction, AccessRecord, RecordsCannotChange
from careprog.roles import Role
from careprog.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(role=Role.PALS_OFFICER)


def test_a_record_cannot_be_changed_or_deleted_through_django(officer):
    record = AccessRecord.objects.create(
        user=officer, action=AccessAction.VIEWED_ITEM, what="COMP/2026/00001"
    )
    record.what = "something else"
    with pytest.raises(RecordsCannotChange):
        record.save()
    with pytest.raises(RecordsCannotChange):
        record.delete()
    with pytest.raises(RecordsCannotChange):
        AccessRecord.objects.filter(pk=record.pk).update(what="x")
    with pytest.raises(RecordsCannotChange):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get(pk=record.pk).what == "COMP/2026/00001"


def test_the_database_itself_refuses_to_change_or_delete_a_record(officer):
    if connection.vendor != "postgresql":
        pytest.skip("the refusing trigger is Postgres's (set DATABASE_URL)")
    record = AccessRecord.objects.create(
        user=officer, action=AccessAction.VIEWED_ITEM, what="COMP/2026/00001"
    )
    for sql in (
        "UPDATE careprog_accessrecord SET what = 'x' WHERE id = %s",
        "DELETE FROM careprog_accessrecord WHERE id = %s",
    ):
        refused = pytest.raises(Exception, match="never changed or deleted")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [record.pk])
    assert AccessRecord.objects.get(pk=record.pk).what == "COMP/2026/00001"


@pytest.fixture
def administrator(client):
    person = UserFactory(role=Role.ADMINISTRATOR)
    client.force_login(person)
    return person


def record(user, what="COMP/2026/00001", action=AccessAction.VIEWED_ITEM):
    return AccessRecord.objects.create(user=user, action=action, what=what, address="10.0.0.7")


class TestTheLogInTheAdmin:
    def test_an_administrator_searches_it(self, client, administrator, officer):
        record(officer, "COMP/2026/00001")
        record(officer, "PALS/2026/00042")
        url = reverse("admin:careprog_accessrecord_changelist")
        response = client.get(url, {"q": "PALS/2026"})
        assert response.status_code == 200
        assert "PALS/2026/00042" in response.text
        assert "COMP/2026/00001" not in response.text

    def test_an_administrator_downloads_it_as_csv_with_formulas_made_plain(
        self, client, administrator, officer
    ):
        kept = [record(officer, "COMP/2026/00001"), record(officer, '=HYPERLINK("x")')]
        response = client.post(
            reverse("admin:careprog_accessrecord_changelist"),
            {"action": "download_csv", "_selected_action": [r.pk for r in kept]},
        )
        assert response.status_code == 200
        rows = list(
            csv.reader(b"".join(response.streaming_content).decode("utf-8-sig").splitlines())
        )
        assert rows[0] == ["When", "User", "Username", "Action", "What", "Address", "Browser"]
        assert [row[4] for row in rows[1:]] == ["COMP/2026/00001", '\'=HYPERLINK("x")']
        assert {row[2] for row in rows[1:]} == {officer.username}

    def test_nobody_adds_changes_or_deletes_one_in_the_admin(self, client, administrator, officer):
        kept = record(officer)
        assert client.get(reverse("admin:careprog_accessrecord_add")).status_code == 403
        delete = reverse("admin:careprog_accessrecord_delete", args=[kept.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        change = reverse("admin:careprog_accessrecord_change", args=[kept.pk])
        client.post(change, {"what": "changed", "action": kept.action, "user": officer.pk})
        assert AccessRecord.objects.get(pk=kept.pk).what == "COMP/2026/00001"

    def test_only_administrators_see_it(self, client, officer):
        record(officer)
        client.force_login(officer)
        response = client.get(reverse("admin:careprog_accessrecord_changelist"))
        assert response.status_code == 302  # the admin site sends non-administrators to sign in
