"""Reads that put QuerySet methods together for a page, each in a fixed number of queries.

``standards_matrix`` is also what the board pack reads: the matrix for a period and the one
before it, trust-wide.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from careprog.models import CareCriterion, ClinicalServiceCentre
from feedback.models.choices import Kind
from feedback.selectors import register_url, standard_tag_counts
from standards.models import Assessment, AssessmentLine, ImprovementAction, Rating
from standards.periods import Period, current_period, period_from_slug, period_of

# The kinds whose counts sit beside each standard on the checklist.
COUNTED_KINDS = (Kind.COMPLAINT, Kind.COMPLIMENT)


# --- The checklist -------------------------------------------------------------------------


@dataclass
class TaggedCount:
    kind_label: str
    count: int
    url: str


@dataclass
class ChecklistRow:
    line: AssessmentLine
    tagged: list[TaggedCount]
    needs_rating: bool
    needs_evidence: bool
    needs_action: bool
    review_overdue: bool
    action_overdue: bool
    # Refusals of the last change to this standard, shown at its rating buttons.
    errors: list[str] = field(default_factory=list)


@dataclass
class CriterionGroup:
    number: int
    title: str
    rows: list[ChecklistRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def rated(self) -> int:
        return sum(1 for row in self.rows if not row.needs_rating)

    @property
    def met(self) -> int:
        return sum(1 for row in self.rows if row.line.is_met)

    @property
    def to_do(self) -> int:
        return sum(1 for row in self.rows if row.needs_rating or row.needs_action)


@dataclass
class Checklist:
    assessment: Assessment
    groups: list[CriterionGroup]

    @property
    def rows(self) -> list[ChecklistRow]:
        return [row for group in self.groups for row in group.rows]

    def _where(self, flag: str) -> list[ChecklistRow]:
        return [row for row in self.rows if getattr(row, flag)]

    @property
    def needing_rating(self):
        return self._where("needs_rating")

    @property
    def needing_evidence(self):
        return self._where("needs_evidence")

    @property
    def needing_action(self):
        return self._where("needs_action")

    @property
    def reviews_overdue(self):
        return self._where("review_overdue")

    @property
    def actions_overdue(self):
        return self._where("action_overdue")

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def rated(self) -> int:
        return sum(group.rated for group in self.groups)

    @property
    def met(self) -> int:
        return sum(group.met for group in self.groups)

    @property
    def carried(self) -> int:
        """Ratings copied from the last period and not yet confirmed."""
        return sum(1 for row in self.rows if row.line.needs_review and row.line.is_rated)


def checklist_row(line, *, today: date, tagged: list[TaggedCount]) -> ChecklistRow:
    return ChecklistRow(
        line=line,
        tagged=tagged,
        needs_rating=not line.is_rated or line.needs_review,
        needs_evidence=line.is_met and line.evidence_count == 0,
        needs_action=line.is_below and line.open_action_count == 0,
        review_overdue=bool(line.review_on and line.review_on < today),
        action_overdue=bool(line.next_action_due and line.next_action_due < today),
    )


def tagged_counts(assessment: Assessment, line, counts: dict) -> list[TaggedCount]:
    """This CSC's complaints and compliments tagged with the line's standard in the period."""
    return [
        TaggedCount(
            kind_label=kind.label,
            count=counts.get((line.standard_id, kind.value), 0),
            url=register_url(
                kind=kind.value,
                csc=assessment.csc,
                standard=line.standard,
                received_from=assessment.period_start,
                received_to=assessment.period_end,
            ),
        )
        for kind in COUNTED_KINDS
    ]


def checklist_for(assessment: Assessment, *, today: date, lines=None) -> Checklist:
    """The assessment's lines grouped by criterion, with what each still needs: two queries."""
    lines = lines if lines is not None else assessment.lines.counted().for_checklist()
    counts = standard_tag_counts(
        csc=assessment.csc,
        start=assessment.period_start,
        end=assessment.period_end,
        kinds=COUNTED_KINDS,
    )
    groups: dict[int, CriterionGroup] = {}
    for line in lines:
        group = groups.setdefault(
            line.criterion_number, CriterionGroup(line.criterion_number, line.criterion_title)
        )
        tagged = tagged_counts(assessment, line, counts)
        group.rows.append(checklist_row(line, today=today, tagged=tagged))
    return Checklist(assessment=assessment, groups=[groups[n] for n in sorted(groups)])


# --- The trust matrix ----------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    label: str  # what the cell is of, for screen readers: "criterion 2", "all standards"
    total: int
    met: int
    previous_total: int = 0
    previous_met: int = 0

    @property
    def share(self) -> int | None:
        """Percentage of standards at Compliance or better, rounded; None with no lines."""
        return round(100 * self.met / self.total) if self.total else None

    @property
    def previous_share(self) -> int | None:
        if not self.previous_total:
            return None
        return round(100 * self.previous_met / self.previous_total)

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


def _add(cells: list[MatrixCell], label: str) -> MatrixCell:
    return MatrixCell(
        label=label,
        total=sum(c.total for c in cells),
        met=sum(c.met for c in cells),
        previous_total=sum(c.previous_total for c in cells),
        previous_met=sum(c.previous_met for c in cells),
    )


