"""Thank-yous: sending one (and its email card), hiding an unsuitable one."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careprog.models import Department, ExpectedBehaviour, StaffMember
from careprog.validators import check_free_text
from feedback.models import FeedbackItem
from feedback.services.base import record_event
from recognition.excerpts import check_compliment_privacy
from recognition.models import ThankYou
from recognition.models.choices import MESSAGE_LIMIT
from recognition.services.base import RecognitionError, save_audited
from recognition.services.delivery import CARD, deliver
from recognition.services.nominations import is_self


def _check_message(message: str) -> str:
    message = (message or "").strip()
    if not message:
        raise RecognitionError({"message": "Write a message to go with your thank-you"})
    if len(message) > MESSAGE_LIMIT:
        raise RecognitionError(
            {
                "message": f"The message must be {MESSAGE_LIMIT} characters or fewer "
                f"(it has {len(message)})"
            }
        )
    check_free_text({"message": message}, error=RecognitionError)
    return message


@transaction.atomic
def thank_you_send(
    *,
    by,
    value: str,
    message: str,
    recipient: StaffMember | None = None,
    team: Department | None = None,
    behaviour: ExpectedBehaviour | None = None,
    show_sender: bool = True,
    compliment: FeedbackItem | None = None,
    note_on_compliment: bool = True,
) -> ThankYou:
    """Thank a colleague or a team. The card is emailed once the thank-you is saved."""
    if recipient is not None and is_self(by, recipient):
        raise RecognitionError(
            {"recipient": "You cannot thank yourself: choose a colleague or a team"}
        )
    if behaviour is not None and behaviour.value != value:
        label = behaviour.get_value_display()
        raise RecognitionError(
            {
                "behaviour": f"“{behaviour.text}” is a {label} behaviour: choose {label} as the "
                "value, or another behaviour"
            }
        )
    where = recipient.csc if recipient is not None else team.csc if team is not None else None
    thank_you = ThankYou(
        sender=by,
        show_sender=show_sender,
        recipient=recipient,
        team=team,
        csc=where,
        value=value,
        behaviour=behaviour,
        message=_check_message(message),
        compliment=compliment,
    )
    save_audited(thank_you, by=by)
    if compliment is not None and note_on_compliment:
        record_event(
            compliment,
            by=by,
            action="recognised",
            description=f"Thank-you sent to {thank_you.recipient_name}",
        )
    if recipient is not None and recipient.email:
        from recognition.tasks import send_thank_you_card

        # Only once the thank-you is committed does the card go; a rollback sends nothing. A
        # broker that is down is logged, not raised: the resend task sends the card later.
        transaction.on_commit(lambda: send_thank_you_card.delay(thank_you.pk), robust=True)
    return thank_you


@transaction.atomic
def thank_yous_from_compliment(
    *,
    by,
    compliment: FeedbackItem,
    people: list[StaffMember],
    value: str,
    message: str,
    behaviour: ExpectedBehaviour | None = None,
) -> list[ThankYou]:
    """Pass a compliment on: a thank-you to each member of staff it names (only those), sent by
    the officer, with one note on the compliment's timeline. Its message must not carry any of
    the compliment's private details."""
    named = set(compliment.staff_named.values_list("pk", flat=True))
    strangers = [person.name for person in people if person.pk not in named]
    if strangers:
        raise RecognitionError(
            {"people": f"{', '.join(strangers)} is not named on {compliment.reference}"}
        )
    if not people:
        raise RecognitionError({"people": "Choose at least one of the staff named"})
    check_compliment_privacy(compliment, {"message": message}, error=RecognitionError)
    sent = [
        thank_you_send(
            by=by,
            recipient=person,
            value=value,
            behaviour=behaviour,
            message=message,
            compliment=compliment,
            note_on_compliment=False,
        )
        for person in people
    ]
    record_event(
        compliment,
        by=by,
        action="recognised",
        description="Thank-you sent to " + ", ".join(t.recipient_name for t in sent),
    )
    return sent


@transaction.atomic
def thank_you_hide(*, thank_you: ThankYou, by, reason: str) -> ThankYou:
    """Take an unsuitable message off the wall. It is kept, with who hid it and why."""
    thank_you = ThankYou.objects.select_for_update().get(pk=thank_you.pk)
    if thank_you.is_hidden:
        raise RecognitionError("This thank-you is already hidden.", code="hidden")
    if not (reason or "").strip():
        raise RecognitionError({"hidden_reason": "Say why it is being hidden"})
    thank_you.hidden_at = timezone.now()
    thank_you.hidden_by = by
    thank_you.hidden_reason = reason.strip()
    return save_audited(thank_you, by=by, update_fields=["hidden_at", "hidden_by", "hidden_reason"])


def card_email(thank_you: ThankYou) -> EmailMultiAlternatives:
    context = {
        "thank_you": thank_you,
        "link": f"{settings.SITE_URL}{reverse('recognition:thank_you', args=[thank_you.pk])}",
    }
    sender = thank_you.sender_shown() if thank_you.show_sender else "a colleague"
    email = EmailMultiAlternatives(
        subject=f"Thank you from {sender}",
        body=render_to_string("recognition/email/card.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[thank_you.recipient.email],
    )
    email.attach_alternative(render_to_string("recognition/email/card.html", context), "text/html")
    return email


def card_email_send(thank_you_id: int) -> bool:
    """Email the card to the colleague thanked, once. A failure is recorded (the thank-you is
    kept) and the card is sent again later by ``recognition.resend_unsent_cards``."""
    sendable = ThankYou.objects.filter(
        pk=thank_you_id, hidden_at__isnull=True, recipient__isnull=False
    ).exclude(recipient__email="")
    if not sendable.exists():
        return False
    loaded = ThankYou.objects.select_related("sender", "recipient", "behaviour")
    return deliver(ThankYou, thank_you_id, CARD, lambda _: card_email(loaded.get(pk=thank_you_id)))
