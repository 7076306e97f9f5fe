"""A complaint's letters: producing one (a PDF kept in the documents, or a Word document to
polish), the block on the item's page, and the administrator's page for the letters' wording."""

import io
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse

from careprog.access_records import AccessAction, record_access
from careprog.downloads import attachment_response
from careprog.forms.errors import add_service_error
from feedback.forms.letters import LetterForm, LetterTemplateForm
from feedback.letters.defaults import DEFAULT_TEMPLATES
from feedback.letters.placeholders import ALLOWED, PLACEHOLDERS
from feedback.letters.render import LETTER_NAMES
from feedback.letters.rules import PDF, WORD, facts_for, refusal
from feedback.models import FeedbackDocument, LetterKind, LetterTemplate
from feedback.services.base import ProcessError
from feedback.services.letters import (
    letter_generate,
    letter_template_save,
    letter_word,
    template_version,
)
from feedback.views.common import get_visible_item

# Letter kinds as they appear in addresses: /COMP-2026-00001/letters/six-month/
SLUGS = {kind: kind.value.replace("_", "-") for kind in LetterKind}
KINDS = {slug: kind for kind, slug in SLUGS.items()}


def _kind(slug: str) -> LetterKind:
    if slug not in KINDS:
        raise Http404("No such letter")
    return KINDS[slug]


# --- The item's page -------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterChoice:
    kind: str
    slug: str
    name: str
    pdf_allowed: bool
    word_allowed: bool
    # The six-month letter asks why first, on a page of its own.
    asks_reason: bool
    produced: FeedbackDocument | None
    # Why neither can be made yet (shown for the final response, which everyone waits for).
    note: str

    @property
    def pdf_label(self) -> str:
        return f"Create {self.name[0].lower()}{self.name[1:]} (PDF)"

    @property
    def word_label(self) -> str:
        if self.kind == LetterKind.FINAL_RESPONSE:
            return "Download the draft as Word"
        return "Download as Word"


def letter_choices(item) -> list[LetterChoice]:
    """The letters this complaint can have now, in a fixed number of queries: its documents come
    prefetched with the item on its page."""
    facts = facts_for(item, item.documents.all())
    choices = []
    for kind in LetterKind:
        pdf_refused = refusal(item, kind, PDF, facts)
        word_refused = refusal(item, kind, WORD, facts)
        produced = facts.produced.get(kind)
        final = kind == LetterKind.FINAL_RESPONSE
        if pdf_refused and word_refused and not produced and not final:
            continue
        choices.append(
            LetterChoice(
                kind=kind,
                slug=SLUGS[kind],
                name=LETTER_NAMES[kind],
                pdf_allowed=not pdf_refused,
                word_allowed=not word_refused,
                asks_reason=kind == LetterKind.SIX_MONTH,
                produced=produced,
                note=(pdf_refused or "") if final else "",
            )
        )
    return choices


def detail_context(item, user) -> dict:
    """What the item's page needs from this module (its include reads these names)."""
    if not item.is_complaint or not user.has_perm("feedback.produce_letters", item):
        return {"letter_choices": None}
    return {"letter_choices": letter_choices(item)}


# --- Producing a letter ----------------------------------------------------------------------


def produce_letter(request, reference, kind):
    kind = _kind(kind)
    item = get_visible_item(request, reference)
    if not request.user.has_perm("feedback.produce_letters", item):
        raise PermissionDenied
    form = LetterForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("reason", "")
        try:
            if form.cleaned_data["output"] == WORD:
                word = letter_word(item=item, kind=kind, by=request.user, reason=reason)
                what = f"{item.reference}: {word.filename}"
                record_access(request, AccessAction.DOWNLOADED_LETTER, what)
                return attachment_response(
                    io.BytesIO(word.content),
                    original_name=word.filename,
                    stored_name=word.filename,
                    content_type=word.content_type,
                )
            letter_generate(item=item, kind=kind, by=request.user, reason=reason)
        except ProcessError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"{LETTER_NAMES[kind]} created: it is in the documents of {item.reference}"
            )
            return redirect(reverse("feedback:detail", args=[item.reference_slug]) + "#letters")
    return render(
        request,
        "feedback/letters/produce.html",
        {"item": item, "form": form, "title": LETTER_NAMES[kind]},
    )


# --- The letters' wording, for administrators ------------------------------------------------


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    slug: str
    name: str
    subject: str
    body: str
    placeholders: tuple[str, ...]
    edited: LetterTemplate | None


def _check_template_permission(request) -> None:
    if not request.user.has_perm("feedback.edit_letter_templates"):
        raise PermissionDenied


def _rows() -> list[TemplateRow]:
    saved = {
        template.kind: template for template in LetterTemplate.objects.select_related("updated_by")
    }
    rows = []
    for kind in LetterKind:
        template = saved.get(kind)
        subject, body = (template.subject, template.body) if template else DEFAULT_TEMPLATES[kind]
        rows.append(
            TemplateRow(
                kind, SLUGS[kind], LETTER_NAMES[kind], subject, body, ALLOWED[kind], template
            )
        )
    return rows


def letter_templates(request):
    _check_template_permission(request)
    return render(
        request,
        "feedback/letters/templates.html",
        {"rows": _rows(), "placeholders": PLACEHOLDERS},
    )


def letter_template_edit(request, kind):
    _check_template_permission(request)
    kind = _kind(kind)
    [row] = [row for row in _rows() if row.kind == kind]
    initial = {"subject": row.subject, "body": row.body, "opened_at": template_version(row.edited)}
    form = LetterTemplateForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letter_template_save(
                kind=kind,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
                opened_at=form.cleaned_data["opened_at"],
            )
        except ProcessError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{row.name} template saved")
            return redirect("feedback:letter_templates")
    placeholders = {name: PLACEHOLDERS[name] for name in row.placeholders}
    return render(
        request,
        "feedback/letters/template_edit.html",
        {"row": row, "form": form, "placeholders": placeholders},
    )


urlpatterns = [
    path("letters/templates/", letter_templates, name="letter_templates"),
    path("letters/templates/<slug:kind>/", letter_template_edit, name="letter_template_edit"),
    path("<slug:reference>/letters/<slug:kind>/", produce_letter, name="produce_letter"),
]
