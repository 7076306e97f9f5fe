"""Changes are audited with who made them, and records are never hard-deleted."""

import pytest
from django.urls import reverse

from careprog.admin_stale_edits import SEEN_VERSION
from careprog.models import ClinicalServiceCentre, HardDeleteForbidden, StaffMember
from careprog.tests.admin_pages import seen_version
from careprog.tests.factories import (
    ClinicalServiceCentreFactory,
    StaffMemberFactory,
    UserFactory,
)


class TestHistory:
    def test_each_change_is_kept_in_history(self, db):
        csc = ClinicalServiceCentreFactory(name="Old name")
        csc.name = "New name"
        csc.save()
        names = list(csc.history.order_by("history_date").values_list("name", flat=True))
        assert names == ["Old name", "New name"]

    def test_admin_change_records_the_user(self, client, administrator, medicine):
        client.force_login(administrator)
        url = reverse("admin:careprog_clinicalservicecentre_change", args=[medicine.pk])
        response = client.post(
            url,
            {
                "code": "med",
                "name": "Medicine and Acute Care",
                "active": "on",
                "departments-TOTAL_FORMS": "0",
                "departments-INITIAL_FORMS": "0",
                SEEN_VERSION: seen_version(client.get(url)),
            },
        )
        assert response.status_code == 302
        latest = medicine.history.latest()
        assert latest.name == "Medicine and Acute Care"
        assert latest.history_user == administrator

    def test_admin_names_who_changed_a_record_and_no_one_can_type_another_name(
        self, client, administrator, medicine
    ):
        someone_else = UserFactory()
        client.force_login(administrator)
        url = reverse("admin:careprog_clinicalservicecentre_change", args=[medicine.pk])
        form = client.get(url).context["adminform"].form
        assert "created_by" not in form.fields
        assert "updated_by" not in form.fields

        data = {
            "code": "med",
            "name": "Medicine",
            "active": "on",
            SEEN_VERSION: seen_version(client.get(url)),
        }
        data |= {"departments-TOTAL_FORMS": "0", "departments-INITIAL_FORMS": "0"}
        data |= {"created_by": someone_else.pk, "updated_by": someone_else.pk}
        assert client.post(url, data).status_code == 302

        medicine.refresh_from_db()
        assert medicine.updated_by == administrator
        assert medicine.created_by is None  # made before, by the reference data
        added = client.post(
            reverse("admin:careprog_clinicalservicecentre_add"),
            {"code": "new", "name": "New CSC", "active": "on", "created_by": someone_else.pk}
            | {"departments-TOTAL_FORMS": "0", "departments-INITIAL_FORMS": "0"},
        )
        assert added.status_code == 302
        new = ClinicalServiceCentre.objects.get(code="new")
        assert (new.created_by, new.updated_by) == (administrator, administrator)

    def test_timestamps_are_set(self, db):
        staff = StaffMemberFactory()
        assert staff.created_at is not None
        assert staff.updated_at >= staff.created_at


class TestNoHardDelete:
    def test_deleting_a_record_is_refused(self, db):
        csc = ClinicalServiceCentreFactory()
        with pytest.raises(HardDeleteForbidden):
            csc.delete()
        assert ClinicalServiceCentre.objects.filter(pk=csc.pk).exists()

    def test_bulk_delete_is_refused(self, db):
        StaffMemberFactory.create_batch(2)
        with pytest.raises(HardDeleteForbidden):
            StaffMember.objects.all().delete()
        assert StaffMember.objects.count() == 2

    def test_admin_offers_no_delete(self, client, administrator, medicine):
        client.force_login(administrator)
        url = reverse("admin:careprog_clinicalservicecentre_delete", args=[medicine.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert ClinicalServiceCentre.objects.filter(pk=medicine.pk).exists()
