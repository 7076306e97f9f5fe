"""What every app's demo loader shares, and the rule that keeps the demo's public password out
of a live service."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.test.utils import override_settings

# Printed by `make demo` and in the README: anyone may know it. It signs in only while DEBUG is
# on, as the embedded demo (`make run`) runs; production forces DEBUG off.
DEMO_PASSWORD = "careprog-demo"  # noqa: S105 - public on purpose; refused unless DEBUG
DEMO_EMAIL_DOMAIN = "demo.nhs.invalid"


def demo_password_refused(password: str | None) -> bool:
    """True for the demo password outside the embedded demo. It compares what was typed, so
    refusing costs no password hash and answers alike whether or not the account exists."""
    return not settings.DEBUG and password == DEMO_PASSWORD


@contextmanager
def quiet_emails():
    """Demo actions email people (compliments shared, thank-you cards, certificates). With no
    broker Celery sends them at once, and the console backend and Celery's log would print
    hundreds over the demo's output: keep the emails in memory and the log to warnings. Emails
    go when the transaction commits, so this must be around it, not inside."""
    task_log = logging.getLogger("celery.app.trace")
    level = task_log.level
    task_log.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        task_log.setLevel(level)
