"""Rating a standard, and setting who owns it and when it is next reviewed."""

from datetime import date

from django.db import transaction

from careprog.models import StaffMember
from standards.models import AssessmentLine, Rating
from standards.services.base import StandardsError, lock_line, save_audited


def refuse_unknown_rating(rating: str) -> None:
    if rating not in Rating.values:
        choices = ", ".join(label for _, label in Rating.choices)
        raise StandardsError(
            {"rating": f"Choose a rating from the scale: {choices}"}, code="bad_rating"
        )


@transaction.atomic
def line_rate(
    *, line: AssessmentLine, rating: str, by, expected_version: int | None
) -> AssessmentLine:
    """Rate one standard. Giving a carried-forward line its same rating again confirms it."""
    refuse_unknown_rating(rating)
    line = lock_line(line, expected_version)
    line.rating = rating
    # A rating chosen now is this period's judgement, whether it changed or not.
    line.needs_review = False
    line.version += 1
    return save_audited(line, by=by, update_fields=["rating", "needs_review", "version"])


@transaction.atomic
def line_update(
    *,
    line: AssessmentLine,
    by,
    owner: StaffMember | None,
    review_on: date | None,
    expected_version: int | None,
) -> AssessmentLine:
    """Set the standard's owner and review date."""
    line = lock_line(line, expected_version)
    start = line.assessment.period_start
    # Only a date being set now is checked: an owner can change whatever the date says.
    if review_on and review_on != line.review_on and review_on < start:
        raise StandardsError(
            {
                "review_on": "Review date must be on or after the start of the period "
                f"({start:%-d %B %Y})"
            },
            code="review_before_period",
        )
    line.owner = owner
    line.review_on = review_on
    line.version += 1
    return save_audited(line, by=by, update_fields=["owner", "review_on", "version"])
