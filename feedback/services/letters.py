"""A complaint's letters: saving an administrator's template, producing a letter as a PDF kept
in the case's documents, and as a Word document to polish (not kept).

Producing a PDF again supersedes the previous generated one of that kind (never deletes it). The
final response is produced only after sign-off, from the approved Word version when there is
one, and only once: from then on it is locked.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from careprog.audit import save_audited
from careprog.uploads import DOCX, PDF, stored_upload
from feedback.letters.output import letter_docx, letter_pdf, polished_paragraphs
from feedback.letters.placeholders import normalise, template_errors
from feedback.letters.render import SURVEY_LINK_MARKER, Letter, render_letter
from feedback.letters.rules import (
    GENERATED,
    WORD,
    document_kind,
    facts_for,
    refusal,
)
from feedback.letters.rules import PDF as PDF_OUTPUT
from feedback.models import FeedbackDocument, FeedbackItem, LetterKind, LetterTemplate
from feedback.models.documents import document_path
from feedback.services.base import (
    REASON_MAX_LENGTH,
    ProcessError,
    check_length,
    lock_item,
    record_event,
)

# Several pages of letter: far more than any template needs, short of a pasted document.
BODY_MAX_LENGTH = 20_000
REASON_REQUIRED = "Enter why the complaint has taken more than six months"


@dataclass(frozen=True)
class WordLetter:
    filename: str
    content: bytes
    content_type: str = DOCX.content_type


def _kind(kind: str) -> LetterKind:
    if kind not in LetterKind.values:
        raise ProcessError({"kind": "Select which letter"}, code="no_kind")
    return LetterKind(kind)


STALE_TEMPLATE = (
    "Someone else saved the {kind} template while you were editing it. Your changes have not "
    "been saved: reload the page to see their wording, then make your changes again."
)


def template_version(template: LetterTemplate | None) -> str:
    """What an edit form carries to tell whether the template changed since it was opened: the
    time it was last saved ("" while the default wording has never been saved)."""
    return template.updated_at.isoformat() if template and template.pk else ""


@transaction.atomic
def letter_template_save(
    *, kind: str, subject: str, body: str, by, opened_at: str | None = None
) -> LetterTemplate:
    """Save the wording of one kind of letter, refused (by field) unless every placeholder is
    known, the braces are whole, there is no HTML, and a final response keeps the Ombudsman
    paragraph and the issues. ``opened_at`` is template_version() when the form was opened:
    if another administrator saved it since, this save is refused rather than overwrite theirs
    (None skips the check: reference data loading)."""
    kind = _kind(kind)
    subject, body = normalise(subject), normalise(body)
    check_length("body", "Text of the letter", body, BODY_MAX_LENGTH)
    if errors := template_errors(kind, subject, body):
        raise ProcessError(errors, code="invalid_template")
    template = LetterTemplate.objects.select_for_update().filter(kind=kind).first()
    if opened_at is not None and opened_at != template_version(template):
        raise ProcessError(STALE_TEMPLATE.format(kind=LetterKind(kind).label.lower()), code="stale")
    template = template or LetterTemplate(kind=kind)
    template.subject, template.body = subject, body
    try:
        return save_audited(template, by=by)
    except (IntegrityError, ValidationError) as error:
        # Two first saves of a default wording at once: nothing to lock yet, so the unique kind
        # decides (in validation, or in the database if both validated first), and the second
        # is told, like any other stale save.
        if isinstance(error, ValidationError) and "kind" not in getattr(error, "error_dict", {}):
            raise
        raise ProcessError(
            STALE_TEMPLATE.format(kind=LetterKind(kind).label.lower()), code="stale"
        ) from None


def _clean_reason(kind: str, reason: str) -> str:
    reason = normalise(reason)
    if kind != LetterKind.SIX_MONTH:
        return reason
    if not reason:
        raise ProcessError({"reason": REASON_REQUIRED}, code="reason")
    check_length("reason", "Reason", reason, REASON_MAX_LENGTH)
    return reason


def _check(item: FeedbackItem, kind: str, output: str):
    facts = facts_for(item)
    if problem := refusal(item, kind, output, facts):
        raise ProcessError(problem, code="letter_refused")
    return facts


def _approved_body(item: FeedbackItem) -> list[str] | None:
    """The paragraphs of the polished Word version sign-off approved, if it is one."""
    approved = item.approved_response
    if approved is None or approved.file_type != DOCX.content_type:
        return None
    try:
        with approved.file.open("rb") as handle:
            return polished_paragraphs(handle)
    except Exception as error:
        # A file that passed the upload check but cannot be read as a letter.
        raise ProcessError(
            f"The approved Word version ({approved.file_name}) could not be read: upload it "
            "again as a .docx and return the response for sign-off.",
            code="unreadable",
        ) from error


def _survey_link(item: FeedbackItem) -> str:
    from feedback.services.surveys import create_survey_link

    return create_survey_link(item)


def _supersede_previous(item: FeedbackItem, kind: str, *, by, now) -> list[FeedbackDocument]:
    previous = list(
        item.documents.current().filter(kind=document_kind(kind), description=GENERATED[kind])
    )
    for document in previous:
        document.superseded_at, document.superseded_by = now, by
        document.superseded_reason = "Replaced by a newly generated letter"
        document.save(update_fields=["superseded_at", "superseded_by", "superseded_reason"])
    return previous


def _store(item: FeedbackItem, letter: Letter, pdf: bytes, *, by, event: str) -> FeedbackDocument:
    """The PDF through the one document store: a random name under the CSC's folder. The
    timeline event is written inside the store's block, so if it fails the file goes too."""
    document = FeedbackDocument(
        item=item,
        kind=document_kind(letter.kind),
        description=GENERATED[letter.kind],
        file_name=f"{item.reference_slug} {letter.title.lower()}.pdf",
        file_size=len(pdf),
        file_type=PDF.content_type,
        uploaded_by=by,
    )
    document.full_clean(exclude=["file"])
    with stored_upload(document, ContentFile(pdf), PDF, document_path):
        document.save()
        record_event(item, by=by, action="letter generated", description=event)
    return document