def standards_matrix(period: Period, *, cscs=None) -> Matrix:
    """Each CSC's share of standards at Compliance or better, per criterion, for a period and
    the change since the one before: four queries, whatever the number of CSCs or standards.

    ``cscs`` defaults to every active CSC (the board pack); pages pass the user's visible ones.
    """
    cscs = list(cscs if cscs is not None else ClinicalServiceCentre.objects.active())
    criteria = list(CareCriterion.objects.order_by("number"))
    previous = period.previous()
    assessments = list(
        Assessment.objects.filter(
            csc__in=[c.pk for c in cscs], period_start__in=[period.start, previous.start]
        ).select_related("signed_off_by")
    )
    totals = {
        (row["assessment_id"], row["criterion_number"]): row
        for row in AssessmentLine.objects.filter(assessment__in=[a.pk for a in assessments])
        .counted()
        .criterion_totals()
    }
    by_key = {(a.csc_id, a.period_start): a for a in assessments}
    rows = []
    for csc in cscs:
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
    trust_cells = [
        _add([row.cells[i] for row in rows], f"criterion {criterion.number}")
        for i, criterion in enumerate(criteria)
    ]
    trust = MatrixRow(
        csc=None, assessment=None, cells=trust_cells, overall=_add(trust_cells, ALL_STANDARDS)
    )
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


# --- Overdue work --------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueWork:
    actions: list
    actions_count: int
    reviews: list
    reviews_count: int


def overdue_work(user, *, today: date, csc=None, limit: int = 100) -> OverdueWork:
    """Improvement actions and reviews past their date in the CSCs this user may see (or in
    one of them), most overdue first: four queries."""
    actions = ImprovementAction.objects.visible_to(user).overdue(today)
    reviews = AssessmentLine.objects.visible_to(user).counted().review_overdue(today)
    if csc is not None:
        actions = actions.filter(line__assessment__csc=csc)
        reviews = reviews.filter(assessment__csc=csc)
    return OverdueWork(
        actions=list(actions.for_list().order_by("due_on", "pk")[:limit]),
        actions_count=actions.count(),
        reviews=list(
            reviews.select_related("assessment__csc", "owner").order_by("review_on", "pk")[:limit]
        ),
        reviews_count=reviews.count(),
    )


# --- A manager's CSCs ----------------------------------------------------------------------


@dataclass(frozen=True)
class CscStanding:
    csc: ClinicalServiceCentre
    assessment: Assessment | None
    previous: Assessment | None
    total: int
    rated: int
    met: int


def csc_standings(cscs, *, period: Period) -> list[CscStanding]:
    """For each CSC: its assessment for the period (or the latest before it, to start from),
    and how far it has got. Three queries."""
    cscs = list(cscs)
    assessments = list(
        Assessment.objects.filter(csc__in=[c.pk for c in cscs], period_start__lte=period.start)
        .select_related("signed_off_by")
        .order_by("csc_id", "-period_start")
    )
    current = {a.csc_id: a for a in assessments if a.period_start == period.start}
    previous = {}
    for assessment in assessments:
        if assessment.period_start < period.start:
            previous.setdefault(assessment.csc_id, assessment)
    progress = {}
    ids = [a.pk for a in current.values()]
    for row in AssessmentLine.objects.filter(assessment__in=ids).counted().progress_totals():
        progress[row["assessment_id"]] = row
    standings = []
    for csc in cscs:
        assessment = current.get(csc.pk)
        numbers = progress.get(assessment.pk, {}) if assessment else {}
        standings.append(
            CscStanding(
                csc=csc,
                assessment=assessment,
                previous=previous.get(csc.pk),
                total=numbers.get("total", 0),
                rated=numbers.get("rated", 0),
                met=numbers.get("met", 0),
            )
        )
    return standings


# --- One standard's page ---------------------------------------------------------------------


@dataclass(frozen=True)
class RatingChange:
    at: object
    by: object
    rating: str


@dataclass(frozen=True)
class OverdueMark:
    """An action, and whether it is past its due date and still to do."""

    action: ImprovementAction
    overdue: bool


def carried(action: ImprovementAction) -> bool:
    return hasattr(action, "carried_to")


@dataclass(frozen=True)
class LinePageData:
    evidence: list
    actions: list
    tagged: list[TaggedCount]
    suggestions: list
    rating_history: list[RatingChange]
    reworded: bool


def rating_history(line: AssessmentLine, limit: int = 50) -> list[RatingChange]:
    """Each change of rating, newest first, from the line's audit trail: one query."""
    records = list(
        line.history.select_related("history_user").order_by("history_date", "history_id")[:limit]
    )
    changes, last = [], None
    for record in records:
        if record.rating != last:
            changes.append(
                RatingChange(
                    at=record.history_date,
                    by=record.history_user,
                    rating=Rating(record.rating).label,
                )
            )
            last = record.rating
    return list(reversed(changes))


def line_page_data(line: AssessmentLine, *, today: date, suggestions=None) -> LinePageData:
    """Everything a standard's page shows, in a fixed number of queries.

    ``suggestions``: the register as the user may see it (None when they cannot link items);
    offered are this CSC's complaints and compliments tagged with the standard in the period
    and not yet linked.
    """
    assessment = line.assessment
    evidence = list(line.evidence.current().for_line_page())
    linked = {e.item_id for e in evidence if e.item_id}
    counts = standard_tag_counts(
        csc=assessment.csc,
        start=assessment.period_start,
        end=assessment.period_end,
        kinds=COUNTED_KINDS,
    )
    offered = []
    if suggestions is not None:
        offered = list(
            suggestions.filter(standards=line.standard, kind__in=COUNTED_KINDS)
            .received_between(assessment.period_start, assessment.period_end)
            .exclude(pk__in=linked)
            .order_by("-received_on", "-pk")[:20]
        )
    return LinePageData(
        evidence=evidence,
        actions=[
            OverdueMark(
                action, overdue=action.is_open and not carried(action) and (action.due_on < today)
            )
            for action in line.actions.select_related("owner", "carried_to").order_by(
                "due_on", "pk"
            )
        ],
        tagged=tagged_counts(assessment, line, counts),
        suggestions=offered,
        rating_history=rating_history(line),
        reworded=line.standard.text != line.standard_text,
    )
