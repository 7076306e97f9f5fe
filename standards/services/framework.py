"""Keeping open assessments in step with the framework when an administrator changes it.

A standard added (or brought back) gets a line in every assessment still in progress; a
standard retired stops counting in them. Signed-off assessments never change, and nobody's
wording changes: each line keeps the words its assessor saw.
"""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from careprog.models import CareStandard
from standards.models import Assessment, AssessmentLine
from standards.services.assessments import new_line
from standards.services.base import save_audited


@transaction.atomic
def framework_follow(*, standard: CareStandard, by=None) -> int:
    """Apply one standard's active/retired state to the assessments in progress.

    Returns how many lines were added or changed.
    """
    in_progress = Assessment.objects.in_progress()
    lines = AssessmentLine.objects.filter(standard=standard, assessment__in=in_progress)
    changed = 0
    for line in lines.filter(retired=standard.active).select_for_update():
        line.retired = not standard.active
        line.version += 1
        save_audited(line, by=by, update_fields=["retired", "version"])
        changed += 1
    if standard.active:
        missing = in_progress.exclude(pk__in=lines.values("assessment"))
        added = [new_line(assessment, standard, by) for assessment in missing]
        bulk_create_with_history(added, AssessmentLine, default_user=by)
        changed += len(added)
    return changed
