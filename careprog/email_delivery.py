"""Sending an email that must not be lost or doubled (thank-you cards, certificates, compliments).

Each record keeps when it was sent, how many tries it took, the last error and a claim. Whoever
sends claims the record first (a conditional update, so two workers never both send); a failure
is recorded, never raised, and puts the next try off for longer each time. Celery beat's resend
tasks pick up what is due again, which also sends what was never queued (the broker was down
when the record was saved). A model using it needs a ``created_at`` and the four fields named
by its ``Fields``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

# A task sending an email stops after this many seconds (SMTP that hangs must not hold the
# worker); a resend task, which sends many, ten times that.
SEND_TIME_LIMIT = 120
# How long a sender holds a record while sending.
CLAIM_FOR = timedelta(minutes=5)
# Tries, and how long after the first a failed email is still retried: 10 tries a backoff apart
# of 10 minutes doubling up to 6 hours reach over two days; after a week it is left for a person.
MOST_ATTEMPTS = 10
RETRY_WITHIN = timedelta(days=7)
# The first send is queued when the record is saved: the resend leaves it that long to go.
FIRST_SEND_GRACE = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=10 * 2 ** max(attempts - 1, 0)), timedelta(hours=6))


@dataclass(frozen=True)
class Fields:
    """The names of a model's delivery fields."""

    sent: str
    attempts: str
    error: str
    claimed: str


def unclaimed(fields: Fields, now) -> Q:
    return Q(**{f"{fields.claimed}__isnull": True}) | Q(**{f"{fields.claimed}__lt": now})


def due_again(queryset, fields: Fields):
    """Records whose email has not gone and is due another try."""
    now = timezone.now()
    return queryset.filter(
        unclaimed(fields, now),
        **{
            f"{fields.sent}__isnull": True,
            f"{fields.attempts}__lt": MOST_ATTEMPTS,
            "created_at__gte": now - RETRY_WITHIN,
            "created_at__lt": now - FIRST_SEND_GRACE,
        },
    )


def deliver(model, pk: int, fields: Fields, build: Callable[[object], EmailMessage]) -> bool:
    """Send the record's email if it is not sent and nobody else is sending it. True if sent."""
    now = timezone.now()
    claimed = (
        model.objects.filter(pk=pk, **{f"{fields.sent}__isnull": True})
        .filter(unclaimed(fields, now))
        .update(**{fields.claimed: now + CLAIM_FOR, fields.attempts: F(fields.attempts) + 1})
    )
    if not claimed:
        return False
    record = model.objects.get(pk=pk)
    # The email's bookkeeping, not a change anyone made to the record: written directly, so a
    # failure to send can never roll back or lose the record itself.
    row = model.objects.filter(pk=pk)
    try:
        build(record).send()
    except Exception as error:
        attempts = getattr(record, fields.attempts)
        row.update(
            **{
                fields.error: f"{type(error).__name__}: {error}"[:500],
                fields.claimed: timezone.now() + backoff(attempts),
            }
        )
        return False
    row.update(**{fields.sent: timezone.now(), fields.error: "", fields.claimed: None})
    return True
