"""Writing CSV that is safe to open in a spreadsheet, for every download the service offers."""

import csv
from collections.abc import Iterable, Iterator

# A spreadsheet runs a cell that starts with one of these as a formula. Free text comes from
# the public (web forms, emails) and from staff, so downloads put an apostrophe in front, which
# spreadsheets show as plain text, and imports take it off again (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def protect_formula(value: str) -> str:
    # Text that already starts with apostrophes before a formula start gets one more, so that
    # unprotect_formula gives back exactly what was written ("'=x" -> "''=x" -> "'=x").
    return f"'{value}" if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unprotect_formula(value: str) -> str:
    """Undo protect_formula (and the apostrophe people type in a spreadsheet for the same end)."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


class _Line:
    """A file-like object that hands back what csv.writer writes, one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_rows(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV lines for a streamed download: a byte-order mark so Excel reads UTF-8, the header,
    then each row with every text cell protected from formula injection."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(
            [protect_formula(value) if isinstance(value, str) else value for value in row]
        )
