"""Background work for recognition. Tasks are thin: load by id, call one service."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from recognition.models import Nomination, ThankYou
from recognition.services.certificates import certificate_email_send
from recognition.services.thanks import card_email_send

# A card that still will not send after this many tries is left for someone to look at.
MOST_ATTEMPTS = 10
RESEND_WITHIN = timedelta(days=7)


@shared_task(name="recognition.send_thank_you_card")
def send_thank_you_card(thank_you_id: int) -> bool:
    thank_you = ThankYou.objects.select_related("sender", "recipient", "behaviour").get(
        pk=thank_you_id
    )
    return card_email_send(thank_you)


@shared_task(name="recognition.resend_unsent_cards")
def resend_unsent_cards() -> int:
    """Try again every card that failed to send (Celery beat runs this every 10 minutes)."""
    since = timezone.now() - RESEND_WITHIN
    waiting = ThankYou.objects.not_emailed().filter(
        email_attempts__lt=MOST_ATTEMPTS, created_at__gte=since, hidden_at__isnull=True
    )
    sent = 0
    for thank_you in waiting.select_related("sender", "recipient", "behaviour").order_by("pk"):
        sent += card_email_send(thank_you)
    return sent


@shared_task(name="recognition.send_certificate")
def send_certificate(nomination_id: int) -> bool:
    nomination = Nomination.objects.for_list().get(pk=nomination_id)
    return certificate_email_send(nomination)
