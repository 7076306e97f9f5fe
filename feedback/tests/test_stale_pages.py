"""A page opened before someone else saved the complaint (issue 14): saving it is refused with
the stale-edit message, nothing is saved, and the form comes back with what was typed, so the
person can copy it across after reloading. The same page at the current version saves."""

import pytest
from django.urls import reverse

from careprog.tests.factories import StaffMemberFactory
from feedback.models import FeedbackItem
from feedback.services import complaints
from feedback.services.staff import staff_involvement_add
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

STALE = "changed by someone else while you were working on it"
TYPED = "Discussed with the ward manager; offered a meeting with the matron"


@pytest.fixture
def acknowledged(medicine, pals_officer):
    item = make_item(csc=medicine, by=pals_officer, contact_email="pat@example.org")
    return complaints.complaint_acknowledge(item=item, by=pals_officer, on=item.received_on)


@pytest.fixture
def involvement(acknowledged, medicine, pals_officer):
    nurse = StaffMemberFactory(csc=medicine)
    return staff_involvement_add(item=acknowledged, by=pals_officer, staff=nurse)


def day(name, value) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def plan_post(item, writer, version) -> dict:
    return {
        "version": version,
        **day("agreed_on", item.received_on),
        "contact_preference": "email",
        "response_writer": writer.pk,
        **day("respond_by", item.respond_by),
        "update_every": "20",
        "other_adjustments": TYPED,
    }


class TestHandlingPlanPage:
    def url(self, item):
        return reverse("feedback:action", args=[item.reference_slug, "handling-plan"])

    def test_a_stale_page_is_refused_and_keeps_what_was_typed(
        self, client, acknowledged, pals_officer
    ):
        client.force_login(pals_officer)
        stale = acknowledged.version - 1
        response = client.post(self.url(acknowledged), plan_post(acknowledged, pals_officer, stale))
        assert response.status_code == 200
        assert STALE in response.text
        assert TYPED in response.text
        fresh = FeedbackItem.objects.get(pk=acknowledged.pk)
        assert fresh.plan_agreed_on is None
        assert fresh.version == acknowledged.version

    def test_the_current_page_saves(self, client, acknowledged, pals_officer):
        client.force_login(pals_officer)
        data = plan_post(acknowledged, pals_officer, acknowledged.version)
        response = client.post(self.url(acknowledged), data)
        assert response.status_code == 302
        assert FeedbackItem.objects.get(pk=acknowledged.pk).other_adjustments == TYPED


class TestEarlyResolutionPage:
    def url(self, item):
        return reverse("feedback:action", args=[item.reference_slug, "resolve-early"])

    def post(self, item, version):
        return {"version": version, **day("on", item.received_on), "what_was_done": TYPED}

    def test_a_stale_page_is_refused_and_keeps_what_was_typed(self, client, medicine, pals_officer):
        item = make_item(csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        response = client.post(self.url(item), self.post(item, item.version - 1))
        assert response.status_code == 200
        assert STALE in response.text
        assert TYPED in response.text
        assert FeedbackItem.objects.get(pk=item.pk).resolved_early_on is None

    def test_the_current_page_saves(self, client, medicine, pals_officer):
        item = make_item(csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        response = client.post(self.url(item), self.post(item, item.version))
        assert response.status_code == 302
        assert FeedbackItem.objects.get(pk=item.pk).resolution == TYPED


class TestStaffInvolvedPage:
    def url(self, involvement):
        item = involvement.item
        return reverse("feedback:staff_involved_edit", args=[item.reference_slug, involvement.pk])

    def test_a_stale_page_is_refused_and_keeps_what_was_typed(
        self, client, involvement, medicine_manager
    ):
        item = FeedbackItem.objects.get(pk=involvement.item_id)
        client.force_login(medicine_manager)
        response = client.post(
            self.url(involvement), {"version": item.version - 1, "comments": TYPED}
        )
        assert response.status_code == 200
        assert STALE in response.text
        assert TYPED in response.text
        involvement.refresh_from_db()
        assert involvement.comments == ""

    def test_the_current_page_saves(self, client, involvement, medicine_manager):
        item = FeedbackItem.objects.get(pk=involvement.item_id)
        client.force_login(medicine_manager)
        response = client.post(self.url(involvement), {"version": item.version, "comments": TYPED})
        assert response.status_code == 302
        involvement.refresh_from_db()
        assert involvement.comments == TYPED
