from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from careprog.access_records import AccessAction, record_access
from feedback.actions import actions_for
from feedback.forms.actions import CaseHandlerForm, NoteForm
from feedback.forms.items import FeedbackItemEditForm
from feedback.presenters import deadlines_for, flags_for
from feedback.selectors import eligible_case_handlers
from feedback.services.base import ProcessError
from feedback.services.handlers import HANDLED_KINDS
from feedback.services.items import feedback_update
from feedback.views import early, issues, letters, plan, staff, surveys
from feedback.views.common import get_visible_item, today_context

# Each part of the Complaint Standards adds what its block on the item's page needs.
DETAIL_PARTS = [early, issues, plan, staff, letters, surveys]


def item_detail(request, reference):
    item = get_visible_item(request, reference, detail=True)
    record_access(request, AccessAction.VIEWED_ITEM, item.reference)
    now = today_context()
    user = request.user
    return render(
        request,
        "feedback/detail.html",
        {
            "item": item,
            "flags": flags_for(item, today=now.today, horizon=now.horizon),
            "deadlines": deadlines_for(item, today=now.today, calendar=now.calendar),
            "actions": actions_for(item, user),
            "events": item.events.select_related("by"),
            "deadline_changes": item.deadline_changes.all(),  # fetched with the item
            "notes": item.investigation_notes.select_related("created_by"),
            "learning": item.learning_actions.all(),
            "escalated_to": getattr(item, "escalated_to", None),
            "can_edit": user.has_perm("feedback.edit_item", item),
            "can_note": user.has_perm("feedback.add_investigation_note", item),
            "can_learn": user.has_perm("feedback.manage_learning", item),
            "note_form": NoteForm(),
            **case_handler_context(item, user),
            **{k: v for part in DETAIL_PARTS for k, v in part.detail_context(item, user).items()},
        },
    )


def case_handler_context(item, user) -> dict:
    """The item's handler, and the form to change it for those who may."""
    can_assign = item.kind in HANDLED_KINDS and user.has_perm("feedback.assign_case_handler", item)
    form = None
    if can_assign:
        initial = {"version": item.version, "case_handler": item.case_handler_id}
        form = CaseHandlerForm(initial=initial, handlers=eligible_case_handlers(item))
    return {"handler_form": form, "has_handler": item.kind in HANDLED_KINDS}


def item_edit(request, reference):
    item = get_visible_item(request, reference, detail=True)
    if not request.user.has_perm("feedback.edit_item", item):
        raise PermissionDenied
    initial = {"version": item.version}
    form = FeedbackItemEditForm(
        request.POST or None, instance=item, kind=item.kind, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = feedback_update(
                item=item,
                by=request.user,
                details=form.details(),
                expected_version=form.cleaned_data["version"],
            )
        except ProcessError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{item.reference} updated")
            return redirect("feedback:detail", reference=item.reference_slug)
    # The form shows everything the item's page does about the patient.
    record_access(request, AccessAction.VIEWED_ITEM, f"{item.reference} (edit)")
    return render(
        request,
        "feedback/item_form.html",
        {"form": form, "item": item, "kind_label": item.get_kind_display()},
    )
