"""The statutory complaints process: each action is a service that moves the status."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careprog.working_days import trust_calendar
from feedback.models import DocumentKind, FeedbackItem
from feedback.models.choices import (
    OPEN_COMPLAINT_STATUSES,
    Consent,
    Outcome,
    PhsoOutcome,
    Status,
)
from feedback.services import issues
from feedback.services.base import (
    REASON_MAX_LENGTH,
    ProcessError,
    check_length,
    clean_reason,
    lock_complaint,
    record_event,
    require_status,
    save_item,
)
from feedback.services.deadlines import change_response_date
from feedback.services.plan import apply_plan, plan_in_words

# Long enough for a full account; a limit, so a pasted document does not fill the row.
FINDINGS_MAX_LENGTH = 20_000


def _check_date(value: date, item: FeedbackItem, what: str) -> None:
    # Named for the field ("on") the action forms ask it in, so the error stands beside it.
    if value > timezone.localdate():
        raise ProcessError(
            {"on": ValidationError(f"Date {what} must be today or in the past.", code="future")}
        )
    if value < item.received_on:
        raise ProcessError(
            {
                "on": ValidationError(
                    f"Date {what} must be on or after the date received "
                    f"({item.received_on:%-d %B %Y}).",
                    code="before_received",
                )
            }
        )


def _move(item, *, by, to: str, action: str, description: str) -> FeedbackItem:
    item.status = to
    save_item(item, by=by)
    record_event(item, by=by, action=action, description=description)
    return item


@transaction.atomic
def complaint_record_late_decision(
    *, item, by, accept: bool, reason: str, expected_version=None
) -> FeedbackItem:
    """Decide whether to accept a complaint made more than 12 months after the event."""
    item = lock_complaint(item, expected_version)
    if not item.is_late:
        raise ProcessError(
            "This complaint was made within 12 months of the event.", code="not_late"
        )
    require_status(item, [Status.RECEIVED], "given a decision on lateness")
    reason = reason.strip()
    if not reason:
        raise ProcessError("Give the reason for the decision.", code="reason_required")
    check_length("reason", "Reason", reason, REASON_MAX_LENGTH)
    item.late_decision = "accepted" if accept else "declined"
    item.late_decision_reason = reason
    if accept:
        save_item(item, by=by)
        record_event(
            item, by=by, action="late_accepted", description=f"Late complaint accepted: {reason}"
        )
        return item
    item.closed_on = timezone.localdate()
    return _move(
        item,
        by=by,
        to=Status.CLOSED,
        action="late_declined",
        description=f"Late complaint not accepted: {reason}",
    )


@transaction.atomic
def complaint_acknowledge(*, item, by, on: date, expected_version=None, **plan) -> FeedbackItem:
    """Acknowledge the complaint. With ``plan`` (the keyword arguments of
    feedback.services.plan.apply_plan), the handling plan agreed with the person is recorded
    too, as agreed on the acknowledgement date."""
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.RECEIVED], "acknowledged")
    if item.is_late and item.late_decision != "accepted":
        raise ProcessError(
            "This complaint was made more than 12 months after the event: record a decision "
            "to accept it before acknowledging it.",
            code="late_undecided",
        )
    _check_date(on, item, "acknowledged")
    item.acknowledged_on = on
    if plan:
        apply_plan(item, by=by, agreed_on=on, **plan)
    late = " (late)" if on > item.acknowledge_by else ""
    item = _move(
        item,
        by=by,
        to=Status.ACKNOWLEDGED,
        action="acknowledged",
        description=f"Acknowledged on {on:%-d %B %Y}{late}",
    )
    if plan:
        record_event(
            item, by=by, action="plan", description=f"Handling plan agreed: {plan_in_words(item)}"
        )
    return item


@transaction.atomic
def complaint_start_investigation(*, item, by, expected_version=None) -> FeedbackItem:
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.ACKNOWLEDGED], "put under investigation")
    return _move(
        item,
        by=by,
        to=Status.UNDER_INVESTIGATION,
        action="investigating",
        description="Investigation started",
    )


@transaction.atomic
def complaint_record_draft(*, item, by, expected_version=None) -> FeedbackItem:
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.UNDER_INVESTIGATION], "marked as drafted")
    return _move(
        item, by=by, to=Status.RESPONSE_DRAFTED, action="drafted", description="Response drafted"
    )


@transaction.atomic
def complaint_record_findings(*, item, by, findings: str, expected_version=None) -> FeedbackItem:
    """What the investigation found, recorded by the CSC's manager or a PALS officer while the
    response is being worked on. Recording again replaces it; the timeline keeps each time."""
    item = lock_complaint(item, expected_version)
    require_status(
        item, [Status.UNDER_INVESTIGATION, Status.RESPONSE_DRAFTED], "given investigation findings"
    )
    findings = findings.strip()
    if not findings:
        raise ProcessError({"findings": "Enter what the investigation found"}, code="blank")
    if len(findings) > FINDINGS_MAX_LENGTH:
        raise ProcessError(
            {"findings": f"Findings must be {FINDINGS_MAX_LENGTH:,} characters or fewer"},
            code="too_long",
        )
    first = not item.investigation_findings
    item.investigation_findings = findings
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="findings",
        description="Investigation findings recorded"
        if first
        else "Investigation findings changed",
    )
    return item


def _check_every_issue_answered(item, doing: str) -> None:
    """A response answers each issue: one with an issue still without a finding is not ready.
    Complaints logged before issues were asked have none, and are not held up."""
    if not issues.current_issues(item).exists() or issues.findings_complete(item):
        return
    missing = ", ".join(
        str(number)
        for number in issues.current_issues(item)
        .filter(finding="")
        .values_list("number", flat=True)
    )
    raise ProcessError(
        f"The response cannot be {doing} yet: record a finding on every issue first "
        f"(no finding yet on issue {missing}).",
        code="findings_incomplete",
    )


@transaction.atomic
def complaint_submit_for_sign_off(*, item, by, expected_version=None) -> FeedbackItem:
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.RESPONSE_DRAFTED], "sent for sign-off")
    _check_every_issue_answered(item, "sent for sign-off")
    return _move(
        item,
        by=by,
        to=Status.AWAITING_SIGN_OFF,
        action="submitted",
        description="Response sent for sign-off",
    )


@transaction.atomic
def complaint_sign_off(*, item, by, expected_version=None) -> FeedbackItem:
    """Approve the drafted response. Who may do this is the rule feedback.sign_off_response."""
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.AWAITING_SIGN_OFF], "signed off")
    if item.signed_off_at:
        raise ProcessError("The response has already been signed off.", code="signed_off")
    _check_every_issue_answered(item, "signed off")
    item.signed_off_by = by
    item.signed_off_at = timezone.now()
    item.approved_response = _approve_latest_draft(item, by=by, at=item.signed_off_at)
    save_item(item, by=by)
    approved = item.approved_response
    record_event(
        item,
        by=by,
        action="signed_off",
        description=f"Response signed off by {by}"
        + (f", approving {approved.file_name}" if approved else ""),
    )
    return item


def _approve_latest_draft(item, *, by, at):
    """The latest current draft response is what sign-off approves (a version polished in Word
    and uploaded back); earlier current drafts are kept, marked superseded by it."""
    drafts = list(item.documents.current().filter(kind=DocumentKind.DRAFT_RESPONSE))
    if not drafts:
        return None
    approved, *earlier = drafts  # newest first
    for draft in earlier:
        draft.superseded_at, draft.superseded_by = at, by
        draft.superseded_reason = f"Replaced by {approved.file_name}, signed off"[:200]
        draft.save(update_fields=["superseded_at", "superseded_by", "superseded_reason"])
    return approved


@transaction.atomic
def complaint_return_for_changes(*, item, by, reason: str, expected_version=None):
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.AWAITING_SIGN_OFF], "returned for changes")
    reason = clean_reason(reason, blank="Enter what needs to change in the response")
    item.signed_off_by = None
    item.signed_off_at = None
    item.approved_response = None
    return _move(
        item,
        by=by,
        to=Status.RESPONSE_DRAFTED,
        action="returned",
        description=f"Response returned for changes: {reason}",
    )


@transaction.atomic
def complaint_record_outcome(
    *, item, by, outcome: str, reason: str = "", expected_version=None
) -> FeedbackItem:
    """Record the overall outcome. For a complaint with issues it derives from their findings:
    choosing another (or choosing before every issue has one) needs a reason, kept as the
    override; choosing the derived one clears it. A complaint without issues (logged before
    they were asked) records its outcome as before."""
    item = lock_complaint(item, expected_version)
    allowed = [
        Status.UNDER_INVESTIGATION,
        Status.RESPONSE_DRAFTED,
        Status.AWAITING_SIGN_OFF,
        Status.RESPONSE_SENT,
    ]
    require_status(item, allowed, "given an outcome")
    outcome = Outcome(outcome)
    description = f"Outcome: {outcome.label}"
    findings = list(issues.current_issues(item).values_list("finding", flat=True))
    if findings and item.status == Status.AWAITING_SIGN_OFF and item.signed_off_at:
        # Sign-off approved the response as the findings answer the issues, outcome and all.
        # (Complaints logged before issues were asked record it as they always did.)
        raise ProcessError(
            "The response has been signed off with this outcome: return it for changes to "
            "change the outcome.",
            code="signed_off",
        )
    if findings:
        description += _outcome_override(item, outcome, findings, reason.strip())
    item.outcome = outcome
    save_item(item, by=by)
    record_event(item, by=by, action="outcome", description=description)
    return item


def _outcome_override(item, outcome: Outcome, findings: list[str], reason: str) -> str:
    """Check and keep the reason for an outcome the findings do not give; the event's words."""
    derived = issues.derived_outcome(findings)
    if outcome == derived:
        item.outcome_override_reason = ""
        return " (derived from the findings)"
    given = (
        f"the findings give {Outcome(derived).label.lower()}"
        if derived
        else "not every issue has a finding yet"
    )
    if not reason:
        raise ProcessError(
            {
                "reason": ValidationError(
                    f"Enter why the outcome is {outcome.label.lower()}: {given}",
                    code="override_reason",
                )
            }
        )
    if len(reason) > issues.TEXT_MAX_LENGTH:
        raise ProcessError(
            {"reason": f"Reason must be {issues.TEXT_MAX_LENGTH:,} characters or fewer"},
            code="too_long",
        )
    item.outcome_override_reason = reason
    return f" (overriding the findings, as {given}): {reason}"


