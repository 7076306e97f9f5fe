"""The CSV layout of the feedback register, shared by the import, the export and the web download.

One place says what each column holds and how it is written, so a file exported here can be
imported again unchanged. The full description for people is in docs/import-export.md.
"""

import csv
import re
from collections.abc import Iterator
from datetime import date

from django.db.models import Q

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

# How many items to read from the database at a time, and to send in one write.
CHUNK_SIZE = 1000


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


# What a row is read from: the item's own columns, its CSC and tier joined in the same query.
EXPORT_FIELDS = (
    "pk",
    "reference",
    "kind",
    "received_on",
    "channel",
    "csc__code",
    "csc__name",
    "summary",
    "description",
    "nhs_number",
    "patient_name",
    "raised_by",
    "tier__code",
    "tier__name",
    "status",
    "acknowledge_by",
    "respond_by",
    "outcome",
)
# Coded columns written with their name beside them.
NAMED_CHOICES = ("kind", "channel", "raised_by", "status", "outcome")


def choice_names() -> dict[str, dict[str, str]]:
    from feedback.models import FeedbackItem

    return {
        name: {code: str(label) for code, label in FeedbackItem._meta.get_field(name).flatchoices}
        for name in NAMED_CHOICES
    }


def subjects_of(item_ids: list[int]) -> dict[int, str]:
    """Each item's subjects, joined as the file writes them, for a chunk of items in one query
    (in the subjects' own order, as the register shows them)."""
    from feedback.models import FeedbackItem

    links = (
        FeedbackItem.subjects.through.objects.filter(feedbackitem_id__in=item_ids)
        .order_by("feedbackitem_id", "subject__position", "subject__name")
        .values_list("feedbackitem_id", "subject__name")
    )
    joined: dict[int, list[str]] = {}
    for item_id, name in links:
        joined.setdefault(item_id, []).append(name)
    return {item_id: f"{SUBJECT_SEPARATOR} ".join(names) for item_id, names in joined.items()}


def export_chunks(items) -> Iterator[list[list[str]]]:
    """The items (a QuerySet) as rows in EXPORT_COLUMNS order, oldest first, CHUNK_SIZE at a
    time.

    Each chunk is two queries: the items' values (with CSC and tier joined), and their subjects.
    Each chunk follows on from the last one's (received date, id), which the register's
    (received_on, id) index holds in order: a month's export reads that month's rows, never
    walking the whole table to reach them (ordering by id alone did: 534 ms a chunk at a
    million items). Memory stays flat, and the last chunk of a year costs what the first does.
    Plain values, not model instances: building instances and their display names was most
    of an export's time (6,700 rows a second)."""
    names = choice_names()
    items = items.order_by("received_on", "pk")
    after = Q()
    while chunk := list(items.filter(after).values_list(*EXPORT_FIELDS)[:CHUNK_SIZE]):
        last_pk, last_received = chunk[-1][0], chunk[-1][3]
        after = Q(received_on__gte=last_received) & (
            Q(received_on__gt=last_received) | Q(pk__gt=last_pk)
        )
        subjects = subjects_of([row[0] for row in chunk])
        yield [_row(row, subjects, names) for row in chunk]


def _row(values: tuple, subjects: dict, names: dict) -> list[str]:
    (pk, reference, kind, received_on, channel, csc_code, csc_name, summary, description,
     nhs_number, patient_name, raised_by, tier_code, tier_name, status, acknowledge_by,
     respond_by, outcome) = values  # fmt: skip
    cells = {
        "reference": reference,
        "kind": kind,
        "kind_name": names["kind"].get(kind, kind),
        "received_on": format_date(received_on),
        "channel": channel,
        "channel_name": names["channel"].get(channel, channel),
        "csc": csc_code,
        "csc_name": csc_name,
        "subject": subjects.get(pk, ""),
        "summary": summary,
        "description": description,
        "nhs_number": nhs_number,
        "patient_name": patient_name,
        "raised_by": raised_by,
        "raised_by_name": names["raised_by"].get(raised_by, raised_by),
        "tier": tier_code or "",
        "tier_name": tier_name if tier_code else "",
        "status": status,
        "status_name": names["status"].get(status, status),
        "acknowledge_by": format_date(acknowledge_by),
        "respond_by": format_date(respond_by),
        "outcome": outcome,
        "outcome_name": names["outcome"].get(outcome, outcome) if outcome else "",
    }
    # Every cell, not only the public's free text: a spreadsheet runs any cell that starts like
    # a formula, and names and codes are typed by people too (a subject name, a CSC code may
    # start with "-"). No column holds a number that can be negative (dates, NHS numbers and
    # references start with a digit or a letter), so the apostrophe never changes a value a
    # person needs; the import takes it off every cell again.
    return [protect_formula(cells[column]) for column in EXPORT_COLUMNS]


def write_csv(items, out) -> None:
    """Write the header and one row per item to a text file opened with newline=""."""
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for rows in export_chunks(items):
        writer.writerows(rows)


class _Echo:
    """A file whose write() hands back what it was given, so csv.writer can make one line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(items, *, bom: bool = True) -> Iterator[bytes]:
    """The CSV as UTF-8 for a StreamingHttpResponse: the header, then a chunk of rows at a time
    (a write per row would cost the server a system call per row).

    With ``bom`` the first line starts with a byte order mark: without it Excel reads UTF-8 as
    Windows-1252 and mangles names like Zoë. The import accepts files with or without one.
    """
    writer = csv.writer(_Echo())
    header = writer.writerow(EXPORT_COLUMNS)
    yield (("\ufeff" if bom else "") + header).encode()
    for rows in export_chunks(items):
        yield "".join(writer.writerow(row) for row in rows).encode()
