"""The KO41a return's figures for a financial year, by the counting rules in DOMAIN.md."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.conf import settings

from feedback.models import FeedbackItem, Profession, ServiceArea, Subject
from feedback.models.choices import AgeBand, ComplainantStatus, Outcome, Status

OTHER = "Other"


class Section(StrEnum):
    SUMMARY = "2. Summary"
    AGE = "3. Age of patient"
    COMPLAINANT = "4. Status of complainant"
    SERVICE_AREA = "5. Service area"
    CLINICAL_TREATMENT = "6. Clinical treatment sub-categories"
    SUBJECT = "7. Subject area"
    PROFESSION = "8. Profession (staff group)"


class Summary(StrEnum):
    BROUGHT_FORWARD = "Brought forward"
    NEW = "New"
    UPHELD = "Upheld"
    PARTIALLY_UPHELD = "Partially upheld"
    NOT_UPHELD = "Not upheld"
    RESOLVED = "Resolved"
    CARRIED_FORWARD = "Carried forward"


OUTCOME_BOX = {
    Outcome.UPHELD: Summary.UPHELD,
    Outcome.PARTIALLY_UPHELD: Summary.PARTIALLY_UPHELD,
    Outcome.NOT_UPHELD: Summary.NOT_UPHELD,
}
# The service does not record which clinical treatment a complaint concerns, so section 6 is
# left for the trust to complete rather than filled with zeros that would read as "none".
CLINICAL_TREATMENT_NOTE = (
    "Not recorded by this service: complete this section from the complaint files"
)
YEAR_FORM = re.compile(r"([0-9]{4})-([0-9]{2})")


@dataclass(frozen=True)
class FinancialYear:
    start: date
    end: date

    @classmethod
    def starting(cls, year: int) -> "FinancialYear":
        return cls(start=date(year, 4, 1), end=date(year + 1, 3, 31))

    @property
    def label(self) -> str:
        return f"{self.start.year}-{self.end.year % 100:02d}"

    def __str__(self) -> str:
        return self.label


def parse_year(text: str) -> FinancialYear:
    """A financial year written the way the collection writes it, e.g. 2025-26."""
    expected = "give the financial year as YYYY-YY, the year it starts and the next, e.g. 2025-26"
    match = YEAR_FORM.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a financial year: {expected}")
    first, second = int(match[1]), int(match[2])
    if second != (first + 1) % 100:
        raise ValueError(f"{text!r} does not run into the next year: {expected}")
    return FinancialYear.starting(first)


@dataclass
class Ko41aReturn:
    """The figures of one organisation's return, and the complaint references behind each."""

    organisation: str
    year: FinancialYear
    # {section: {category: count}}, in the order the return lists them; section 6 is absent.
    counts: dict[Section, dict[str, int | None]]
    # {(section, category): complaint references}; a box with none has no entry.
    cases: dict[tuple[Section, str], list[str]] = field(default_factory=dict)

    def figure(self, section: Section, category: str) -> int | None:
        return self.counts.get(section, {}).get(category)

    def total(self, section: Section) -> int:
        return sum(n for n in self.counts.get(section, {}).values() if isinstance(n, int))


def counted_complaints():
    """Complaints that belong in a KO41a return at all."""
    return (
        # Only formal complaints: comments, compliments and PALS contacts are other kinds. A
        # PALS contact escalated to a complaint is counted once, through its complaint record.
        FeedbackItem.objects.complaints()
        # A withdrawn complaint is left out of every figure, brought forward included.
        .exclude(status=Status.WITHDRAWN)
        # A late complaint the trust declined to accept was never handled under the
        # regulations; left in, it would be carried forward for ever, never being resolved.
        .exclude(status=Status.CLOSED, late_decision="declined")
        # Resolved early, at first contact (NHS Complaint Standards): counted apart, never
        # a KO41a complaint.
        .not_resolved_early()
    )


