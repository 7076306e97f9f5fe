"""What every app's demo loader shares."""

import logging
from contextlib import contextmanager

from django.test.utils import override_settings


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
