"""The documents of a case: adding one, superseding it with a newer one, and opening it.

A document is never deleted: superseding it keeps the row and the file, with who, when and why.
Every add, supersede and download is written in the item's timeline, because a case's documents
are patients' records and who opened one matters as much as who changed it.
"""

import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from careprog.uploads import DOCUMENT_KINDS, MEGABYTE, check_upload, stored_upload
from feedback.models import DocumentKind, FeedbackDocument, FeedbackItem
from feedback.models.documents import document_path
from feedback.services.base import ProcessError, lock_item, record_event, save_item

# A scanned letter with its enclosures can be large; an email with attachments larger still.
DOCUMENT_MAX_BYTES = 20 * MEGABYTE
REASON_MAX_LENGTH = FeedbackDocument._meta.get_field("superseded_reason").max_length
DESCRIPTION_MAX_LENGTH = FeedbackDocument._meta.get_field("description").max_length
# Once the response is signed off, what was approved is what is sent: neither the draft nor the
# final response can be added or replaced until the sign-off is undone (returned for changes).
LOCKED_AFTER_SIGN_OFF = (DocumentKind.DRAFT_RESPONSE, DocumentKind.FINAL_RESPONSE)


def _check_not_locked(item: FeedbackItem, kind: str, doing: str, field: str | None = None):
    if kind not in LOCKED_AFTER_SIGN_OFF:
        return
    # Re-read and locked: an upload racing the sign-off must not slip in after it.
    item = lock_item(item, None)
    if item.signed_off_at:
        message = (
            f"The response was signed off on {timezone.localtime(item.signed_off_at):%-d %B %Y} "
            f"and is locked: a {DocumentKind(kind).label.lower()} cannot be {doing} now."
        )
        raise ProcessError({field: message} if field else message, code="locked")


@transaction.atomic
def document_add(
    *, item: FeedbackItem, by, upload, kind: str, description: str = ""
) -> FeedbackDocument:
    """Check the file by its content, store it under a random name, and record it.

    If recording fails after the file is stored, the stored file is removed again, so nothing
    is left half-saved.
    """
    if kind not in DocumentKind.values:
        raise ProcessError({"kind": "Choose what kind of document this is"}, code="no_kind")
    if kind == DocumentKind.FINAL_RESPONSE:
        # The final response is produced (Letters) from what sign-off approved, never uploaded:
        # an upload would be a second, unapproved version of what is sent.
        raise ProcessError(
            {
                "kind": "The final response is produced from the signed-off draft under "
                "Letters: upload your polished version as a draft response"
            },
            code="final_response_upload",
        )
    _check_not_locked(item, kind, "added", field="kind")
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ProcessError(
            {"description": f"Keep it to {DESCRIPTION_MAX_LENGTH} characters or fewer"},
            code="too_long",
        )
    try:
        file_kind = check_upload(upload, max_bytes=DOCUMENT_MAX_BYTES, kinds=DOCUMENT_KINDS)
    except ValidationError as error:
        raise ProcessError({"file": error.error_list}) from error
    document = FeedbackDocument(
        item=item,
        kind=kind,
        description=description,
        # Only the last part: the name is shown and offered back on download, never a path.
        file_name=os.path.basename(upload.name or "")[:255] or f"document.{file_kind.extension}",
        file_size=upload.size,
        file_type=file_kind.content_type,
        uploaded_by=by,
    )
    document.full_clean(exclude=["file"])
    with stored_upload(document, upload, file_kind, document_path):
        document.save()
        record_event(
            item,
            by=by,
            action="document added",
            description=f"Document added: {document.file_name} "
            f"({document.get_kind_display().lower()})",
        )
        if kind == DocumentKind.DRAFT_RESPONSE:
            # Sign-off approves the latest draft: a new one changes what a manager who opened
            # the sign-off page would approve, so their page is now stale and is refused.
            save_item(lock_item(item, None), by=by)
    return document


@transaction.atomic
def document_supersede(*, document: FeedbackDocument, by, reason: str) -> FeedbackDocument:
    """Mark a document as replaced or no longer relevant; the row and the file are kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ProcessError(
            {"reason": "Say why this document is being superseded"}, code="no_reason"
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ProcessError(
            {"reason": f"Keep the reason to {REASON_MAX_LENGTH} characters or fewer"},
            code="too_long",
        )
    document = (
        FeedbackDocument.objects.select_for_update().select_related("item").get(pk=document.pk)
    )
    _check_not_locked(document.item, document.kind, "superseded")
    if document.superseded_at:
        raise ProcessError(
            f"{document.file_name} was already superseded on "
            f"{timezone.localtime(document.superseded_at):%-d %B %Y}.",
            code="superseded",
        )
    document.superseded_at = timezone.now()
    document.superseded_by = by
    document.superseded_reason = reason
    document.save(update_fields=["superseded_at", "superseded_by", "superseded_reason"])
    record_event(
        document.item,
        by=by,
        action="document superseded",
        description=f"Document superseded: {document.file_name} ({reason})",
    )
    return document


def document_download(*, document: FeedbackDocument, by) -> File:
    """Open the stored file for sending, and record in the timeline who opened which document.

    Raises FileNotFoundError, recording nothing, if the file is missing from storage.
    """
    handle = document.file.open("rb")
    try:
        record_event(
            document.item,
            by=by,
            action="document downloaded",
            description=f"Document downloaded: {document.file_name} "
            f"({document.get_kind_display().lower()})",
        )
    except Exception:
        handle.close()
        raise
    return handle
