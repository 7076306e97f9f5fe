"""Emailing each nominee their certificate once the results are published."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from recognition.certificates import certificate_filename, certificate_pdf
from recognition.models import Consent, Nomination
from recognition.services.delivery import CERTIFICATE, deliver


def certificate_email(nomination: Nomination) -> EmailMessage:
    email = EmailMessage(
        subject=f"Your certificate: {nomination.round}",
        body=render_to_string("recognition/email/certificate.txt", {"nomination": nomination}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[nomination.nominee.email],
    )
    email.attach(certificate_filename(nomination), certificate_pdf(nomination), "application/pdf")
    return email


def certificate_email_send(nomination_id: int) -> bool:
    """Email a nominated colleague their certificate, once (a team has no address: theirs is on
    the round's page to download). A failure is recorded and retried by
    ``recognition.resend_unsent_certificates``."""
    sendable = Nomination.objects.filter(
        pk=nomination_id,
        consent=Consent.GIVEN,
        round__results_published_at__isnull=False,
        nominee__isnull=False,
    ).exclude(nominee__email="")
    if not sendable.exists():
        return False
    loaded = Nomination.objects.for_list()
    return deliver(
        Nomination,
        nomination_id,
        CERTIFICATE,
        lambda _: certificate_email(loaded.get(pk=nomination_id)),
    )
