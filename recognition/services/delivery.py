"""Which fields keep the delivery of recognition's emails: thank-you cards and certificates.

The sending itself (claim, send once, record the error, back off, resend) is careprog's, shared
with feedback's compliment emails.
"""

from careprog.email_delivery import (
    FIRST_SEND_GRACE,
    MOST_ATTEMPTS,
    RETRY_WITHIN,
    Fields,
    backoff,
    deliver,
    due_again,
)

__all__ = [
    "CARD",
    "CERTIFICATE",
    "FIRST_SEND_GRACE",
    "MOST_ATTEMPTS",
    "RETRY_WITHIN",
    "backoff",
    "deliver",
    "due_again",
]

CARD = Fields("emailed_at", "email_attempts", "email_error", "email_claimed_until")
CERTIFICATE = Fields(
    "certificate_emailed_at",
    "certificate_attempts",
    "certificate_error",
    "certificate_claimed_until",
)
