"""What a letter template may say: its placeholders, the fixed Ombudsman paragraph, and the check
every template passes before it is saved (by the form and again by the service).

Templates are plain text an administrator writes: paragraphs split by blank lines, with
placeholders written {name}. They are never HTML: everything is escaped when printed, and a tag
is refused so nobody expects it to work.
"""

import re

from feedback.models import LetterKind

# The right to go to the Ombudsman, in the words the trust agreed: fixed here, not in a template,
# so no edit can weaken it. The final response always carries it.
OMBUDSMAN_PARAGRAPH = (
    "If you are not happy with this response, you have the right to ask the Parliamentary and "
    "Health Service Ombudsman to look into your complaint. The Ombudsman makes final decisions "
    "on complaints that have not been resolved by the NHS in England. You can contact the "
    "Ombudsman by phone on 0345 015 4033 or through www.ombudsman.org.uk. You should normally "
    "go to the Ombudsman within 12 months of becoming aware of the matter you are complaining "
    "about."
)
# What shows the paragraph survived an edit in Word: the ways to reach the Ombudsman.
OMBUDSMAN_ESSENTIALS = ("0345 015 4033", "ombudsman.org.uk")

PLACEHOLDERS = {
    "person_name": "The name of the person who complained: the contact's name, or else the "
    "patient's",
    "reference": "The complaint's reference, for example COMP/2026/00012",
    "received_on": "The date the complaint was received",
    "acknowledged_on": "The date the complaint was acknowledged",
    "respond_by": "The agreed date for the response",
    "today": "Today's date: the date of the letter",
    "csc": "The Clinical Service Centre looking into the complaint",
    "summary": "The one-line summary of the complaint",
    "issues": "The issues the complaint raises, a paragraph each. In the final response each "
    "comes with its finding, why, and what will change",
    "case_handler": "The name of the person handling the complaint",
    "ombudsman_paragraph": "The fixed paragraph on the right to go to the Parliamentary and "
    "Health Service Ombudsman",
    "new_date": "Holding letter: the new date for the response",
    "delay_reason": "Holding letter: why the response date changed. Six-month letter: why the "
    "complaint is taking so long, as given when the letter is made",
    "months_open": "Six-month letter: how many whole months the complaint has been open",
    "signatory": "Final response: the name and job of the person who signed off the response",
    "survey_link": "Final response: the single-use link to a short survey about how the "
    "complaint was handled",
}
COMMON = (
    "person_name",
    "reference",
    "received_on",
    "acknowledged_on",
    "respond_by",
    "today",
    "csc",
    "summary",
    "issues",
    "case_handler",
    "ombudsman_paragraph",
)
ALLOWED = {
    LetterKind.ACKNOWLEDGEMENT: COMMON,
    LetterKind.HOLDING: (*COMMON, "new_date", "delay_reason"),
    LetterKind.SIX_MONTH: (*COMMON, "months_open", "delay_reason"),
    LetterKind.FINAL_RESPONSE: (*COMMON, "signatory", "survey_link"),
}
# The final response answers each issue and states the right to go to the Ombudsman.
REQUIRED = {LetterKind.FINAL_RESPONSE: ("ombudsman_paragraph", "issues")}
# These print as whole paragraphs, so each stands alone in its own paragraph of the body.
BLOCKS = ("issues", "ombudsman_paragraph")

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]*>")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def normalise(text: str) -> str:
    """Line endings as the browser sends them (\\r\\n) made plain, and no trailing spaces."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs are split by blank lines; a single line break stays inside its paragraph."""
    return [part.strip() for part in PARAGRAPH_BREAK.split(normalise(body)) if part.strip()]


def placeholders_in(text: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def _listed(names) -> str:
    return ", ".join(f"{{{name}}}" for name in names)


def _braces_error(text: str) -> str | None:
    leftover = PLACEHOLDER.sub("", text)
    if "{" in leftover or "}" in leftover:
        return (
            "Check the curly brackets: write each placeholder as a name inside one pair of "
            "them, like {reference}, and use them for nothing else"
        )
    return None


def _placeholder_errors(text: str, kind: str, allowed) -> list[str]:
    errors = []
    for name in placeholders_in(text):
        if name in allowed:
            continue
        if name in PLACEHOLDERS:
            errors.append(
                f"{{{name}}} cannot be used in the {LetterKind(kind).label.lower()}: "
                f"use one of {_listed(allowed)}"
            )
        else:
            errors.append(f"Unknown placeholder {{{name}}}: use one of {_listed(allowed)}")
    return errors


def _text_errors(text: str, kind: str, allowed) -> list[str]:
    """HTML, braces and placeholders: what is wrong with a subject or body, if anything."""
    if tag := HTML_TAG.search(text):
        return [
            f"Remove {tag.group(0)}: letters are plain text, not HTML. Leave a blank line "
            "between paragraphs"
        ]
    if braces := _braces_error(text):
        return [braces]
    return _placeholder_errors(text, kind, allowed)


def _body_errors(body: str, kind: str) -> list[str]:
    if not body:
        return ["Enter the text of the letter"]
    errors = _text_errors(body, kind, ALLOWED[kind])
    if errors:
        return errors
    used = placeholders_in(body)
    for name in REQUIRED.get(kind, ()):
        if name not in used:
            errors.append(
                f"The {LetterKind(kind).label.lower()} must include {{{name}}}, in a paragraph "
                f"of its own: {PLACEHOLDERS[name][0].lower()}{PLACEHOLDERS[name][1:]}"
            )
    for paragraph in split_paragraphs(body):
        for name in placeholders_in(paragraph):
            if name in BLOCKS and paragraph != f"{{{name}}}":
                errors.append(
                    f"Put {{{name}}} in a paragraph of its own, with a blank line before and "
                    "after it"
                )
    return errors


def template_errors(kind: str, subject: str, body: str) -> dict[str, list[str]]:
    """What is wrong with a template, by field ({} when nothing is)."""
    errors = {}
    subject_allowed = [name for name in ALLOWED[kind] if name not in BLOCKS]
    if not subject:
        errors["subject"] = ["Enter the subject of the letter"]
    elif problems := _text_errors(subject, kind, subject_allowed):
        errors["subject"] = problems
    if problems := _body_errors(body, kind):
        errors["body"] = problems
    return errors


def fill(text: str, values: dict[str, str]) -> str:
    """Put the values in a line of a template (checked already, so every name is known)."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), text)


def fill_body(body: str, values: dict[str, str], blocks: dict[str, list[str]]) -> list[str]:
    """The letter's paragraphs: each block placeholder becomes its own paragraphs."""
    paragraphs = []
    for paragraph in split_paragraphs(body):
        name = paragraph[1:-1] if PLACEHOLDER.fullmatch(paragraph) else None
        if name in blocks:
            paragraphs.extend(blocks[name])
        else:
            paragraphs.append(fill(paragraph, values))
    return [paragraph for paragraph in paragraphs if paragraph.strip()]
