"""Investigation notes and learning actions ("you said, we did")."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from feedback.models import InvestigationNote, LearningAction
from feedback.services.base import ProcessError, check_length, field_error, record_event

# A note is a working record of the investigation (a call, a meeting, what a statement said):
# room for a long one; statements and letters themselves belong in the documents.
NOTE_MAX_LENGTH = 10_000
# A learning action is one thing the service will do differently, read in lists and reports.
LEARNING_ACTION_MAX_LENGTH = 2_000
OWNER_MAX_LENGTH = LearningAction._meta.get_field("owner").max_length


@transaction.atomic
def investigation_note_add(*, item, by, text: str) -> InvestigationNote:
    if not text.strip():
        raise ProcessError("Write the note before saving it.", code="empty")
    # Checked before anything is written, so a refused note leaves no trace.
    check_length("text", "Investigation note", text, NOTE_MAX_LENGTH)
    note = InvestigationNote(item=item, text=text, created_by=by, updated_by=by)
    note.full_clean()
    note.save()
    record_event(item, by=by, action="note", description="Investigation note added")
    return note


@transaction.atomic
def learning_action_add(*, item, by, action: str, owner: str, due_on: date) -> LearningAction:
    action, owner = action.strip(), owner.strip()
    if not action:
        raise field_error("action", "Enter what will be done differently", "blank")
    check_length("action", "What will be done", action, LEARNING_ACTION_MAX_LENGTH)
    if not owner:
        raise field_error("owner", "Enter who will make sure it happens", "blank")
    check_length("owner", "Owner", owner, OWNER_MAX_LENGTH)
    learning = LearningAction(
        item=item, action=action, owner=owner, due_on=due_on, created_by=by, updated_by=by
    )
    learning.full_clean()
    learning.save()
    record_event(
        item,
        by=by,
        action="learning",
        description=f"Learning action added: {action} (owner {owner}, due {due_on:%-d %B %Y})",
    )
    return learning


@transaction.atomic
def learning_action_complete(*, learning: LearningAction, by, done_on: date) -> LearningAction:
    learning = LearningAction.objects.select_for_update().get(pk=learning.pk)
    if learning.done_on:
        raise ProcessError("This learning action is already done.", code="done")
    if done_on > timezone.localdate():
        raise ProcessError("Date done must be today or in the past.", code="future")
    learning.done_on = done_on
    learning.updated_by = by
    learning._history_user = by
    learning.save()
    record_event(
        learning.item,
        by=by,
        action="learning_done",
        description=f"Learning action done: {learning.action}",
    )
    return learning
