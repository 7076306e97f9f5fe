"""A system check: a period length that does not divide the year is refused at start-up, not
on the first page that needs a period."""

from django.conf import settings
from django.core import checks

from standards.periods import ALLOWED_LENGTHS


@checks.register(checks.Tags.compatibility)
def period_length_divides_the_year(app_configs=None, **kwargs):
    months = settings.STANDARDS_PERIOD_MONTHS
    if months in ALLOWED_LENGTHS:
        return []
    return [
        checks.Error(
            f"STANDARDS_PERIOD_MONTHS is {months}: it must be one of {ALLOWED_LENGTHS}, so "
            "that the year divides into equal assessment periods.",
            id="standards.E001",
        )
    ]
