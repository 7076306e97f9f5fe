"""Emailing each nominee their certificate once the results are published."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from recognition.certificates import certificate_filename, certificate_pdf
from recognition.models import Nomination


def certificate_email_send(nomination: Nomination) -> bool:
    """Email the certificate to a nominated colleague (a team has no address: theirs is on the
    round's page to download)."""
    person = nomination.nominee
    if person is None or not person.email or not nomination.round.results_published:
        return False
    email = EmailMessage(
        subject=f"Your certificate: {nomination.round}",
        body=render_to_string("recognition/email/certificate.txt", {"nomination": nomination}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    email.attach(certificate_filename(nomination), certificate_pdf(nomination), "application/pdf")
    email.send()
    return True