def ko41a_return(year: FinancialYear) -> Ko41aReturn:
    """The year's return, in six queries however many complaints there are."""
    complaints = counted_complaints()
    rows = list(
        complaints.received_between(None, year.end)
        # Resolved before the year began: in an earlier return, not this one.
        .exclude(response_sent_on__lt=year.start, outcome__in=Outcome.values)
        .order_by("reference")
        .values(
            "reference",
            "received_on",
            "response_sent_on",
            "outcome",
            "age_band",
            "complainant_status",
            "service_area__name",
        )
    )
    new_complaints = complaints.received_between(year.start, year.end).order_by("reference")
    cases: dict[tuple[Section, str], list[str]] = defaultdict(list)
    _count_summary(rows, year, cases)
    new_rows = [row for row in rows if row["received_on"] >= year.start]
    _count_details(new_rows, cases)
    # A complaint counts once in each of its subjects and professions (the pairs are unique),
    # so these sections may sum to more than new; one with none goes to Other.
    for section, relation in ((Section.SUBJECT, "subjects"), (Section.PROFESSION, "professions")):
        for reference, name in new_complaints.values_list("reference", f"{relation}__name"):
            cases[section, name or OTHER].append(reference)

    counts = {
        Section.SUMMARY: {box: len(cases[Section.SUMMARY, box]) for box in Summary},
        Section.AGE: _tally(Section.AGE, AgeBand.labels, cases),
        Section.COMPLAINANT: _tally(Section.COMPLAINANT, ComplainantStatus.labels, cases),
        Section.SERVICE_AREA: _tally(Section.SERVICE_AREA, _names(ServiceArea), cases),
        Section.SUBJECT: _tally(Section.SUBJECT, _names(Subject), cases),
        Section.PROFESSION: _tally(Section.PROFESSION, _names(Profession), cases),
    }
    return Ko41aReturn(
        organisation=settings.TRUST_NAME,
        year=year,
        counts=counts,
        cases={key: refs for key, refs in cases.items() if refs},
    )


def _count_summary(rows: list[dict], year: FinancialYear, cases: dict) -> None:
    for row in rows:
        reference = row["reference"]
        # Brought forward: received before the year and not resolved before it began (the
        # query has already dropped those resolved earlier). New: received in the year.
        box = Summary.NEW if row["received_on"] >= year.start else Summary.BROUGHT_FORWARD
        cases[Section.SUMMARY, box].append(reference)
        # Resolved: the response was sent in the year with an outcome recorded. One record per
        # complaint, so a reopened complaint counts once (by its latest response date).
        sent = row["response_sent_on"]
        if sent and year.start <= sent <= year.end and row["outcome"] in OUTCOME_BOX:
            cases[Section.SUMMARY, Summary.RESOLVED].append(reference)
            cases[Section.SUMMARY, OUTCOME_BOX[row["outcome"]]].append(reference)
        else:
            # Carried forward = brought forward + new - resolved: those still open at year end.
            cases[Section.SUMMARY, Summary.CARRIED_FORWARD].append(reference)


def _count_details(new_rows: list[dict], cases: dict) -> None:
    """Sections 3, 4 and 5 count only the year's new complaints, each in one category."""
    age_bands = dict(AgeBand.choices)
    statuses = dict(ComplainantStatus.choices)
    for row in new_rows:
        reference = row["reference"]
        age = age_bands.get(row["age_band"], AgeBand.UNKNOWN.label)
        cases[Section.AGE, age].append(reference)
        status = statuses.get(row["complainant_status"], ComplainantStatus.UNKNOWN.label)
        cases[Section.COMPLAINANT, status].append(reference)
        cases[Section.SERVICE_AREA, row["service_area__name"] or OTHER].append(reference)


def _names(model) -> list[str]:
    """A KO41a list in its reference-data order, ending with Other."""
    names = list(model.objects.active().values_list("name", flat=True))
    if OTHER in names:
        names.remove(OTHER)
    return [*names, OTHER]


def _tally(section: Section, categories: list[str], cases: dict) -> dict[str, int]:
    """Every listed category (0 where none), then any retired one still in use before Other."""
    used = sorted(category for (in_section, category) in cases if in_section == section)
    extra = [category for category in used if category not in categories]
    ordered = [*categories[:-1], *extra, categories[-1]] if extra else categories
    return {category: len(cases.get((section, category), [])) for category in ordered}
