"""The Customer Service Excellence rating scale, as assessors use it."""

from django.db import models


class Rating(models.TextChoices):
    COMPLIANCE_PLUS = "compliance_plus", "Compliance Plus"
    COMPLIANCE = "compliance", "Compliance"
    PARTIAL = "partial", "Partial Compliance"
    NON_COMPLIANCE = "non_compliance", "Non-Compliance"
    NOT_ASSESSED = "not_assessed", "Not yet assessed"


# The four judgements, best first: what the one-click buttons offer.
RATING_SCALE = [
    Rating.COMPLIANCE_PLUS,
    Rating.COMPLIANCE,
    Rating.PARTIAL,
    Rating.NON_COMPLIANCE,
]
# "At Compliance or better": what the trust matrix counts.
MET_RATINGS = [Rating.COMPLIANCE_PLUS, Rating.COMPLIANCE]
# Below Compliance: each needs an improvement action with an owner and a due date.
BELOW_RATINGS = [Rating.PARTIAL, Rating.NON_COMPLIANCE]


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SIGNED_OFF = "signed_off", "Signed off"


class EvidenceKind(models.TextChoices):
    NOTE = "note", "Note"
    LINK = "link", "Link"
    FILE = "file", "File"
    ITEM = "item", "Feedback item"
