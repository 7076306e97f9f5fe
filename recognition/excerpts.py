"""What of a compliment may travel into a thank-you or a nomination: its words of praise, never
who the patient is. The officer reads and edits the excerpt before sending it, and what they
send is checked again against the compliment's own record of the patient and the contact."""

from feedback.models import FeedbackItem
from feedback.privacy import mentions, private_values, without_private_details

EXCERPT_LIMIT = 400


def compliment_excerpt(item: FeedbackItem) -> str:
    """The compliment's words with the patient's and contact's details taken out, cut to a
    card's length."""
    text = without_private_details((item.description or item.summary or "").strip(), item)
    if len(text) > EXCERPT_LIMIT:
        text = text[: EXCERPT_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def check_compliment_privacy(item: FeedbackItem, fields: dict[str, str], *, error) -> None:
    """Refuse, at the field, text passed on from a compliment that still carries one of its
    private values (the officer may have typed it back in)."""
    problems = {}
    for name, text in fields.items():
        if any(mentions(text, value) for value in private_values(item)):
            problems[name] = [
                "Take out the patient's or contact's details (such as a name, number or "
                "address): the compliment's private details must not be passed on"
            ]
    if problems:
        raise error(problems, code="compliment_private_details")
