"""Background work for feedback. Tasks are thin: load by id, do one thing."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from careprog.wording import plural
from feedback.models import FeedbackItem
from feedback.services.base import record_event


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
