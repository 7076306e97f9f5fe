"""Factories for feedback. Items are made through the real service so deadlines, references and
the timeline are as in life."""

from datetime import date, timedelta

from django.utils import timezone

from careprog.models import ClinicalServiceCentre
from careprog.tests.factories import ClinicalServiceCentreFactory
from feedback.models import FeedbackItem, ResponseTier
from feedback.models.choices import Kind
from feedback.services.items import feedback_log


def tier(code: str = "tier-1") -> ResponseTier:
    days = {"tier-1": 25, "tier-2": 40, "tier-3": 60}[code]
    found, _ = ResponseTier.objects.get_or_create(
        code=code, defaults={"name": code.title(), "working_days": days}
    )
    return found


def make_item(
    *,
    kind: str = Kind.COMPLAINT,
    csc: ClinicalServiceCentre | None = None,
    received_on: date | None = None,
    by=None,
    **details,
) -> FeedbackItem:
    """Log an item with sensible defaults; any field can be given."""
    defaults = {
        "received_on": received_on or timezone.localdate() - timedelta(days=1),
        "channel": "email",
        "raised_by": "patient",
        "csc": csc or ClinicalServiceCentreFactory(code="med", name="Medicine"),
        "summary": "Waited four hours for pain relief",
    }
    if kind == Kind.COMPLAINT:
        defaults["tier"] = tier()
    defaults.update(details)
    return feedback_log(by=by, kind=kind, details=defaults)
