"""Logging a new item and editing its details."""

from collections.abc import Sequence

from django.db import transaction

from careprog.working_days import trust_calendar
from feedback.models import FeedbackItem
from feedback.models.choices import (
    COMPLAINANT_STATUS_BY_RAISER,
    INITIAL_STATUS,
    AgeBand,
    ComplainantStatus,
    Kind,
    age_band_on,
)
from feedback.services.base import lock_item, record_event, save_item
from feedback.services.deadlines import acknowledgement_due, response_due
from feedback.services.handlers import check_case_handler, default_case_handler
from feedback.services.issues import issues_log
from feedback.services.references import reference_allocate

MANY_TO_MANY = ("subjects", "professions", "standards", "behaviours", "staff_named")


def split_details(details: dict) -> tuple[dict, dict]:
    fields = {k: v for k, v in details.items() if k not in MANY_TO_MANY}
    many = {k: v for k, v in details.items() if k in MANY_TO_MANY}
    return fields, many


def set_complaint_deadlines(item: FeedbackItem, *, calendar=None) -> None:
    """Acknowledgement from receipt; response from receipt and the tier's working days."""
    calendar = calendar or trust_calendar()
    if item.kind != Kind.COMPLAINT:
        item.acknowledge_by = item.respond_by = None
        return
    item.acknowledge_by = acknowledgement_due(item.received_on, calendar)
    if item.tier_id:
        item.respond_by = response_due(item.received_on, item.tier.working_days, calendar)


def fill_in_derived_details(item: FeedbackItem) -> None:
    """What follows from other answers, where the officer left it unknown: the KO41a age band
    from the date of birth (on the day it was received), and the complainant status from who
    raised it. An answer the officer gave is never overwritten."""
    if item.patient_date_of_birth and item.age_band in ("", AgeBand.UNKNOWN) and item.received_on:
        item.age_band = age_band_on(item.patient_date_of_birth, item.received_on)
    if item.complainant_status in ("", ComplainantStatus.UNKNOWN):
        item.complainant_status = COMPLAINANT_STATUS_BY_RAISER.get(
            item.raised_by, ComplainantStatus.UNKNOWN
        )


@transaction.atomic
def feedback_log(
    *, by, kind: str, details: dict, reference: str | None = None, issues: Sequence[str] = ()
) -> FeedbackItem:
    """Log a new item of any kind; complaints get their deadlines at once, and the issues to
    answer given with them (one ComplaintIssue each, in the same transaction)."""
    fields, many = split_details(details)
    item = FeedbackItem(kind=kind, status=INITIAL_STATUS[kind], created_by=by, **fields)
    if item.case_handler_id is None:
        item.case_handler = default_case_handler(item, by)
    check_case_handler(item, item.case_handler)
    fill_in_derived_details(item)
    set_complaint_deadlines(item)
    # Validate before taking a reference number, so a refused item uses none up.
    item.full_clean(exclude=["reference"])
    item.reference = reference or reference_allocate(kind=kind, year=item.received_on.year)
    item.updated_by = by
    item._history_user = by
    item.save()
    for name, values in many.items():
        getattr(item, name).set(values)
    record_event(item, by=by, action="logged", description=f"{item.get_kind_display()} logged")
    issues_log(item=item, by=by, descriptions=issues)
    return item


@transaction.atomic
def feedback_update(
    *, item: FeedbackItem, by, details: dict, expected_version: int
) -> FeedbackItem:
    """Edit an item's details. Refused if someone else saved it since the form was opened."""
    item = lock_item(item, expected_version)
    fields, many = split_details(details)
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, fields[name])
    if {"received_on", "tier"} & set(changed) and item.kind == Kind.COMPLAINT:
        recalculate_unagreed_deadlines(item)
    save_item(item, by=by)
    for name, values in many.items():
        relation = getattr(item, name)
        if set(relation.values_list("pk", flat=True)) != {v.pk for v in values}:
            relation.set(values)
            changed.append(name)
    if changed:
        labels = ", ".join(str(FeedbackItem._meta.get_field(name).verbose_name) for name in changed)
        record_event(item, by=by, action="edited", description=f"Details changed: {labels}")
    return item


def recalculate_unagreed_deadlines(item: FeedbackItem) -> None:
    """After the receipt date or tier changes: the deadlines that nobody has agreed otherwise."""
    calendar = trust_calendar()
    if item.acknowledged_on is None:
        item.acknowledge_by = acknowledgement_due(item.received_on, calendar)
    if item.tier_id and not item.deadline_changes.exists():
        item.respond_by = response_due(item.received_on, item.tier.working_days, calendar)
