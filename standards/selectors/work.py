"""Overdue improvement actions and reviews, and where each of a manager's CSCs stands."""

from dataclasses import dataclass
from datetime import date

from careprog.models import ClinicalServiceCentre
from standards.models import Assessment, AssessmentLine, ImprovementAction
from standards.periods import Period


@dataclass(frozen=True)
class OverdueWork:
    actions: list
    actions_count: int
    reviews: list
    reviews_count: int


def overdue_work(user, *, today: date, csc=None, limit: int = 100) -> OverdueWork:
    """Improvement actions and reviews past their date in the CSCs this user may see (or in
    one of them), most overdue first: four queries."""
    actions = ImprovementAction.objects.visible_to(user).overdue(today)
    reviews = AssessmentLine.objects.visible_to(user).counted().review_overdue(today)
    if csc is not None:
        actions = actions.filter(line__assessment__csc=csc)
        reviews = reviews.filter(assessment__csc=csc)
    return OverdueWork(
        actions=list(actions.for_list().order_by("due_on", "pk")[:limit]),
        actions_count=actions.count(),
        reviews=list(
            reviews.select_related("assessment__csc", "owner").order_by("review_on", "pk")[:limit]
        ),
        reviews_count=reviews.count(),
    )


# --- A manager's CSCs ----------------------------------------------------------------------


@dataclass(frozen=True)
class CscStanding:
    csc: ClinicalServiceCentre
    assessment: Assessment | None
    previous: Assessment | None
    total: int
    rated: int
    met: int


def csc_standings(cscs, *, period: Period) -> list[CscStanding]:
    """For each CSC: its assessment for the period (or the latest before it, to start from),
    and how far it has got. Three queries."""
    cscs = list(cscs)
    assessments = list(
        Assessment.objects.filter(csc__in=[c.pk for c in cscs], period_start__lte=period.start)
        .select_related("signed_off_by")
        .order_by("csc_id", "-period_start")
    )
    current = {a.csc_id: a for a in assessments if a.period_start == period.start}
    previous = {}
    for assessment in assessments:
        if assessment.period_start < period.start:
            previous.setdefault(assessment.csc_id, assessment)
    progress = {}
    ids = [a.pk for a in current.values()]
    for row in AssessmentLine.objects.filter(assessment__in=ids).counted().progress_totals():
        progress[row["assessment_id"]] = row
    standings = []
    for csc in cscs:
        assessment = current.get(csc.pk)
        numbers = progress.get(assessment.pk, {}) if assessment else {}
        standings.append(
            CscStanding(
                csc=csc,
                assessment=assessment,
                previous=previous.get(csc.pk),
                total=numbers.get("total", 0),
                rated=numbers.get("rated", 0),
                met=numbers.get("met", 0),
            )
        )
    return standings
