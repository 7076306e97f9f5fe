"""How long free text may be, in the same words wherever it is checked: the forms as people
type, the services for every caller, and the model for the register's own long fields."""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# The person's full account of what happened: long, but a limit, so a pasted document does not
# fill the row (the same room as the investigation's findings).
DESCRIPTION_MAX_LENGTH = 20_000
# A postal address, with room to spare for care-of lines.
ADDRESS_MAX_LENGTH = 1_000


def too_long(name: str, limit: int, length: int) -> str:
    return f"{name} must be {limit:,} characters or fewer (it has {length:,})"


@deconstructible
class TextLimit:
    """A validator that refuses text over ``limit`` characters, naming the limit and how many
    characters it has."""

    def __init__(self, name: str, limit: int):
        self.name = name
        self.limit = limit

    def __call__(self, value: str) -> None:
        if len(value) > self.limit:
            raise ValidationError(too_long(self.name, self.limit, len(value)), code="max_length")

    def __eq__(self, other) -> bool:
        return isinstance(other, TextLimit) and (self.name, self.limit) == (
            other.name,
            other.limit,
        )
