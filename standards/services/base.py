"""What every standards service shares: its error, the signed-off check and the stale-edit lock."""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from careprog.audit import save_audited
from standards.models import Assessment, AssessmentLine

__all__ = [
    "StandardsError",
    "lock_assessment",
    "lock_line",
    "refuse_if_signed_off",
    "save_audited",
]


class StandardsError(ValidationError):
    """A change the assessment's state does not allow; the message says why."""


def refuse_if_signed_off(assessment: Assessment) -> None:
    if assessment.is_signed_off:
        when = formats.date_format(timezone.localtime(assessment.signed_off_at), "j F Y")
        raise StandardsError(
            f"{assessment.csc.name}'s {assessment.period.label} assessment was signed off by "
            f"{assessment.signed_off_by} on {when}: it can no longer be changed.",
            code="signed_off",
        )


def lock_assessment(assessment_id: int) -> Assessment:
    """The assessment, locked for this transaction and refused if signed off.

    Every change to a line, its evidence or its actions takes this lock first, and so does
    sign-off: a change can never land in an assessment signed off a moment before.
    """
    assessment = (
        # of=self: Postgres cannot lock the nullable side of the outer join to the signer.
        Assessment.objects.select_for_update(of=("self",))
        .select_related("csc", "signed_off_by")
        .get(pk=assessment_id)
    )
    refuse_if_signed_off(assessment)
    return assessment


def lock_line(line: AssessmentLine, expected_version: int | None) -> AssessmentLine:
    """Re-read the line locked for this transaction; refuse if its assessment is signed off, if
    its standard was retired, or if it changed since it was shown.

    ``expected_version`` is the version the user's page was built from; None skips the check
    (copying forward and the demo).
    """
    assessment = lock_assessment(line.assessment_id)
    fresh = (
        AssessmentLine.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=line.pk)
    )
    fresh.assessment = assessment
    if fresh.retired:
        raise StandardsError(
            f"Standard {fresh.code} was retired while this assessment was in progress: it no "
            "longer counts, and cannot be changed.",
            code="retired",
        )
    if expected_version is not None and fresh.version != expected_version:
        who = f" by {fresh.updated_by}" if fresh.updated_by else ""
        at = formats.time_format(timezone.localtime(fresh.updated_at), "H:i")
        raise StandardsError(
            f"Someone else changed standard {fresh.code} while you were looking at it (it is "
            f"now rated {fresh.get_rating_display()}, changed{who} at {at}). Your change has "
            "not been saved: check the latest and make your change again if it is still needed.",
            code="stale",
        )
    return fresh
