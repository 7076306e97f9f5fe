"""Compliments are shared with the staff they name; comments are noted and closed."""

from django.db import transaction
from django.utils import timezone

from feedback.models import ComplimentEmail
from feedback.models.choices import Kind, Status
from feedback.services.base import ProcessError, lock_item, record_event, require_status, save_item


@transaction.atomic
def compliment_share(*, item, by, expected_version=None):
    """Share a compliment with the staff it names: email each of them (in the background)."""
    from feedback.tasks import send_compliment_emails  # the task module imports the services

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
    # The emails are kept with the share, so none is lost if they cannot go now. They are
    # queued once the share is committed (a rollback sends nothing); robust, as every task
    # queued on commit is: a broker that is down is logged, not an error page after the share
    # is saved, and Celery beat's resend sends them once it is back.
    ComplimentEmail.objects.bulk_create(
        ComplimentEmail(item=item, person=person, address=person.email) for person in recipients
    )
    transaction.on_commit(lambda: send_compliment_emails.delay(item.pk), robust=True)
    return item


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
