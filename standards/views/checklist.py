"""The checklist: every standard of one assessment, rated with one click, then signed off."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from standards.forms import RatingForm
from standards.models import RATING_SCALE
from standards.selectors import checklist_for
from standards.services.assessments import (
    assessment_sign_off,
    lines_seen,
    sign_off_problems,
)
from standards.services.base import StandardsError
from standards.services.lines import line_rate
from standards.views.common import (
    error_messages,
    get_visible_assessment,
    get_visible_line,
    require_edit,
)


def checklist_context(request, assessment, *, row_errors=None) -> dict:
    user = request.user
    checklist = checklist_for(assessment, today=timezone.localdate())
    for row in checklist.rows:
        row.errors = (row_errors or {}).get(row.line.pk, [])
    return {
        "assessment": assessment,
        "checklist": checklist,
        "can_edit": user.has_perm("standards.edit_assessment", assessment)
        and not assessment.is_signed_off,
        "can_see_items": user.has_perm("standards.see_linked_item_details", assessment),
        "scale": RATING_SCALE,
    }


def assessment_page(request, pk):
    assessment = get_visible_assessment(request, pk)
    return render(request, "standards/checklist.html", checklist_context(request, assessment))


@require_POST
def rate(request, pk):
    """One click on a rating. An htmx request gets back the standard's row and the progress it
    changed; without JavaScript the checklist reloads at the same standard."""
    line = get_visible_line(request, pk)
    assessment = line.assessment
    require_edit(request, assessment)
    form = RatingForm(request.POST)
    problems = []
    if form.is_valid():
        try:
            line = line_rate(
                line=line,
                rating=form.cleaned_data["rating"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StandardsError as error:
            problems = error_messages(error)
    else:
        problems = [m for messages_ in form.errors.values() for m in messages_]
    if request.htmx:
        context = checklist_context(request, assessment, row_errors={line.pk: problems})
        row = next((r for r in context["checklist"].rows if r.line.pk == line.pk), None)
        if row is None:  # a standard retired meanwhile: the whole checklist has changed
            for message in problems:
                messages.error(request, message)
            return HttpResponseClientRefresh()
        group = next(g for g in context["checklist"].groups if row in g.rows)
        status = (
            problems[0]
            if problems
            else (f"Standard {row.line.code} rated {row.line.get_rating_display()}")
        )
        context.update({"row": row, "group": group, "status": status})
        return render(request, "standards/includes/rated.html", context)
    if problems:
        context = checklist_context(request, assessment, row_errors={line.pk: problems})
        context["error_anchor"] = f"line-{line.pk}"
        return render(request, "standards/checklist.html", context, status=400)
    messages.success(request, f"Standard {line.code} rated {line.get_rating_display()}")
    return redirect(f"{reverse('standards:assessment', args=[assessment.pk])}#line-{line.pk}")


def seen_on_page(request) -> int:
    """The checklist's state the sign-off page showed; a page without it (or with junk) counts
    as stale, so nothing is signed off that the manager may not have seen."""
    try:
        return int(request.POST.get("lines_seen", ""))
    except ValueError:
        return -1


def sign_off(request, pk):
    assessment = get_visible_assessment(request, pk)
    require_edit(request, assessment)
    if assessment.is_signed_off:
        messages.info(request, f"{assessment} is already signed off")
        return redirect("standards:assessment", pk=assessment.pk)
    errors = []
    if request.method == "POST":
        try:
            assessment_sign_off(
                assessment=assessment,
                by=request.user,
                lines_seen_on_page=seen_on_page(request),
            )
        except StandardsError as error:
            errors = error_messages(error)
        else:
            messages.success(request, f"{assessment}: signed off")
            return redirect("standards:assessment", pk=assessment.pk)
    checklist = checklist_for(assessment, today=timezone.localdate())
    return render(
        request,
        "standards/sign_off.html",
        {
            "assessment": assessment,
            "checklist": checklist,
            "errors": errors,
            "problems": sign_off_problems(assessment),
            "refused": bool(errors),
            "rating_counts": checklist.rating_counts,
            "lines_seen": lines_seen(assessment),
        },
    )
