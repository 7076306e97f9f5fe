"""Taking who the patient is out of text written about their feedback, for anything that leaves
the register: a thank-you card or nomination quoting a compliment, the board pack's "you said,
we did". The record's own private values are taken out, then anything shaped like a number,
email, date, postcode or bed that might identify someone."""

import re
from datetime import date

from feedback.models import FeedbackItem

# Runs of six or more digits (spaced or not, perhaps after a few letters) are NHS numbers,
# hospital numbers or phone numbers.
NUMBERS = re.compile(r"\b[A-Za-z]{0,3}\d(?:[\s-]?\d){5,}\b")
EMAILS = re.compile(r"\S+@\S+")
# Dates written out (14/03/1938, 14-3-38, 14 March 1938) may be a date of birth.
DATES = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    r"\.?\s+\d{4}\b",
    re.IGNORECASE,
)
POSTCODES = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
BEDS = re.compile(r"\bbed\s*(?:no\.?\s*)?\d+\b", re.IGNORECASE)


def private_values(item: FeedbackItem) -> list[str]:
    """What the item records about who the patient and the contact are, as text that might
    appear in its words: names whole (and their parts), numbers, the contact's phone, email
    and address lines, the date of birth as people write it."""
    values = []
    for full in (item.patient_name, item.contact_name):
        full = (full or "").strip()
        if full:
            values.append(full)
            values.extend(part for part in re.split(r"[\s,]+", full) if len(part) > 2)
    for value in (item.nhs_number, item.hospital_number, item.contact_phone, item.contact_email):
        if (value or "").strip():
            values.append(value.strip())
    values.extend(line.strip(" ,") for line in (item.contact_address or "").splitlines())
    born = item.patient_date_of_birth
    if isinstance(born, date):
        values += [f"{born:%d/%m/%Y}", f"{born:%-d/%-m/%Y}", f"{born:%-d %B %Y}"]
    return sorted({v for v in values if len(v) > 2}, key=len, reverse=True)


def replace_value(text: str, value: str, replacement: str) -> str:
    # Names are matched as written (capitalised), so a patient called Will Care does not turn
    # "best care" into "best the patient"; everything else whatever its case.
    is_name_part = value[:1].isupper() and " " not in value
    flags = 0 if is_name_part else re.IGNORECASE
    return re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", replacement, text, flags=flags)


def mentions(text: str, value: str) -> bool:
    return replace_value(text or "", value, "") != (text or "")


def without_private_details(text: str, item: FeedbackItem, *, person: str = "the patient") -> str:
    """The text with the item's private values and anything identifying-shaped taken out."""
    for value in private_values(item):
        text = replace_value(text, value, person)
    text = EMAILS.sub("[email removed]", text)
    text = DATES.sub("[date removed]", text)
    text = POSTCODES.sub("[postcode removed]", text)
    text = NUMBERS.sub("[number removed]", text)
    return BEDS.sub("a bed", text)
