"""Evidence files are served only through here, to those who may open them."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404

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
    # The uploader's name, with the extension of what the file really is (checked on upload).
    filename = Path(evidence.file_name).stem + Path(evidence.file.name).suffix
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=evidence.file_type or "application/octet-stream",
    )
    # Never rendered by the browser, never kept in a shared cache.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
