"""The way in: a CSC manager's own CSCs, each CSC's assessments, and starting a period."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from careprog.models import ClinicalServiceCentre
from careprog.roles import Role
from standards.models import Assessment
from standards.periods import current_period
from standards.selectors import csc_standings
from standards.services.assessments import assessment_start
from standards.services.base import StandardsError
from standards.views.common import error_messages, get_visible_csc


@permission_required("standards.use_checklists", raise_exception=True)
def index(request):
    """A CSC manager starts from their own CSCs; everyone else from the trust matrix."""
    user = request.user
    if not user.has_role(Role.CSC_MANAGER):
        return redirect("standards:matrix")
    period = current_period()
    cscs = ClinicalServiceCentre.objects.visible_to(user).filter(pk__in=user.managed_csc_ids)
    return render(
        request,
        "standards/index.html",
        {"standings": csc_standings(cscs.active(), period=period), "period": period},
    )


def csc_assessments(request, code):
    """One CSC's assessments, newest first, with this period's to open or start."""
    csc = get_visible_csc(request, code)
    period = current_period()
    assessments = Assessment.objects.visible_to(request.user).for_csc(csc).with_people()
    standing = csc_standings([csc], period=period)[0]
    return render(
        request,
        "standards/csc.html",
        {
            "csc": csc,
            "period": period,
            "standing": standing,
            "assessments": assessments,
            "can_start": request.user.has_perm("standards.start_assessment", csc),
        },
    )


@require_POST
def start(request, code):
    csc = get_visible_csc(request, code)
    if not request.user.has_perm("standards.start_assessment", csc):
        raise PermissionDenied
    period = current_period()
    try:
        assessment = assessment_start(csc=csc, period=period, by=request.user)
    except StandardsError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("standards:csc", code=csc.code)
    copied = (
        " Ratings from the last period are marked for you to confirm or change."
        if (assessment.carried_from_id)
        else ""
    )
    messages.success(request, f"{csc.name}: {period.label} assessment started.{copied}")
    return redirect("standards:assessment", pk=assessment.pk)
