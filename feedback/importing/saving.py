"""Checking every row against the model's rules, then saving a checked file in batches.

What "nothing is half-saved" means (docs/import-export.md says it to the people importing):
- A file with any problem, found by the row checks or by the model's own rules, saves nothing:
  every row is checked, in memory, before the first one is written. A dry run stops there.
- A valid file is saved BATCH_SIZE rows at a time, each batch in its own short transaction.
  One transaction for the whole file held the embedded SQLite's only write lock for minutes,
  and every sign-in meanwhile failed with "database is locked"; between batches, sign-ins and
  staff logging items get their turn.
- If the database fails part-way (it goes away, or someone takes a reference the file brings
  in the same moment), the batch being written is undone whole and the import stops: the
  batches before it stay saved (records are never deleted, so an import cannot be taken back),
  and the report says up to which row the file was saved and from which row to import again.
"""

import functools
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from careprog.working_days import WorkingDayCalendar, trust_calendar
from feedback.importing.results import ParsedRow, RowError
from feedback.importing.row_form import COLUMN_OF_FIELD
from feedback.models import FeedbackItem
from feedback.services.imports import (
    feedback_import_check,
    feedback_import_item,
    feedback_import_save,
)
from feedback.services.references import reference_reserve

# Rows written in one transaction: big enough that a batch costs a few queries per hundred rows,
# small enough that each holds SQLite's write lock for a fraction of a second.
BATCH_SIZE = 1000


@dataclass
class Saved:
    count: int = 0
    errors: list[RowError] = field(default_factory=list)
    stopped_at: int | None = None  # the first row not saved, when the database failed


def check_rows(rows: list[ParsedRow]) -> list[RowError]:
    """The model's rules for every row (those the row form leaves to the model, such as only
    PALS contacts and compliments being anonymous), found without writing anything."""
    calendar = RememberedCalendar(trust_calendar())
    errors = []
    for row in rows:
        try:
            feedback_import_check(_item(row, calendar))
        except ValidationError as error:
            errors.extend(_model_errors(row.row, error))
    return errors


def save_rows(rows: list[ParsedRow], *, source: str) -> Saved:
    """Save checked rows, BATCH_SIZE to a transaction, stopping at the first batch refused."""
    _reserve_references(rows)
    calendar = RememberedCalendar(trust_calendar())
    saved = Saved()
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        try:
            feedback_import_save(
                items=[_item(row, calendar) for row in batch],
                subjects=[row.details["subjects"] for row in batch],
                source=source,
            )
        except DatabaseError as error:
            saved.errors.append(_refused(batch, error))
            saved.stopped_at = batch[0].row
            return saved
        saved.count += len(batch)
    return saved


class RememberedCalendar:
    """The trust's calendar, remembering each deadline it works out: a file's rows share a few
    hundred receipt dates, and counting working days day by day for every complaint was a
    fifth of the time of checking a row."""

    def __init__(self, calendar: WorkingDayCalendar):
        self.add_working_days = functools.cache(calendar.add_working_days)


def _item(row: ParsedRow, calendar: RememberedCalendar) -> FeedbackItem:
    # Made again for saving rather than kept from checking: 100,000 unsaved items would hold
    # hundreds of megabytes, and making one costs a few microseconds.
    return feedback_import_item(
        kind=row.kind,
        reference=row.reference,
        details=row.details,
        carried_over=row.process,
        calendar=calendar,
    )


@transaction.atomic
def _reserve_references(rows: list[ParsedRow]) -> None:
    """Move each counter past the file's own references before any new one is allocated, so a
    row with a blank reference is never given one that a later row brings with it."""
    highest: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.reference:
            _, year, number = row.reference.split("/")
            key = (row.kind, int(year))
            highest[key] = max(highest.get(key, 0), int(number))
    for (kind, year), number in highest.items():
        reference_reserve(kind=kind, year=year, number=number)


def _refused(batch: list[ParsedRow], error: DatabaseError) -> RowError:
    # The references were checked before saving; someone logging an item at the same moment
    # can still take one, and the database's unique index is what catches it.
    if isinstance(error, IntegrityError):
        given = {row.reference: row for row in batch if row.reference}
        taken = FeedbackItem.objects.filter(reference__in=given).values_list("reference", flat=True)
        first = min(taken, key=lambda reference: given[reference].row, default=None)
        if first:
            return RowError(
                given[first].row,
                "reference",
                f"“{first}” was added to the register while the import was running",
            )
    return RowError(
        batch[0].row,
        None,
        f"the database refused rows {batch[0].row} to {batch[-1].row} ({error})",
    )


def _model_errors(number: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, None, message) for message in error.messages]
    return [
        RowError(number, None if name == NON_FIELD_ERRORS else COLUMN_OF_FIELD.get(name, name), m)
        for name, messages in error.message_dict.items()
        for m in messages
    ]
