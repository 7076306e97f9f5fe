"""What every standards service shares: its error, the signed-off check and the stale-edit lock."""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from standards.models import Assessment, AssessmentLine


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


def lock_line(line: AssessmentLine, expected_version: int | None) -> AssessmentLine:
    """Re-read the line locked for this transaction; refuse if it changed since it was shown.

    ``expected_version`` is the version the user's page was built from; None skips the check
    (copying forward and the demo).
    """
    fresh = (
        # of=self: Postgres cannot lock the nullable side of the outer joins below.
        AssessmentLine.objects.select_for_update(of=("self",))
        .select_related("assessment__csc", "assessment__signed_off_by", "updated_by")
        .get(pk=line.pk)
    )
    refuse_if_signed_off(fresh.assessment)
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


def save_audited(record, *, by, update_fields: list[str] | None = None):
    """Validate and save a record, noting who changed it in its audit trail.

    With ``update_fields`` only those fields are validated and written: the rest were valid
    when saved and have not changed (and checking each foreign key again costs a query).
    """
    if update_fields is None:
        record.full_clean()
    else:
        unchanged = [f.name for f in record._meta.fields if f.name not in update_fields]
        record.full_clean(exclude=unchanged)
    record.updated_by = by
    if record._state.adding:
        record.created_by = by
    record._history_user = by  # simple-history: who made the change, outside a request too
    if update_fields is not None:
        update_fields = [*update_fields, "updated_by", "updated_at"]
    record.save(update_fields=update_fields)
    return record
