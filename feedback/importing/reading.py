"""Reading the file: decoding, the header, numbering rows, and checking references."""

import csv
import io

from django.utils import timezone

from feedback.csv_format import (
    EXPORT_COLUMNS,
    IMPORT_COLUMNS,
    NAME_COLUMNS,
    PROCESS_COLUMNS,
)
from feedback.importing.results import CsvFileError, ParsedRow, RowError
from feedback.importing.row_form import LOOKUP_BATCH, FeedbackRowForm, Lookups
from feedback.models import FeedbackItem


def decode(data: bytes) -> str:
    """The file's text. UTF-8, with or without the byte order mark Excel writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvFileError(
            f"The file is not UTF-8 text (line {line} has a character that is not). In Excel, "
            "save it with Save As, choosing 'CSV UTF-8 (Comma delimited)'."
        ) from None


def parse(text: str) -> tuple[list[ParsedRow], list[RowError]]:
    """Every valid row, and an error for each problem in every other row."""
    records = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(records, None)
    except csv.Error as error:
        return [], [RowError(1, None, f"the file cannot be read as CSV ({error})")]
    if header is None:
        return [], [RowError(1, None, "the file is empty: the first row must be the header")]
    columns = [name.strip().lower() for name in header]
    errors = _check_header(columns)
    if errors:
        return [], errors

    lookups = Lookups()
    today = timezone.localdate()
    rows: list[ParsedRow] = []
    for number, cells in _numbered(records, errors):
        values = _values(number, columns, cells, errors)
        if values is None:
            continue
        form = FeedbackRowForm(values, lookups=lookups, today=today)
        if form.is_valid():
            rows.append(form.parsed_row(number))
        else:
            errors.extend(
                RowError(number, column, message)
                for column, messages in form.errors.items()
                for message in messages
            )
    if not rows and not errors:
        errors.append(RowError(1, None, "the file has a header but no rows to import"))
    errors.extend(_check_references(rows))
    return rows, sorted(errors, key=file_order)


def file_order(error: RowError) -> tuple[int, int]:
    """Rows top to bottom, and within a row the columns left to right."""
    column = EXPORT_COLUMNS.index(error.column) if error.column in EXPORT_COLUMNS else -1
    return error.row, column


def _numbered(records, errors: list[RowError]):
    """(row number, cells) for each row after the header, numbered as a spreadsheet does."""
    number = 1
    while True:
        number += 1
        try:
            yield number, next(records)
        except StopIteration:
            return
        except csv.Error as error:
            errors.append(RowError(number, None, f"cannot be read as CSV ({error})"))
            return


def _values(number: int, columns: list[str], cells: list[str], errors) -> dict | None:
    """The row's cells by column name; None for an empty row or one with cells outside the
    named columns (spreadsheets add empty cells past the last column, which are fine)."""
    if not any(cell.strip() for cell in cells):
        return None  # spreadsheets often save empty rows at the end
    unnamed = [
        position
        for position, cell in enumerate(cells, start=1)
        if cell.strip() and (position > len(columns) or not columns[position - 1])
    ]
    if unnamed:
        errors.append(
            RowError(
                number,
                None,
                f"cell {unnamed[0]} has a value but no column name in the header: check for "
                "a stray comma or a missing column name",
            )
        )
        return None
    # Cells missing at the end of a row are blank.
    return {name: cell for name, cell in zip(columns, cells, strict=False) if name}


def _check_header(columns: list[str]) -> list[RowError]:
    errors = []
    missing = [name for name in IMPORT_COLUMNS if name not in columns]
    if missing:
        errors.append(
            RowError(
                1,
                None,
                f"the header is missing required columns: {', '.join(missing)} "
                f"(the first row must name the columns {', '.join(IMPORT_COLUMNS)})",
            )
        )
    # A column with no name is ignored if it is empty: spreadsheets often save some.
    unknown = [name for name in columns if name and name not in EXPORT_COLUMNS]
    if unknown:
        errors.append(
            RowError(
                1,
                None,
                f"unknown columns: {', '.join(unknown)} "
                f"(the optional columns are {', '.join(PROCESS_COLUMNS)}, and the names "
                f"written beside codes: {', '.join(NAME_COLUMNS.values())})",
            )
        )
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        errors.append(RowError(1, None, f"columns named twice: {', '.join(repeated)}"))
    return errors


def _check_references(rows: list[ParsedRow]) -> list[RowError]:
    """A given reference must be new: not in the register and not on another row."""
    errors = []
    first_row: dict[str, int] = {}
    for row in rows:
        if not row.reference:
            continue
        if row.reference in first_row:
            errors.append(
                RowError(
                    row.row,
                    "reference",
                    f"“{row.reference}” is also on row {first_row[row.reference]}: "
                    "each reference can be used once",
                )
            )
        else:
            first_row[row.reference] = row.row
    given = list(first_row)
    existing = set()
    for start in range(0, len(given), LOOKUP_BATCH):
        batch = given[start : start + LOOKUP_BATCH]
        existing |= set(
            FeedbackItem.objects.filter(reference__in=batch).values_list("reference", flat=True)
        )
    errors.extend(
        RowError(
            row.row,
            "reference",
            f"“{row.reference}” is already in the register: leave the reference blank to give "
            "the item a new one, or take the row out if it was imported before",
        )
        for row in rows
        if row.reference in existing
    )
    return errors
