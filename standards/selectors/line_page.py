"""Everything one standard's page shows."""

from dataclasses import dataclass
from datetime import date

from feedback.selectors import standard_tag_counts
from standards.models import AssessmentLine, ImprovementAction, Rating
from standards.selectors.checklist import COUNTED_KINDS, TaggedCount, tagged_counts


@dataclass(frozen=True)
class RatingChange:
    at: object
    by: object
    rating: str


@dataclass(frozen=True)
class OverdueMark:
    """An action, and whether it is past its due date and still to do."""

    action: ImprovementAction
    overdue: bool


def carried(action: ImprovementAction) -> bool:
    return hasattr(action, "carried_to")


@dataclass(frozen=True)
class LinePageData:
    evidence: list
    actions: list
    tagged: list[TaggedCount]
    suggestions: list
    rating_history: list[RatingChange]
    reworded: bool


def rating_history(line: AssessmentLine, limit: int = 50) -> list[RatingChange]:
    """Each change of rating, newest first, from the latest ``limit`` records of the line's
    audit trail: one query."""
    records = list(
        line.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    changes, last = [], None
    for record in reversed(records):
        if record.rating != last:
            changes.append(
                RatingChange(
                    at=record.history_date,
                    by=record.history_user,
                    rating=Rating(record.rating).label,
                )
            )
            last = record.rating
    return list(reversed(changes))


def line_page_data(line: AssessmentLine, *, today: date, suggestions=None) -> LinePageData:
    """Everything a standard's page shows, in a fixed number of queries.

    ``suggestions``: the register as the user may see it (None when they cannot link items);
    offered are this CSC's complaints and compliments tagged with the standard in the period
    and not yet linked.
    """
    assessment = line.assessment
    evidence = list(line.evidence.current().for_line_page())
    linked = {e.item_id for e in evidence if e.item_id}
    counts = standard_tag_counts(
        csc=assessment.csc,
        start=assessment.period_start,
        end=assessment.period_end,
        kinds=COUNTED_KINDS,
    )
    offered = []
    if suggestions is not None:
        offered = list(
            suggestions.filter(standards=line.standard, kind__in=COUNTED_KINDS)
            .received_between(assessment.period_start, assessment.period_end)
            .exclude(pk__in=linked)
            .order_by("-received_on", "-pk")[:20]
        )
    return LinePageData(
        evidence=evidence,
        actions=[
            OverdueMark(
                action, overdue=action.is_open and not carried(action) and (action.due_on < today)
            )
            for action in line.actions.select_related("owner", "carried_to").order_by(
                "due_on", "pk"
            )
        ],
        tagged=tagged_counts(assessment, line, counts),
        suggestions=offered,
        rating_history=rating_history(line),
        reworded=line.standard.text != line.standard_text,
    )
