"""Adding evidence to a line (notes, links, files, feedback items) and removing it again.

Evidence is never deleted: removing it hides it and records who removed it and when.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from careprog.uploads import check_upload, stored_upload
from careprog.validators import check_free_text
from feedback.models import FeedbackItem
from standards.models import AssessmentLine, Evidence
from standards.models.evidence import evidence_path
from standards.services.base import StandardsError, lock_assessment, lock_line, save_audited


def _evidence(line: AssessmentLine, kind: str, **fields) -> Evidence:
    return Evidence(line=line, kind=kind, **fields)


@transaction.atomic
def evidence_add_note(*, line: AssessmentLine, by, text: str) -> Evidence:
    line = lock_line(line, None)
    if not text.strip():
        raise StandardsError({"text": "Write the note before saving it"}, code="empty")
    check_free_text({"text": text}, error=StandardsError)
    return save_audited(_evidence(line, Evidence.Kind.NOTE, text=text.strip()), by=by)


@transaction.atomic
def evidence_add_link(*, line: AssessmentLine, by, url: str, title: str = "") -> Evidence:
    line = lock_line(line, None)
    check_free_text({"title": title}, error=StandardsError)
    return save_audited(_evidence(line, Evidence.Kind.LINK, url=url, text=title.strip()), by=by)


@transaction.atomic
def evidence_add_file(*, line: AssessmentLine, by, upload, description: str = "") -> Evidence:
    """Check the file by its content, store it under a random name, and record it.

    If recording fails after the file is stored, the stored file is removed again, so nothing
    is left half-saved.
    """
    line = lock_line(line, None)
    check_free_text({"description": description}, error=StandardsError)
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
    with stored_upload(evidence, upload, kind, evidence_path):
        return save_audited(evidence, by=by)


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
    already = StandardsError(
        {"reference": f"{item.reference} is already linked to standard {line.code}"},
        code="already_linked",
    )
    if line.evidence.current().filter(item=item).exists():
        raise already
    try:
        with transaction.atomic():
            return save_audited(_evidence(line, Evidence.Kind.ITEM, item=item), by=by)
    except IntegrityError:
        raise already from None  # a double click: the first one linked it


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by) -> Evidence:
    lock_assessment(evidence.line.assessment_id)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.removed_at:
        raise StandardsError("This evidence has already been removed.", code="removed")
    evidence.removed_at = timezone.now()
    evidence.removed_by = by
    return save_audited(evidence, by=by, update_fields=["removed_at", "removed_by"])


@transaction.atomic
def evidence_withdraw(*, evidence: Evidence, by, reason: str) -> int:
    """An administrator's withdrawal of evidence that should never have been kept (a letter
    naming a patient, say), after sign-off too. The copies carried into later assessments, which
    share the same stored file, are withdrawn with it. Kept, never deleted: removed, with who,
    when and why, and no longer shown or served. Returns how many records were withdrawn."""
    if not (reason or "").strip():
        raise StandardsError({"reason": "Say why it is being withdrawn"}, code="no_reason")
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.removed_at:
        raise StandardsError("This evidence has already been removed.", code="removed")
    family = Evidence.objects.current().select_for_update()
    if evidence.kind == Evidence.Kind.FILE:
        family = family.filter(file=evidence.file.name)
    else:
        family = family.filter(pk__in=carried_copies(evidence))
    now = timezone.now()
    withdrawn = 0
    for record in family:
        record.removed_at = now
        record.removed_by = by
        record.removed_reason = reason.strip()
        save_audited(record, by=by, update_fields=["removed_at", "removed_by", "removed_reason"])
        withdrawn += 1
    return withdrawn


def carried_copies(evidence: Evidence) -> list[int]:
    """The evidence and every copy carried forward from it, period after period."""
    found, frontier = {evidence.pk}, [evidence.pk]
    while frontier:
        frontier = list(
            Evidence.objects.filter(carried_from__in=frontier).values_list("pk", flat=True)
        )
        found.update(frontier)
    return sorted(found)
