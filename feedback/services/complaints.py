"""The statutory complaints process: each action is a service that moves the status."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from feedback.models import DeadlineChange, FeedbackItem
from feedback.models.choices import (
    OPEN_COMPLAINT_STATUSES,
    Consent,
    Kind,
    Outcome,
    PhsoOutcome,
    Status,
)
from feedback.services.base import (
    ProcessError,
    lock_item,
    record_event,
    require_status,
    save_item,
)

# Long enough for a full account; a limit, so a pasted document does not fill the row.
FINDINGS_MAX_LENGTH = 20_000


def _complaint(item: FeedbackItem, expected_version: int | None) -> FeedbackItem:
    item = lock_item(item, expected_version)
    if item.kind != Kind.COMPLAINT:
        raise ProcessError(f"{item.reference} is not a formal complaint.", code="not_complaint")
    return item


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
    item = _complaint(item, expected_version)
    if not item.is_late:
        raise ProcessError(
            "This complaint was made within 12 months of the event.", code="not_late"
        )
    require_status(item, [Status.RECEIVED], "given a decision on lateness")
    if not reason.strip():
        raise ProcessError("Give the reason for the decision.", code="reason_required")
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
def complaint_acknowledge(*, item, by, on: date, expected_version=None) -> FeedbackItem:
    item = _complaint(item, expected_version)
    require_status(item, [Status.RECEIVED], "acknowledged")
    if item.is_late and item.late_decision != "accepted":
        raise ProcessError(
            "This complaint was made more than 12 months after the event: record a decision "
            "to accept it before acknowledging it.",
            code="late_undecided",
        )
    _check_date(on, item, "acknowledged")
    item.acknowledged_on = on
    late = " (late)" if on > item.acknowledge_by else ""
    return _move(
        item,
        by=by,
        to=Status.ACKNOWLEDGED,
        action="acknowledged",
        description=f"Acknowledged on {on:%-d %B %Y}{late}",
    )


@transaction.atomic
def complaint_start_investigation(*, item, by, expected_version=None) -> FeedbackItem:
    item = _complaint(item, expected_version)
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
    item = _complaint(item, expected_version)
    require_status(item, [Status.UNDER_INVESTIGATION], "marked as drafted")
    return _move(
        item, by=by, to=Status.RESPONSE_DRAFTED, action="drafted", description="Response drafted"
    )


@transaction.atomic
def complaint_record_findings(*, item, by, findings: str, expected_version=None) -> FeedbackItem:
    """What the investigation found, recorded by the CSC's manager or a PALS officer while the
    response is being worked on. Recording again replaces it; the timeline keeps each time."""
    item = _complaint(item, expected_version)
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


@transaction.atomic
def complaint_submit_for_sign_off(*, item, by, expected_version=None) -> FeedbackItem:
    item = _complaint(item, expected_version)
    require_status(item, [Status.RESPONSE_DRAFTED], "sent for sign-off")
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
    item = _complaint(item, expected_version)
    require_status(item, [Status.AWAITING_SIGN_OFF], "signed off")
    if item.signed_off_at:
        raise ProcessError("The response has already been signed off.", code="signed_off")
    item.signed_off_by = by
    item.signed_off_at = timezone.now()
    save_item(item, by=by)
    record_event(item, by=by, action="signed_off", description=f"Response signed off by {by}")
    return item


@transaction.atomic
def complaint_return_for_changes(*, item, by, reason: str, expected_version=None):
    item = _complaint(item, expected_version)
    require_status(item, [Status.AWAITING_SIGN_OFF], "returned for changes")
    item.signed_off_by = None
    item.signed_off_at = None
    return _move(
        item,
        by=by,
        to=Status.RESPONSE_DRAFTED,
        action="returned",
        description=f"Response returned for changes: {reason}",
    )


@transaction.atomic
def complaint_record_outcome(*, item, by, outcome: str, expected_version=None) -> FeedbackItem:
    item = _complaint(item, expected_version)
    allowed = [
        Status.UNDER_INVESTIGATION,
        Status.RESPONSE_DRAFTED,
        Status.AWAITING_SIGN_OFF,
        Status.RESPONSE_SENT,
    ]
    require_status(item, allowed, "given an outcome")
    item.outcome = Outcome(outcome)
    save_item(item, by=by)
    record_event(
        item, by=by, action="outcome", description=f"Outcome: {item.get_outcome_display()}"
    )
    return item


@transaction.atomic
def complaint_set_consent(*, item, by, consent: str, expected_version=None) -> FeedbackItem:
    item = _complaint(item, expected_version)
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
    item = _complaint(item, expected_version)
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
    item = _complaint(item, expected_version)
    require_status(item, [Status.RESPONSE_SENT], "closed")
    item.closed_on = timezone.localdate()
    return _move(item, by=by, to=Status.CLOSED, action="closed", description="Complaint closed")


@transaction.atomic
def complaint_reopen(*, item, by, reason: str, respond_by: date, expected_version=None):
    """The complainant is dissatisfied with the response: investigate again to a new date."""
    item = _complaint(item, expected_version)
    require_status(item, [Status.RESPONSE_SENT, Status.CLOSED], "reopened")
    if respond_by < timezone.localdate():
        raise ProcessError("The new response date must be today or later.", code="past_date")
    _change_deadline(item, by=by, new_date=respond_by, reason=f"Reopened: {reason}")
    item.reopened_count += 1
    item.signed_off_by = None
    item.signed_off_at = None
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
    item = _complaint(item, expected_version)
    require_status(item, OPEN_COMPLAINT_STATUSES, "withdrawn")
    item.withdrawn_reason = reason
    item.closed_on = timezone.localdate()
    return _move(
        item, by=by, to=Status.WITHDRAWN, action="withdrawn", description=f"Withdrawn: {reason}"
    )


@transaction.atomic
def complaint_refer_to_phso(*, item, by, on: date, expected_version=None) -> FeedbackItem:
    item = _complaint(item, expected_version)
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
    item = _complaint(item, expected_version)
    if not item.phso_referred_on:
        raise ProcessError("Record the PHSO referral first.", code="no_phso")
    item.phso_outcome = PhsoOutcome(outcome)
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="phso_outcome",
        description=f"PHSO outcome: {item.get_phso_outcome_display()}",
    )
    return item


def _change_deadline(item, *, by, new_date: date, reason: str) -> None:
    if not reason.strip():
        raise ProcessError("Give the reason the response date is changing.", code="reason")
    if new_date < item.received_on:
        raise ProcessError(
            f"The agreed response date must be on or after the date received "
            f"({item.received_on:%-d %B %Y}).",
            code="before_received",
        )
    previous = item.respond_by or item.received_on
    DeadlineChange.objects.create(
        item=item, previous_date=previous, new_date=new_date, reason=reason, changed_by=by
    )
    item.respond_by = new_date


@transaction.atomic
def complaint_change_deadline(*, item, by, new_date: date, reason: str, expected_version=None):
    """Agree a new response date with the complainant; each change keeps who, when and why."""
    item = _complaint(item, expected_version)
    require_status(item, OPEN_COMPLAINT_STATUSES, "given a new response date")
    previous = item.respond_by or item.received_on
    _change_deadline(item, by=by, new_date=new_date, reason=reason)
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="deadline",
        description=f"Response date changed from {previous:%-d %B %Y} to "
        f"{new_date:%-d %B %Y}: {reason}",
    )
    return item
