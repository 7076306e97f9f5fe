"""The handling plan agreed with the person who complained (NHS Complaint Standards): how they
want to be contacted and the adjustments they need, who writes the response, the agreed
response date, how often they are updated; and each update given as agreed."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from careprog.audit import save_audited
from careprog.working_days import trust_calendar
from feedback.models import ComplaintUpdate, ContactMethod, FeedbackItem
from feedback.models.choices import PLANNED_STATUSES
from feedback.services.base import (
    REASON_MAX_LENGTH,
    ProcessError,
    check_length,
    field_error,
    lock_complaint,
    record_event,
    save_item,
)
from feedback.services.deadlines import change_response_date
from feedback.services.handlers import can_handle

NOTE_MAX_LENGTH = ComplaintUpdate._meta.get_field("note").max_length


def _date_errors(value: date, item: FeedbackItem, field: str, what: str) -> dict:
    if value > timezone.localdate():
        return {field: ValidationError(f"{what} must be today or in the past.", code="future")}
    if value < item.received_on:
        return {
            field: ValidationError(
                f"{what} must be on or after the date received ({item.received_on:%-d %B %Y}).",
                code="before_received",
            )
        }
    return {}


def _check_contact(item: FeedbackItem, preference: str) -> None:
    if preference not in ContactMethod.values:
        raise field_error("contact_preference", "Select how they want to be contacted", "required")
    if preference == ContactMethod.EMAIL and not item.contact_email:
        raise field_error(
            "contact_preference",
            "There is no contact email for them, so an email would not reach them: add their "
            "email address to the complaint's details first, or choose another way.",
            "no_email",
        )
    if preference == ContactMethod.LETTER and not item.contact_address.strip():
        raise field_error(
            "contact_preference",
            "There is no postal address for them, so a letter would not reach them: add their "
            "address to the complaint's details first, or choose another way.",
            "no_address",
        )


def _check_interval(update_every) -> None:
    most = settings.UPDATE_EVERY_MAX
    if update_every is None or not 1 <= update_every <= most:
        raise field_error(
            "update_every",
            f"How often they are updated must be between 1 and {most} working days",
            "interval",
        )


def apply_plan(
    item: FeedbackItem,
    *,
    by,
    agreed_on: date,
    contact_preference: str,
    update_every: int,
    large_print: bool = False,
    interpreter_language: str = "",
    advocate: str = "",
    other_adjustments: str = "",
    response_writer=None,
    respond_by: date | None = None,
    date_change_reason: str = "",
) -> None:
    """Check a plan and set it on the locked item, the first update due ``update_every``
    working days after it was agreed. The caller saves the item and records the event."""
    _check_contact(item, contact_preference)
    _check_interval(update_every)
    if response_writer is not None and not can_handle(response_writer, item):
        raise field_error(
            "response_writer",
            f"{response_writer} cannot write this response: choose a PALS officer or a manager "
            f"of {item.csc.name}.",
            "not_a_writer",
        )
    if respond_by is not None and respond_by != item.respond_by:
        check_length("date_change_reason", "Reason", date_change_reason.strip(), REASON_MAX_LENGTH)
        # The plan is agreed with the person, so they agreed the new date.
        change_response_date(
            item,
            by=by,
            new_date=respond_by,
            reason=date_change_reason,
            person_agreed=True,
            date_field="respond_by",
            reason_field="date_change_reason",
        )
    item.contact_preference = contact_preference
    item.large_print = large_print
    item.interpreter_language = interpreter_language.strip()
    item.advocate = advocate.strip()
    item.other_adjustments = other_adjustments.strip()
    item.response_writer = response_writer
    item.update_every = update_every
    item.plan_agreed_on = agreed_on
    item.next_update_due = trust_calendar().add_working_days(agreed_on, update_every)


def plan_in_words(item: FeedbackItem) -> str:
    """The plan as the timeline records it."""
    words = [f"contact by {item.get_contact_preference_display().lower()}"]
    if item.adjustments:
        words.append(f"adjustments: {', '.join(item.adjustments)}")
    if item.response_writer:
        words.append(f"response written by {item.response_writer}")
    words.append(
        f"updated every {item.update_every} working days, the next update by "
        f"{item.next_update_due:%-d %B %Y}"
    )
    return "; ".join(words)


@transaction.atomic
def complaint_agree_plan(
    *, item: FeedbackItem, by, agreed_on: date, expected_version: int | None = None, **plan
) -> FeedbackItem:
    """Agree (or agree again) how the person is kept informed: ``plan`` is apply_plan's
    keywords. Acknowledging a complaint agrees its first plan through the same checks
    (complaint_acknowledge)."""
    item = lock_complaint(
        item, expected_version, statuses=PLANNED_STATUSES, action="given a handling plan"
    )
    if errors := _date_errors(agreed_on, item, "agreed_on", "Date agreed"):
        raise ProcessError(errors)
    first = item.plan_agreed_on is None
    apply_plan(item, by=by, agreed_on=agreed_on, **plan)
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="plan",
        description=f"Handling plan {'agreed' if first else 'changed'} on "
        f"{agreed_on:%-d %B %Y}: {plan_in_words(item)}",
    )
    return item


@transaction.atomic
def complaint_give_update(
    *,
    item: FeedbackItem,
    by,
    given_on: date,
    method: str,
    note: str,
    expected_version: int | None = None,
) -> ComplaintUpdate:
    """Log an update given to the person. It keeps the date it was due, so updates given as
    agreed can be counted; the next is due ``update_every`` working days after the latest."""
    item = lock_complaint(
        item, expected_version, statuses=PLANNED_STATUSES, action="given an update"
    )
    if item.plan_agreed_on is None:
        raise ProcessError(
            "Agree the handling plan first: it says how and how often they are updated.",
            code="no_plan",
        )
    note = note.strip()
    errors = _date_errors(given_on, item, "given_on", "Date given")
    if not errors and given_on < item.plan_agreed_on:
        # Before the plan there was no update due: counting it "as agreed" would flatter the
        # figure the annual report gives.
        errors["given_on"] = ValidationError(
            f"Date given must be on or after the handling plan was agreed "
            f"({item.plan_agreed_on:%-d %B %Y})",
            code="before_plan",
        )
    if method not in ContactMethod.values:
        errors["method"] = ValidationError("Select how they were updated", code="method")
    if not note:
        errors["note"] = ValidationError("Enter what they were told", code="blank")
    elif len(note) > NOTE_MAX_LENGTH:
        errors["note"] = ValidationError(
            f"What they were told must be {NOTE_MAX_LENGTH} characters or fewer", code="too_long"
        )
    if errors:
        raise ProcessError(errors)
    update = save_audited(
        ComplaintUpdate(
            item=item, given_on=given_on, method=method, note=note, due_on=item.next_update_due
        ),
        by=by,
    )
    # An update logged late, after a later one, does not pull the next one earlier.
    latest = item.updates.aggregate(latest=Max("given_on"))["latest"]
    item.next_update_due = trust_calendar().add_working_days(latest, item.update_every)
    save_item(item, by=by)
    lateness = "" if update.on_time else f" (due {update.due_on:%-d %B %Y})"
    record_event(
        item,
        by=by,
        action="update",
        description=f"Update given by {update.get_method_display().lower()} on "
        f"{given_on:%-d %B %Y}{lateness}; next update due {item.next_update_due:%-d %B %Y}",
    )
    return update
