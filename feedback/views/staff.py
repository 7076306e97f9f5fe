"""Staff a complaint is about: a page of its own, seen only by PALS officers and the manager of
the item's CSC. Anyone else gets 404, as if it were not there; every view is recorded."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from careprog.access_records import AccessAction, record_access
from careprog.forms.errors import add_service_error
from feedback.forms.staff import StaffInvolvedAddForm, StaffInvolvedForm
from feedback.services.base import ProcessError
from feedback.services.staff import (
    staff_involvement_add,
    staff_involvement_update,
    staff_involvement_viewed,
)
from feedback.views.common import get_visible_item


def _item_for(request, reference):
    item = get_visible_item(request, reference)
    if not item.is_complaint or not request.user.has_perm("feedback.view_staff_involved", item):
        raise Http404
    if request.method == "POST" and not request.user.has_perm(
        "feedback.manage_staff_involved", item
    ):
        raise PermissionDenied
    return item


def staff_involved(request, reference):
    item = _item_for(request, reference)
    form = StaffInvolvedAddForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            staff_involvement_add(
                item=item,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **arguments,
            )
        except ProcessError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{arguments['staff'].name} added to the staff involved")
            return redirect("feedback:staff_involved", reference=item.reference_slug)
    # Every page that shows the block is a view of it, a form shown again with its errors too.
    staff_involvement_viewed(item=item, by=request.user)
    record_access(request, AccessAction.VIEWED_ITEM, f"{item.reference} (staff involved)")
    involved = item.staff_involved.select_related("staff__csc", "updated_by")
    return render(
        request,
        "feedback/staff/list.html",
        {"item": item, "involved": involved, "form": form},
    )


def staff_involved_edit(request, reference, involvement_id):
    item = _item_for(request, reference)
    involvement = get_object_or_404(item.staff_involved.select_related("staff"), pk=involvement_id)
    initial = {
        "version": item.version,
        "told_on": involvement.told_on,
        "comments": involvement.comments,
        "support_offered": involvement.support_offered,
        "told_outcome_on": involvement.told_outcome_on,
    }
    form = StaffInvolvedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            staff_involvement_update(
                involvement=involvement,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except ProcessError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Details for {involvement.staff.name} saved")
            return redirect("feedback:staff_involved", reference=item.reference_slug)
    staff_involvement_viewed(item=item, by=request.user)
    return render(
        request,
        "feedback/staff/edit.html",
        {"item": item, "involvement": involvement, "form": form},
    )


urlpatterns = [
    path("<slug:reference>/staff-involved/", staff_involved, name="staff_involved"),
    path(
        "<slug:reference>/staff-involved/<int:involvement_id>/",
        staff_involved_edit,
        name="staff_involved_edit",
    ),
]


def detail_context(item, user) -> dict:
    """The item's page shows only a link and a count: the block itself is on its own page, so
    opening the item does not count as viewing what staff said."""
    if not item.is_complaint or not user.has_perm("feedback.view_staff_involved", item):
        return {"staff_involved_count": None}
    # Counted with the item (FeedbackItemQuerySet.for_detail).
    return {"staff_involved_count": item.staff_involved_count}
