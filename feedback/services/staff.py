"""Staff a complaint is about (NHS Complaint Standards): told early, able to comment, offered
support, told the outcome. Each write locks the item, so two people editing at once cannot
overwrite each other, and the timeline records that something changed, never what: the
timeline is read by people who may not see this block."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from careprog.audit import save_audited
from feedback.models import StaffInvolvement
from feedback.models.choices import Status
from feedback.services.base import ProcessError, lock_complaint, record_event, save_item

# The outcome can be told once the person has had the response.
ANSWERED = (Status.RESPONSE_SENT, Status.CLOSED)
TEXT_MAX_LENGTH = 5_000


def _check_dates(item, *, told_on: date | None, told_outcome_on: date | None) -> None:
    today = timezone.localdate()
    errors = {}
    for field, value, what in (
        ("told_on", told_on, "Date told about the complaint"),
        ("told_outcome_on", told_outcome_on, "Date told the outcome"),
    ):
        if value and value > today:
            errors[field] = f"{what} must be today or in the past"
        elif value and value < item.received_on:
            errors[field] = (
                f"{what} must be on or after the date the complaint was received "
                f"({item.received_on:%-d %B %Y})"
            )
    if told_outcome_on and "told_outcome_on" not in errors:
        if item.status not in ANSWERED:
            errors["told_outcome_on"] = (
                "The outcome can be recorded as told once the response has been sent"
            )
        elif not told_on:
            errors["told_outcome_on"] = "Enter the date they were told about the complaint first"
        elif told_outcome_on < told_on:
            errors["told_outcome_on"] = (
                "Date told the outcome must be on or after the date told about the complaint"
            )
        elif item.response_sent_on and told_outcome_on < item.response_sent_on:
            errors["told_outcome_on"] = (
                "Date told the outcome must be on or after the response was sent "
                f"({item.response_sent_on:%-d %B %Y})"
            )
    if errors:
        raise ProcessError(errors, code="date")


def _check_text(**fields) -> None:
    errors = {
        name: f"Must be {TEXT_MAX_LENGTH:,} characters or fewer"
        for name, value in fields.items()
        if len(value) > TEXT_MAX_LENGTH
    }
    if errors:
        raise ProcessError(errors, code="too_long")


@transaction.atomic
def staff_involvement_add(
    *, item, by, staff, told_on=None, support_offered: str = "", expected_version=None
) -> StaffInvolvement:
    item = lock_complaint(item, expected_version)
    if item.staff_involved.filter(staff=staff).exists():
        raise ProcessError(
            {"staff": f"{staff.name} is already listed as involved in this complaint"},
            code="duplicate",
        )
    _check_dates(item, told_on=told_on, told_outcome_on=None)
    _check_text(support_offered=support_offered)
    involvement = StaffInvolvement(
        item=item, staff=staff, told_on=told_on, support_offered=support_offered.strip()
    )
    save_audited(involvement, by=by)
    save_item(item, by=by)
    record_event(item, by=by, action="staff_involved", description="Staff involved: person added")
    return involvement


@transaction.atomic
def staff_involvement_update(
    *,
    involvement,
    by,
    told_on,
    comments: str,
    support_offered: str,
    told_outcome_on,
    expected_version=None,
) -> StaffInvolvement:
    item = lock_complaint(involvement.item, expected_version)
    involvement = StaffInvolvement.objects.select_for_update().get(pk=involvement.pk)
    _check_dates(item, told_on=told_on, told_outcome_on=told_outcome_on)
    _check_text(comments=comments, support_offered=support_offered)
    involvement.told_on = told_on
    involvement.comments = comments.strip()
    involvement.support_offered = support_offered.strip()
    involvement.told_outcome_on = told_outcome_on
    save_audited(involvement, by=by)
    save_item(item, by=by)
    record_event(
        item, by=by, action="staff_involved", description="Staff involved: details updated"
    )
    return involvement


def staff_involvement_viewed(*, item, by) -> None:
    """Every view of the block is recorded: it holds what staff said about a complaint."""
    record_event(item, by=by, action="staff_viewed", description="Staff involved viewed")
