"""A complaint's letter worked out from its template: what the PDF and the Word document both
print. Nothing here writes; the service decides whether a letter may be produced."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from feedback.letters.defaults import DEFAULT_TEMPLATES
from feedback.letters.placeholders import (
    OMBUDSMAN_ESSENTIALS,
    OMBUDSMAN_PARAGRAPH,
    fill,
    fill_body,
)
from feedback.models import ContactMethod, FeedbackItem, LetterKind, LetterTemplate
from feedback.services.issues import current_issues

# Printed in the Word draft where the link will go: the link is made only for the final PDF,
# so a draft passed around by email never carries a working one.
SURVEY_LINK_MARKER = "[survey link: added when the final response is produced]"
TEAM = "Patient Advice and Complaints Team"
# What each letter is called in buttons, file names and the timeline.
LETTER_NAMES = {
    LetterKind.ACKNOWLEDGEMENT: "Acknowledgement letter",
    LetterKind.HOLDING: "Holding letter",
    LetterKind.SIX_MONTH: "Six-month letter",
    LetterKind.FINAL_RESPONSE: "Final response",
}
UNSIGNED = "[The name and job of the person who signs off the response]"
NO_ISSUES_YET = "We will agree with you the questions your complaint asks us to answer."


@dataclass(frozen=True)
class Letter:
    kind: str
    reference: str
    dated: date
    subject: str
    paragraphs: tuple[str, ...]
    address_block: tuple[str, ...]
    # The agreed reasonable adjustments in words, shown on every letter ("" when none).
    adjustments: str
    signatory: str
    signatory_title: str
    large_print: bool

    @property
    def title(self) -> str:
        return LETTER_NAMES[self.kind]


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def person_name(item: FeedbackItem) -> str:
    return item.contact_name or item.patient_name or "Sir or Madam"


def person_and_title(user) -> tuple[str, str]:
    """A user's full name and job (from the staff directory, when their account is linked)."""
    if user is None:
        return TEAM, ""
    staff = getattr(user, "staff_member", None)
    return user.get_full_name() or user.username, staff.job_title if staff else ""


def address_block(item: FeedbackItem) -> tuple[str, ...]:
    """Where the letter goes, as agreed: a postal address, an email address, or a note that it
    follows a phone call (with the address too, for the copy that is posted)."""
    lines = [person_name(item)]
    postal = [line.strip() for line in item.contact_address.splitlines() if line.strip()]
    if item.contact_preference == ContactMethod.EMAIL and item.contact_email:
        return (*lines, f"By email: {item.contact_email}")
    if item.contact_preference == ContactMethod.PHONE:
        return (*lines, *postal, "This letter follows our phone call with you.")
    if postal or item.contact_preference == ContactMethod.LETTER:
        return (*lines, *postal)
    if item.contact_email:
        return (*lines, f"By email: {item.contact_email}")
    return tuple(lines)


def months_open(item: FeedbackItem, today: date) -> int:
    gap = relativedelta(today, item.received_on)
    return gap.years * 12 + gap.months


EVERY_ISSUE = "Each issue you raised, what we found and what will change:"


def issue_paragraphs(item: FeedbackItem, kind: str) -> list[str]:
    """Each issue still to be answered, as a paragraph; the final response adds the finding,
    why, and what will change."""
    paragraphs = []
    for issue in current_issues(item):
        lines = [f"Issue {issue.number}: {issue.description}"]
        if kind == LetterKind.FINAL_RESPONSE:
            finding = issue.get_finding_display() if issue.finding else "No finding recorded"
            lines.append(f"Our finding: {finding}. {issue.explanation}".strip())
            if issue.what_will_change:
                lines.append(f"What will change: {issue.what_will_change}")
        paragraphs.append("\n".join(lines))
    return paragraphs or ([] if kind == LetterKind.FINAL_RESPONSE else [NO_ISSUES_YET])


def template_for(kind: str) -> tuple[str, str]:
    """The administrator's wording, or the default one until reference data is loaded."""
    template = LetterTemplate.objects.filter(kind=kind).first()
    return (template.subject, template.body) if template else DEFAULT_TEMPLATES[kind]


