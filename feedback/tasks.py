"""Background work for feedback. Tasks are thin: load by id, do one thing."""

from datetime import date

from celery import shared_task

from careprog.email_delivery import SEND_TIME_LIMIT
from feedback.services.compliment_emails import compliment_emails_resend, compliment_emails_send
from feedback.services.reminders import digests_send

# A failed digest is tried again this often, up to this many times (08:00 to about 10:00).
DIGEST_RETRY_SECONDS = 15 * 60
DIGEST_RETRIES = 8


@shared_task(name="feedback.send_compliment_emails", soft_time_limit=SEND_TIME_LIMIT)
def send_compliment_emails(item_id: int) -> int:
    """Email a shared compliment to each member of staff it names, once."""
    return compliment_emails_send(item_id)


@shared_task(name="feedback.resend_compliment_emails", soft_time_limit=SEND_TIME_LIMIT * 10)
def resend_compliment_emails() -> int:
    """Celery beat, every 10 minutes: send the compliment emails that failed or never queued."""
    return compliment_emails_resend()


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
