"""An email backend that fails as an unreachable mail server does: for the tests that check a
thank-you is kept and its card sent again."""

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server unreachable")
