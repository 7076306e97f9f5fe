"""One standard's page: its rating, owner and review date, evidence and improvement actions.

Each form posts to its own URL. A refused form draws the page again with that form's errors at
its fields; the others stay empty.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from feedback.models import FeedbackItem
from standards.forms import (
    ActionDoneForm,
    ActionForm,
    FileForm,
    LineDetailsForm,
    LinkForm,
    LinkItemForm,
    NoteForm,
    RatingForm,
)
from standards.selectors import line_page_data
from standards.services.actions import improvement_action_add, improvement_action_complete
from standards.services.base import StandardsError
from standards.services.evidence import (
    evidence_add_file,
    evidence_add_link,
    evidence_add_note,
    evidence_link_item,
    evidence_remove,
    evidence_withdraw,
)
from standards.services.lines import line_rate, line_update
from standards.views.common import (
    add_service_error,
    error_messages,
    get_visible_action,
    get_visible_evidence,
    get_visible_line,
    require_edit,
)


def linkable_items(request, line):
    """The register as this user may see it, narrowed to the line's CSC."""
    return FeedbackItem.objects.visible_to(request.user).filter(csc=line.assessment.csc)


def render_line(request, line, *, status=200, **bound):
    """The line's page, with any bound (refused) form in place of its empty one."""
    assessment = line.assessment
    user = request.user
    can_edit = (
        user.has_perm("standards.edit_assessment", assessment)
        and not assessment.is_signed_off
        and not line.retired
    )
    forms = {
        "rating_form": RatingForm(initial={"rating": line.rating, "version": line.version}),
        "details_form": LineDetailsForm(
            initial={"owner": line.owner, "review_on": line.review_on, "version": line.version}
        ),
        "note_form": NoteForm(),
        "link_form": LinkForm(),
        "file_form": FileForm(),
        "item_form": LinkItemForm(items=None, csc=assessment.csc),
        "action_form": ActionForm(),
    }
    forms.update(bound)
    data = line_page_data(
        line,
        today=timezone.localdate(),
        suggestions=linkable_items(request, line) if can_edit else None,
    )
    context = {
        "line": line,
        "assessment": assessment,
        "data": data,
        "can_edit": can_edit,
        "can_complete_actions": user.has_perm("standards.edit_assessment", assessment),
        "can_open_files": user.has_perm("standards.open_evidence", assessment),
        "can_see_items": user.has_perm("standards.see_linked_item_details", assessment),
        "has_errors": any(form.errors for form in forms.values()),
        "needs_first_action": line.is_below and not data.actions,
        # A change refused because the assessment was signed off meanwhile: its form is no
        # longer drawn, so the page says why at the top.
        "refusals": []
        if can_edit
        else [
            message
            for form in forms.values()
            for messages_ in form.errors.values()
            for message in messages_
        ],
        **forms,
    }
    return render(request, "standards/line.html", context, status=status)


def line_page(request, pk):
    return render_line(request, get_visible_line(request, pk))


def _back(line, anchor: str = ""):
    return redirect(f"{reverse('standards:line', args=[line.pk])}{anchor}")


def _run(request, line, form, form_name: str, service, success: str, anchor: str):
    """Validate the form, call the service, and either go back to the line or show errors."""
    if form.is_valid():
        try:
            service(form.cleaned_data)
        except StandardsError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return _back(line, anchor)
    return render_line(request, line, status=400, **{form_name: form})


def _editable_line(request, pk):
    line = get_visible_line(request, pk)
    require_edit(request, line.assessment)
    return line


@require_POST
def rate_on_page(request, pk):
    line = _editable_line(request, pk)
    form = RatingForm(request.POST)

    def service(data):
        line_rate(
            line=line, rating=data["rating"], by=request.user, expected_version=data["version"]
        )

    return _run(request, line, form, "rating_form", service, "Rating saved", "#rating")


@require_POST
def update_details(request, pk):
    line = _editable_line(request, pk)
    form = LineDetailsForm(request.POST)

    def service(data):
        line_update(
            line=line,
            by=request.user,
            owner=data["owner"],
            review_on=data["review_on"],
            expected_version=data["version"],
        )

    return _run(request, line, form, "details_form", service, "Owner and review date saved", "")


@require_POST
def add_note(request, pk):
    line = _editable_line(request, pk)
    form = NoteForm(request.POST)

    def service(data):
        evidence_add_note(line=line, by=request.user, text=data["text"])

    return _run(request, line, form, "note_form", service, "Evidence note added", "#evidence")


@require_POST
def add_link(request, pk):
    line = _editable_line(request, pk)
    form = LinkForm(request.POST)

    def service(data):
        evidence_add_link(line=line, by=request.user, url=data["url"], title=data["title"])

    return _run(request, line, form, "link_form", service, "Link added", "#evidence")


@require_POST
def add_file(request, pk):
    line = _editable_line(request, pk)
    form = FileForm(request.POST, request.FILES)

    def service(data):
        evidence_add_file(
            line=line, by=request.user, upload=data["file"], description=data["description"]
        )

    return _run(request, line, form, "file_form", service, "File uploaded", "#evidence")


@require_POST
def link_item(request, pk):
    line = _editable_line(request, pk)
    form = LinkItemForm(request.POST, items=linkable_items(request, line), csc=line.assessment.csc)

    def service(data):
        evidence_link_item(line=line, by=request.user, item=data["reference"])

    return _run(request, line, form, "item_form", service, "Feedback item linked", "#evidence")


@require_POST
def remove_evidence(request, pk):
    evidence = get_visible_evidence(request, pk)
    line = _editable_line(request, evidence.line_id)
    try:
        evidence_remove(evidence=evidence, by=request.user)
    except StandardsError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, f"Removed: {evidence.get_kind_display().lower()}")
    return _back(line, "#evidence")


@require_POST
def withdraw_evidence(request, pk):
    evidence = get_visible_evidence(request, pk)
    if not request.user.has_perm("standards.withdraw_evidence"):
        raise PermissionDenied
    line = get_visible_line(request, evidence.line_id)
    try:
        withdrawn = evidence_withdraw(
            evidence=evidence, by=request.user, reason=request.POST.get("reason", "")
        )
    except StandardsError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        copies = withdrawn - 1
        also = (
            f", with {copies} cop{'y' if copies == 1 else 'ies'} in later periods" if copies else ""
        )
        messages.success(request, f"Withdrawn{also}. It is kept, and no longer shown or served.")
    return _back(line, "#evidence")


@require_POST
def add_action(request, pk):
    line = _editable_line(request, pk)
    form = ActionForm(request.POST)

    def service(data):
        improvement_action_add(line=line, by=request.user, **data)

    return _run(request, line, form, "action_form", service, "Improvement action added", "#actions")


def complete_action(request, pk):
    action = get_visible_action(request, pk)
    line = get_visible_line(request, action.line_id)
    require_edit(request, line.assessment)
    form = ActionDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            improvement_action_complete(
                action=action, by=request.user, done_on=form.cleaned_data["done_on"]
            )
        except StandardsError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Improvement action marked as done")
            return _back(line, "#actions")
    return render(
        request,
        "standards/action_done.html",
        {"action": action, "line": line, "form": form},
        status=400 if form.errors else 200,
    )
