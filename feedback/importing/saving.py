"""Saving a checked file: one transaction, a savepoint per row, all undone on any error."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from feedback.importing.results import ParsedRow, RowError
from feedback.importing.row_form import COLUMN_OF_FIELD
from feedback.models import FeedbackItem
from feedback.services.imports import feedback_import_row
from feedback.services.references import reference_reserve


class _RollBack(Exception):
    """Raised to undo the whole import's transaction."""


def save_rows(rows: list[ParsedRow], *, dry_run: bool, source: str) -> list[RowError]:
    errors: list[RowError] = []
    try:
        with transaction.atomic():
            _reserve_references(rows)
            for row in rows:
                try:
                    # A savepoint per row, so after a refused row the rest can still be tried
                    # and every problem reported; the outer rollback undoes them all anyway.
                    with transaction.atomic():
                        feedback_import_row(
                            kind=row.kind,
                            details=row.details,
                            reference=row.reference,
                            carried_over=row.process,
                            source=source,
                        )
                except ValidationError as error:
                    errors.extend(_model_errors(row.row, error))
                except IntegrityError as error:
                    errors.append(_refused(row, error))
            if errors or dry_run:
                raise _RollBack
    except _RollBack:
        pass
    return errors


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


def _refused(row: ParsedRow, error: IntegrityError) -> RowError:
    # The references were checked before saving; someone logging an item at the same moment
    # can still take one, and the database's unique index is what catches it.
    if row.reference and FeedbackItem.objects.filter(reference=row.reference).exists():
        return RowError(
            row.row,
            "reference",
            f"“{row.reference}” was added to the register while the import was running",
        )
    return RowError(row.row, None, f"the database refused it ({error})")


def _model_errors(number: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, None, message) for message in error.messages]
    return [
        RowError(number, None if name == NON_FIELD_ERRORS else COLUMN_OF_FIELD.get(name, name), m)
        for name, messages in error.message_dict.items()
        for m in messages
    ]
