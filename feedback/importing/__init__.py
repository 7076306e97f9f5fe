"""Import feedback from a CSV file (layout in feedback/csv_format.py and docs/import-export.md).

Every row is checked first, by the row form and by the model's own rules, and every problem
reported, as "row N, column X: message"; only a file with no problems is saved, in batches
(feedback/importing/saving.py says what happens if the database fails part-way).
"""

from feedback.importing.reading import decode, file_order, parse
from feedback.importing.results import CsvFileError, ImportResult, RowError
from feedback.importing.row_form import FeedbackRowForm
from feedback.importing.saving import check_rows, save_rows

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

    A dry run makes every check a real import makes, including the rules only the model
    checks, and writes nothing.
    """
    result = ImportResult(dry_run=dry_run)
    rows, errors = parse(text)
    result.rows = len(rows)
    if rows:
        errors = sorted(errors + check_rows(rows), key=file_order)
    result.errors = errors
    if result.errors or dry_run:
        return result
    saved = save_rows(rows, source=source)
    result.saved, result.errors, result.stopped_at = saved.count, saved.errors, saved.stopped_at
    if saved.count:
        result.saved_up_to = rows[saved.count - 1].row
    return result
