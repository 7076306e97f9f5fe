"""The CSV layout of the feedback register, shared by the import, the export and the web download.

One place says what each column holds and how it is written, so a file exported here can be
imported again unchanged. The full description for people is in docs/import-export.md.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date

from careprog.spreadsheets import protect_formula, unprotect_formula

__all__ = ["protect_formula", "unprotect_formula"]

# The columns a file must have to be imported.
IMPORT_COLUMNS = [
    "reference",
    "kind",
    "received_on",
    "channel",
    "csc",
    "subject",
    "summary",
    "description",
    "nhs_number",
    "patient_name",
    "raised_by",
    "tier",
]
# Where an item has got to. Exported always; optional on import, so an export can go back in.
PROCESS_COLUMNS = ["status", "acknowledge_by", "respond_by", "outcome"]
# Beside each code, its name for people reading the file ("csc" med, "csc_name" Medicine).
# Written on export and ignored on import, so an exported file can still go back in.
NAME_COLUMNS = {
    "kind": "kind_name",
    "channel": "channel_name",
    "csc": "csc_name",
    "raised_by": "raised_by_name",
    "tier": "tier_name",
    "status": "status_name",
    "outcome": "outcome_name",
}
EXPORT_COLUMNS = [
    name
    for column in IMPORT_COLUMNS + PROCESS_COLUMNS
    for name in (column, NAME_COLUMNS.get(column))
    if name
]

# Subject names can contain commas ("Privacy, dignity and wellbeing"), so they are joined with
# semicolons; the space is for people reading the file and is ignored on import.
SUBJECT_SEPARATOR = ";"

# Free text from the public: protected from spreadsheet formulas on export (careprog.spreadsheets).
FREE_TEXT_COLUMNS = ("summary", "description", "patient_name")

# How many items to read from the database at a time; prefetching works per chunk.
CHUNK_SIZE = 500


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> date:
    """A date written YYYY-MM-DD (no one misreads it as American); ValueError says what is
    wrong. Stricter than date.fromisoformat, which also takes 20260314 and week dates."""
    if not ISO_DATE.fullmatch(value):
        raise ValueError(f"“{value}” is not a date written YYYY-MM-DD, like 2026-03-14")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value}” is not a real date: check the day and the month") from None


def item_to_row(item) -> list[str]:
    """One item as a CSV row, in EXPORT_COLUMNS order. Expects csc, tier and subjects loaded
    (FeedbackItem.objects.for_export()), or it makes a query per item."""
    cells = {
        "reference": item.reference,
        "kind": item.kind,
        "kind_name": item.get_kind_display(),
        "received_on": format_date(item.received_on),
        "channel": item.channel,
        "channel_name": item.get_channel_display(),
        "csc": item.csc.code,
        "csc_name": protect_formula(item.csc.name),
        "subject": f"{SUBJECT_SEPARATOR} ".join(subject.name for subject in item.subjects.all()),
        "summary": protect_formula(item.summary),
        "description": protect_formula(item.description),
        "nhs_number": item.nhs_number,
        "patient_name": protect_formula(item.patient_name),
        "raised_by": item.raised_by,
        "raised_by_name": item.get_raised_by_display(),
        "tier": item.tier.code if item.tier else "",
        "tier_name": protect_formula(item.tier.name) if item.tier else "",
        "status": item.status,
        "status_name": item.get_status_display(),
        "acknowledge_by": format_date(item.acknowledge_by),
        "respond_by": format_date(item.respond_by),
        "outcome": item.outcome,
        "outcome_name": item.get_outcome_display() if item.outcome else "",
    }
    return [cells[column] for column in EXPORT_COLUMNS]


def _each(items: Iterable) -> Iterator:
    # A queryset is read in chunks so a large export does not hold every item in memory; since
    # Django 5.0 iterator() still runs the prefetch, once per chunk.
    if hasattr(items, "iterator"):
        return items.iterator(chunk_size=CHUNK_SIZE)
    return iter(items)


def write_csv(items: Iterable, out) -> None:
    """Write the header and one row per item to a text file opened with newline=""."""
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for item in _each(items):
        writer.writerow(item_to_row(item))


class _Echo:
    """A file whose write() hands back what it was given, so csv.writer can make one line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(items: Iterable, *, bom: bool = True) -> Iterator[bytes]:
    """The CSV as UTF-8 lines (header first), for a StreamingHttpResponse.

    With ``bom`` the first line starts with a byte order mark: without it Excel reads UTF-8 as
    Windows-1252 and mangles names like Zoë. The import accepts files with or without one.
    """
    writer = csv.writer(_Echo())
    header = writer.writerow(EXPORT_COLUMNS)
    yield (("\ufeff" if bom else "") + header).encode()
    for item in _each(items):
        yield writer.writerow(item_to_row(item)).encode()
