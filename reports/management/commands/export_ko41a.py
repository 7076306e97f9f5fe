"""Write the year's KO41a return as CSV, refusing one that would fail the collection's checks."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careprog.wording import plural
from reports.ko41a import ko41a_csv, ko41a_return, parse_year, validate


class Command(BaseCommand):
    help = (
        "Write the KO41a complaints return for a financial year as CSV, to standard output or "
        "--output. A return that fails a validation is not written: each problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, metavar="YYYY-YY", help="the financial year, e.g. 2025-26"
        )
        parser.add_argument(
            "--output", metavar="FILE", help="write the CSV to this file, not standard output"
        )

    def handle(self, *args, year: str, output: str | None, **options):
        try:
            financial_year = parse_year(year)
        except ValueError as error:
            raise CommandError(f"--year: {error}.") from None
        path = Path(output) if output else None
        if path and not path.parent.is_dir():
            raise CommandError(f"--output: the folder {path.parent} does not exist.")

        ret = ko41a_return(financial_year)
        problems = validate(ret)
        if problems:
            for problem in problems:
                self.stderr.write(f"{problem.check}: {problem.message}")
            raise CommandError(
                f"The {financial_year} return failed {plural(len(problems), 'validation check')}; "
                "nothing was written."
            )
        text = ko41a_csv(ret)
        if path:
            write_whole(path, text)
            self.stdout.write(f"Wrote the {financial_year} KO41a return to {path}")
        else:
            self.stdout.write(text, ending="")


def write_whole(path: Path, text: str) -> None:
    """Write beside the target, then move it into place: the file is either whole or not there,
    and an earlier good file is not lost to a failed write."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # utf-8-sig: a byte-order mark so a spreadsheet reads the organisation's name right.
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
