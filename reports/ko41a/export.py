"""The KO41a return as the CSV the complaints team copies into the data collection."""

import csv
import io

from careprog.spreadsheets import protect_formula
from reports.ko41a.counting import (
    CLINICAL_TREATMENT_NOTE,
    OTHER,
    FinancialYear,
    Ko41aReturn,
    Section,
)


def counting_notes(year: FinancialYear) -> list[str]:
    start, end = f"{year.start:%-d %B %Y}", f"{year.end:%-d %B %Y}"
    return [
        "Only formal complaints are counted: comments, compliments and PALS contacts that were "
        "never escalated are not; a PALS contact escalated to a complaint counts once, as that "
        "complaint.",
        "Withdrawn complaints are left out of the return altogether, brought forward included; "
        "so are late complaints the trust declined to accept.",
        f"Brought forward: received before {start} and not resolved before that day.",
        f"New: received from {start} to {end}.",
        f"Resolved: response sent from {start} to {end} with an outcome recorded; a reopened "
        "complaint counts once, by its latest response.",
        "Carried forward is brought forward plus new less resolved.",
        "Sections 3 to 8 count only the new complaints. A complaint counts once in each of its "
        "subjects and professions, so sections 7 and 8 may sum to more than new; one with none "
        f"is counted under {OTHER}.",
        "Section 6 (clinical treatment sub-categories) is not recorded by this service: "
        "complete it from the complaint files.",
    ]


def ko41a_csv(ret: Ko41aReturn) -> str:
    """The return as CSV: a header block (organisation, year, counting notes), then one row per
    box as section, category, count, in the order of the return's sections."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = [
        ["KO41a complaints return"],
        ["Organisation", ret.organisation],
        ["Year", ret.year.label],
        ["Period", f"{ret.year.start:%-d %B %Y} to {ret.year.end:%-d %B %Y}"],
        *(["Note", note] for note in counting_notes(ret.year)),
        [],
        ["Section", "Category", "Count"],
    ]
    for section in Section:
        if section == Section.CLINICAL_TREATMENT:
            rows.append([section, CLINICAL_TREATMENT_NOTE, ""])
            continue
        rows += [
            [section, category, count] for category, count in ret.counts.get(section, {}).items()
        ]
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _cell(value):
    if value is None:
        return ""
    return protect_formula(str(value)) if isinstance(value, str) else value
