"""Early resolution (NHS Complaint Standards): a complaint or PALS concern put right at first
contact, within the trust's window, closed with what was done and the learning from it."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from careprog.working_days import WorkingDayCalendar, trust_calendar
from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.services.base import (
    ProcessError,
    check_length,
    field_error,
    lock_item,
    record_event,
    require_status,
    save_item,
)
from feedback.services.learning import LEARNING_ACTION_MAX_LENGTH, learning_action_add

# Before the investigation starts: once a complaint is being investigated it is no longer
# resolved "at first contact", and it is answered by a final response instead.
EARLY_STATUSES = {
    Kind.COMPLAINT: (Status.RECEIVED, Status.ACKNOWLEDGED),
    Kind.PALS: (Status.OPEN,),
}
# A month of working days: long enough to make a small change, short enough that the learning
# is still fresh; the owner can agree another date on the learning action itself.
LEARNING_DUE_WORKING_DAYS = 20
TEXT_MAX_LENGTH = 5_000


def early_resolution_ends(item: FeedbackItem, calendar: WorkingDayCalendar | None = None) -> date:
    """The last day the item can be resolved early: the window's last working day."""
    calendar = calendar or trust_calendar()
    return calendar.add_working_days(item.received_on, settings.EARLY_RESOLUTION_WORKING_DAYS)


def can_resolve_early(item: FeedbackItem, today: date | None = None) -> bool:
    """Whether the item is of a kind and status to resolve early, and its window is open."""
    if item.status not in EARLY_STATUSES.get(item.kind, ()):
        return False
    return (today or timezone.localdate()) <= early_resolution_ends(item)


def _check_text(what_was_done: str, learning: str, make_learning_action: bool) -> None:
    if not what_was_done:
        raise field_error("what_was_done", "Enter what was done to resolve it", "blank")
    for field, text in (("what_was_done", what_was_done), ("learning", learning)):
        if len(text) > TEXT_MAX_LENGTH:
            raise field_error(field, f"Enter {TEXT_MAX_LENGTH:,} characters or fewer", "too_long")
    if make_learning_action and not learning:
        raise field_error(
            "learning", "Enter the learning to make it a learning action", "learning_blank"
        )
    if make_learning_action:
        # Checked here too, so the refusal stands beside this form's field, not a missing one.
        name = "To make it a learning action, the learning"
        check_length("learning", name, learning, LEARNING_ACTION_MAX_LENGTH)


def _check_on(on: date, item: FeedbackItem, ends: date) -> None:
    if on > timezone.localdate():
        raise field_error("on", "Date resolved must be today or in the past", "future")
    if on < item.received_on:
        raise field_error(
            "on",
            f"Date resolved must be on or after the date received ({item.received_on:%-d %B %Y})",
            "before_received",
        )
    if on > ends:
        raise field_error(
            "on",
            f"Date resolved must be within {settings.EARLY_RESOLUTION_WORKING_DAYS} working days "
            f"of the date received, by {ends:%-d %B %Y}: after that it is not early "
            "resolution",
            "window_closed",
        )


@transaction.atomic
def resolve_early(
    *,
    item,
    by,
    on: date,
    what_was_done: str,
    learning: str = "",
    make_learning_action: bool = False,
    expected_version=None,
) -> FeedbackItem:
    """Close a complaint (before its investigation) or resolve a PALS contact as resolved early,
    optionally turning the learning into a learning action owned by the person resolving it."""
    item = lock_item(item, expected_version)
    allowed = EARLY_STATUSES.get(item.kind)
    if allowed is None:
        raise ProcessError(
            f"{item.reference} is a {item.get_kind_display().lower()}: only complaints and PALS "
            "contacts are resolved early.",
            code="wrong_kind",
        )
    require_status(item, allowed, "resolved early")
    what_was_done, learning = what_was_done.strip(), learning.strip()
    _check_text(what_was_done, learning, make_learning_action)
    _check_on(on, item, early_resolution_ends(item))

    item.resolved_early_on = on
    item.next_update_due = None  # nothing more to tell them: it is put right
    item.resolution = what_was_done
    item.early_learning = learning
    if item.kind == Kind.COMPLAINT:
        item.status = Status.CLOSED
        item.closed_on = on
    else:
        item.status = Status.RESOLVED
    save_item(item, by=by)
    record_event(
        item, by=by, action="resolved_early", description=f"Resolved early: {what_was_done}"
    )
    if make_learning_action:
        learning_action_add(
            item=item,
            by=by,
            action=learning,
            owner=(by.get_full_name() or by.get_username())[:120],
            due_on=trust_calendar().add_working_days(on, LEARNING_DUE_WORKING_DAYS),
        )
    return item
