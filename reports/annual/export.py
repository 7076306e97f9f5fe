"""The annual report as CSV, written from the snapshot kept with the report, row for row what
the PDF prints: a byte-order mark so Excel reads UTF-8, every text cell safe from formulas."""

from collections.abc import Iterator
from datetime import date

from careprog.spreadsheets import csv_rows
from reports.annual.sections import sections

HEADER = ["Section", "Figure", "Count", "Out of", "Percentage or average", "As printed"]


def annual_csv(snapshot: dict) -> Iterator[str]:
    start, end = (f"{date.fromisoformat(snapshot[d]):%-d %B %Y}" for d in ("start", "end"))
    rows = [
        ["Annual complaints report", "Year", None, None, None, snapshot["year"]],
        ["Annual complaints report", "Period", None, None, None, f"{start} to {end}"],
    ]
    for number, section in enumerate(sections(snapshot), start=1):
        title = f"{number}. {section.title}"
        rows += [[title, r.figure, r.count, r.of, r.share, r.text] for r in section.rows]
        rows += [
            [title, f"Learning action ({done['csc']})", None, None, None, done["action"]]
            for done in section.learning
        ]
    return csv_rows(HEADER, ([("" if v is None else v) for v in row] for row in rows))
