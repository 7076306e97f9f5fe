"""Password rules of our own, beside Django's (AUTH_PASSWORD_VALIDATORS, docs/adr/0019)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

from careprog.demo import DEMO_PASSWORD

# ASVS 2.1.2: long passphrases are welcome, but not megabytes for the hasher to chew on.
MAX_LENGTH = 128
# The app's own name, which is in its address and on every page.
SERVICE_WORDS = ("careprog",)
# Shorter words of the names ("of", "st") are too small to lean on.
SHORTEST_NAME_WORD = 3


def guessable_words() -> list[str]:
    """What anyone who knows where the password is used would try first: the demo password,
    the app's name and the words of the service's and the trust's names. Longest first, so a
    longer word is taken out before a shorter one inside it."""
    names = f"{settings.SERVICE_NAME} {settings.TRUST_NAME}".lower()
    words = {w for w in re.findall(r"[a-z]+", names) if len(w) >= SHORTEST_NAME_WORD}
    return sorted({DEMO_PASSWORD, *SERVICE_WORDS, *words}, key=len, reverse=True)


class GuessableWordsValidator:
    """Refuses a password that is only long enough because of words an attacker would guess
    (the NCSC asks to block context-specific words): they do not count towards the length, so
    "Portsmouth2024!" is refused while "portsmouth harbour ferry lamp" is allowed."""

    def __init__(self, min_length: int | None = None):
        # The one minimum is the settings' (PASSWORD_MIN_LENGTH, with the NCSC's reasons).
        self.min_length = min_length or settings.PASSWORD_MIN_LENGTH

    def validate(self, password: str, user=None) -> None:
        rest = password.lower()
        for word in guessable_words():
            rest = rest.replace(word, "")
        # A password short on its own is MinimumLengthValidator's to refuse, with its message.
        if len(rest) < self.min_length <= len(password):
            raise ValidationError(
                "This password leans on the name of the service or the trust. Add words of "
                f"your own, so at least {self.min_length} characters are not those names.",
                code="password_guessable_words",
            )

    def get_help_text(self) -> str:
        return (
            "The names of this service and of the trust do not count towards your password's "
            "length."
        )


class MaximumLengthValidator:
    """Refuses a password longer than anyone would type, which costs the hasher time."""

    def __init__(self, max_length: int = MAX_LENGTH):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long: it must be at most {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password can be up to {self.max_length} characters long."
