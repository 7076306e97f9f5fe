"""Improvement actions: adding one to a standard, and marking it done."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from careprog.models import StaffMember
from careprog.validators import check_free_text
from standards.models import AssessmentLine, ImprovementAction
from standards.services.base import StandardsError, lock_line, save_audited


@transaction.atomic
def improvement_action_add(
    *, line: AssessmentLine, by, description: str, owner: StaffMember, due_on: date
) -> ImprovementAction:
    line = lock_line(line, None)
    start = line.assessment.period_start
    if due_on < start:
        raise StandardsError(
            {"due_on": f"Due date must be on or after the start of the period ({start:%-d %B %Y})"},
            code="due_before_period",
        )
    check_free_text({"description": description}, error=StandardsError)
    action = ImprovementAction(
        line=line, description=description.strip(), owner=owner, due_on=due_on
    )
    return save_audited(action, by=by)


@transaction.atomic
def improvement_action_complete(
    *, action: ImprovementAction, by, done_on: date
) -> ImprovementAction:
    """Mark an action done.

    Allowed after sign-off: signing off froze the judgement (ratings, evidence, the actions
    planned), and following an action through is what the sign-off asked for. An action that
    was carried into a later assessment is completed there, on the copy.
    """
    action = (
        ImprovementAction.objects.select_for_update(of=("self",))
        .select_related("line__assessment")
        .get(pk=action.pk)
    )
    if action.done_on:
        raise StandardsError("This action is already marked as done.", code="done")
    if hasattr(action, "carried_to"):
        raise StandardsError(
            "This action was carried forward into the next period's assessment: mark it done "
            "there.",
            code="carried",
        )
    if done_on > timezone.localdate():
        raise StandardsError({"done_on": "Date done must be today or in the past"}, code="future")
    action.done_on = done_on
    return save_audited(action, by=by, update_fields=["done_on"])