@transaction.atomic
def letter_generate(*, item: FeedbackItem, kind: str, by, reason: str = "") -> FeedbackDocument:
    """Produce the letter as a PDF and keep it in the item's documents, superseding the previous
    generated one of the same kind. ``reason`` is the six-month letter's explanation."""
    kind = _kind(kind)
    item = lock_item(item, None)  # one at a time: two clicks must not leave two current letters
    reason = _clean_reason(kind, reason)
    _check(item, kind, PDF_OUTPUT)
    extra = {"delay_reason": reason} if kind == LetterKind.SIX_MONTH else {}
    if kind == LetterKind.FINAL_RESPONSE:
        extra = {"survey_link": _survey_link(item), "polished": _approved_body(item)}
    letter = render_letter(item, kind, by=by, **extra)
    pdf = letter_pdf(letter)
    replaced = _supersede_previous(item, kind, by=by, now=timezone.now())
    source = " from the approved Word version" if extra.get("polished") is not None else ""
    details = [
        f"signed by {letter.signatory}" if kind == LetterKind.FINAL_RESPONSE else "",
        "replacing the previous one" if replaced else "",
        f"reason for the delay: {reason}" if reason else "",
    ]
    details = "; ".join(detail for detail in details if detail)
    event = f"{letter.title} produced as a PDF{source}" + (f" ({details})" if details else "")
    return _store(item, letter, pdf, by=by, event=event)


@transaction.atomic
def letter_word(*, item: FeedbackItem, kind: str, by, reason: str = "") -> WordLetter:
    """The letter as a Word document to polish; not kept, but who took a copy is recorded,
    because it holds the person's details. The final response's draft carries a marker where
    the survey link will go."""
    kind = _kind(kind)
    reason = _clean_reason(kind, reason)
    _check(item, kind, WORD)
    extra = {"delay_reason": reason} if kind == LetterKind.SIX_MONTH else {}
    letter = render_letter(item, kind, by=by, survey_link=SURVEY_LINK_MARKER, **extra)
    draft = " draft" if kind == LetterKind.FINAL_RESPONSE else ""
    record_event(
        item,
        by=by,
        action="letter downloaded",
        description=f"{letter.title}{draft} downloaded as a Word document",
    )
    return WordLetter(
        f"{item.reference_slug} {letter.title.lower()}{draft}.docx", letter_docx(letter)
    )
