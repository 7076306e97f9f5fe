"""Background work for recognition. Tasks are thin: call one service by id.

Sending never raises: a failure is recorded on the record and tried again by the resend tasks,
which Celery beat runs every 10 minutes (careprog/settings/base.py).
"""

from celery import shared_task

from careprog.email_delivery import SEND_TIME_LIMIT
from recognition.models import Nomination, ThankYou
from recognition.services.certificates import certificate_email_send
from recognition.services.delivery import CARD, CERTIFICATE, due_again
from recognition.services.thanks import card_email_send


@shared_task(name="recognition.send_thank_you_card", soft_time_limit=SEND_TIME_LIMIT)
def send_thank_you_card(thank_you_id: int) -> bool:
    return card_email_send(thank_you_id)


@shared_task(name="recognition.resend_unsent_cards", soft_time_limit=SEND_TIME_LIMIT * 10)
def resend_unsent_cards() -> int:
    """Try again every card that failed to send (or whose first send never ran)."""
    waiting = due_again(ThankYou.objects.not_emailed().filter(hidden_at__isnull=True), CARD)
    waiting = waiting.exclude(recipient__email="")
    return sum(card_email_send(pk) for pk in waiting.order_by("pk").values_list("pk", flat=True))


@shared_task(name="recognition.send_certificate", soft_time_limit=SEND_TIME_LIMIT)
def send_certificate(nomination_id: int) -> bool:
    return certificate_email_send(nomination_id)


@shared_task(name="recognition.resend_unsent_certificates", soft_time_limit=SEND_TIME_LIMIT * 10)
def resend_unsent_certificates() -> int:
    waiting = due_again(Nomination.objects.celebrated().filter(nominee__isnull=False), CERTIFICATE)
    return sum(
        certificate_email_send(pk) for pk in waiting.order_by("pk").values_list("pk", flat=True)
    )
