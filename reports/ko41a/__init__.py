"""The KO41a complaints return: the year's figures (counting), the checks NHS England applies
before a return is accepted (checks), and the CSV the complaints team copies into the data
collection (export)."""

from reports.ko41a.checks import Problem, validate
from reports.ko41a.counting import (
    CLINICAL_TREATMENT_NOTE,
    OTHER,
    OUTCOME_BOX,
    FinancialYear,
    Ko41aReturn,
    Section,
    Summary,
    counted_complaints,
    ko41a_return,
    parse_year,
)
from reports.ko41a.export import counting_notes, ko41a_csv

__all__ = [
    "CLINICAL_TREATMENT_NOTE",
    "OTHER",
    "OUTCOME_BOX",
    "FinancialYear",
    "Ko41aReturn",
    "Problem",
    "Section",
    "Summary",
    "counted_complaints",
    "counting_notes",
    "ko41a_csv",
    "ko41a_return",
    "parse_year",
    "validate",
]
