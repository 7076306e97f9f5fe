"""CSV downloads of one assessment and of the trust matrix, in a fixed number of queries."""

from collections.abc import Iterator

from django.db.models import Prefetch

from careprog.spreadsheets import csv_rows
from careprog.wording import plural
from feedback.selectors import standard_tag_counts
from standards.models import Assessment, Evidence, ImprovementAction
from standards.selectors import COUNTED_KINDS, Matrix

ASSESSMENT_COLUMNS = [
    "CSC",
    "Period",
    "Criterion",
    "Standard",
    "Wording assessed",
    "Rating",
    "Carried forward, to confirm",
    "Owner",
    "Review date",
    "Evidence notes",
    "Links",
    "Files",
    "Linked feedback",
    "Open improvement actions",
    "Complaints tagged in period",
    "Compliments tagged in period",
]


def _joined(values) -> str:
    return " | ".join(v for v in values if v)


def assessment_csv_rows(assessment: Assessment, *, show_file_names: bool) -> Iterator[str]:
    """One row per standard. Linked items by reference only; files by name for those who may
    open them, otherwise counted (board members), as on the page."""
    full = show_file_names
    lines = (
        assessment.lines.counted()
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.current().select_related("item"),
                to_attr="current_evidence",
            ),
            Prefetch(
                "actions",
                queryset=ImprovementAction.objects.open().select_related("owner"),
                to_attr="open_actions",
            ),
        )
    )
    counts = standard_tag_counts(
        csc=assessment.csc,
        start=assessment.period_start,
        end=assessment.period_end,
        kinds=COUNTED_KINDS,
    )

    def rows():
        for line in lines:
            evidence = line.current_evidence
            files = [e for e in evidence if e.kind == Evidence.Kind.FILE]
            yield [
                assessment.csc.name,
                assessment.period.label,
                f"{line.criterion_number}. {line.criterion_title}",
                line.code,
                line.standard_text,
                line.get_rating_display(),
                "yes" if line.needs_review else "",
                line.owner.name if line.owner else "",
                line.review_on.isoformat() if line.review_on else "",
                _joined(e.text for e in evidence if e.kind == Evidence.Kind.NOTE),
                _joined(e.url for e in evidence if e.kind == Evidence.Kind.LINK),
                _joined(e.file_name for e in files) if full else plural(len(files), "file"),
                _joined(e.item.reference for e in evidence if e.item_id),
                _joined(
                    f"{a.description} (owner {a.owner.name}, due {a.due_on.isoformat()})"
                    for a in line.open_actions
                ),
                *(counts.get((line.standard_id, kind.value), 0) for kind in COUNTED_KINDS),
            ]

    return csv_rows(ASSESSMENT_COLUMNS, rows())


def matrix_csv_rows(matrix: Matrix) -> Iterator[str]:
    """One row per CSC and one for the trust: each criterion's share at Compliance or better."""
    header = ["CSC", "Period", "Assessment status"]
    for criterion in matrix.criteria:
        header += [
            f"{criterion.number}. {criterion.title} (%)",
            f"{criterion.number}. standards met",
            f"{criterion.number}. standards",
        ]
    header += ["Overall (%)", f"Change since {matrix.previous_period.label} (points)"]

    def cell(c):
        # Separate numbers: "3/11" would open in a spreadsheet as 3 November.
        return ["" if c.share is None else c.share, c.met if c.total else "", c.total or ""]

    def rows():
        for row in [*matrix.rows, matrix.trust]:
            if row.csc is None:
                status = "Whole trust"
            elif row.assessment is None:
                status = "Not started"
            else:
                status = row.assessment.get_status_display()
            values = [row.csc.name if row.csc else "Trust", matrix.period.label, status]
            for c in row.cells:
                values += cell(c)
            overall = row.overall
            values += [
                "" if overall.share is None else overall.share,
                "" if overall.change is None else overall.change,
            ]
            yield values

    return csv_rows(header, rows())
