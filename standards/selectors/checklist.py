"""The checklist: an assessment's lines grouped by criterion, with what each still needs."""

from dataclasses import dataclass, field
from datetime import date

from feedback.models.choices import Kind
from feedback.selectors import register_url, standard_tag_counts
from standards.models import Assessment, AssessmentLine, Rating

# The kinds whose counts sit beside each standard on the checklist.
COUNTED_KINDS = (Kind.COMPLAINT, Kind.COMPLIMENT)


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
        """At Compliance or better this period (carried ratings count once confirmed)."""
        return sum(1 for row in self.rows if row.line.is_met and not row.line.needs_review)

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
    def rating_counts(self) -> list[tuple[str, int]]:
        """How many standards have each rating, in the scale's order, for the sign-off page."""
        counts = dict.fromkeys(Rating, 0)
        for row in self.rows:
            counts[row.line.rating] += 1
        return [(Rating(rating).label, n) for rating, n in counts.items()]

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