def with_ombudsman(paragraphs: list[str]) -> list[str]:
    """The Ombudsman paragraph always prints in a final response: added back if an edit in Word
    dropped how to reach the Ombudsman."""
    text = " ".join(paragraphs)
    if all(essential in text for essential in OMBUDSMAN_ESSENTIALS):
        return paragraphs
    return [*paragraphs, OMBUDSMAN_PARAGRAPH]


def with_survey_link(paragraphs: list[str], link: str) -> list[str]:
    """The polished text's marker becomes the link; if it was removed (or an administrator's
    template leaves it out), the link is added: a link made and never sent helps nobody."""
    if not link:
        return paragraphs
    if any(SURVEY_LINK_MARKER in paragraph for paragraph in paragraphs):
        return [paragraph.replace(SURVEY_LINK_MARKER, link) for paragraph in paragraphs]
    if any(link in paragraph for paragraph in paragraphs):
        return paragraphs
    return [*paragraphs, f"Please tell us how we handled your complaint through this link: {link}"]


def with_every_issue(paragraphs: list[str], item: FeedbackItem) -> list[str]:
    """The final response answers each issue. If the polished Word text lost an issue or its
    finding, the full list is printed after it: a finding is never silently left out."""
    text = "\n".join(paragraphs)
    answered = all(
        f"Issue {issue.number}: {issue.description}" in text
        and f"Our finding: {issue.get_finding_display()}" in text
        for issue in current_issues(item)
    )
    if answered:
        return paragraphs
    return [*paragraphs, EVERY_ISSUE, *issue_paragraphs(item, LetterKind.FINAL_RESPONSE)]


def render_letter(
    item: FeedbackItem,
    kind: str,
    *,
    by,
    delay_reason: str = "",
    new_date: date | None = None,
    survey_link: str = SURVEY_LINK_MARKER,
    polished: list[str] | None = None,
    today: date | None = None,
) -> Letter:
    """The letter of this kind for the item. ``polished`` is the body of an approved Word
    version of the final response, used instead of the template's."""
    kind = LetterKind(kind)
    today = today or timezone.localdate()
    final = kind == LetterKind.FINAL_RESPONSE
    if final and item.signed_off_by is None:
        # The Word draft, before sign-off: who signs is not known yet.
        signatory, signatory_title = UNSIGNED, ""
    else:
        signatory, signatory_title = person_and_title(
            item.signed_off_by if final else (item.case_handler or by)
        )
    handler = person_and_title(item.case_handler)[0] if item.case_handler else ""
    if kind == LetterKind.HOLDING and new_date is None:
        # The holding letter explains the latest change to the response date.
        change = item.deadline_changes.order_by("-changed_at", "-pk").first()
        if change:
            new_date, delay_reason = change.new_date, delay_reason or change.reason
    values = {
        "person_name": person_name(item),
        "reference": item.reference,
        "received_on": long_date(item.received_on),
        "acknowledged_on": long_date(item.acknowledged_on),
        "respond_by": long_date(item.respond_by),
        "today": long_date(today),
        "csc": item.csc.name,
        "summary": item.summary,
        "case_handler": handler or f"the {TEAM}",
        "new_date": long_date(new_date),
        "delay_reason": delay_reason,
        "months_open": str(months_open(item, today)),
        "signatory": ", ".join(part for part in (signatory, signatory_title) if part),
        "survey_link": survey_link,
    }
    subject, body = template_for(kind)
    if polished is not None:
        paragraphs = with_every_issue(list(polished), item)
    else:
        blocks = {
            "issues": issue_paragraphs(item, kind),
            "ombudsman_paragraph": [OMBUDSMAN_PARAGRAPH],
        }
        paragraphs = fill_body(body, values, blocks)
    if final:
        paragraphs = with_ombudsman(with_survey_link(paragraphs, survey_link))
    return Letter(
        kind=kind,
        reference=item.reference,
        dated=today,
        subject=fill(subject, values),
        paragraphs=tuple(paragraphs),
        address_block=address_block(item),
        adjustments="; ".join(item.adjustments),
        signatory=signatory,
        signatory_title=signatory_title or ("" if final else TEAM),
        large_print=item.large_print,
    )
