"""Helpers every standards view uses: finding a record the user may see, and refusing changes
the user may not make (404 for another CSC's records, 403 for a role that only reads)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from careprog.forms.errors import add_service_error  # noqa: F401 - for the views
from careprog.models import ClinicalServiceCentre
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction


def get_visible_csc(request, code: str) -> ClinicalServiceCentre:
    cscs = ClinicalServiceCentre.objects.visible_to(request.user, non_identifiable=True)
    return get_object_or_404(cscs, code=code)


def get_visible_assessment(request, pk: int) -> Assessment:
    return get_object_or_404(Assessment.objects.visible_to(request.user).with_people(), pk=pk)


def get_visible_line(request, pk: int) -> AssessmentLine:
    lines = AssessmentLine.objects.visible_to(request.user).select_related(
        "assessment__csc", "assessment__signed_off_by", "standard", "owner__csc"
    )
    return get_object_or_404(lines, pk=pk)


def get_visible_evidence(request, pk: int) -> Evidence:
    evidence = Evidence.objects.visible_to(request.user).select_related("line__assessment__csc")
    return get_object_or_404(evidence, pk=pk)


def get_visible_action(request, pk: int) -> ImprovementAction:
    actions = ImprovementAction.objects.visible_to(request.user).select_related(
        "line__assessment__csc", "owner"
    )
    return get_object_or_404(actions, pk=pk)


def require_edit(request, assessment: Assessment) -> None:
    if not request.user.has_perm("standards.edit_assessment", assessment):
        raise PermissionDenied


def error_messages(error) -> list[str]:
    """Every message of a ValidationError, whether it names fields or not."""
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)
