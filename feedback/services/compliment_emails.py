"""Emailing a shared compliment to the staff it names: once each, kept until it has gone.

``compliment_share`` writes the emails; the task queued on commit sends them, and Celery beat's
resend sends whatever that missed (a broker that was down, a mail server that refused). A
failure is recorded on the email, never raised, so it cannot undo the share.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from careprog.email_delivery import deliver, due_again
from careprog.wording import plural
from feedback.models import ComplimentEmail, FeedbackItem
from feedback.models.compliment_emails import DELIVERY
from feedback.services.base import record_event


def compliment_email(email: ComplimentEmail) -> EmailMessage:
    body = render_to_string(
        "feedback/email/compliment.txt", {"item": email.item, "person": email.person}
    )
    return EmailMessage(
        subject=f"A compliment for you ({email.item.reference})",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.address],
    )


def compliment_emails_send(item_id: int, *, only=None) -> int:
    """Send the compliment's emails not yet sent (or only those of ``only``, a queryset), and
    note on its timeline how many went. Returns how many went."""
    waiting = (only if only is not None else ComplimentEmail.objects).filter(
        item_id=item_id, emailed_at__isnull=True
    )
    loaded = ComplimentEmail.objects.select_related("item__csc", "person")

    def build(email):
        return compliment_email(loaded.get(pk=email.pk))

    sent = sum(
        deliver(ComplimentEmail, pk, DELIVERY, build)
        for pk in waiting.order_by("pk").values_list("pk", flat=True)
    )
    if sent:
        record_event(
            FeedbackItem.objects.get(pk=item_id),
            by=None,
            action="emailed",
            description=(
                f"Compliment emailed to {plural(sent, 'member of staff', 'members of staff')}"
            ),
        )
    return sent


def compliment_emails_resend() -> int:
    """Send again every compliment email that failed, or whose first send was never queued."""
    due = due_again(ComplimentEmail.objects.all(), DELIVERY)
    items = sorted(set(due.values_list("item_id", flat=True)))
    return sum(compliment_emails_send(item_id, only=due) for item_id in items)
