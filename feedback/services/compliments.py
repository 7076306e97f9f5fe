"""Compliments are shared with the staff they name; comments are noted and closed."""

import logging

from django.db import transaction
from django.utils import timezone

from feedback.models import ComplimentEmail
from feedback.models.choices import Kind, Status
from feedback.services.base import ProcessError, lock_item, record_event, require_status, save_item

logger = logging.getLogger(__name__)


@transaction.atomic
def compliment_share(*, item, by, expected_version=None):
    """Share a compliment with the staff it names: email each of them (in the background)."""
    item = lock_item(item, expected_version)
    if item.kind != Kind.COMPLIMENT:
        raise ProcessError(f"{item.reference} is not a compliment.", code="not_compliment")
    require_status(item, [Status.RECEIVED], "shared")
    recipients = [person for person in item.staff_named.all() if person.email]
    if not recipients:
        raise ProcessError(
            "Name at least one member of staff before sharing: edit the compliment's details.",
            code="no_staff",
        )
    item.status = Status.SHARED
    item.shared_on = timezone.localdate()
    item.shared_with = ", ".join(f"{p.name} <{p.email}>" for p in recipients)
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="shared",
        description=f"Shared with {', '.join(p.name for p in recipients)}",
    )
    # The emails are kept with the share, so none is lost if they cannot go now.
    ComplimentEmail.objects.bulk_create(
        ComplimentEmail(item=item, person=person, address=person.email) for person in recipients
    )
    transaction.on_commit(lambda: _queue_emails(item.pk), robust=True)
    return item


def _queue_emails(item_id: int) -> None:
    """Queue the emails once the share is committed (a rollback sends nothing). A broker that
    is down must not turn a saved share into an error page: the emails are kept, and Celery
    beat's resend sends them once it is back."""
    from feedback.tasks import send_compliment_emails  # the task module imports the services

    try:
        send_compliment_emails.delay(item_id)
    except Exception:
        logger.warning(
            "Could not queue the compliment emails of item %s; the resend will send them",
            item_id,
            exc_info=True,
        )


@transaction.atomic
def comment_close(*, item, by, expected_version=None):
    item = lock_item(item, expected_version)
    if item.kind != Kind.COMMENT:
        raise ProcessError(f"{item.reference} is not a comment.", code="not_comment")
    require_status(item, [Status.RECEIVED], "closed")
    item.status = Status.CLOSED
    item.closed_on = timezone.localdate()
    save_item(item, by=by)
    record_event(item, by=by, action="closed", description="Comment noted and closed")
    return item
