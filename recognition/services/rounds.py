"""Opening an award round with its categories, criteria, panel and chair."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from recognition.models import AwardCategory, AwardRound, ScoringCriterion
from recognition.services.base import RecognitionError, save_audited


@dataclass(frozen=True)
class CategoryPlan:
    name: str
    criteria: list[str]
    description: str = ""


@dataclass(frozen=True)
class RoundPlan:
    name: str
    frequency: str
    opens: date
    closes: date
    chair: object
    panel: list = field(default_factory=list)
    categories: list[CategoryPlan] = field(default_factory=list)
    word_limit: int = 250


@transaction.atomic
def award_round_open(*, plan: RoundPlan, by) -> AwardRound:
    """A round ready for nominations. The chair always sits on the panel; every category needs
    at least one criterion to be scored against."""
    if not plan.categories:
        raise RecognitionError("Give the round at least one category.", code="no_categories")
    for category in plan.categories:
        if not [c for c in category.criteria if c.strip()]:
            raise RecognitionError(
                f"Give “{category.name}” at least one criterion to score against.",
                code="no_criteria",
            )
    award_round = AwardRound(
        name=plan.name,
        frequency=plan.frequency,
        nominations_open_on=plan.opens,
        nominations_close_on=plan.closes,
        chair=plan.chair,
        word_limit=plan.word_limit,
    )
    save_audited(award_round, by=by)
    award_round.panel.set({plan.chair, *plan.panel})
    for position, category in enumerate(plan.categories, start=1):
        made = save_audited(
            AwardCategory(
                round=award_round,
                name=category.name,
                description=category.description,
                position=position,
            ),
            by=by,
        )
        for order, text in enumerate((c for c in category.criteria if c.strip()), start=1):
            save_audited(ScoringCriterion(category=made, text=text.strip(), position=order), by=by)
    return award_round
