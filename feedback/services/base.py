"""What every feedback service shares: errors, the stale-edit check, saving and the timeline."""

from django.core.exceptions import ValidationError

from careprog.working_days import trust_calendar
from feedback.models import FeedbackEvent, FeedbackItem
from feedback.models.choices import Kind
from feedback.models.limits import too_long


class ProcessError(ValidationError):
    """An action that the item's state does not allow; the message says why."""


def field_error(field: str, message: str, code: str) -> ProcessError:
    """A refusal that stands beside the form field it is about."""
    return ProcessError({field: ValidationError(message, code=code)})


# A reason given for a step (reopening, withdrawing, a new response date): a paragraph or two.
# The person's own letter belongs in the documents.
REASON_MAX_LENGTH = 2_000


def check_length(field: str, name: str, text: str, limit: int) -> None:
    """Refuse text over its limit, beside its form field: every caller, not only the form, so
    nothing can store a pasted document in a row meant for a paragraph."""
    if len(text) > limit:
        raise field_error(field, too_long(name, limit, len(text)), "too_long")


def clean_reason(reason: str, *, field: str = "reason", blank: str, name: str = "Reason") -> str:
    """A reason a step needs, stripped; refused when blank (``blank`` says what to enter) or
    over REASON_MAX_LENGTH. The services check it, so no caller can leave it out."""
    reason = (reason or "").strip()
    if not reason:
        raise field_error(field, blank, "blank")
    check_length(field, name, reason, REASON_MAX_LENGTH)
    return reason


class StaleEdit(ProcessError):
    """Someone else saved the item after this user opened it."""

    def __init__(self, item):
        super().__init__(
            f"{item.reference} was changed by someone else while you were working on it. "
            "Your changes have not been saved: reload the page to see the latest version, "
            "then make your changes again.",
            code="stale",
        )


def lock_item(item: FeedbackItem, expected_version: int | None) -> FeedbackItem:
    """Re-read the item, locked for this transaction, and refuse if it changed since it was shown.

    ``expected_version`` is the version the user's form was built from; None skips the check
    (imports and background tasks).
    """
    fresh = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleEdit(fresh)
    return fresh


def save_item(item: FeedbackItem, *, by) -> FeedbackItem:
    """Validate and save, bumping the version and recording who changed it."""
    item.full_clean(exclude=["reference"])
    item.response_working_days = response_working_days(item)
    item.version += 1
    item.updated_by = by
    item._history_user = by  # simple-history: who made this change, outside a request too
    item.save()
    return item


def lock_complaint(
    item: FeedbackItem, expected_version: int | None, *, statuses=None, action: str = ""
) -> FeedbackItem:
    """lock_item for a step only a formal complaint has; with ``statuses``, only in those
    (``action`` says what was refused: "given an update")."""
    item = lock_item(item, expected_version)
    if item.kind != Kind.COMPLAINT:
        raise ProcessError(f"{item.reference} is not a formal complaint.", code="not_complaint")
    if statuses is not None:
        require_status(item, statuses, action)
    return item


def response_working_days(item: FeedbackItem) -> int | None:
    """Working days from receipt to the response being sent, in the trust's calendar."""
    if not item.response_sent_on:
        return None
    return trust_calendar().working_days_between(item.received_on, item.response_sent_on)


def record_event(item: FeedbackItem, *, by, action: str, description: str) -> FeedbackEvent:
    return FeedbackEvent.objects.create(item=item, by=by, action=action, description=description)


def require_status(item: FeedbackItem, allowed, action: str) -> None:
    if item.status not in allowed:
        raise ProcessError(
            f"{item.reference} cannot be {action} while it is {item.get_status_display().lower()}.",
            code="wrong_status",
        )
