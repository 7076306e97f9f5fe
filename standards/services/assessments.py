"""Starting a period's assessment (copying the last one forward) and signing it off."""

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from careprog.models import CareStandard, ClinicalServiceCentre
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating
from standards.models.choices import AssessmentStatus
from standards.periods import Period, current_period
from standards.services.base import StandardsError, lock_assessment, save_audited


def new_line(assessment: Assessment, standard: CareStandard, by) -> AssessmentLine:
    """A line with the standard's wording and numbering as they are now (what the assessor sees)."""
    return AssessmentLine(
        assessment=assessment,
        standard=standard,
        criterion_number=standard.criterion.number,
        criterion_title=standard.criterion.title,
        numeral=standard.numeral,
        position=standard.position,
        standard_text=standard.text,
        created_by=by,
        updated_by=by,
    )


@transaction.atomic
def assessment_start(*, csc: ClinicalServiceCentre, period: Period, by, today=None) -> Assessment:
    """Start a CSC's assessment for a period, with a line for every active standard.

    When the CSC has an earlier assessment (it must be signed off), its ratings, owners, review
    dates still to come, evidence notes, links and files, and open improvement actions are
    copied forward, and each copied rating is marked for review.
    """
    if period.start > current_period(today).start:
        raise StandardsError(
            f"The {period.label} assessment cannot be started before the period begins "
            f"({period.start:%-d %B %Y}).",
            code="future",
        )
    if Assessment.objects.for_csc(csc).for_period(period.start).exists():
        raise StandardsError(
            f"{csc.name}'s {period.label} assessment has already been started.", code="exists"
        )
    previous = Assessment.objects.for_csc(csc).before(period.start).first()
    if previous is not None and not previous.is_signed_off:
        # Copying forward marks the open actions as carried: the earlier assessment could then
        # never be signed off. Each period's judgement is finished before the next starts.
        raise StandardsError(
            f"Sign off {csc.name}'s {previous.period.label} assessment before starting "
            f"{period.label}: the new one starts from it.",
            code="previous_open",
        )
    assessment = Assessment(
        csc=csc,
        period_start=period.start,
        period_end=period.end,
        carried_from=previous,
    )
    try:
        with transaction.atomic():
            save_audited(assessment, by=by)
    except IntegrityError:
        # Two people pressed "Start" at once: the other one won.
        raise StandardsError(
            f"{csc.name}'s {period.label} assessment has already been started.", code="exists"
        ) from None
    earlier = {}
    if previous is not None:
        earlier = {line.standard_id: line for line in previous.lines.counted()}
    lines = []
    for standard in CareStandard.objects.active().with_criterion():
        line = new_line(assessment, standard, by)
        before = earlier.get(standard.pk)
        if before is not None:
            line.rating = before.rating
            line.owner_id = before.owner_id
            # A review date that fell in the last period has been and gone: the new period's
            # judgement sets the next one.
            if before.review_on and before.review_on >= period.start:
                line.review_on = before.review_on
            line.needs_review = before.rating != Rating.NOT_ASSESSED
            line.carried_from = before
        lines.append(line)
    bulk_create_with_history(lines, AssessmentLine, default_user=by)
    if previous is not None:
        copy_evidence_and_actions(lines, by=by)
    return assessment


def copy_evidence_and_actions(lines: list[AssessmentLine], *, by) -> None:
    """Copy each earlier line's current evidence and open actions onto its new line."""
    new_by_old = {line.carried_from_id: line for line in lines if line.carried_from_id}
    evidence = [
        old.carried_copy(new_by_old[old.line_id], created_by=by, updated_by=by)
        # Feedback items are evidence of the period they came in, so they are not carried;
        # notes, links and files stand until someone removes them.
        for old in Evidence.objects.current()
        .filter(line_id__in=new_by_old)
        .exclude(kind=Evidence.Kind.ITEM)
    ]
    bulk_create_with_history(evidence, Evidence, default_user=by)
    actions = [
        old.carried_copy(new_by_old[old.line_id], created_by=by, updated_by=by)
        for old in ImprovementAction.objects.open().filter(line_id__in=new_by_old)
    ]
    bulk_create_with_history(actions, ImprovementAction, default_user=by)


def sign_off_problems(assessment: Assessment) -> list[str]:
    """What stops an assessment being signed off, in plain words; empty when it can be."""
    lines = assessment.lines.counted()
    problems = []
    checks = [
        (lines.unrated(), "not yet rated"),
        (
            lines.to_review().exclude(rating=Rating.NOT_ASSESSED),
            "carried forward from the last period and not yet confirmed or changed",
        ),
        (lines.below().without_open_action(), "below Compliance with no open improvement action"),
    ]
    for queryset, what in checks:
        codes = [
            f"{n}.{numeral}" for n, numeral in queryset.values_list("criterion_number", "numeral")
        ]
        if codes:
            standards = "standard" if len(codes) == 1 else "standards"
            problems.append(f"{len(codes)} {standards} {what}: {', '.join(codes)}")
    return problems


def lines_seen(assessment: Assessment) -> int:
    """What the sign-off page was built from: the sum of its lines' versions. Every change to a
    line (rating, owner, review date, retirement) raises that line's version by one, so the sum
    differs as soon as anything shown has changed."""
    return assessment.lines.aggregate(seen=Sum("version"))["seen"] or 0


@transaction.atomic
def assessment_sign_off(
    *, assessment: Assessment, by, lines_seen_on_page: int | None = None
) -> Assessment:
    """The CSC manager's sign-off: every standard rated and confirmed, an action for each one
    below Compliance. After it the assessment is read-only.

    ``lines_seen_on_page`` is ``lines_seen`` when the manager's page was built: a rating changed
    since (by a colleague in another tab) is refused rather than signed off unseen. None skips
    the check (tests and the demo, which sign off what they have just made)."""
    assessment = lock_assessment(assessment.pk)
    if lines_seen_on_page is not None and lines_seen(assessment) != lines_seen_on_page:
        raise StandardsError(
            f"Someone changed {assessment.period.label}'s checklist while you were looking at "
            "it, so it has not been signed off. Check the figures below, then sign off again.",
            code="stale",
        )
    problems = sign_off_problems(assessment)
    if problems:
        raise StandardsError(
            [f"{assessment.period.label} cannot be signed off yet. {p}." for p in problems],
            code="incomplete",
        )
    assessment.status = AssessmentStatus.SIGNED_OFF
    assessment.signed_off_by = by
    assessment.signed_off_at = timezone.now()
    return save_audited(
        assessment, by=by, update_fields=["status", "signed_off_by", "signed_off_at"]
    )
