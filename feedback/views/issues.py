"""Clarifying a complaint: its issues, the impact and the outcome sought (the complaints team),
and the finding on each issue (the CSC that investigates). Thin views over
feedback.services.issues; the item's page shows the block built by ``detail_context``."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from careprog.forms.errors import add_service_error
from feedback.forms.issues import ClarifyForm, FindingForm, IssueForm, WithdrawIssueForm
from feedback.models import ComplaintIssue, FeedbackItem
from feedback.models.choices import Kind
from feedback.services.base import ProcessError
from feedback.services.issues import (
    FINDING_STATUSES,
    complaint_clarify,
    derived_outcome,
    issue_add,
    issue_change,
    issue_record_finding,
    issue_withdraw,
)
from feedback.views.common import get_visible_item


def _complaint_for(request, reference, permission: str) -> FeedbackItem:
    item = get_visible_item(request, reference)
    if not request.user.has_perm(permission, item):
        raise PermissionDenied
    if item.kind != Kind.COMPLAINT:
        raise PermissionDenied("Only formal complaints have issues")
    return item


def _issue_of(item: FeedbackItem, number: int) -> ComplaintIssue:
    # Through the item the user may see: another CSC's complaint has already answered 404.
    return get_object_or_404(item.issues.all(), number=number)


def _back_to(item: FeedbackItem, message: str, request):
    messages.success(request, f"{message}: {item.reference}")
    return redirect("feedback:issues", reference=item.reference_slug)


def _run(form, service, **arguments) -> bool:
    """Call the service with the form's answers; a refusal is put on the form."""
    try:
        service(**arguments, expected_version=form.cleaned_data["version"])
    except ProcessError as error:
        add_service_error(form, error)
        return False
    return True


def clarify(request, reference):
    """The "Clarify the complaint" page: the impact and outcome sought, and its issues."""
    item = _complaint_for(request, reference, "feedback.clarify_complaint")
    form = ClarifyForm(request.POST or None, initial=ClarifyForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        arguments = {k: form.cleaned_data[k] for k in ("impact", "outcome_sought")}
        if _run(form, complaint_clarify, item=item, by=request.user, **arguments):
            return _back_to(item, "Complaint clarified", request)
    return _clarify_page(request, item, clarify_form=form)


def _clarify_page(request, item, *, clarify_form=None, add_form=None):
    initial = {"version": item.version}
    return render(
        request,
        "feedback/issues/clarify.html",
        {
            "item": item,
            "issues": item.issues.all(),
            "clarify_form": clarify_form or ClarifyForm(initial=ClarifyForm.initial_for(item)),
            "add_form": add_form or IssueForm(initial=initial, prefix="new"),
            "can_change": item.is_open_complaint,
        },
    )


@require_POST
def add(request, reference):
    item = _complaint_for(request, reference, "feedback.clarify_complaint")
    form = IssueForm(request.POST, prefix="new")
    if form.is_valid():
        description = form.cleaned_data["description"]
        if _run(form, issue_add, item=item, by=request.user, description=description):
            return _back_to(item, "Issue added", request)
    return _clarify_page(request, item, add_form=form)


def _issue_page(request, item, issue, *, title: str, form, button: str):
    context = {"item": item, "issue": issue, "title": title, "form": form, "button": button}
    return render(request, "feedback/issues/issue_form.html", context)


def change(request, reference, number):
    item = _complaint_for(request, reference, "feedback.clarify_complaint")
    issue = _issue_of(item, number)
    initial = {"version": item.version, "description": issue.description}
    form = IssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        description = form.cleaned_data["description"]
        if _run(form, issue_change, issue=issue, by=request.user, description=description):
            return _back_to(item, f"Issue {issue.number} changed", request)
    return _issue_page(
        request, item, issue, title=f"Change issue {issue.number}", form=form, button="Save"
    )


def withdraw(request, reference, number):
    item = _complaint_for(request, reference, "feedback.clarify_complaint")
    issue = _issue_of(item, number)
    form = WithdrawIssueForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if _run(form, issue_withdraw, issue=issue, by=request.user, reason=reason):
            return _back_to(item, f"Issue {issue.number} withdrawn", request)
    title = f"Withdraw issue {issue.number}"
    return _issue_page(request, item, issue, title=title, form=form, button="Withdraw issue")


def record_finding(request, reference, number):
    """The finding on one issue, recorded by the CSC that investigates (or the team)."""
    item = _complaint_for(request, reference, "feedback.investigate")
    issue = _issue_of(item, number)
    initial = {
        "version": item.version,
        "finding": issue.finding or None,
        "explanation": issue.explanation,
        "what_will_change": issue.what_will_change,
    }
    form = FindingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        answers = {k: form.cleaned_data[k] for k in ("finding", "explanation", "what_will_change")}
        if _run(form, issue_record_finding, issue=issue, by=request.user, **answers):
            messages.success(request, f"Finding on issue {issue.number} recorded")
            return redirect("feedback:detail", reference=item.reference_slug)
    title = f"Record the finding on issue {issue.number}"
    return _issue_page(request, item, issue, title=title, form=form, button="Save finding")


urlpatterns = [
    path("<slug:reference>/issues/", clarify, name="issues"),
    path("<slug:reference>/issues/add/", add, name="issue_add"),
    path("<slug:reference>/issues/<int:number>/change/", change, name="issue_change"),
    path("<slug:reference>/issues/<int:number>/withdraw/", withdraw, name="issue_withdraw"),
    path("<slug:reference>/issues/<int:number>/finding/", record_finding, name="issue_finding"),
]


@dataclass(frozen=True)
class IssuesBlock:
    """What the item's page shows of a complaint's issues."""

    issues: list[ComplaintIssue]
    outcome_line: str
    can_clarify: bool
    can_record_findings: bool


def outcome_line(item: FeedbackItem, issues: list[ComplaintIssue]) -> str:
    """The overall outcome in words, and where it came from."""
    if not issues:
        return ""
    answered = sum(1 for issue in issues if issue.finding)
    if not item.outcome:
        return f"Overall outcome: not known yet ({answered} of {len(issues)} issues have a finding)"
    line = f"Overall outcome: {item.get_outcome_display()}"
    if item.outcome_override_reason:
        return f"{line} (overridden: {item.outcome_override_reason})"
    if derived_outcome(issue.finding for issue in issues) == item.outcome:
        return f"{line} (derived from the findings)"
    return f"{line} ({answered} of {len(issues)} issues have a finding)"


def detail_context(item, user) -> dict:
    """What the item's page needs from this module (its include reads these names). One query
    for every issue, however many there are."""
    if item.kind != Kind.COMPLAINT:
        return {}
    issues = [issue for issue in item.issues.all() if not issue.withdrawn]
    return {
        "issues_block": IssuesBlock(
            issues=issues,
            outcome_line=outcome_line(item, issues),
            can_clarify=item.is_open_complaint
            and user.has_perm("feedback.clarify_complaint", item),
            can_record_findings=item.status in FINDING_STATUSES
            and user.has_perm("feedback.investigate", item),
        )
    }
