"""Feedback's reference data: KO41a categories, response tiers and the letters' wording.
Loaded by `manage.py load_reference_data`; administrators edit them afterwards (the letters on
their own page, the rest in the admin)."""

from django.db import transaction

from careprog.reference.loaders import upsert
from feedback.letters.defaults import DEFAULT_TEMPLATES
from feedback.models import LetterTemplate, Profession, ResponseTier, ServiceArea, Subject

SUBJECTS = [
    "Access to treatment or drugs",
    "Admissions and discharges",
    "Appointments",
    "Clinical treatment",
    "Commissioning",
    "Communications",
    "Consent",
    "End of life care",
    "Facilities",
    "Integrated care",
    "Mortuary",
    "Patient care",
    "Prescribing",
    "Privacy, dignity and wellbeing",
    "Restraint",
    "Staff numbers",
    "Transport (ambulances)",
    "Trust administration",
    "Values and behaviours",
    "Waiting times",
    "Other",
]
SERVICE_AREAS = [
    "Inpatient services",
    "Outpatient services",
    "Accident and emergency",
    "Maternity services",
    "Mental health services",
    "Community hospital services",
    "Ambulance services",
    "Other",
]
PROFESSIONS = [
    "Medical",
    "Nursing, midwifery and health visiting",
    "Allied health professionals",
    "Scientific, technical and professional",
    "Ambulance staff",
    "Trust administrative staff",
    "Estates and ancillary",
    "Other",
]
# (code, name, working days): the tiers the trust agrees with complainants by complexity.
TIERS = [
    ("tier-1", "Tier 1: straightforward", 25),
    ("tier-2", "Tier 2: complex", 40),
    ("tier-3", "Tier 3: very complex or several organisations", 60),
]


@transaction.atomic
def load() -> str:
    added = 0
    for model, names in (
        (Subject, SUBJECTS),
        (ServiceArea, SERVICE_AREAS),
        (Profession, PROFESSIONS),
    ):
        for position, name in enumerate(names, start=1):
            _, created = upsert(model, lookup={"name": name}, values={"position": position})
            added += created
    for position, (code, name, days) in enumerate(TIERS, start=1):
        _, created = upsert(
            ResponseTier,
            lookup={"code": code},
            values={"name": name, "working_days": days, "position": position},
        )
        added += created
    added += load_letter_templates()
    return f"{added} new reference entries"


def load_letter_templates() -> int:
    """The default wording of each letter, for a kind that has none yet: an administrator's
    edited template is never overwritten."""
    added = 0
    for kind, (subject, body) in DEFAULT_TEMPLATES.items():
        _, created = LetterTemplate.objects.get_or_create(
            kind=kind, defaults={"subject": subject, "body": body}
        )
        added += created
    return added
