"""Clarifying a complaint (NHS Complaint Standards): the issues it raises, the impact on the
person and the outcome they want; then a finding on each issue, from which the complaint's
overall outcome is derived."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from careprog.audit import save_audited
from feedback.models import ComplaintIssue, FeedbackItem, Finding
from feedback.models.choices import OPEN_COMPLAINT_STATUSES, Kind, Outcome, Status
from feedback.services.base import (
    ProcessError,
    field_error,
    lock_complaint,
    lock_item,
    record_event,
    require_status,
    save_item,
)

# Room for a paragraph in the person's own words; a whole letter belongs in the documents.
ISSUE_MAX_LENGTH = 2_000
# Impact, outcome sought, and a finding's explanation and what will change.
TEXT_MAX_LENGTH = 5_000
# The same statuses as complaint_record_findings: the CSC investigates, then drafts from them.
FINDING_STATUSES = (Status.UNDER_INVESTIGATION, Status.RESPONSE_DRAFTED)


# Reads other parts use (the final response letter, the item's page).
def current_issues(item: FeedbackItem):
    """The issues still to be answered (not withdrawn), in number order."""
    return ComplaintIssue.objects.filter(item=item, withdrawn=False).order_by("number")


def findings_complete(item: FeedbackItem) -> bool:
    """Whether the complaint has issues and every one still to be answered has a finding. A
    complaint without issues is not complete: there is nothing for a response to answer."""
    findings = list(current_issues(item).values_list("finding", flat=True))
    return bool(findings) and all(findings)


def derived_outcome(findings: Iterable[str]) -> str | None:
    """The overall outcome the issues' findings give: all upheld, upheld; none upheld even in
    part, not upheld; otherwise partially upheld. None until every issue has a finding."""
    findings = list(findings)
    if not findings or not all(findings):
        return None
    if all(f == Finding.UPHELD for f in findings):
        return Outcome.UPHELD
    if all(f == Finding.NOT_UPHELD for f in findings):
        return Outcome.NOT_UPHELD
    return Outcome.PARTIALLY_UPHELD


def _check_not_signed_off(item: FeedbackItem) -> None:
    # Sign-off approves the response as it answers these issues, and the final response is
    # printed from them: a change afterwards would send the person an answer nobody approved.
    # Returning the response for changes clears the sign-off and opens them again.
    if item.signed_off_at:
        raise ProcessError(
            "The response has been signed off, so its issues can no longer change: ask for it "
            "to be returned for changes first.",
            code="signed_off",
        )


def _clean_description(description: str) -> str:
    description = description.strip()
    if not description:
        raise field_error("description", "Enter what happened", "blank")
    if len(description) > ISSUE_MAX_LENGTH:
        raise field_error(
            "description", f"Issue must be {ISSUE_MAX_LENGTH:,} characters or fewer", "too_long"
        )
    return description


def _check_length(field: str, label: str, text: str) -> None:
    if len(text) > TEXT_MAX_LENGTH:
        raise field_error(
            field, f"{label} must be {TEXT_MAX_LENGTH:,} characters or fewer", "too_long"
        )


def _touch(item: FeedbackItem, *, by) -> None:
    # Every change to the issues is a change to the complaint: its version moves on, so a page
    # opened before it (another issue form, the outcome) is refused rather than applied blind.
    save_item(item, by=by)


def issues_log(*, item: FeedbackItem, by, descriptions: Iterable[str]) -> list[ComplaintIssue]:
    """The issues given when a complaint is logged, numbered from 1; blank lines are skipped.
    Called inside feedback_log's transaction, on the item it has just made."""
    lines = [line.strip() for line in descriptions if line.strip()]
    if lines and item.kind != Kind.COMPLAINT:
        raise ProcessError("Only formal complaints have issues to answer.", code="not_complaint")
    issues = []
    for number, line in enumerate(lines, start=1):
        issue = ComplaintIssue(item=item, number=number, description=_clean_description(line))
        issues.append(save_audited(issue, by=by))
    if issues:
        record_event(
            item,
            by=by,
            action="issues",
            description=f"{len(issues)} issue{'s' if len(issues) != 1 else ''} to answer recorded",
        )
    return issues


@transaction.atomic
def issue_add(*, item, by, description: str, expected_version=None) -> ComplaintIssue:
    item = lock_complaint(
        item, expected_version, statuses=OPEN_COMPLAINT_STATUSES, action="given another issue"
    )
    _check_not_signed_off(item)
    description = _clean_description(description)
    # Numbers are never reused: a withdrawn issue keeps its number in the history.
    last = item.issues.aggregate(last=Max("number"))["last"] or 0
    issue = save_audited(ComplaintIssue(item=item, number=last + 1, description=description), by=by)
    if item.outcome and not item.outcome_override_reason:
        # The outcome followed from the findings; the new issue has none yet, so it no longer
        # does: it is worked out again once this one has its finding.
        item.outcome = ""
        record_event(
            item,
            by=by,
            action="outcome",
            description="Outcome to be worked out again: a new issue has no finding yet",
        )
    _touch(item, by=by)
    record_event(
        item, by=by, action="issue_added", description=f"Issue {issue.number} added: {description}"
    )
    return issue


