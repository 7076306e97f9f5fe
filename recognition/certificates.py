"""Certificates: an A4 landscape PDF for every nominee and winner, made with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify

from recognition.models import Nomination


def certificate_pdf(nomination: Nomination) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs a second at start-up

    html = render_to_string(
        "recognition/certificate.html",
        {"nomination": nomination, "trust_name": settings.TRUST_NAME},
    )
    return HTML(string=html).write_pdf()


def certificate_filename(nomination: Nomination) -> str:
    outcome = "winner" if nomination.is_winner else "nominee"
    names = "-".join(slugify(part) for part in (nomination.round.name, nomination.nominee_name))
    return f"certificate-{names}-{outcome}.pdf"
