"""What the CSC's investigation found: recorded by its manager (or an officer) while the
response is worked on, replaced when recorded again, each time on the timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models.choices import Kind, Status
from feedback.services import complaints
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.complaints import FINDINGS_MAX_LENGTH, complaint_record_findings
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

FOUND = "Two nurses were off sick and the bank shift was not filled."


@pytest.fixture
def investigating(pals_officer, medicine):
    item = make_item(csc=medicine, by=pals_officer, received_on=timezone.localdate() - timedelta(7))
    item = complaints.complaint_acknowledge(item=item, by=pals_officer, on=item.received_on)
    return complaints.complaint_start_investigation(item=item, by=pals_officer)


def test_the_manager_records_findings_on_the_timeline(investigating, medicine_manager):
    item = complaint_record_findings(item=investigating, by=medicine_manager, findings=f" {FOUND} ")
    assert item.investigation_findings == FOUND
    assert item.version == investigating.version + 1
    event = item.events.latest("pk")
    assert (event.action, event.description, event.by) == (
        "findings",
        "Investigation findings recorded",
        medicine_manager,
    )


def test_recording_again_replaces_them_and_says_changed(investigating, medicine_manager):
    item = complaint_record_findings(item=investigating, by=medicine_manager, findings=FOUND)
    item = complaints.complaint_record_draft(item=item, by=medicine_manager)
    item = complaint_record_findings(item=item, by=medicine_manager, findings="Corrected account")
    assert item.investigation_findings == "Corrected account"
    assert item.events.latest("pk").description == "Investigation findings changed"


@pytest.mark.parametrize("findings", ["", "   \n "])
def test_blank_findings_are_refused_at_the_field(investigating, medicine_manager, findings):
    with pytest.raises(ProcessError) as refused:
        complaint_record_findings(item=investigating, by=medicine_manager, findings=findings)
    assert refused.value.message_dict == {"findings": ["Enter what the investigation found"]}


def test_findings_at_the_limit_are_kept_and_one_more_character_refused(
    investigating, medicine_manager
):
    longest = "x" * FINDINGS_MAX_LENGTH
    item = complaint_record_findings(item=investigating, by=medicine_manager, findings=longest)
    assert len(item.investigation_findings) == FINDINGS_MAX_LENGTH
    with pytest.raises(ProcessError) as refused:
        complaint_record_findings(item=item, by=medicine_manager, findings=longest + "x")
    assert refused.value.message_dict == {
        "findings": ["Findings must be 20,000 characters or fewer"]
    }


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.AWAITING_SIGN_OFF, Status.CLOSED])
def test_refused_before_the_investigation_and_once_the_response_is_with_sign_off(
    medicine, medicine_manager, status
):
    item = make_item(csc=medicine)
    type(item).objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()
    with pytest.raises(ProcessError) as refused:
        complaint_record_findings(item=item, by=medicine_manager, findings=FOUND)
    assert refused.value.code == "wrong_status"
    item.refresh_from_db()
    assert item.investigation_findings == ""


def test_not_for_a_pals_contact(medicine, medicine_manager):
    item = make_item(kind=Kind.PALS, csc=medicine)
    with pytest.raises(ProcessError):
        complaint_record_findings(item=item, by=medicine_manager, findings=FOUND)


def test_a_stale_form_is_refused(investigating, medicine_manager, pals_officer):
    complaint_record_findings(item=investigating, by=pals_officer, findings="First")
    with pytest.raises(StaleEdit):
        complaint_record_findings(
            item=investigating,
            by=medicine_manager,
            findings=FOUND,
            expected_version=investigating.version,
        )


def test_the_manager_records_them_and_marks_the_draft_from_the_item_page(
    client, investigating, medicine_manager
):
    client.force_login(medicine_manager)
    base = reverse("feedback:detail", args=[investigating.reference_slug])
    slug = investigating.reference_slug
    response = client.post(
        reverse("feedback:action", args=[slug, "findings"]),
        {"version": investigating.version, "findings": FOUND},
    )
    assert response.status_code == 302
    page = client.get(base).text
    assert "<h2>Investigation findings</h2>" in page
    assert FOUND in page
    investigating.refresh_from_db()
    response = client.post(
        reverse("feedback:action", args=[slug, "record-draft"]), {"version": investigating.version}
    )
    assert response.status_code == 302
    investigating.refresh_from_db()
    assert investigating.status == Status.RESPONSE_DRAFTED


def test_recording_again_opens_with_what_was_recorded(client, investigating, medicine_manager):
    item = complaint_record_findings(item=investigating, by=medicine_manager, findings=FOUND)
    client.force_login(medicine_manager)
    response = client.get(reverse("feedback:action", args=[item.reference_slug, "findings"]))
    assert response.context["form"].initial == {
        "version": item.version,
        "findings": FOUND,
    }
    assert f"{FOUND}</textarea>" in response.text
