"""Complaint deadlines, all from the one working-day calendar."""

from datetime import date

from django.core.exceptions import ValidationError

from careprog.working_days import WorkingDayCalendar, trust_calendar
from feedback.models import DeadlineChange
from feedback.services.base import ProcessError

ACKNOWLEDGEMENT_WORKING_DAYS = 3
DUE_SOON_WORKING_DAYS = 5


def acknowledgement_due(received_on: date, calendar: WorkingDayCalendar | None = None) -> date:
    calendar = calendar or trust_calendar()
    return calendar.add_working_days(received_on, ACKNOWLEDGEMENT_WORKING_DAYS)


def response_due(received_on: date, working_days: int, calendar=None) -> date:
    calendar = calendar or trust_calendar()
    return calendar.add_working_days(received_on, working_days)


def due_soon_horizon(today: date, calendar=None) -> date:
    """The last date that counts as "due within 5 working days" of today."""
    calendar = calendar or trust_calendar()
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)


def change_response_date(
    item,
    *,
    by,
    new_date: date,
    reason: str,
    person_agreed: bool | None = None,
    date_field: str = "new_date",
    reason_field: str = "reason",
) -> None:
    """Move the agreed response date, keeping who, when, why and whether the person agreed.
    The one way the date changes (a deadline change, a reopening, a handling plan); the caller
    saves the item. Errors are keyed by the caller's form fields, so they stand beside them.
    Each caller checks its reason's length (base.REASON_MAX_LENGTH) before adding its words."""
    if not reason.strip():
        raise ProcessError(
            {
                reason_field: ValidationError(
                    "Give the reason the response date is changing.", code="reason"
                )
            }
        )
    if new_date < item.received_on:
        raise ProcessError(
            {
                date_field: ValidationError(
                    f"The agreed response date must be on or after the date received "
                    f"({item.received_on:%-d %B %Y}).",
                    code="before_received",
                )
            }
        )
    DeadlineChange.objects.create(
        item=item,
        previous_date=item.respond_by or item.received_on,
        new_date=new_date,
        reason=reason,
        person_agreed=person_agreed,
        changed_by=by,
    )
    item.respond_by = new_date