@transaction.atomic
def complaint_set_consent(*, item, by, consent: str, expected_version=None) -> FeedbackItem:
    item = lock_complaint(item, expected_version)
    require_status(item, OPEN_COMPLAINT_STATUSES, "given a consent status")
    item.consent = Consent(consent)
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="consent",
        description=f"Third-party consent: {item.get_consent_display()}",
    )
    return item


@transaction.atomic
def complaint_send_response(*, item, by, on: date, expected_version=None) -> FeedbackItem:
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.AWAITING_SIGN_OFF], "sent")
    if not item.signed_off_at:
        raise ProcessError("The response must be signed off before it is sent.", code="unsigned")
    if item.consent in (Consent.PENDING, Consent.REFUSED):
        raise ProcessError(
            f"The response cannot be sent while the patient's consent is "
            f"{item.get_consent_display().lower()}: it would share their information "
            "without consent.",
            code="consent",
        )
    if not item.outcome:
        raise ProcessError("Record the outcome before sending the response.", code="no_outcome")
    _check_date(on, item, "sent")
    item.response_sent_on = on
    # Answered: no more updates are due (reopening starts them again).
    item.next_update_due = None
    late = " (after the agreed date)" if item.respond_by and on > item.respond_by else ""
    return _move(
        item,
        by=by,
        to=Status.RESPONSE_SENT,
        action="sent",
        description=f"Response sent on {on:%-d %B %Y}{late}",
    )


