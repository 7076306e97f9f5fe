"""PALS contacts: resolved informally, or escalated into a formal complaint."""

from datetime import date

from django.db import transaction

from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.services.base import (
    ProcessError,
    check_length,
    lock_item,
    record_event,
    require_status,
    save_item,
)
from feedback.services.items import feedback_log

# As much as resolving early allows for what was done (early_resolution.TEXT_MAX_LENGTH).
RESOLUTION_MAX_LENGTH = 5_000
# Details a complaint escalated from a PALS contact starts with.
CARRIED_OVER = [
    "channel",
    "raised_by",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_address",
    "patient_name",
    "patient_date_of_birth",
    "nhs_number",
    "hospital_number",
    "age_band",
    "complainant_status",
    "csc",
    "department",
    "summary",
    "description",
    "service_area",
    "event_on",
]


def _pals(item, expected_version) -> FeedbackItem:
    item = lock_item(item, expected_version)
    if item.kind != Kind.PALS:
        raise ProcessError(f"{item.reference} is not a PALS contact.", code="not_pals")
    return item


@transaction.atomic
def pals_resolve(*, item, by, resolution: str, expected_version=None) -> FeedbackItem:
    item = _pals(item, expected_version)
    require_status(item, [Status.OPEN], "resolved")
    if not resolution.strip():
        raise ProcessError("Say how the contact was resolved.", code="resolution")
    resolution = resolution.strip()
    check_length("resolution", "How it was resolved", resolution, RESOLUTION_MAX_LENGTH)
    item.resolution = resolution
    item.status = Status.RESOLVED
    save_item(item, by=by)
    record_event(item, by=by, action="resolved", description=f"Resolved: {resolution}")
    return item


@transaction.atomic
def pals_escalate(*, item, by, received_on: date, tier, severity: str, expected_version=None):
    """Turn a PALS contact into a formal complaint; both keep their references and are linked."""
    item = _pals(item, expected_version)
    require_status(item, [Status.OPEN], "escalated")
    if item.raised_by == "anonymous":
        raise ProcessError(
            "An anonymous PALS contact cannot become a formal complaint: a complaint needs "
            "someone to respond to. Record who is complaining first.",
            code="anonymous",
        )
    details = {name: getattr(item, name) for name in CARRIED_OVER}
    details.update(received_on=received_on, tier=tier, severity=severity, escalated_from=item)
    for name in ("subjects", "professions", "standards", "behaviours", "staff_named"):
        details[name] = list(getattr(item, name).all())
    complaint = feedback_log(by=by, kind=Kind.COMPLAINT, details=details)
    item.status = Status.ESCALATED
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="escalated",
        description=f"Escalated to formal complaint {complaint.reference}",
    )
    record_event(
        complaint,
        by=by,
        action="escalated_from",
        description=f"Escalated from PALS contact {item.reference}",
    )
    return complaint
