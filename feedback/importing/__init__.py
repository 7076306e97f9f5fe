"""Import feedback from a CSV file (layout in feedback/csv_format.py and docs/import-export.md).

All or nothing: every row is checked first and every problem reported, as
"row N, column X: message"; only a file with no problems is saved, in one transaction, and if
any row fails while saving (a rule only the model checks) nothing is saved.
"""

from feedback.importing.reading import decode, parse
from feedback.importing.results import CsvFileError, ImportResult, RowError
from feedback.importing.row_form import FeedbackRowForm
from feedback.importing.saving import save_rows

__all__ = [
    "CsvFileError",
    "FeedbackRowForm",
    "ImportResult",
    "RowError",
    "decode",
    "import_feedback",
    "parse",
]


def import_feedback(text: str, *, dry_run: bool = False, source: str = "a CSV file"):
    """Check every row of a CSV file and, if all are valid and not ``dry_run``, save them all.

    A dry run goes as far as saving, then rolls back, so it finds the problems a real import
    would, including the rules only the model checks.
    """
    result = ImportResult(dry_run=dry_run)
    rows, result.errors = parse(text)
    result.rows = len(rows)
    if result.errors:
        return result
    result.errors = save_rows(rows, dry_run=dry_run, source=source)
    if not result.errors and not dry_run:
        result.saved = len(rows)
    return result