@transaction.atomic
def complaint_close(*, item, by, expected_version=None) -> FeedbackItem:
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.RESPONSE_SENT], "closed")
    item.closed_on = timezone.localdate()
    return _move(item, by=by, to=Status.CLOSED, action="closed", description="Complaint closed")


@transaction.atomic
def complaint_reopen(*, item, by, reason: str, respond_by: date, expected_version=None):
    """The complainant is dissatisfied with the response: investigate again to a new date."""
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.RESPONSE_SENT, Status.CLOSED], "reopened")
    # Checked here, not only by the form: the reason is what the new investigation answers.
    reason = clean_reason(reason, blank="Enter what the complainant is dissatisfied with")
    if respond_by < timezone.localdate():
        raise ProcessError("The new response date must be today or later.", code="past_date")
    change_response_date(
        item, by=by, new_date=respond_by, reason=f"Reopened: {reason}", date_field="respond_by"
    )
    if item.plan_agreed_on:
        # Updates start again as agreed, counted from the day it is reopened.
        today = timezone.localdate()
        item.next_update_due = trust_calendar().add_working_days(today, item.update_every)
    item.reopened_count += 1
    item.signed_off_by = None
    item.signed_off_at = None
    item.approved_response = None  # the new response is approved afresh
    item.closed_on = None
    return _move(
        item,
        by=by,
        to=Status.UNDER_INVESTIGATION,
        action="reopened",
        description=f"Reopened (complainant dissatisfied): {reason}",
    )


