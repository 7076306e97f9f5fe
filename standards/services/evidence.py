"""Adding evidence to a line (notes, links, files, feedback items) and removing it again.

Evidence is never deleted: removing it hides it and records who removed it and when.
"""

from django.db import transaction
from django.utils import timezone

from careprog.uploads import check_upload, stored_name
from feedback.models import FeedbackItem
from standards.models import AssessmentLine, Evidence
from standards.models.evidence import evidence_path
from standards.services.base import StandardsError, lock_line, refuse_if_signed_off, save_audited


def _evidence(line: AssessmentLine, kind: str, **fields) -> Evidence:
    return Evidence(line=line, kind=kind, **fields)


@transaction.atomic
def evidence_add_note(*, line: AssessmentLine, by, text: str) -> Evidence:
    line = lock_line(line, None)
    if not text.strip():
        raise StandardsError({"text": "Write the note before saving it"}, code="empty")
    return save_audited(_evidence(line, Evidence.Kind.NOTE, text=text.strip()), by=by)


@transaction.atomic
def evidence_add_link(*, line: AssessmentLine, by, url: str, title: str = "") -> Evidence:
    line = lock_line(line, None)
    return save_audited(_evidence(line, Evidence.Kind.LINK, url=url, text=title.strip()), by=by)


@transaction.atomic
def evidence_add_file(*, line: AssessmentLine, by, upload, description: str = "") -> Evidence:
    """Check the file by its content, store it under a random name, and record it.

    If recording fails after the file is stored, the stored file is removed again, so nothing
    is left half-saved.
    """
    line = lock_line(line, None)
    kind = check_upload(upload)
    evidence = _evidence(
        line,
        Evidence.Kind.FILE,
        text=description.strip(),
        file_name=upload.name[:255],
        file_size=upload.size,
        file_type=kind.content_type,
    )
    evidence.full_clean(exclude=["file"])
    storage = Evidence._meta.get_field("file").storage
    name = storage.save(evidence_path(evidence, stored_name(kind)), upload)
    evidence.file.name = name
    try:
        with transaction.atomic():
            return save_audited(evidence, by=by)
    except Exception:
        storage.delete(name)
        raise


@transaction.atomic
def evidence_link_item(*, line: AssessmentLine, by, item: FeedbackItem) -> Evidence:
    """Link a complaint, compliment or other item from the register, of this line's CSC."""
    line = lock_line(line, None)
    csc = line.assessment.csc
    if item.csc_id != csc.pk:
        raise StandardsError(
            {"reference": f"{item.reference} is about {item.csc}, not {csc.name}"},
            code="other_csc",
        )
    if line.evidence.current().filter(item=item).exists():
        raise StandardsError(
            {"reference": f"{item.reference} is already linked to standard {line.code}"},
            code="already_linked",
        )
    return save_audited(_evidence(line, Evidence.Kind.ITEM, item=item), by=by)


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by) -> Evidence:
    evidence = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("line__assessment__csc", "line__assessment__signed_off_by")
        .get(pk=evidence.pk)
    )
    refuse_if_signed_off(evidence.line.assessment)
    if evidence.removed_at:
        raise StandardsError("This evidence has already been removed.", code="removed")
    evidence.removed_at = timezone.now()
    evidence.removed_by = by
    return save_audited(evidence, by=by, update_fields=["removed_at", "removed_by"])
