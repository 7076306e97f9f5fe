"""Giving a complaint or PALS contact to another case handler."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careprog.forms.errors import add_service_error
from feedback.forms.actions import CaseHandlerForm
from feedback.selectors import eligible_case_handlers
from feedback.services.base import ProcessError
from feedback.services.handlers import case_handler_assign
from feedback.views.common import get_visible_item


@require_POST
def assign_case_handler(request, reference):
    item = get_visible_item(request, reference)
    if not request.user.has_perm("feedback.assign_case_handler", item):
        raise PermissionDenied
    form = CaseHandlerForm(request.POST, handlers=eligible_case_handlers(item))
    if form.is_valid():
        unchanged = form.cleaned_data["case_handler"] == item.case_handler
        try:
            item = case_handler_assign(
                item=item,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except ProcessError as error:
            add_service_error(form, error)
        else:
            name = item.case_handler or "nobody"
            if unchanged:
                messages.info(request, f"The case handler is still {name}")
            else:
                messages.success(request, f"Case handler changed to {name}")
            return redirect("feedback:detail", reference=item.reference_slug)
    context = {"item": item, "form": form, "title": "Change the case handler"}
    return render(request, "feedback/small_form.html", context)
