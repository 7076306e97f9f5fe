"""Case handlers: who owns a complaint or PALS contact day to day.

A case handler is a PALS officer, or a manager of the item's CSC. Logging an item makes the
officer who logged it its handler unless another is chosen; reassigning it is recorded in the
timeline. Compliments and comments have no handler: nobody runs a process on them."""

from django.db import transaction

from careprog.permissions import is_csc_manager, is_pals_officer, manages_item_csc
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from feedback.services.base import ProcessError, lock_item, record_event, save_item

HANDLED_KINDS = (Kind.COMPLAINT, Kind.PALS)


def can_handle(user, item: FeedbackItem) -> bool:
    """Whether ``user`` may be the case handler of ``item``."""
    if user is None or not user.is_active:
        return False
    return bool(is_pals_officer(user) or (is_csc_manager(user) and manages_item_csc(user, item)))


def check_case_handler(item: FeedbackItem, handler) -> None:
    """Refuse a handler who is not a PALS officer or a manager of the item's CSC."""
    if handler is None:
        return
    if item.kind not in HANDLED_KINDS:
        raise ProcessError(
            {"case_handler": f"A {item.get_kind_display().lower()} has no case handler."},
            code="no_handler",
        )
    if not can_handle(handler, item):
        where = item.csc.name if item.csc_id else "the item's CSC"
        raise ProcessError(
            {
                "case_handler": f"{handler} cannot handle this case: a case handler is a PALS "
                f"officer or a manager of {where}."
            },
            code="not_a_handler",
        )


def default_case_handler(item: FeedbackItem, by):
    """Who handles an item that was logged without one: the person who logged it, if they may."""
    if item.kind in HANDLED_KINDS and can_handle(by, item):
        return by
    return None


@transaction.atomic
def case_handler_assign(
    *, item: FeedbackItem, by, handler, expected_version: int | None
) -> FeedbackItem:
    """Give the case to ``handler`` (None leaves it with nobody), recorded in the timeline."""
    item = lock_item(item, expected_version)
    if item.kind not in HANDLED_KINDS:
        raise ProcessError(
            f"{item.reference} is a {item.get_kind_display().lower()}: it has no case handler.",
            code="no_handler",
        )
    check_case_handler(item, handler)
    previous = item.case_handler
    if previous == handler:
        return item
    item.case_handler = handler
    save_item(item, by=by)
    was = str(previous) if previous else "nobody"
    now = str(handler) if handler else "nobody"
    record_event(
        item, by=by, action="reassigned", description=f"Case handler changed from {was} to {now}"
    )
    return item
