"""Validators for NHS identifiers, with messages that say which check failed."""

import re

from django.core.exceptions import ValidationError

NHS_NUMBER_WEIGHTS = range(10, 1, -1)


def normalise_nhs_number(value: str) -> str:
    """Strip the spaces and hyphens people type (e.g. 943 476 5919)."""
    return "".join(ch for ch in (value or "") if ch not in " -")


def format_nhs_number(value: str) -> str:
    """An NHS number as people read it, 3-3-4 (943 476 5919). Anything that is not 10 digits
    is shown as it was stored, never silently changed."""
    digits = normalise_nhs_number(value)
    if len(digits) != 10 or not digits.isdigit():
        return value or ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def validate_nhs_number(value: str) -> None:
    """Check an NHS number: 10 digits whose last is the modulus 11 check digit of the first 9."""
    digits = normalise_nhs_number(value)
    # ASCII only: str.isdigit() also accepts other scripts' digits (a full-width nine,
    # U+FF19), which int() reads, so a number no NHS system would match could be stored.
    if not (digits.isascii() and digits.isdigit()):
        raise ValidationError(
            "NHS number must contain only numbers, like 943 476 5919", code="nhs_not_digits"
        )
    if len(digits) != 10:
        raise ValidationError(
            f"NHS number must be 10 digits long (this has {len(digits)})", code="nhs_length"
        )
    total = sum(int(d) * w for d, w in zip(digits[:9], NHS_NUMBER_WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        raise ValidationError(
            "NHS number is not valid: no NHS number can have these first 9 digits "
            "(the modulus 11 check gives 10)",
            code="nhs_check_ten",
        )
    if check != int(digits[9]):
        raise ValidationError(
            f"NHS number is not valid: the check digit (last digit) should be {check}, "
            f"not {digits[9]}. Check it has been typed correctly",
            code="nhs_check_digit",
        )


# Ten digits, spaced 3-3-4 or run together, not inside a longer number.
NHS_NUMBER_IN_TEXT = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")


def nhs_numbers_in(text: str) -> list[str]:
    """Every valid NHS number written in a piece of free text."""
    found = []
    for match in NHS_NUMBER_IN_TEXT.finditer(text or ""):
        digits = "".join(match.groups())
        try:
            validate_nhs_number(digits)
        except ValidationError:
            continue
        found.append(match.group(0))
    return found


def validate_no_nhs_number(text: str) -> None:
    """Refuse free text that carries a patient's NHS number: text read beyond the patient's
    care team (checklists, thank-yous, nominations) must not identify a patient."""
    found = nhs_numbers_in(text)
    if found:
        raise ValidationError(
            f"Take out the NHS number ({found[0]}): patients' details must not be written here",
            code="nhs_number_in_text",
        )


def check_free_text(fields: dict[str, str], *, error=ValidationError) -> None:
    """Refuse, at the field, any of these pieces of free text that carries an NHS number.
    ``error`` is the calling app's ValidationError, so its views show it at the field."""
    problems = {}
    for name, text in fields.items():
        try:
            validate_no_nhs_number(text)
        except ValidationError as refused:
            problems[name] = refused.messages
    if problems:
        raise error(problems, code="nhs_number_in_text")
