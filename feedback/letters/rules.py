"""When each letter may be produced. The service refuses with these messages; the item's page
offers only what they allow. Reads only."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from feedback.letters.render import LETTER_NAMES
from feedback.models import DeadlineChange, DocumentKind, FeedbackDocument, LetterKind
from feedback.models.items import LONG_RUNNING_LIMIT
from feedback.services.issues import current_issues

PDF = "pdf"
WORD = "word"
# How a generated letter is told apart from an upload of the same kind: its description.
GENERATED = {kind: f"{name}, generated" for kind, name in LETTER_NAMES.items()}


@dataclass(frozen=True)
class LetterFacts:
    """What the rules need beyond the item, read once for all four letters."""

    issues: tuple
    latest_date_change: DeadlineChange | None
    # The current generated PDF of each kind, by kind.
    produced: dict[str, FeedbackDocument]


def produced_letters(documents) -> dict[str, FeedbackDocument]:
    """The current generated letter of each kind among these documents (newest first)."""
    found: dict[str, FeedbackDocument] = {}
    for document in documents:
        if document.superseded_at or document.kind not in GENERATED:
            continue
        if document.description == GENERATED[document.kind] and document.kind not in found:
            found[document.kind] = document
    return found


def facts_for(item, documents=None) -> LetterFacts:
    """No query when the item came with its issues, date changes and documents (its page
    fetches them: FeedbackItemQuerySet.for_detail); otherwise one query for each not fetched."""
    fetched = getattr(item, "_prefetched_objects_cache", {})
    documents = item.documents.all() if documents is None else documents
    if "deadline_changes" in fetched:  # newest first, as the model orders them
        latest = next(iter(item.deadline_changes.all()), None)
    else:
        latest = item.deadline_changes.order_by("-changed_at", "-pk").first()
    if "issues" in fetched:  # in number order, as the model orders them
        issues = tuple(issue for issue in item.issues.all() if not issue.withdrawn)
    else:
        issues = tuple(current_issues(item))
    return LetterFacts(issues, latest, produced_letters(documents))


def six_months_reached_on(item) -> date:
    """The first day a six-month letter is due: the day after six months from receipt."""
    return item.received_on + LONG_RUNNING_LIMIT + timedelta(days=1)


def _final_refusal(item, output: str, facts: LetterFacts) -> str | None:
    if not facts.issues:
        return "Record the issues the complaint raises first: the final response answers each one."
    missing = [str(issue.number) for issue in facts.issues if not issue.finding]
    if missing:
        numbers = ", ".join(missing)
        return (
            f"Record a finding on every issue first: issue{'s' if len(missing) > 1 else ''} "
            f"{numbers} {'have' if len(missing) > 1 else 'has'} no finding yet."
        )
    if output == WORD:
        if item.signed_off_at:
            return (
                "The response has been signed off, so its draft is locked: produce or download "
                "the final response instead."
            )
        return None
    if not item.signed_off_at:
        return "The final response can be produced only after it has been signed off."
    produced = facts.produced.get(LetterKind.FINAL_RESPONSE)
    # Locked from this sign-off on; one produced before it answered an earlier round (a
    # complaint reopened and signed off again gets a new final response).
    if produced and produced.uploaded_at >= item.signed_off_at:
        return (
            f"The final response was produced on "
            f"{timezone.localtime(produced.uploaded_at):%-d %B %Y} and is locked since "
            "sign-off: it cannot be produced again."
        )
    return None


def refusal(item, kind: str, output: str, facts: LetterFacts) -> str | None:
    """Why this letter cannot be produced now as a PDF or Word document, or None if it can."""
    if not item.is_complaint:
        return "Letters are produced only for formal complaints."
    if kind == LetterKind.ACKNOWLEDGEMENT and not item.acknowledged_on:
        return "Acknowledge the complaint first: the acknowledgement letter follows it."
    if kind == LetterKind.HOLDING:
        if not item.is_open_complaint:
            return "A holding letter is for an open complaint whose response is delayed."
        if facts.latest_date_change is None:
            return (
                "A holding letter explains a new response date: change the response date "
                "first, with the reason."
            )
    if kind == LetterKind.SIX_MONTH:
        if not item.is_open_complaint:
            return "A six-month letter is for an open complaint."
        if not item.is_long_running:
            return (
                f"A six-month letter is for a complaint open more than six months: this one was "
                f"received on {item.received_on:%-d %B %Y}, so it can have one from "
                f"{six_months_reached_on(item):%-d %B %Y}."
            )
    if kind == LetterKind.FINAL_RESPONSE:
        return _final_refusal(item, output, facts)
    return None


def document_kind(kind: str) -> str:
    # Each letter is stored as the document kind of the same name.
    return DocumentKind(LetterKind(kind).value)
