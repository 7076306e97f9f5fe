"""Fixed lists of staff recognition."""

from django.db import models


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    ANNUAL = "annual", "Annual"


class Consent(models.TextChoices):
    PENDING = "pending", "Not yet asked"
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"


class Stage(models.TextChoices):
    NOMINATED = "nominated", "Nominated"
    SHORTLISTED = "shortlisted", "Shortlisted"
    WINNER = "winner", "Winner"


# A message on the recognition wall: long enough to say why, short enough to read on a card.
MESSAGE_LIMIT = 600
SCORE_RANGE = range(1, 6)
