"""Factories for the standards checklists. Assessments are made through the real services, so
lines, copies and history are as in life."""

from datetime import date

from careprog.models import CareCriterion, CareStandard
from careprog.reference.loaders import load_care_standards
from standards.models import Assessment, AssessmentLine, Rating
from standards.periods import Period, current_period
from standards.services.actions import improvement_action_add
from standards.services.assessments import assessment_start
from standards.services.lines import line_rate


def the_45_standards() -> list[CareStandard]:
    """The trust's five criteria and 45 standards, as the reference data loads them."""
    load_care_standards()
    return list(CareStandard.objects.active().with_criterion())


def few_standards(count: int = 3, *, criterion_number: int = 1) -> list[CareStandard]:
    """A small framework for tests that need only a few standards."""
    criterion, _ = CareCriterion.objects.get_or_create(
        number=criterion_number, defaults={"title": f"Criterion {criterion_number}"}
    )
    start = CareStandard.objects.filter(criterion=criterion).count()
    return [
        CareStandard.objects.create(
            criterion=criterion,
            numeral=f"s{start + n}",
            position=start + n,
            text=f"Standard {start + n} of criterion {criterion_number}",
        )
        for n in range(1, count + 1)
    ]


def this_period(today: date | None = None) -> Period:
    return current_period(today)


def make_assessment(*, csc, by=None, period: Period | None = None) -> Assessment:
    return assessment_start(csc=csc, period=period or this_period(), by=by)


def rate_all(assessment: Assessment, rating: str = Rating.COMPLIANCE, *, by=None) -> None:
    for line in assessment.lines.all():
        line_rate(line=line, rating=rating, by=by, expected_version=None)


def ready_to_sign_off(assessment: Assessment, *, by, owner) -> Assessment:
    """Every standard rated, and each one below Compliance given an action."""
    lines = list(assessment.lines.order_by("pk"))
    for index, line in enumerate(lines):
        rating = Rating.PARTIAL if index == 0 else Rating.COMPLIANCE
        line = line_rate(line=line, rating=rating, by=by, expected_version=None)
        if line.is_below:
            improvement_action_add(
                line=line,
                by=by,
                description="Put it right",
                owner=owner,
                due_on=assessment.period_end,
            )
    return assessment


def line_of(assessment: Assessment, standard: CareStandard) -> AssessmentLine:
    return assessment.lines.get(standard=standard)


def signed_off_assessment(*, csc, by, owner, period: Period | None = None) -> Assessment:
    """A CSC's assessment, completed and signed off (the next period starts from it)."""
    from standards.services.assessments import assessment_sign_off

    made = make_assessment(csc=csc, by=by, period=period)
    ready_to_sign_off(made, by=by, owner=owner)
    return assessment_sign_off(assessment=made, by=by)
