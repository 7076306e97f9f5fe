"""The trust matrix: each CSC's share of standards at Compliance or better, per criterion.

``standards_matrix`` is also what the board pack reads: the matrix for a period and the one
before it, trust-wide, in four queries.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from careprog.models import CareCriterion, ClinicalServiceCentre
from standards.models import Assessment, AssessmentLine
from standards.periods import Period, current_period, period_from_slug, period_of


def percent(part: int, whole: int) -> int:
    """A whole percentage, halves rounded up as people expect (5 of 8 is 63%, not 62%)."""
    return int(Decimal(100 * part) / Decimal(whole) + Decimal("0.5"))


@dataclass(frozen=True)
class MatrixCell:
    label: str  # what the cell is of, for screen readers: "criterion 2", "all standards"
    total: int
    met: int
    previous_total: int = 0
    previous_met: int = 0

    @property
    def exact_share(self) -> float | None:
        """The share unrounded: colour bands are judged on this, so 89.5% is not "90% or
        more"."""
        return 100 * self.met / self.total if self.total else None

    @property
    def share(self) -> int | None:
        """Percentage of standards at Compliance or better; None with no lines."""
        return percent(self.met, self.total) if self.total else None

    @property
    def previous_share(self) -> int | None:
        return percent(self.previous_met, self.previous_total) if self.previous_total else None

    @property
    def change(self) -> int | None:
        """Percentage points since the previous period; None when either is missing."""
        if self.share is None or self.previous_share is None:
            return None
        return self.share - self.previous_share


@dataclass(frozen=True)
class MatrixRow:
    csc: ClinicalServiceCentre | None  # None for the trust-wide row
    assessment: Assessment | None
    cells: list[MatrixCell]
    overall: MatrixCell


@dataclass(frozen=True)
class Matrix:
    period: Period
    previous_period: Period
    criteria: list[CareCriterion]
    rows: list[MatrixRow]
    trust: MatrixRow


ALL_STANDARDS = "all standards"


def _add(cells: list[MatrixCell], label: str, *, with_previous: bool = True) -> MatrixCell:
    return MatrixCell(
        label=label,
        total=sum(c.total for c in cells),
        met=sum(c.met for c in cells),
        previous_total=sum(c.previous_total for c in cells) if with_previous else 0,
        previous_met=sum(c.previous_met for c in cells) if with_previous else 0,
    )


def standards_matrix(period: Period, *, visible=None) -> Matrix:
    """Each CSC's share of standards at Compliance or better, per criterion, for a period and
    the change since the one before: four queries, whatever the number of CSCs or standards.

    Rows are the CSCs active now or assessed in the period (history does not lose a CSC that
    closed), narrowed to ``visible`` (the CSCs a page's user may see; None for the board pack).
    The whole-trust row is always every CSC's: it is only numbers. Its change is shown only
    when the same CSCs were assessed in both periods, so a CSC joining cannot move the arrow.
    Ratings carried forward and not yet confirmed are not counted as met: this period's
    judgement has not been made.
    """
    criteria = list(CareCriterion.objects.order_by("number"))
    previous = period.previous()
    assessments = list(
        Assessment.objects.filter(period_start__in=[period.start, previous.start])
        .select_related("signed_off_by")
        .order_by()
    )
    assessed_now = {a.csc_id for a in assessments if a.period_start == period.start}
    everyone = ClinicalServiceCentre.objects.filter(Q(active=True) | Q(pk__in=assessed_now))
    totals = {
        (row["assessment_id"], row["criterion_number"]): row
        for row in AssessmentLine.objects.filter(assessment__in=[a.pk for a in assessments])
        .counted()
        .criterion_totals()
    }
    by_key = {(a.csc_id, a.period_start): a for a in assessments}
    rows = []
    for csc in everyone.order_by("name"):
        now, before = by_key.get((csc.pk, period.start)), by_key.get((csc.pk, previous.start))
        cells = []
        for criterion in criteria:
            this = totals.get((now.pk if now else None, criterion.number), {})
            last = totals.get((before.pk if before else None, criterion.number), {})
            cells.append(
                MatrixCell(
                    label=f"criterion {criterion.number}",
                    total=this.get("total", 0),
                    met=this.get("met", 0),
                    previous_total=last.get("total", 0),
                    previous_met=last.get("met", 0),
                )
            )
        overall = _add(cells, ALL_STANDARDS)
        rows.append(MatrixRow(csc=csc, assessment=now, cells=cells, overall=overall))
    assessed_before = {a.csc_id for a in assessments if a.period_start == previous.start}
    comparable = assessed_now == assessed_before
    trust_cells = [
        _add([row.cells[i] for row in rows], f"criterion {c.number}", with_previous=comparable)
        for i, c in enumerate(criteria)
    ]
    trust = MatrixRow(
        csc=None,
        assessment=None,
        cells=trust_cells,
        overall=_add(trust_cells, ALL_STANDARDS, with_previous=comparable),
    )
    if visible is not None:
        shown = set(visible.values_list("pk", flat=True))
        rows = [row for row in rows if row.csc.pk in shown]
    return Matrix(period, previous, criteria, rows, trust)


def matrix_periods(today: date | None = None) -> list[Period]:
    """The periods anyone can choose on the matrix: every one with an assessment, and the
    current one; newest first. One query."""
    current = current_period(today)
    stored = Assessment.objects.order_by().values_list("period_start", "period_end").distinct()
    periods = {period_of(start, end) for start, end in stored}
    periods.add(current)
    return sorted(periods, reverse=True)


def chosen_period(slug: str | None, periods: list[Period]) -> Period | None:
    """The period a URL names, among those that can be chosen; the newest when none is named."""
    if not slug:
        return periods[0]
    wanted = period_from_slug(slug, settings.STANDARDS_PERIOD_MONTHS)
    return next((p for p in periods if p.slug == slug), wanted)