@transaction.atomic
def complaint_withdraw(*, item, by, reason: str, expected_version=None) -> FeedbackItem:
    item = lock_complaint(item, expected_version)
    require_status(item, OPEN_COMPLAINT_STATUSES, "withdrawn")
    reason = clean_reason(reason, blank="Enter why the complaint is withdrawn")
    item.withdrawn_reason = reason
    item.closed_on = timezone.localdate()
    item.next_update_due = None
    return _move(
        item, by=by, to=Status.WITHDRAWN, action="withdrawn", description=f"Withdrawn: {reason}"
    )


@transaction.atomic
def complaint_refer_to_phso(*, item, by, on: date, expected_version=None) -> FeedbackItem:
    item = lock_complaint(item, expected_version)
    require_status(item, [Status.RESPONSE_SENT, Status.CLOSED], "referred to the PHSO")
    if item.phso_referred_on:
        raise ProcessError("This complaint has already been referred to the PHSO.", code="phso")
    _check_date(on, item, "referred")
    item.phso_referred_on = on
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="phso_referred",
        description=f"Referred to the Parliamentary and Health Service Ombudsman on {on:%-d %B %Y}",
    )
    return item


@transaction.atomic
def complaint_record_phso_outcome(*, item, by, outcome: str, expected_version=None):
    item = lock_complaint(item, expected_version)
    if not item.phso_referred_on:
        raise ProcessError("Record the PHSO referral first.", code="no_phso")
    # The Ombudsman looks at a complaint once local resolution is over: a referred complaint
    # reopened here (the PHSO may ask for more local work) is answered again before its outcome.
    require_status(item, [Status.RESPONSE_SENT, Status.CLOSED], "given a PHSO outcome")
    item.phso_outcome = PhsoOutcome(outcome)
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="phso_outcome",
        description=f"PHSO outcome: {item.get_phso_outcome_display()}",
    )
    return item


AGREED_WORDS = {True: " (agreed with them)", False: " (not agreed with them)", None: ""}


@transaction.atomic
def complaint_change_deadline(
    *,
    item,
    by,
    new_date: date,
    reason: str,
    person_agreed: bool | None = None,
    expected_version=None,
):
    """A new response date; each change keeps who, when, why and whether the person agreed it
    (None: not asked, as for imports)."""
    item = lock_complaint(item, expected_version)
    require_status(item, OPEN_COMPLAINT_STATUSES, "given a new response date")
    reason = reason.strip()
    check_length("reason", "Reason", reason, REASON_MAX_LENGTH)
    previous = item.respond_by or item.received_on
    change_response_date(item, by=by, new_date=new_date, reason=reason, person_agreed=person_agreed)
    if item.next_update_due:
        # They must be told of the new date in the way agreed, in writing too if they agreed
        # it by phone: an update is due by the next working day, unless one is due sooner.
        tomorrow = trust_calendar().add_working_days(timezone.localdate(), 1)
        item.next_update_due = min(item.next_update_due, tomorrow)
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="deadline",
        description=f"Response date changed from {previous:%-d %B %Y} to "
        f"{new_date:%-d %B %Y}{AGREED_WORDS[person_agreed]}: {reason}",
    )
    return item
