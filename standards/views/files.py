"""Evidence files are served only through here, to those who may open them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from careprog.access_records import AccessAction, record_access
from careprog.downloads import attachment_response
from standards.models import Evidence
from standards.views.common import get_visible_evidence


def evidence_file(request, pk):
    evidence = get_visible_evidence(request, pk)
    if evidence.kind != Evidence.Kind.FILE or evidence.removed_at:
        raise Http404("No such file")
    # Board members read the checklist but not the files behind it (403: they can see it exists).
    if not request.user.has_perm("standards.open_evidence", evidence.line.assessment):
        raise PermissionDenied
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    assessment = evidence.line.assessment
    what = f"{assessment.csc.name} {evidence.line.code}: {evidence.file_name}"
    record_access(request, AccessAction.DOWNLOADED_EVIDENCE, what)
    return attachment_response(
        handle,
        original_name=evidence.file_name,
        stored_name=evidence.file.name,
        content_type=evidence.file_type,
    )