def _issue_of(issue: ComplaintIssue, expected_version, action: str):
    item = lock_complaint(
        issue.item, expected_version, statuses=OPEN_COMPLAINT_STATUSES, action=action
    )
    _check_not_signed_off(item)
    issue = ComplaintIssue.objects.get(pk=issue.pk)
    if issue.withdrawn:
        raise ProcessError(f"Issue {issue.number} has been withdrawn.", code="withdrawn")
    return item, issue


@transaction.atomic
def issue_change(*, issue, by, description: str, expected_version=None) -> ComplaintIssue:
    """Reword an issue. Allowed after a finding too (a clearer wording of the same question);
    the timeline keeps both wordings."""
    item, issue = _issue_of(issue, expected_version, "given a changed issue")
    description = _clean_description(description)
    if description == issue.description:
        return issue
    before = issue.description
    issue.description = description
    save_audited(issue, by=by, update_fields=["description"])
    _touch(item, by=by)
    record_event(
        item,
        by=by,
        action="issue_changed",
        description=f"Issue {issue.number} changed from “{before}” to “{description}”",
    )
    return issue


@transaction.atomic
def issue_withdraw(*, issue, by, reason: str, expected_version=None) -> ComplaintIssue:
    """Withdraw an issue raised in error or dropped by the person; it is kept, never deleted.

    Refused once the issue has a finding: the finding is part of the answer the investigation
    gave, and withdrawing it would silently drop it from the response and change the derived
    outcome. The manager records a different finding instead."""
    item, issue = _issue_of(issue, expected_version, "given a withdrawn issue")
    reason = reason.strip()
    if not reason:
        raise field_error("reason", "Enter why the issue is withdrawn", "blank")
    _check_length("reason", "Reason", reason)
    if issue.finding:
        raise ProcessError(
            f"Issue {issue.number} has a finding, so it cannot be withdrawn: record a different "
            "finding instead.",
            code="has_finding",
        )
    issue.withdrawn = True
    save_audited(issue, by=by, update_fields=["withdrawn"])
    record_event(
        item,
        by=by,
        action="issue_withdrawn",
        description=f"Issue {issue.number} withdrawn: {reason}",
    )
    # The issues left may now all have findings.
    _derive_outcome(item, by=by)
    _touch(item, by=by)
    return issue


@transaction.atomic
def complaint_clarify(
    *, item, by, impact: str, outcome_sought: str, expected_version=None
) -> FeedbackItem:
    """Record the impact on the person and the outcome they want, in their words."""
    item = lock_complaint(
        item, expected_version, statuses=OPEN_COMPLAINT_STATUSES, action="clarified"
    )
    impact, outcome_sought = impact.strip(), outcome_sought.strip()
    _check_length("impact", "Impact", impact)
    _check_length("outcome_sought", "Outcome they want", outcome_sought)
    changed = [
        label
        for label, before, after in (
            ("impact on the person", item.impact, impact),
            ("outcome they want", item.outcome_sought, outcome_sought),
        )
        if before != after
    ]
    if not changed:
        return item
    item.impact, item.outcome_sought = impact, outcome_sought
    save_item(item, by=by)
    record_event(
        item, by=by, action="clarified", description=f"Complaint clarified: {' and '.join(changed)}"
    )
    return item


@transaction.atomic
def issue_record_finding(
    *,
    issue,
    by,
    finding: str,
    explanation: str,
    what_will_change: str = "",
    expected_version=None,
) -> ComplaintIssue:
    """The investigation's finding on one issue. Once every issue has one, the complaint's
    outcome follows from them, unless it has been overridden with a reason."""
    item = lock_item(issue.item, expected_version)
    if item.kind != Kind.COMPLAINT:
        raise ProcessError(f"{item.reference} is not a formal complaint.", code="not_complaint")
    require_status(item, FINDING_STATUSES, "given findings on its issues")
    issue = ComplaintIssue.objects.get(pk=issue.pk)
    if issue.withdrawn:
        raise ProcessError(f"Issue {issue.number} has been withdrawn.", code="withdrawn")
    if finding not in Finding.values:
        raise field_error("finding", "Select whether the issue is upheld", "finding")
    explanation, what_will_change = explanation.strip(), what_will_change.strip()
    if not explanation:
        raise field_error("explanation", "Enter why, in a few sentences", "blank")
    _check_length("explanation", "Explanation", explanation)
    _check_length("what_will_change", "What will change", what_will_change)
    first = not issue.finding
    issue.finding, issue.explanation = finding, explanation
    issue.what_will_change = what_will_change
    save_audited(issue, by=by, update_fields=["finding", "explanation", "what_will_change"])
    record_event(
        item,
        by=by,
        action="issue_finding",
        description=f"Finding on issue {issue.number} {'recorded' if first else 'changed'}: "
        f"{issue.get_finding_display()}. {explanation}",
    )
    _derive_outcome(item, by=by)
    _touch(item, by=by)
    return issue


def _derive_outcome(item: FeedbackItem, *, by) -> None:
    """Set the outcome the findings give, once every issue has one. An override stays unless
    the findings now give the same outcome, when it is no longer an override."""
    derived = derived_outcome(current_issues(item).values_list("finding", flat=True))
    if derived is None:
        return
    if item.outcome == derived:
        item.outcome_override_reason = ""  # the findings now agree: no longer an override
        return
    if item.outcome_override_reason:
        return
    item.outcome = derived
    record_event(
        item,
        by=by,
        action="outcome",
        description=f"Outcome: {item.get_outcome_display()} (derived from the findings)",
    )
