"""The statutory complaints process, run through its services."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from careprog.models import ClosureDay
from careprog.tests.factories import StaffMemberFactory
from feedback.models import DeadlineChange, FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.services import complaints, compliments, pals
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.items import feedback_update
from feedback.tests.factories import make_item, tier

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECENT = TODAY - timedelta(days=14)


@pytest.fixture
def complaint(pals_officer):
    return make_item(by=pals_officer, received_on=RECENT)


def run_to_awaiting_sign_off(item, by):
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    item = complaints.complaint_start_investigation(item=item, by=by)
    item = complaints.complaint_record_draft(item=item, by=by)
    return complaints.complaint_submit_for_sign_off(item=item, by=by)


class TestLogging:
    def test_references_are_numbered_per_kind_and_year(self, pals_officer):
        first = make_item(received_on=date(2026, 3, 2))
        second = make_item(received_on=date(2026, 3, 3))
        pals_contact = make_item(kind=Kind.PALS, received_on=date(2026, 3, 3))
        last_year = make_item(received_on=date(2025, 12, 30))
        assert first.reference == "COMP/2026/00001"
        assert second.reference == "COMP/2026/00002"
        assert pals_contact.reference == "PALS/2026/00001"
        assert last_year.reference == "COMP/2025/00001"

    def test_complaint_deadlines_come_from_the_working_day_calendar(self):
        # Tuesday 23 December 2025: Christmas Thursday, Boxing Day Friday, New Year Thursday.
        item = make_item(received_on=date(2025, 12, 23), tier=tier("tier-1"))
        assert item.acknowledge_by == date(2025, 12, 30)
        assert item.respond_by == date(2026, 1, 30)

    def test_closure_day_moves_the_acknowledgement_date(self):
        ClosureDay.objects.create(date=date(2025, 12, 29), reason="Trust closure")
        item = make_item(received_on=date(2025, 12, 23))
        assert item.acknowledge_by == date(2025, 12, 31)

    def test_pals_contact_has_no_complaint_deadlines(self):
        item = make_item(kind=Kind.PALS)
        assert item.acknowledge_by is None
        assert item.status == Status.OPEN

    def test_logging_is_on_the_timeline_and_in_history(self, pals_officer):
        item = make_item(by=pals_officer)
        assert item.events.get().description == "Formal complaint logged"
        assert item.history.get().history_user == pals_officer

    @pytest.mark.parametrize(
        ("details", "field", "message"),
        [
            ({"received_on": TODAY + timedelta(days=1)}, "received_on", "today or in the past"),
            ({"event_on": TODAY}, "event_on", "on or before the date received"),
            ({"raised_by": "anonymous"}, "raised_by", "Only PALS contacts and compliments"),
            ({"nhs_number": "9434765918"}, "nhs_number", "check digit"),
            ({"tier": None}, "tier", "Select a response tier"),
        ],
    )
    def test_bad_details_are_refused_and_nothing_is_saved(self, details, field, message):
        from django.core.exceptions import ValidationError

        base = {"received_on": TODAY - timedelta(days=1)}
        with pytest.raises(ValidationError) as refused:
            make_item(**{**base, **details})
        assert message in " ".join(refused.value.message_dict[field])
        assert not FeedbackItem.objects.exists()

    def test_refused_item_does_not_use_up_a_reference(self):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            make_item(nhs_number="9434765918", received_on=date(2026, 3, 2))
        assert make_item(received_on=date(2026, 3, 2)).reference == "COMP/2026/00001"


class TestComplaintProcess:
    def test_runs_from_received_to_closed(self, complaint, pals_officer, administrator):
        item = run_to_awaiting_sign_off(complaint, pals_officer)
        item = complaints.complaint_sign_off(item=item, by=administrator)
        item = complaints.complaint_record_outcome(item=item, by=pals_officer, outcome="upheld")
        item = complaints.complaint_send_response(item=item, by=pals_officer, on=TODAY)
        item = complaints.complaint_close(item=item, by=pals_officer)
        assert item.status == Status.CLOSED
        assert item.signed_off_by == administrator
        assert item.response_sent_on == TODAY
        actions = list(item.events.order_by("at", "pk").values_list("action", flat=True))
        assert actions == [
            "logged",
            "acknowledged",
            "investigating",
            "drafted",
            "submitted",
            "signed_off",
            "outcome",
            "sent",
            "closed",
        ]

    def test_status_cannot_skip_a_step(self, complaint, pals_officer):
        with pytest.raises(ProcessError, match="cannot be put under investigation while it is"):
            complaints.complaint_start_investigation(item=complaint, by=pals_officer)
        complaint.refresh_from_db()
        assert complaint.status == Status.RECEIVED

    def test_acknowledgement_date_before_receipt_is_refused(self, complaint, pals_officer):
        with pytest.raises(ProcessError, match="on or after the date received"):
            complaints.complaint_acknowledge(
                item=complaint, by=pals_officer, on=complaint.received_on - timedelta(days=1)
            )

    def test_response_cannot_be_sent_before_sign_off(self, complaint, pals_officer):
        item = run_to_awaiting_sign_off(complaint, pals_officer)
        complaints.complaint_record_outcome(item=item, by=pals_officer, outcome="not_upheld")
        with pytest.raises(ProcessError, match="signed off"):
            complaints.complaint_send_response(item=item, by=pals_officer, on=TODAY)

    @pytest.mark.parametrize("consent", ["pending", "refused"])
    def test_response_not_sent_while_consent_pending_or_refused(
        self, complaint, pals_officer, administrator, consent
    ):
        item = complaints.complaint_set_consent(item=complaint, by=pals_officer, consent=consent)
        item = run_to_awaiting_sign_off(item, pals_officer)
        item = complaints.complaint_sign_off(item=item, by=administrator)
        item = complaints.complaint_record_outcome(item=item, by=pals_officer, outcome="upheld")
        with pytest.raises(ProcessError, match="consent"):
            complaints.complaint_send_response(item=item, by=pals_officer, on=TODAY)
        item.refresh_from_db()
        assert item.status == Status.AWAITING_SIGN_OFF

    def test_response_needs_an_outcome(self, complaint, pals_officer, administrator):
        item = run_to_awaiting_sign_off(complaint, pals_officer)
        item = complaints.complaint_sign_off(item=item, by=administrator)
        with pytest.raises(ProcessError, match="outcome"):
            complaints.complaint_send_response(item=item, by=pals_officer, on=TODAY)

    def test_deadline_change_keeps_who_when_and_why(self, complaint, pals_officer):
        new_date = complaint.respond_by + timedelta(days=14)
        item = complaints.complaint_change_deadline(
            item=complaint, by=pals_officer, new_date=new_date, reason="Agreed by phone"
        )
        change = DeadlineChange.objects.get(item=item)
        assert (change.previous_date, change.new_date) == (complaint.respond_by, new_date)
        assert change.changed_by == pals_officer
        assert change.reason == "Agreed by phone"
        assert item.respond_by == new_date

    def test_agreed_date_before_receipt_is_refused(self, complaint, pals_officer):
        with pytest.raises(ProcessError, match="on or after the date received"):
            complaints.complaint_change_deadline(
                item=complaint,
                by=pals_officer,
                new_date=complaint.received_on - timedelta(days=1),
                reason="typo",
            )
        assert not DeadlineChange.objects.exists()

    def test_reopen_counts_and_sets_a_new_agreed_date(self, complaint, pals_officer, administrator):
        item = run_to_awaiting_sign_off(complaint, pals_officer)
        item = complaints.complaint_sign_off(item=item, by=administrator)
        item = complaints.complaint_record_outcome(item=item, by=pals_officer, outcome="upheld")
        item = complaints.complaint_send_response(item=item, by=pals_officer, on=TODAY)
        new_date = TODAY + timedelta(days=30)
        item = complaints.complaint_reopen(
            item=item, by=pals_officer, reason="Questions unanswered", respond_by=new_date
        )
        assert item.status == Status.UNDER_INVESTIGATION
        assert item.reopened_count == 1
        assert item.respond_by == new_date
        assert item.signed_off_at is None
        assert item.approved_response is None

    def test_phso_referral_and_outcome(self, complaint, pals_officer, administrator):
        item = run_to_awaiting_sign_off(complaint, pals_officer)
        item = complaints.complaint_sign_off(item=item, by=administrator)
        item = complaints.complaint_record_outcome(item=item, by=pals_officer, outcome="upheld")
        item = complaints.complaint_send_response(item=item, by=pals_officer, on=TODAY)
        with pytest.raises(ProcessError, match="referral first"):
            complaints.complaint_record_phso_outcome(item=item, by=pals_officer, outcome="upheld")
        item = complaints.complaint_refer_to_phso(item=item, by=pals_officer, on=TODAY)
        item = complaints.complaint_record_phso_outcome(
            item=item, by=pals_officer, outcome="not_upheld"
        )
        assert item.phso_referred_on == TODAY
        assert item.get_phso_outcome_display() == "Not upheld"

    def test_withdrawn_complaint_keeps_its_reason(self, complaint, pals_officer):
        item = complaints.complaint_withdraw(item=complaint, by=pals_officer, reason="Resolved")
        assert item.status == Status.WITHDRAWN
        assert item.withdrawn_reason == "Resolved"


def run_to_response_sent(item, by, signer):
    item = run_to_awaiting_sign_off(item, by)
    item = complaints.complaint_sign_off(item=item, by=signer)
    item = complaints.complaint_record_outcome(item=item, by=by, outcome="upheld")
    return complaints.complaint_send_response(item=item, by=by, on=TODAY)


class TestReopenNeedsAReason:
    """The service refuses a reopening without a reason, not only the form: the reason is
    what the new investigation answers, and the trust reports reopened complaints."""

    @pytest.mark.parametrize("reason", ["", "   ", "\n\t "])
    def test_a_blank_or_whitespace_reason_is_refused_and_nothing_changes(
        self, complaint, pals_officer, administrator, reason
    ):
        item = run_to_response_sent(complaint, pals_officer, administrator)
        events = item.events.count()
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_reopen(
                item=item, by=pals_officer, reason=reason, respond_by=TODAY + timedelta(days=30)
            )
        assert refused.value.message_dict == {
            "reason": ["Enter what the complainant is dissatisfied with"]
        }
        item.refresh_from_db()
        assert (item.status, item.reopened_count) == (Status.RESPONSE_SENT, 0)
        assert item.events.count() == events
        assert not DeadlineChange.objects.filter(reason__startswith="Reopened").exists()

    def test_the_reason_is_kept_without_the_spaces_around_it(
        self, complaint, pals_officer, administrator
    ):
        item = run_to_response_sent(complaint, pals_officer, administrator)
        item = complaints.complaint_reopen(
            item=item, by=pals_officer, reason="  Questions unanswered\n", respond_by=TODAY
        )
        assert item.status == Status.UNDER_INVESTIGATION
        assert item.events.latest("pk").description == (
            "Reopened (complainant dissatisfied): Questions unanswered"
        )

    def test_a_reason_at_the_limit_is_kept_and_one_character_more_refused(
        self, complaint, pals_officer, administrator
    ):
        item = run_to_response_sent(complaint, pals_officer, administrator)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_reopen(
                item=item, by=pals_officer, reason="x" * 2_001, respond_by=TODAY
            )
        assert refused.value.message_dict == {
            "reason": ["Reason must be 2,000 characters or fewer (it has 2,001)"]
        }
        item = complaints.complaint_reopen(
            item=item, by=pals_officer, reason="x" * 2_000, respond_by=TODAY
        )
        assert item.reopened_count == 1


class TestPhsoOutcome:
    """The Ombudsman's stage comes after local resolution: an outcome is recorded only for a
    complaint referred to the PHSO, and only once its response has been sent."""

    def test_refused_before_the_complaint_is_referred(self, complaint, pals_officer, administrator):
        item = run_to_response_sent(complaint, pals_officer, administrator)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_record_phso_outcome(item=item, by=pals_officer, outcome="upheld")
        assert refused.value.code == "no_phso"
        item.refresh_from_db()
        assert item.phso_outcome == ""

    def test_refused_while_a_referred_complaint_is_reopened_locally(
        self, complaint, pals_officer, administrator
    ):
        item = run_to_response_sent(complaint, pals_officer, administrator)
        item = complaints.complaint_refer_to_phso(item=item, by=pals_officer, on=TODAY)
        item = complaints.complaint_reopen(
            item=item, by=pals_officer, reason="PHSO asked for more local work", respond_by=TODAY
        )
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_record_phso_outcome(item=item, by=pals_officer, outcome="upheld")
        assert refused.value.code == "wrong_status"
        assert "while it is under investigation" in refused.value.message
        item.refresh_from_db()
        assert item.phso_outcome == ""
        assert not item.events.filter(action="phso_outcome").exists()

    @pytest.mark.parametrize("close", [False, True])
    def test_recorded_for_a_referred_complaint_answered_or_closed(
        self, complaint, pals_officer, administrator, close
    ):
        item = run_to_response_sent(complaint, pals_officer, administrator)
        if close:
            item = complaints.complaint_close(item=item, by=pals_officer)
        item = complaints.complaint_refer_to_phso(item=item, by=pals_officer, on=TODAY)
        item = complaints.complaint_record_phso_outcome(
            item=item, by=pals_officer, outcome="partly_upheld"
        )
        assert item.get_phso_outcome_display() == "Partly upheld"
        assert item.events.latest("pk").action == "phso_outcome"


class TestLateComplaints:
    @pytest.fixture
    def late(self, pals_officer):
        return make_item(by=pals_officer, event_on=RECENT - timedelta(days=400))

    def test_late_complaint_needs_a_decision_before_acknowledgement(self, late, pals_officer):
        assert late.is_late
        with pytest.raises(ProcessError, match="more than 12 months"):
            complaints.complaint_acknowledge(item=late, by=pals_officer, on=TODAY)

    def test_accepted_late_complaint_can_be_acknowledged(self, late, pals_officer):
        item = complaints.complaint_record_late_decision(
            item=late, by=pals_officer, accept=True, reason="Patient was too unwell to complain"
        )
        item = complaints.complaint_acknowledge(item=item, by=pals_officer, on=TODAY)
        assert item.status == Status.ACKNOWLEDGED

    def test_declined_late_complaint_is_closed(self, late, pals_officer):
        item = complaints.complaint_record_late_decision(
            item=late, by=pals_officer, accept=False, reason="No reason for the delay"
        )
        assert item.status == Status.CLOSED
        assert item.late_decision_reason == "No reason for the delay"


class TestStaleEdits:
    def test_second_save_from_a_stale_form_is_refused(self, complaint, pals_officer):
        opened_at = complaint.version
        feedback_update(
            item=complaint,
            by=pals_officer,
            details={"summary": "First officer"},
            expected_version=opened_at,
        )
        with pytest.raises(StaleEdit, match="changed by someone else"):
            feedback_update(
                item=complaint,
                by=pals_officer,
                details={"summary": "Second officer"},
                expected_version=opened_at,
            )
        complaint.refresh_from_db()
        assert complaint.summary == "First officer"

    def test_action_on_a_stale_page_is_refused(self, complaint, pals_officer):
        stale_version = complaint.version
        complaints.complaint_set_consent(item=complaint, by=pals_officer, consent="obtained")
        with pytest.raises(StaleEdit):
            complaints.complaint_acknowledge(
                item=complaint, by=pals_officer, on=TODAY, expected_version=stale_version
            )
        complaint.refresh_from_db()
        assert complaint.status == Status.RECEIVED

    def test_changing_tier_recalculates_an_unagreed_response_date(self, complaint, pals_officer):
        item = feedback_update(
            item=complaint,
            by=pals_officer,
            details={"tier": tier("tier-3")},
            expected_version=complaint.version,
        )
        assert item.respond_by > complaint.respond_by
        assert item.events.first().description == "Details changed: tier"


class TestPalsAndCompliments:
    def test_pals_contact_is_resolved(self, pals_officer):
        item = make_item(kind=Kind.PALS)
        item = pals.pals_resolve(item=item, by=pals_officer, resolution="Appointment rebooked")
        assert item.status == Status.RESOLVED

    def test_escalation_creates_a_linked_complaint_keeping_both_references(self, pals_officer):
        contact = make_item(kind=Kind.PALS, nhs_number="9434765919", patient_name="Ann Smith")
        complaint = pals.pals_escalate(
            item=contact, by=pals_officer, received_on=TODAY, tier=tier(), severity="amber"
        )
        contact.refresh_from_db()
        assert contact.status == Status.ESCALATED
        assert complaint.escalated_from == contact
        assert complaint.reference.startswith("COMP/")
        assert contact.reference.startswith("PALS/")
        assert complaint.nhs_number == "9434765919"
        assert complaint.acknowledge_by is not None

    def test_anonymous_pals_contact_cannot_be_escalated(self, pals_officer):
        contact = make_item(kind=Kind.PALS, raised_by="anonymous")
        with pytest.raises(ProcessError, match="anonymous"):
            pals.pals_escalate(
                item=contact, by=pals_officer, received_on=TODAY, tier=tier(), severity="green"
            )
        assert FeedbackItem.objects.count() == 1

    def test_compliment_is_emailed_to_the_staff_named(
        self, pals_officer, medicine, django_capture_on_commit_callbacks
    ):
        nurse = StaffMemberFactory(csc=medicine, name="Jo Bloggs", email="jo@trust.nhs.invalid")
        item = make_item(kind=Kind.COMPLIMENT, staff_named=[nurse], csc=medicine)
        with django_capture_on_commit_callbacks(execute=True):
            item = compliments.compliment_share(item=item, by=pals_officer)
        assert item.status == Status.SHARED
        assert item.shared_on == TODAY
        assert [m.to for m in mail.outbox] == [["jo@trust.nhs.invalid"]]
        assert item.summary in mail.outbox[0].body
        emailed = item.events.get(action="emailed")
        assert emailed.description == "Compliment emailed to 1 member of staff"

    def test_compliment_naming_nobody_cannot_be_shared(self, pals_officer):
        item = make_item(kind=Kind.COMPLIMENT)
        with pytest.raises(ProcessError, match="Name at least one"):
            compliments.compliment_share(item=item, by=pals_officer)
        assert not mail.outbox


class TestNeverDeleted:
    def test_items_cannot_be_deleted(self, complaint):
        from careprog.models import HardDeleteForbidden

        with pytest.raises(HardDeleteForbidden):
            complaint.delete()
        with pytest.raises(HardDeleteForbidden):
            FeedbackItem.objects.all().delete()
        assert FeedbackItem.objects.count() == 1


class TestEditPage:
    def test_edit_form_carries_the_version_it_was_opened_at(self, client, pals_officer, complaint):
        client.force_login(pals_officer)
        html = client.get(f"/feedback/{complaint.reference_slug}/edit/").text
        assert f'name="version" value="{complaint.version}"' in html

    def test_saving_a_stale_edit_form_is_refused_with_a_message(
        self, client, pals_officer, complaint
    ):
        from feedback.forms.items import FeedbackItemEditForm

        client.force_login(pals_officer)
        stale = FeedbackItemEditForm(instance=complaint, kind=complaint.kind)
        data = {}
        for name, field in stale.fields.items():
            value = stale[name].value()
            if name in ("received_on", "event_on", "patient_date_of_birth"):
                parts = field.widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, list):
                data[name] = [str(v) for v in value]
            elif value not in (None, False):
                data[name] = str(value)
        data["version"] = str(complaint.version)
        data["severity"] = "amber"
        # Another officer saves first.
        feedback_update(
            item=complaint,
            by=pals_officer,
            details={"summary": "Saved first"},
            expected_version=complaint.version,
        )
        data["summary"] = "Saved second"
        response = client.post(f"/feedback/{complaint.reference_slug}/edit/", data)
        assert response.status_code == 200
        assert "changed by someone else" in response.text
        complaint.refresh_from_db()
        assert complaint.summary == "Saved first"


class TestResponseWorkingDays:
    """Kept on the item when it is saved, for the board figures to add up in SQL."""

    def sent(self, complaint, by, administrator, on):
        item = run_to_awaiting_sign_off(complaint, by)
        item = complaints.complaint_sign_off(item=item, by=administrator)
        item = complaints.complaint_record_outcome(item=item, by=by, outcome="upheld")
        return complaints.complaint_send_response(item=item, by=by, on=on)

    def test_sending_keeps_the_working_days_from_receipt(self, pals_officer, administrator):
        # Friday 2 October to Monday 12 October 2026, with a closure day on Monday 5: 5 days.
        ClosureDay.objects.create(date=date(2026, 10, 5), reason="Trust closure")
        complaint = make_item(by=pals_officer, received_on=date(2026, 10, 2))
        item = self.sent(complaint, pals_officer, administrator, on=date(2026, 10, 12))
        assert item.response_working_days == 5
        assert FeedbackItem.objects.get(pk=item.pk).response_working_days == 5

    def test_sent_on_the_day_received_is_zero(self, pals_officer, administrator):
        complaint = make_item(by=pals_officer, received_on=TODAY)
        item = self.sent(complaint, pals_officer, administrator, on=TODAY)
        assert item.response_working_days == 0

    def test_not_sent_has_none(self, complaint, pals_officer):
        item = complaints.complaint_acknowledge(
            item=complaint, by=pals_officer, on=complaint.received_on
        )
        assert item.response_working_days is None

    def test_a_corrected_received_date_counts_again(self, pals_officer, administrator):
        complaint = make_item(by=pals_officer, received_on=date(2026, 10, 2))
        item = self.sent(complaint, pals_officer, administrator, on=date(2026, 10, 9))
        assert item.response_working_days == 5
        item = feedback_update(
            item=item,
            by=pals_officer,
            details={"received_on": date(2026, 10, 1)},
            expected_version=item.version,
        )
        assert item.response_working_days == 6
