"""What an import reports: row errors and the overall result."""

from dataclasses import dataclass, field


class CsvFileError(Exception):
    """The file cannot be read at all (e.g. it is not UTF-8 text)."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str | None
    message: str

    def __str__(self):
        if self.column:
            return f"row {self.row}, column {self.column}: {self.message}"
        return f"row {self.row}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    saved: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    # When the database failed part-way: the last row saved, and the first row not saved.
    saved_up_to: int | None = None
    stopped_at: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            bad_rows = len({error.row for error in self.errors})
            problems = f"{_count(len(self.errors), 'error')} in {_count(bad_rows, 'row')}"
            if self.saved:
                return (
                    f"{problems}: the import stopped at row {self.stopped_at}. "
                    f"{_count(self.saved, 'item')}, up to row {self.saved_up_to}, were saved; "
                    f"nothing from row {self.stopped_at} on was. Import only the rows from row "
                    f"{self.stopped_at} on again"
                )
            return f"{problems}: nothing was saved"
        if self.dry_run:
            return f"Dry run: {_count(self.rows, 'row')} valid, nothing saved"
        return f"Imported {_count(self.saved, 'item')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass
class ParsedRow:
    """A valid row, ready for feedback_log."""

    row: int
    kind: str
    reference: str
    details: dict
    process: dict  # status and deadlines to set after logging
