"""The handling plan's block on a complaint's page, and the page to log an update given."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from careprog.forms.errors import add_service_error
from feedback.forms.plan import UpdateForm
from feedback.models.choices import PLANNED_STATUSES
from feedback.services.base import ProcessError
from feedback.services.plan import complaint_give_update
from feedback.views.common import get_visible_item


@dataclass(frozen=True)
class NextUpdate:
    due: date
    tag: str  # "overdue", "due today" or nothing
    colour: str


def next_update(item, today: date) -> NextUpdate | None:
    """When the next update is due, while updates are due at all (open, with a plan)."""
    if item.status not in PLANNED_STATUSES or not item.next_update_due:
        return None
    if item.next_update_due < today:
        return NextUpdate(item.next_update_due, "overdue", "red")
    if item.next_update_due == today:
        return NextUpdate(item.next_update_due, "due today", "orange")
    return NextUpdate(item.next_update_due, "", "")


def may_log_update(item, user) -> bool:
    planned = item.plan_agreed_on and item.status in PLANNED_STATUSES
    return bool(planned and user.has_perm("feedback.give_update", item))


def detail_context(item, user) -> dict:
    """What the item's page needs from this module (its include reads these names)."""
    if not item.is_complaint:
        return {"show_plan": False}
    return {
        "show_plan": bool(item.plan_agreed_on) or item.status in PLANNED_STATUSES,
        "next_update": next_update(item, timezone.localdate()),
        # One query however many updates: who gave each comes with it.
        "updates_given": list(item.updates.select_related("created_by")),
        "can_log_update": may_log_update(item, user),
    }


def add_update(request, reference):
    """Log an update given to the person, as agreed in the handling plan."""
    item = get_visible_item(request, reference)
    if not request.user.has_perm("feedback.give_update", item):
        raise PermissionDenied
    if request.method != "POST" and not may_log_update(item, request.user):
        messages.info(request, f"No updates are due on {item.reference} now")
        return redirect("feedback:detail", reference=item.reference_slug)
    form = UpdateForm(request.POST or None, initial=UpdateForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            complaint_give_update(
                item=item,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except ProcessError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Update logged: {item.reference}")
            return redirect("feedback:detail", reference=item.reference_slug)
    return render(
        request, "feedback/small_form.html", {"item": item, "form": form, "title": "Log an update"}
    )


urlpatterns = [
    path("<slug:reference>/updates/add/", add_update, name="add_update"),
]
