"""Background work for feedback. Tasks are thin: load by id, do one thing."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from careprog.wording import plural
from feedback.models import FeedbackItem
from feedback.services.base import record_event
from feedback.services.reminders import digests_send

# A failed digest is tried again this often, up to this many times (08:00 to about 10:00).
DIGEST_RETRY_SECONDS = 15 * 60
DIGEST_RETRIES = 8


@shared_task(name="feedback.send_compliment_emails")
def send_compliment_emails(item_id: int) -> int:
    """Email a compliment to each member of staff it names, then note it on the timeline."""
    item = FeedbackItem.objects.select_related("csc").get(pk=item_id)
    recipients = [person for person in item.staff_named.all() if person.email]
    for person in recipients:
        body = render_to_string("feedback/email/compliment.txt", {"item": item, "person": person})
        send_mail(
            subject=f"A compliment for you ({item.reference})",
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[person.email],
        )
    record_event(
        item,
        by=None,
        action="emailed",
        description=f"Compliment emailed to {plural(len(recipients), 'member')} of staff",
    )
    return len(recipients)


@shared_task(
    bind=True,
    name="feedback.send_daily_digests",
    max_retries=DIGEST_RETRIES,
    default_retry_delay=DIGEST_RETRY_SECONDS,
    soft_time_limit=30 * 60,
)
def send_daily_digests(self, on: str | None = None) -> int:
    """Each user's email of what is due (Celery beat, 08:00 on weekdays; the trust's calendar
    decides whether today is a working day). A retry sends only the digests not yet sent."""
    run = digests_send(today=date.fromisoformat(on) if on else None)
    if run.failed:
        # The retry is for the same day, even if it runs after midnight.
        raise self.retry(kwargs={"on": run.on.isoformat()})
    return run.sent
