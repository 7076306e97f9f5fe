"""Clarifying a complaint (NHS Complaint Standards): its issues, the impact on the person and
the outcome they want; a finding on each issue; the overall outcome derived from the findings
and overridden only with a reason."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careprog.roles import Role
from careprog.tests.factories import UserFactory
from feedback.models import ComplaintIssue, FeedbackItem, Finding
from feedback.models.choices import Kind, Outcome, Status
from feedback.services import complaints
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.issues import (
    ISSUE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    complaint_clarify,
    current_issues,
    derived_outcome,
    findings_complete,
    issue_add,
    issue_change,
    issue_record_finding,
    issue_withdraw,
)
from feedback.tests.factories import make_item, tier

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECENT = TODAY - timedelta(days=7)
U, P, N = Finding.UPHELD, Finding.PARTIALLY_UPHELD, Finding.NOT_UPHELD
WHAT = [
    "Waited four hours for pain relief",
    "Nobody explained the delay",
    "Discharged without the letter",
]


def add_issues(item, by, descriptions=WHAT) -> FeedbackItem:
    for description in descriptions:
        issue_add(item=item, by=by, description=description)
    item.refresh_from_db()
    return item


def investigate(item, by) -> FeedbackItem:
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    return complaints.complaint_start_investigation(item=item, by=by)


def issue(item, number) -> ComplaintIssue:
    return item.issues.get(number=number)


def find(item, number, finding, by, **given) -> ComplaintIssue:
    answers = {"explanation": f"Because of issue {number}", **given}
    return issue_record_finding(issue=issue(item, number), by=by, finding=finding, **answers)


@pytest.fixture
def complaint(medicine, pals_officer):
    return make_item(csc=medicine, by=pals_officer, received_on=RECENT)


@pytest.fixture
def clarified(complaint, pals_officer):
    return add_issues(complaint, pals_officer)


@pytest.fixture
def investigating(clarified, pals_officer):
    return investigate(clarified, pals_officer)


def fresh(item) -> FeedbackItem:
    return FeedbackItem.objects.get(pk=item.pk)


class TestDerivedOutcome:
    @pytest.mark.parametrize(
        ("findings", "outcome"),
        [
            ([U], Outcome.UPHELD),
            ([U, U, U], Outcome.UPHELD),
            ([N], Outcome.NOT_UPHELD),
            ([N, N], Outcome.NOT_UPHELD),
            ([P], Outcome.PARTIALLY_UPHELD),
            ([P, P], Outcome.PARTIALLY_UPHELD),
            ([U, N], Outcome.PARTIALLY_UPHELD),
            ([U, P], Outcome.PARTIALLY_UPHELD),
            ([N, P], Outcome.PARTIALLY_UPHELD),
            ([U, P, N], Outcome.PARTIALLY_UPHELD),
            ([], None),
            ([U, ""], None),
            (["", ""], None),
        ],
    )
    def test_table(self, findings, outcome):
        assert derived_outcome(findings) == outcome

    def test_takes_any_iterable(self):
        assert derived_outcome(f for f in [U, U]) == Outcome.UPHELD


class TestAddingIssues:
    def test_issues_are_numbered_in_order_with_an_event_each(self, clarified, pals_officer):
        assert [(i.number, i.description) for i in current_issues(clarified)] == list(
            enumerate(WHAT, start=1)
        )
        events = clarified.events.filter(action="issue_added").order_by("pk")
        assert [e.description for e in events] == [
            f"Issue {n} added: {text}" for n, text in enumerate(WHAT, start=1)
        ]
        assert all(e.by == pals_officer for e in events)
        assert issue(clarified, 1).created_by == pals_officer

    def test_each_issue_moves_the_complaints_version_on(self, complaint, pals_officer):
        issue_add(item=complaint, by=pals_officer, description="One")
        assert fresh(complaint).version == complaint.version + 1

    def test_a_withdrawn_issues_number_is_never_reused(self, clarified, pals_officer):
        issue_withdraw(issue=issue(clarified, 3), by=pals_officer, reason="Raised in error")
        added = issue_add(item=clarified, by=pals_officer, description="Parking fine")
        assert added.number == 4

    @pytest.mark.parametrize("description", ["", "  \n  "])
    def test_a_blank_issue_is_refused_at_the_field(self, complaint, pals_officer, description):
        with pytest.raises(ProcessError) as refused:
            issue_add(item=complaint, by=pals_officer, description=description)
        assert refused.value.message_dict == {"description": ["Enter what happened"]}
        assert not complaint.issues.exists()

    def test_the_longest_issue_is_kept_and_one_more_character_refused(
        self, complaint, pals_officer
    ):
        issue_add(item=complaint, by=pals_officer, description="x" * ISSUE_MAX_LENGTH)
        with pytest.raises(ProcessError) as refused:
            issue_add(item=complaint, by=pals_officer, description="x" * (ISSUE_MAX_LENGTH + 1))
        assert refused.value.message_dict == {
            "description": ["Issue must be 2,000 characters or fewer"]
        }
        assert complaint.issues.count() == 1

    @pytest.mark.parametrize("kind", [Kind.PALS, Kind.COMPLIMENT, Kind.COMMENT])
    def test_only_complaints_have_issues(self, medicine, pals_officer, kind):
        item = make_item(kind=kind, csc=medicine)
        with pytest.raises(ProcessError) as refused:
            issue_add(item=item, by=pals_officer, description="Parking")
        assert refused.value.code == "not_complaint"
        assert not ComplaintIssue.objects.exists()

    @pytest.mark.parametrize("status", [Status.RESPONSE_SENT, Status.CLOSED, Status.WITHDRAWN])
    def test_refused_once_the_complaint_is_answered_or_closed(
        self, complaint, pals_officer, status
    ):
        FeedbackItem.objects.filter(pk=complaint.pk).update(status=status)
        with pytest.raises(ProcessError) as refused:
            issue_add(item=complaint, by=pals_officer, description="Parking")
        assert refused.value.code == "wrong_status"
        assert not complaint.issues.exists()

    def test_a_stale_form_is_refused(self, complaint, pals_officer):
        issue_add(item=complaint, by=pals_officer, description="One")
        with pytest.raises(StaleEdit):
            issue_add(
                item=complaint,
                by=pals_officer,
                description="Two",
                expected_version=complaint.version,
            )
        assert complaint.issues.count() == 1


class TestChangingAndWithdrawing:
    def test_a_change_keeps_both_wordings_on_the_timeline(self, clarified, pals_officer):
        issue_change(issue=issue(clarified, 2), by=pals_officer, description="No explanation")
        assert issue(clarified, 2).description == "No explanation"
        assert clarified.events.latest("pk").description == (
            f"Issue 2 changed from “{WHAT[1]}” to “No explanation”"
        )
        assert fresh(clarified).version == clarified.version + 1

    def test_the_same_wording_records_nothing(self, clarified, pals_officer):
        issue_change(issue=issue(clarified, 2), by=pals_officer, description=f" {WHAT[1]} ")
        assert fresh(clarified).version == clarified.version
        assert not clarified.events.filter(action="issue_changed").exists()

    def test_a_blank_change_is_refused(self, clarified, pals_officer):
        with pytest.raises(ProcessError) as refused:
            issue_change(issue=issue(clarified, 2), by=pals_officer, description=" ")
        assert refused.value.message_dict == {"description": ["Enter what happened"]}
        assert issue(clarified, 2).description == WHAT[1]

    def test_a_stale_change_is_refused(self, clarified, pals_officer):
        with pytest.raises(StaleEdit):
            issue_change(
                issue=issue(clarified, 1),
                by=pals_officer,
                description="Other",
                expected_version=clarified.version - 1,
            )
        assert issue(clarified, 1).description == WHAT[0]

    def test_a_withdrawn_issue_is_kept_but_no_longer_current(self, clarified, pals_officer):
        issue_withdraw(issue=issue(clarified, 2), by=pals_officer, reason="Raised in error")
        assert clarified.issues.count() == 3
        assert issue(clarified, 2).withdrawn
        assert [i.number for i in current_issues(clarified)] == [1, 3]
        assert clarified.events.latest("pk").description == "Issue 2 withdrawn: Raised in error"
        assert fresh(clarified).version == clarified.version + 1

    def test_withdrawing_needs_a_reason(self, clarified, pals_officer):
        with pytest.raises(ProcessError) as refused:
            issue_withdraw(issue=issue(clarified, 2), by=pals_officer, reason="  ")
        assert refused.value.message_dict == {"reason": ["Enter why the issue is withdrawn"]}
        assert not issue(clarified, 2).withdrawn

    def test_a_withdrawn_issue_cannot_be_changed_or_withdrawn_again(self, clarified, pals_officer):
        issue_withdraw(issue=issue(clarified, 2), by=pals_officer, reason="Raised in error")
        for attempt in (
            lambda: issue_change(issue=issue(clarified, 2), by=pals_officer, description="New"),
            lambda: issue_withdraw(issue=issue(clarified, 2), by=pals_officer, reason="Again"),
        ):
            with pytest.raises(ProcessError) as refused:
                attempt()
            assert refused.value.code == "withdrawn"

    def test_an_issue_with_a_finding_cannot_be_withdrawn(
        self, investigating, pals_officer, medicine_manager
    ):
        find(investigating, 1, U, medicine_manager)
        with pytest.raises(ProcessError) as refused:
            issue_withdraw(issue=issue(investigating, 1), by=pals_officer, reason="Dropped")
        assert refused.value.code == "has_finding"
        assert not issue(investigating, 1).withdrawn

    def test_withdrawing_the_last_unanswered_issue_derives_the_outcome(
        self, investigating, pals_officer, medicine_manager
    ):
        find(investigating, 1, U, medicine_manager)
        find(investigating, 2, U, medicine_manager)
        assert fresh(investigating).outcome == ""
        issue_withdraw(issue=issue(investigating, 3), by=pals_officer, reason="Dropped")
        assert fresh(investigating).outcome == Outcome.UPHELD


class TestLockedOnceSignedOff:
    """Sign-off approves the response as it answers the issues: they stay as approved until it
    is returned for changes."""

    @pytest.fixture
    def awaiting(self, investigating, pals_officer, medicine_manager):
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager)
        item = complaints.complaint_record_draft(item=fresh(investigating), by=medicine_manager)
        return complaints.complaint_submit_for_sign_off(item=item, by=pals_officer)

    @pytest.fixture
    def signed_off(self, awaiting, medicine_manager):
        return complaints.complaint_sign_off(item=awaiting, by=medicine_manager)

    def attempts(self, item, by):
        return [
            lambda: issue_add(item=item, by=by, description="Parking"),
            lambda: issue_change(issue=issue(item, 1), by=by, description="Reworded"),
            lambda: issue_withdraw(issue=issue(item, 2), by=by, reason="Dropped"),
        ]

    def test_awaiting_sign_off_an_issue_can_still_be_reworded(self, awaiting, pals_officer):
        issue_change(issue=issue(awaiting, 1), by=pals_officer, description="Reworded")
        assert issue(awaiting, 1).description == "Reworded"

    def test_once_signed_off_issues_cannot_be_added_changed_or_withdrawn(
        self, signed_off, pals_officer
    ):
        version = fresh(signed_off).version
        for attempt in self.attempts(signed_off, pals_officer):
            with pytest.raises(ProcessError) as refused:
                attempt()
            assert refused.value.code == "signed_off"
        assert [i.description for i in current_issues(signed_off)] == WHAT
        assert fresh(signed_off).version == version

    def test_returned_for_changes_they_can_change_again(
        self, signed_off, pals_officer, medicine_manager
    ):
        complaints.complaint_return_for_changes(
            item=signed_off, by=medicine_manager, reason="Say more on issue 1"
        )
        issue_change(issue=issue(signed_off, 1), by=pals_officer, description="Reworded")
        assert issue(signed_off, 1).description == "Reworded"


class TestEveryIssueAnsweredBeforeSignOff:
    @pytest.fixture
    def drafted(self, investigating, medicine_manager):
        find(investigating, 1, U, medicine_manager)
        find(investigating, 2, N, medicine_manager)
        return complaints.complaint_record_draft(item=fresh(investigating), by=medicine_manager)

    def test_not_sent_for_sign_off_while_an_issue_has_no_finding(self, drafted, pals_officer):
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_submit_for_sign_off(item=drafted, by=pals_officer)
        assert refused.value.code == "findings_incomplete"
        assert "issue 3" in refused.value.messages[0]
        assert fresh(drafted).status == Status.RESPONSE_DRAFTED

    def test_sent_once_the_last_issue_has_its_finding(
        self, drafted, pals_officer, medicine_manager
    ):
        find(drafted, 3, N, medicine_manager)
        item = complaints.complaint_submit_for_sign_off(item=fresh(drafted), by=pals_officer)
        assert item.status == Status.AWAITING_SIGN_OFF

    def test_a_withdrawn_issue_needs_no_finding(self, drafted, pals_officer):
        issue_withdraw(issue=issue(drafted, 3), by=pals_officer, reason="Raised in error")
        item = complaints.complaint_submit_for_sign_off(item=fresh(drafted), by=pals_officer)
        assert item.status == Status.AWAITING_SIGN_OFF

    def test_not_signed_off_while_an_issue_has_no_finding(
        self, drafted, pals_officer, medicine_manager
    ):
        find(drafted, 3, N, medicine_manager)
        item = complaints.complaint_submit_for_sign_off(item=fresh(drafted), by=pals_officer)
        issue_add(item=item, by=pals_officer, description="Car park charges")
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_sign_off(item=fresh(item), by=medicine_manager)
        assert refused.value.code == "findings_incomplete"
        assert fresh(item).signed_off_at is None

    def test_a_complaint_without_issues_is_not_held_up(
        self, complaint, pals_officer, medicine_manager
    ):
        item = investigate(complaint, pals_officer)
        item = complaints.complaint_record_draft(item=item, by=medicine_manager)
        item = complaints.complaint_submit_for_sign_off(item=item, by=pals_officer)
        assert complaints.complaint_sign_off(item=item, by=medicine_manager).signed_off_at

    def test_a_new_issue_clears_the_outcome_the_findings_gave(
        self, investigating, pals_officer, medicine_manager
    ):
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager)
        assert fresh(investigating).outcome == Outcome.UPHELD
        issue_add(item=fresh(investigating), by=pals_officer, description="Car park charges")
        assert fresh(investigating).outcome == ""
        find(fresh(investigating), 4, N, medicine_manager)
        assert fresh(investigating).outcome == Outcome.PARTIALLY_UPHELD

    def test_an_overridden_outcome_stays_when_an_issue_is_added(
        self, investigating, pals_officer, medicine_manager
    ):
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager)
        complaints.complaint_record_outcome(
            item=fresh(investigating),
            by=pals_officer,
            outcome=Outcome.PARTIALLY_UPHELD,
            reason="The apology was given at the time",
        )
        issue_add(item=fresh(investigating), by=pals_officer, description="Car park charges")
        assert fresh(investigating).outcome == Outcome.PARTIALLY_UPHELD

    def test_the_outcome_is_locked_once_signed_off(self, drafted, pals_officer, medicine_manager):
        find(drafted, 3, N, medicine_manager)
        item = complaints.complaint_submit_for_sign_off(item=fresh(drafted), by=pals_officer)
        item = complaints.complaint_sign_off(item=item, by=medicine_manager)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_record_outcome(
                item=item, by=pals_officer, outcome=Outcome.UPHELD, reason="Changed our mind"
            )
        assert refused.value.code == "signed_off"
        assert fresh(item).outcome == Outcome.PARTIALLY_UPHELD


class TestClarifying:
    def test_impact_and_outcome_sought_are_kept_with_an_event(self, complaint, pals_officer):
        item = complaint_clarify(
            item=complaint, by=pals_officer, impact=" Could not sleep ", outcome_sought="Apology"
        )
        assert (item.impact, item.outcome_sought) == ("Could not sleep", "Apology")
        assert item.events.latest("pk").description == (
            "Complaint clarified: impact on the person and outcome they want"
        )

    def test_nothing_changed_records_nothing(self, complaint, pals_officer):
        item = complaint_clarify(item=complaint, by=pals_officer, impact="", outcome_sought="")
        assert item.version == complaint.version
        assert not complaint.events.filter(action="clarified").exists()

    def test_too_long_is_refused_at_the_field(self, complaint, pals_officer):
        with pytest.raises(ProcessError) as refused:
            complaint_clarify(
                item=complaint,
                by=pals_officer,
                impact="x" * TEXT_MAX_LENGTH,
                outcome_sought="x" * (TEXT_MAX_LENGTH + 1),
            )
        assert list(refused.value.message_dict) == ["outcome_sought"]
        assert fresh(complaint).impact == ""

    def test_a_pals_contact_is_not_clarified(self, medicine, pals_officer):
        item = make_item(kind=Kind.PALS, csc=medicine)
        with pytest.raises(ProcessError) as refused:
            complaint_clarify(item=item, by=pals_officer, impact="x", outcome_sought="y")
        assert refused.value.code == "not_complaint"

    def test_a_stale_form_is_refused(self, complaint, pals_officer):
        with pytest.raises(StaleEdit):
            complaint_clarify(
                item=complaint,
                by=pals_officer,
                impact="x",
                outcome_sought="y",
                expected_version=complaint.version + 1,
            )


class TestFindings:
    def test_a_finding_is_kept_on_the_issue_and_the_timeline(self, investigating, medicine_manager):
        found = find(
            investigating,
            2,
            P,
            medicine_manager,
            explanation=" The delay was explained, late ",
            what_will_change="Delays explained at the bedside",
        )
        assert (found.finding, found.explanation, found.what_will_change) == (
            P,
            "The delay was explained, late",
            "Delays explained at the bedside",
        )
        event = investigating.events.latest("pk")
        assert (event.by, event.description) == (
            medicine_manager,
            "Finding on issue 2 recorded: Partly upheld. The delay was explained, late",
        )
        assert fresh(investigating).version == investigating.version + 1

    def test_recording_again_says_changed(self, investigating, medicine_manager):
        find(investigating, 1, U, medicine_manager)
        find(investigating, 1, N, medicine_manager)
        assert issue(investigating, 1).finding == N
        assert investigating.events.latest("pk").description.startswith(
            "Finding on issue 1 changed: Not upheld"
        )

    def test_allowed_once_the_response_is_drafted(self, investigating, medicine_manager):
        complaints.complaint_record_draft(item=investigating, by=medicine_manager)
        assert find(investigating, 1, U, medicine_manager).finding == U

    @pytest.mark.parametrize(
        "status",
        [Status.RECEIVED, Status.ACKNOWLEDGED, Status.AWAITING_SIGN_OFF, Status.RESPONSE_SENT],
    )
    def test_refused_before_the_investigation_and_after_the_draft(
        self, clarified, medicine_manager, status
    ):
        FeedbackItem.objects.filter(pk=clarified.pk).update(status=status)
        with pytest.raises(ProcessError) as refused:
            find(clarified, 1, U, medicine_manager)
        assert refused.value.code == "wrong_status"
        assert issue(clarified, 1).finding == ""

    @pytest.mark.parametrize("finding", ["", "resolved", "UPHELD"])
    def test_a_finding_not_in_the_list_is_refused_at_the_field(
        self, investigating, medicine_manager, finding
    ):
        with pytest.raises(ProcessError) as refused:
            find(investigating, 1, finding, medicine_manager)
        assert refused.value.message_dict == {"finding": ["Select whether the issue is upheld"]}

    def test_an_explanation_is_required(self, investigating, medicine_manager):
        with pytest.raises(ProcessError) as refused:
            find(investigating, 1, U, medicine_manager, explanation="  ")
        assert refused.value.message_dict == {"explanation": ["Enter why, in a few sentences"]}
        assert issue(investigating, 1).finding == ""

    def test_a_withdrawn_issue_gets_no_finding(self, investigating, pals_officer, medicine_manager):
        issue_withdraw(issue=issue(investigating, 3), by=pals_officer, reason="Dropped")
        with pytest.raises(ProcessError) as refused:
            find(investigating, 3, U, medicine_manager)
        assert refused.value.code == "withdrawn"

    def test_a_stale_finding_is_refused(self, investigating, medicine_manager):
        with pytest.raises(StaleEdit):
            find(investigating, 1, U, medicine_manager, expected_version=investigating.version - 1)
        assert issue(investigating, 1).finding == ""

    def test_the_outcome_waits_for_every_issue_then_is_derived(
        self, investigating, medicine_manager
    ):
        find(investigating, 1, U, medicine_manager)
        find(investigating, 2, U, medicine_manager)
        assert not findings_complete(investigating)
        assert fresh(investigating).outcome == ""
        find(investigating, 3, N, medicine_manager)
        assert findings_complete(investigating)
        item = fresh(investigating)
        assert item.outcome == Outcome.PARTIALLY_UPHELD
        assert item.events.latest("pk").description == (
            "Outcome: Partially upheld (derived from the findings)"
        )

    @pytest.mark.parametrize(
        ("findings", "outcome"),
        [
            ((U, U, U), Outcome.UPHELD),
            ((N, N, N), Outcome.NOT_UPHELD),
            ((P, N, N), Outcome.PARTIALLY_UPHELD),
        ],
    )
    def test_the_derived_outcome_follows_the_table(
        self, investigating, medicine_manager, findings, outcome
    ):
        for number, finding in enumerate(findings, start=1):
            find(investigating, number, finding, medicine_manager)
        assert fresh(investigating).outcome == outcome

    def test_a_changed_finding_changes_the_derived_outcome(self, investigating, medicine_manager):
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager)
        find(investigating, 2, N, medicine_manager)
        assert fresh(investigating).outcome == Outcome.PARTIALLY_UPHELD

    def test_an_override_in_place_is_kept(self, investigating, pals_officer, medicine_manager):
        complaints.complaint_record_outcome(
            item=investigating, by=pals_officer, outcome=Outcome.UPHELD, reason="Board decision"
        )
        for number in (1, 2, 3):
            find(investigating, number, N, medicine_manager)
        item = fresh(investigating)
        assert (item.outcome, item.outcome_override_reason) == (Outcome.UPHELD, "Board decision")

    def test_an_override_the_findings_come_to_agree_with_is_cleared(
        self, investigating, pals_officer, medicine_manager
    ):
        complaints.complaint_record_outcome(
            item=investigating, by=pals_officer, outcome=Outcome.UPHELD, reason="Early view"
        )
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager)
        item = fresh(investigating)
        assert (item.outcome, item.outcome_override_reason) == (Outcome.UPHELD, "")


class TestFindingsComplete:
    def test_a_complaint_without_issues_is_not_complete(self, complaint):
        assert not findings_complete(complaint)

    def test_withdrawn_issues_do_not_count(self, investigating, pals_officer, medicine_manager):
        issue_withdraw(issue=issue(investigating, 3), by=pals_officer, reason="Dropped")
        find(investigating, 1, U, medicine_manager)
        assert not findings_complete(investigating)
        find(investigating, 2, N, medicine_manager)
        assert findings_complete(investigating)


class TestOutcomeOverride:
    def test_a_complaint_without_issues_records_its_outcome_as_before(
        self, complaint, pals_officer
    ):
        item = investigate(complaint, pals_officer)
        item = complaints.complaint_record_outcome(
            item=item, by=pals_officer, outcome=Outcome.NOT_UPHELD
        )
        assert (item.outcome, item.outcome_override_reason) == (Outcome.NOT_UPHELD, "")
        assert item.events.latest("pk").description == "Outcome: Not upheld"

    def test_another_outcome_than_the_derived_one_needs_a_reason(
        self, investigating, pals_officer, medicine_manager
    ):
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_record_outcome(
                item=investigating, by=pals_officer, outcome=Outcome.PARTIALLY_UPHELD, reason=" "
            )
        assert refused.value.message_dict == {
            "reason": ["Enter why the outcome is partially upheld: the findings give upheld"]
        }
        assert fresh(investigating).outcome == Outcome.UPHELD

    def test_with_a_reason_the_override_is_kept_and_shown(
        self, client, investigating, pals_officer, medicine_manager
    ):
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager)
        item = complaints.complaint_record_outcome(
            item=investigating,
            by=pals_officer,
            outcome=Outcome.PARTIALLY_UPHELD,
            reason="Issue 3 was put right before the complaint",
        )
        assert item.outcome_override_reason == "Issue 3 was put right before the complaint"
        assert item.events.latest("pk").description == (
            "Outcome: Partially upheld (overriding the findings, as the findings give upheld): "
            "Issue 3 was put right before the complaint"
        )
        client.force_login(pals_officer)
        page = client.get(detail_url(item)).text
        assert (
            "Overall outcome: Partially upheld (overridden: Issue 3 was put right before the "
            "complaint)"
        ) in page

    def test_choosing_the_derived_outcome_clears_the_reason(
        self, investigating, pals_officer, medicine_manager
    ):
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager)
        complaints.complaint_record_outcome(
            item=investigating, by=pals_officer, outcome=Outcome.NOT_UPHELD, reason="Why not"
        )
        item = complaints.complaint_record_outcome(
            item=investigating, by=pals_officer, outcome=Outcome.UPHELD
        )
        assert (item.outcome, item.outcome_override_reason) == (Outcome.UPHELD, "")
        assert item.events.latest("pk").description == "Outcome: Upheld (derived from the findings)"

    def test_an_outcome_before_every_finding_needs_a_reason(
        self, investigating, pals_officer, medicine_manager
    ):
        find(investigating, 1, U, medicine_manager)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_record_outcome(
                item=investigating, by=pals_officer, outcome=Outcome.UPHELD
            )
        assert refused.value.message_dict == {
            "reason": ["Enter why the outcome is upheld: not every issue has a finding yet"]
        }

    def test_the_outcome_form_shows_the_refusal_at_the_reason(
        self, client, investigating, pals_officer, medicine_manager
    ):
        for number in (1, 2, 3):
            find(investigating, number, N, medicine_manager)
        client.force_login(pals_officer)
        url = reverse("feedback:action", args=[investigating.reference_slug, "outcome"])
        item = fresh(investigating)
        response = client.post(url, {"version": item.version, "outcome": Outcome.UPHELD})
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["reason"]
        assert fresh(investigating).outcome == Outcome.NOT_UPHELD
        response = client.post(
            url, {"version": item.version, "outcome": Outcome.UPHELD, "reason": "Panel review"}
        )
        assert response.status_code == 302
        assert fresh(investigating).outcome_override_reason == "Panel review"


def detail_url(item):
    return reverse("feedback:detail", args=[item.reference_slug])


def url(name, item, *args):
    return reverse(f"feedback:{name}", args=[item.reference_slug, *args])


def log_complaint(client, medicine, **answers):
    data = {
        "received_on_0": TODAY.day,
        "received_on_1": TODAY.month,
        "received_on_2": TODAY.year,
        "channel": "letter",
        "raised_by": "patient",
        "csc": medicine.pk,
        "summary": "Care on Ward 7",
        "severity": "amber",
        "tier": tier().pk,
        "consent": "not_required",
        "age_band": "unknown",
        "complainant_status": "unknown",
        **answers,
    }
    return client.post(reverse("feedback:log", args=[Kind.COMPLAINT]), data)


class TestLoggingWithIssues:
    def test_a_complaint_is_logged_with_one_issue_per_line(self, client, medicine, pals_officer):
        client.force_login(pals_officer)
        response = log_complaint(
            client,
            medicine,
            issues=f"{WHAT[0]}\r\n\r\n  {WHAT[1]}  \r\n{WHAT[2]}\r\n",
            impact="Could not sleep for a week",
            outcome_sought="An apology",
        )
        assert response.status_code == 302
        item = FeedbackItem.objects.get()
        assert [(i.number, i.description) for i in current_issues(item)] == list(
            enumerate(WHAT, start=1)
        )
        assert (item.impact, item.outcome_sought) == ("Could not sleep for a week", "An apology")
        assert item.events.filter(description="3 issues to answer recorded").exists()

    def test_without_issues_it_is_logged_as_before(self, client, medicine, pals_officer):
        client.force_login(pals_officer)
        assert log_complaint(client, medicine).status_code == 302
        item = FeedbackItem.objects.get()
        assert not item.issues.exists()
        assert not item.events.filter(action="issues").exists()

    def test_an_issue_too_long_is_refused_at_the_field_and_nothing_saved(
        self, client, medicine, pals_officer
    ):
        client.force_login(pals_officer)
        response = log_complaint(client, medicine, issues="Fine\n" + "x" * (ISSUE_MAX_LENGTH + 1))
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "issues": ["Issue 2 must be 2,000 characters or fewer"]
        }
        assert not FeedbackItem.objects.exists()
        assert not ComplaintIssue.objects.exists()

    def test_the_questions_are_asked_only_when_a_complaint_is_logged(
        self, client, pals_officer, complaint
    ):
        client.force_login(pals_officer)
        complaint_form = client.get(reverse("feedback:log", args=[Kind.COMPLAINT])).text
        for name in ("issues", "impact", "outcome_sought"):
            assert f'name="{name}"' in complaint_form
        assert "Issues to answer (one per line)" in complaint_form
        pals_form = client.get(reverse("feedback:log", args=[Kind.PALS])).text
        edit_form = client.get(url("edit", complaint)).text
        for page in (pals_form, edit_form):
            assert 'name="issues"' not in page
            assert 'name="impact"' not in page


class TestClarifyPage:
    def test_a_pals_officer_clarifies_adds_changes_and_withdraws(
        self, client, clarified, pals_officer
    ):
        client.force_login(pals_officer)
        page = client.get(url("issues", clarified))
        assert page.status_code == 200
        assert WHAT[2] in page.text
        response = client.post(
            url("issues", clarified),
            {"version": clarified.version, "impact": "Anxious", "outcome_sought": "Apology"},
        )
        assert response.status_code == 302
        item = fresh(clarified)
        assert (item.impact, item.outcome_sought) == ("Anxious", "Apology")
        response = client.post(
            url("issue_add", item), {"new-version": item.version, "new-description": "Parking"}
        )
        assert response.status_code == 302
        item = fresh(item)
        assert issue(item, 4).description == "Parking"
        assert client.get(url("issue_change", item, 4)).status_code == 200
        response = client.post(
            url("issue_change", item, 4), {"version": item.version, "description": "Car park"}
        )
        assert response.status_code == 302
        item = fresh(item)
        assert issue(item, 4).description == "Car park"
        response = client.post(
            url("issue_withdraw", item, 4), {"version": item.version, "reason": "Not ours"}
        )
        assert response.status_code == 302
        assert issue(item, 4).withdrawn

    def test_a_blank_issue_shows_its_error_on_the_page(self, client, clarified, pals_officer):
        client.force_login(pals_officer)
        response = client.post(
            url("issue_add", clarified), {"new-version": clarified.version, "new-description": ""}
        )
        assert response.status_code == 200
        assert response.context["add_form"].errors == {"description": ["Enter what happened"]}
        assert "There is a problem" in response.text
        assert clarified.issues.count() == 3

    def test_a_stale_page_is_refused(self, client, clarified, pals_officer):
        client.force_login(pals_officer)
        response = client.post(
            url("issue_change", clarified, 1),
            {"version": clarified.version - 1, "description": "Other"},
        )
        assert response.status_code == 200
        assert "changed by someone else" in response.text
        assert issue(clarified, 1).description == WHAT[0]

    def test_the_csc_manager_may_not_clarify(self, client, clarified, medicine_manager):
        client.force_login(medicine_manager)
        assert client.get(url("issues", clarified)).status_code == 403
        response = client.post(
            url("issue_add", clarified), {"new-version": clarified.version, "new-description": "X"}
        )
        assert response.status_code == 403
        assert clarified.issues.count() == 3

    def test_another_cscs_manager_and_the_board_get_404(
        self, client, clarified, surgery, board_member
    ):
        for user in (UserFactory(role=Role.CSC_MANAGER, cscs=[surgery]), board_member):
            client.force_login(user)
            for name, args in (
                ("issues", []),
                ("issue_change", [1]),
                ("issue_withdraw", [1]),
                ("issue_finding", [1]),
            ):
                assert client.get(url(name, clarified, *args)).status_code == 404
            response = client.post(
                url("issue_withdraw", clarified, 1), {"version": clarified.version, "reason": "X"}
            )
            assert response.status_code == 404
        assert not issue(clarified, 1).withdrawn

    def test_an_issue_number_that_does_not_exist_is_404(self, client, clarified, pals_officer):
        client.force_login(pals_officer)
        assert client.get(url("issue_change", clarified, 9)).status_code == 404


class TestFindingPage:
    def test_the_cscs_manager_records_a_finding(self, client, investigating, medicine_manager):
        client.force_login(medicine_manager)
        page = client.get(url("issue_finding", investigating, 1))
        assert page.status_code == 200
        assert WHAT[0] in page.text
        for label in ("Upheld", "Partly upheld", "Not upheld"):
            assert label in page.text
        response = client.post(
            url("issue_finding", investigating, 1),
            {
                "version": investigating.version,
                "finding": Finding.UPHELD,
                "explanation": "No pain relief was given for four hours",
                "what_will_change": "Pain scores every hour",
            },
        )
        assert response.status_code == 302
        assert response.url == detail_url(investigating)
        found = issue(investigating, 1)
        assert (found.finding, found.what_will_change) == (U, "Pain scores every hour")

    def test_a_missing_explanation_stands_at_the_field(
        self, client, investigating, medicine_manager
    ):
        client.force_login(medicine_manager)
        response = client.post(
            url("issue_finding", investigating, 1),
            {"version": investigating.version, "finding": Finding.UPHELD, "explanation": ""},
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {"explanation": ["Enter why, in a few sentences"]}
        assert issue(investigating, 1).finding == ""

    def test_the_wrong_status_is_said_on_the_page(self, client, clarified, medicine_manager):
        client.force_login(medicine_manager)
        response = client.post(
            url("issue_finding", clarified, 1),
            {"version": clarified.version, "finding": Finding.UPHELD, "explanation": "x"},
        )
        assert response.status_code == 200
        assert "cannot be given findings on its issues while it is received" in response.text

    def test_another_cscs_manager_gets_404(self, client, investigating, surgery):
        client.force_login(UserFactory(role=Role.CSC_MANAGER, cscs=[surgery]))
        response = client.post(
            url("issue_finding", investigating, 1),
            {"version": investigating.version, "finding": "upheld", "explanation": "x"},
        )
        assert response.status_code == 404
        assert issue(investigating, 1).finding == ""


class TestItemPageBlock:
    def test_shows_the_issues_findings_and_derived_outcome(
        self, client, investigating, pals_officer, medicine_manager
    ):
        complaint_clarify(
            item=investigating, by=pals_officer, impact="Anxious", outcome_sought="Apology"
        )
        for number in (1, 2, 3):
            find(investigating, number, U, medicine_manager, what_will_change=f"Change {number}")
        client.force_login(pals_officer)
        page = client.get(detail_url(investigating)).text
        for text in (*WHAT, "Anxious", "Apology", "Change 3", "Because of issue 2"):
            assert text in page
        assert "Overall outcome: Upheld (derived from the findings)" in page

    def test_shows_how_many_findings_are_still_to_come(
        self, client, investigating, pals_officer, medicine_manager
    ):
        find(investigating, 1, U, medicine_manager)
        client.force_login(pals_officer)
        page = client.get(detail_url(investigating)).text
        assert "Overall outcome: not known yet (1 of 3 issues have a finding)" in page

    def test_the_manager_is_offered_findings_and_not_clarifying(
        self, client, investigating, medicine_manager
    ):
        client.force_login(medicine_manager)
        page = client.get(detail_url(investigating)).text
        assert url("issue_finding", investigating, 1) in page
        assert f'href="{url("issues", investigating)}"' not in page
        assert url("issue_change", investigating, 1) not in page

    def test_the_officer_is_offered_clarifying_and_findings(
        self, client, investigating, pals_officer
    ):
        client.force_login(pals_officer)
        page = client.get(detail_url(investigating)).text
        assert f'href="{url("issues", investigating)}"' in page
        assert url("issue_change", investigating, 1) in page
        assert url("issue_finding", investigating, 1) in page

    def test_no_finding_links_before_the_investigation(self, client, clarified, medicine_manager):
        client.force_login(medicine_manager)
        page = client.get(detail_url(clarified)).text
        assert WHAT[0] in page
        assert not re.search(r"/issues/\d+/finding/", page)

    def test_a_withdrawn_issue_is_not_listed(self, client, clarified, pals_officer):
        issue_withdraw(issue=issue(clarified, 2), by=pals_officer, reason="Dropped")
        client.force_login(pals_officer)
        page = client.get(detail_url(clarified)).text
        table = page[page.index("Issues and findings") :]
        assert WHAT[1] not in table[: table.index("</table>")]

    def test_not_shown_for_a_pals_contact(self, client, medicine, pals_officer):
        item = make_item(kind=Kind.PALS, csc=medicine)
        client.force_login(pals_officer)
        assert "Issues and findings" not in client.get(detail_url(item)).text

    def test_the_same_queries_however_many_issues(
        self, client, complaint, pals_officer, medicine_manager
    ):
        item = investigate(add_issues(complaint, pals_officer, WHAT[:1]), pals_officer)
        find(item, 1, U, medicine_manager)
        client.force_login(medicine_manager)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(detail_url(item)).status_code == 200
            return len(captured)

        few = queries()
        add_issues(item, pals_officer, [f"Issue {n}" for n in range(12)])
        for number in range(2, 10):
            find(item, number, N, medicine_manager)
        assert fresh(item).issues.count() == 13
        assert queries() == few
