"""What the fault tests share: a port nothing listens on, and putting kept emails' first send
in the past so the resend (Celery beat's) takes them up now."""

import socket
from datetime import timedelta

from django.utils import timezone

from careprog.email_delivery import FIRST_SEND_GRACE
from careprog.tests.factories import StaffMemberFactory
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import nomination_pick_winner, nomination_shortlist
from recognition.tests.factories import colleague_user, open_round


def closed_port() -> int:
    """A port that refuses connections: bound for a moment by the OS, then let go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_if_saved_earlier(*querysets) -> None:
    """Past the first send's grace, and no claim (a failed try's backoff) in the way."""
    earlier = timezone.now() - FIRST_SEND_GRACE - timedelta(minutes=1)
    for queryset in querysets:
        fields = {f.name for f in queryset.model._meta.fields}
        claims = {name: None for name in fields if name.endswith("claimed_until")}
        queryset.update(created_at=earlier, **claims)


def winning_nomination(chair, medicine):
    """A nomination that has won its round, ready for the results to be published."""
    award_round = open_round(chair=chair)
    nominee = StaffMemberFactory(csc=medicine, name="Zara Reid", email="zara@nhs.invalid")
    nomination = nomination_make(
        by=colleague_user(medicine),
        award_round=award_round,
        category=award_round.categories.get(name="Best Care"),
        nominee=nominee,
        case="Kind to every patient.",
    )
    nomination_record_consent(nomination=nomination, by=chair, given=True)
    nomination_shortlist(nomination=nomination, by=chair)
    return nomination_pick_winner(nomination=nomination, by=chair, reason="The chair's call")
