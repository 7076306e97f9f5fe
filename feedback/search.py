"""How the register's search box reads what is typed: a reference, an NHS number, or words.

The rules (FeedbackItemQuerySet.search applies them; every rule that fits is ORed):

- Ten digits, in any spacing (943 476 5919, 9434765919, 943-476-5919): that NHS number exactly.
- A reference, with any of ``/ - . space`` between its parts, in any case, with or without the
  number's zero-padding:
  - prefix, year and number (COMP/2026/00133, comp-2026-133): exactly that reference;
  - year and number (2026/133): that number in that year, of any kind;
  - prefix and year (COMP/2026): every reference of that kind and year;
  - prefix and number (COMP 133): that kind, number part as for a bare number below;
  - a bare number of 3 or more digits: references whose number part ends with those digits
    (133 finds 00133, 01133 and 12133); written with leading zeros or 5 digits or more (00133,
    10133) it is the whole number part, so 00133 finds 00133 in every year and kind only.
  The prefix must be one the register uses (COMP, PALS, PLAU, COMM), so ordinary words are
  never read as references.
- Words: every word in the summary, description or a name. Names match partially and in any
  case ("smi" finds Smith). Text is matched literally: % and _ are not wildcards.

The register's form refuses more than MAX_SEARCH_LENGTH characters; the search itself also
cuts any text down (MAX_SEARCH_LENGTH characters cut at a space, MAX_WORDS words of at most
MAX_WORD_LENGTH characters), so no caller can build a query too large for the database. Words
are matched as parameters, never as SQL, LIKE or regex syntax.
"""

import re
from dataclasses import dataclass

from django.db.models import F, Func, Q

from feedback.models.choices import REFERENCE_PREFIX

MAX_SEARCH_LENGTH = 200
MAX_WORDS = 12
MAX_WORD_LENGTH = 50
MIN_BARE_NUMBER_DIGITS = 3
NUMBER_WIDTH = 5  # references are zero-padded to 5 digits: COMP/2026/00133

PREFIXES = "|".join(sorted(set(REFERENCE_PREFIX.values())))
SEPARATORS = r"[\s/\-.]+"
REFERENCE_TEXT = re.compile(
    rf"^(?:(?P<prefix>{PREFIXES})(?:{SEPARATORS})?)?"
    rf"(?:(?P<year>(?:19|20)\d\d)(?:{SEPARATORS}|$))?"
    r"(?P<number>\d+)?$",
    re.IGNORECASE,
)
NHS_NUMBER_TEXT = re.compile(r"^\d{3}[\s-]*\d{3}[\s-]*\d{4}$")


def clean_search_text(text: str) -> str:
    """At most MAX_SEARCH_LENGTH characters, cut at a space so no word is left half typed."""
    text = (text or "").strip()
    if len(text) > MAX_SEARCH_LENGTH:
        head = text[:MAX_SEARCH_LENGTH]
        if not text[MAX_SEARCH_LENGTH].isspace() and any(ch.isspace() for ch in head):
            head = head.rsplit(None, 1)[0]  # drop the word the cut went through
        text = head
    return text.strip()


def search_words(text: str) -> list[str]:
    """The words to look for, non-empty, at most MAX_WORDS of at most MAX_WORD_LENGTH each."""
    return [word[:MAX_WORD_LENGTH] for word in text.split()][:MAX_WORDS]


def nhs_number_in(text: str) -> str | None:
    """The 10 digits (as stored) when the whole text is an NHS number in any spacing."""
    if NHS_NUMBER_TEXT.match(text):
        return re.sub(r"\D", "", text)
    return None


@dataclass(frozen=True)
class ReferenceParts:
    prefix: str | None
    year: str | None
    number: str | None

    def condition(self) -> Q:
        """Matches on ``reference``, held by its unique index and its trigram index."""
        if self.prefix and self.year and self.number:
            return Q(reference=f"{self.prefix}/{self.year}/{self.padded_number}")
        condition = Q()
        if self.prefix:
            condition &= Q(reference__startswith=f"{self.prefix}/")
        if self.year and self.number:
            condition &= Q(reference__endswith=f"/{self.year}/{self.padded_number}")
        elif self.year:
            condition &= Q(reference__contains=f"/{self.year}/")
        elif self.number:
            condition &= Q(reference__endswith=self.number_ending)
        return condition

    @property
    def padded_number(self) -> str:
        return self.number.lstrip("0").zfill(NUMBER_WIDTH)

    @property
    def number_ending(self) -> str:
        """What a number part must end with: the whole part when the number is written with
        leading zeros or at full width, else its digits."""
        if self.number.startswith("0") or len(self.number) >= NUMBER_WIDTH:
            return f"/{self.padded_number}"
        return self.number


def reference_parts(text: str) -> ReferenceParts | None:
    """The parts of a reference, whole or partial, when the whole text is one."""
    match = REFERENCE_TEXT.match(text)
    if not match:
        return None
    prefix, year, number = match["prefix"], match["year"], match["number"]
    if year and not prefix and not number:
        # A bare 2026 is read as a number part, like any other bare number.
        year, number = None, year
    if not prefix and not year and (not number or len(number) < MIN_BARE_NUMBER_DIGITS):
        return None
    if prefix and not year and not number:
        return None
    return ReferenceParts(prefix=prefix and prefix.upper(), year=year, number=number)


class SearchDocument(Func):
    """Postgres: the text searched by words, the column ``search_vector`` that migration 0011
    has Postgres generate from SEARCHED_FIELDS whenever a row is written, with its own GIN
    index. Stored rather than worked out in the query: a broad search's newest-first page walks
    the date index testing each row it passes, and working out to_tsvector for each was nearly
    all of its time. Django's model does not declare the column (SQLite has no to_tsvector),
    so this names it, with whatever alias the query gives the item's table."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(F("summary"), output_field=SearchVectorField())

    def as_sql(self, compiler, connection, **extra_context):
        summary, params = compiler.compile(self.source_expressions[0])  # alias."summary"
        return summary.rsplit(".", 1)[0] + '."search_vector"', params


# Searched for words (migration 0011 generates the stored vector from them, in this order).
SEARCHED_FIELDS = ("summary", "description", "patient_name", "contact_name")
NAME_FIELDS = ("patient_name", "contact_name")
