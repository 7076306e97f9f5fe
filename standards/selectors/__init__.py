"""Reads that put QuerySet methods together for a page, each in a fixed number of queries."""

from standards.selectors.checklist import (
    COUNTED_KINDS,
    Checklist,
    ChecklistRow,
    CriterionGroup,
    TaggedCount,
    checklist_for,
)
from standards.selectors.line_page import LinePageData, line_page_data
from standards.selectors.matrix import (
    Matrix,
    MatrixCell,
    MatrixRow,
    chosen_period,
    matrix_periods,
    standards_matrix,
)
from standards.selectors.work import CscStanding, OverdueWork, csc_standings, overdue_work

__all__ = [
    "COUNTED_KINDS",
    "Checklist",
    "ChecklistRow",
    "CriterionGroup",
    "CscStanding",
    "LinePageData",
    "Matrix",
    "MatrixCell",
    "MatrixRow",
    "OverdueWork",
    "TaggedCount",
    "checklist_for",
    "chosen_period",
    "csc_standings",
    "line_page_data",
    "matrix_periods",
    "overdue_work",
    "standards_matrix",
]
