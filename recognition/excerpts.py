"""What of a compliment may travel into a thank-you: its words of praise, never who the patient
is. The officer reads and edits the excerpt before sending it."""

import re

from feedback.models import FeedbackItem

EXCERPT_LIMIT = 400
# Runs of six or more digits (spaced or not, perhaps after a letter or two) are NHS numbers,
# hospital numbers or phone numbers: none belong on a card.
NUMBERS = re.compile(r"\b[A-Za-z]{0,3}\d(?:[\s-]?\d){5,}\b")
EMAILS = re.compile(r"\S+@\S+")


def private_names(item: FeedbackItem) -> list[str]:
    """The patient's and the contact's names, whole and in parts, longest first."""
    names = []
    for full in (item.patient_name, item.contact_name):
        full = (full or "").strip()
        if full:
            names.append(full)
            names.extend(part for part in re.split(r"[\s,]+", full) if len(part) > 2)
    return sorted(set(names), key=len, reverse=True)


def compliment_excerpt(item: FeedbackItem) -> str:
    """The compliment's words with the patient's and contact's names, numbers and email
    addresses taken out, cut to a card's length."""
    text = (item.description or item.summary or "").strip()
    for name in private_names(item):
        text = re.sub(rf"\b{re.escape(name)}\b", "the patient", text, flags=re.IGNORECASE)
    text = NUMBERS.sub("[number removed]", text)
    text = EMAILS.sub("[email removed]", text)
    if len(text) > EXCERPT_LIMIT:
        text = text[: EXCERPT_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text
