"""What the board pack and the dashboard show for a month, worked out once from the figures.

Everything here is numbers, KO41a subject names, staff names of award winners who agreed to be
put forward, and learning actions' text with any patient details taken out: nothing that
identifies a patient (the pack's tests read the PDF to make sure).
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.safestring import SafeString

from careprog.models import ClinicalServiceCentre
from feedback.models import FeedbackItem, LearningAction
from feedback.models.choices import Status
from feedback.privacy import without_private_details
from reports.charts import Icon, assurance_icon, chart_svg, variation_icon
from reports.figures import TRUST, Figures, monthly_figures
from reports.measures import MEASURES, Measure
from reports.models import MeasureTarget
from reports.spc import Analysis, analyse
from standards.periods import current_period
from standards.selectors.matrix import Matrix, standards_matrix

# Charts look back two years: enough points for the limits, recent enough to matter.
HISTORY_MONTHS = 24
TOP_SUBJECTS = 6


def targets() -> dict[str, float]:
    """The targets administrators have set, by measure: one query."""
    return {t.measure: float(t.target) for t in MeasureTarget.objects.order_by()}


@dataclass(frozen=True)
class MeasureView:
    """One measure for one scope: the chart's months and values, and their analysis."""

    measure: Measure
    months: list[date]
    values: list[float | None]
    analysis: Analysis
    target: float | None

    @property
    def this_month(self) -> float | None:
        return self.values[-1] if self.values else None

    @property
    def last_month(self) -> float | None:
        return self.values[-2] if len(self.values) > 1 else None

    @property
    def this_month_text(self) -> str:
        return self.measure.format(self.this_month)

    @property
    def last_month_text(self) -> str:
        return self.measure.format(self.last_month)

    @property
    def target_text(self) -> str:
        return self.measure.format(self.target) if self.target is not None else "none"

    @property
    def rows(self) -> list[tuple[date, str]]:
        """The chart's figures, newest first, for the table beside it."""
        return [(m, self.measure.format(v)) for m, v in zip(self.months, self.values, strict=True)][
            ::-1
        ]

    @property
    def variation(self) -> Icon | None:
        return variation_icon(self.analysis)

    @property
    def assurance(self) -> Icon | None:
        return assurance_icon(self.analysis)

    @cached_property
    def chart(self) -> SafeString:
        return chart_svg(
            title=self.measure.name,
            unit=self.measure.unit,
            months=self.months,
            analysis=self.analysis,
            target=self.target,
        )

    def as_snapshot(self) -> dict:
        return {
            "name": self.measure.name,
            "this_month": self.this_month,
            "last_month": self.last_month,
            "target": self.target,
            "mean": self.analysis.mean,
            "lower": self.analysis.lower,
            "upper": self.analysis.upper,
            "variation": self.analysis.variation,
            "variation_side": self.analysis.variation_side,
            "assurance": self.analysis.assurance,
            "series": {f"{m:%Y-%m}": v for m, v in zip(self.months, self.values, strict=True)},
        }


def measure_views(figures: Figures, csc_id=TRUST, *, goals: dict[str, float]) -> list[MeasureView]:
    """Every measure for one scope over the figures' months, the chart starting at the first
    month with data (a count with no source yet is "no data", not zero)."""
    views = []
    for measure in MEASURES:
        values = figures.series(measure, csc_id)
        first = next((i for i, v in enumerate(values) if v is not None), len(values) - 1)
        target = goals.get(measure.key)
        views.append(
            MeasureView(
                measure=measure,
                months=figures.months[first:],
                values=values[first:],
                analysis=analyse(values[first:], measure.improvement, target),
                target=target,
            )
        )
    return views


@dataclass(frozen=True)
class Theme:
    subject: str
    this_month: int
    previous_average: float  # a month, over the three months before

    @property
    def change(self) -> float:
        return self.this_month - self.previous_average


def themes(month: date, csc=None) -> list[Theme]:
    """The KO41a subjects of this month's formal complaints, most frequent first, against the
    average month of the three before: one query."""
    since = month - relativedelta(months=3)
    complaints = (
        FeedbackItem.objects.complaints()
        .exclude(status=Status.WITHDRAWN)
        .received_between(since, month + relativedelta(months=1, days=-1))
    )
    if csc is not None:
        complaints = complaints.filter(csc=csc)
    counts = complaints.counts_by_subject_and_month()
    subjects = {subject for subject, _ in counts}
    rows = [
        Theme(
            subject=subject,
            this_month=counts.get((subject, month), 0),
            previous_average=round(
                sum(counts.get((subject, month - relativedelta(months=n)), 0) for n in (1, 2, 3))
                / 3,
                1,
            ),
        )
        for subject in subjects
    ]
    rows.sort(key=lambda t: (-t.this_month, -t.previous_average, t.subject))
    return [row for row in rows if row.this_month][:TOP_SUBJECTS]


@dataclass(frozen=True)
class LearningDone:
    csc: str
    action: str
    done_on: date


def learning_done(month: date, csc=None) -> list[LearningDone]:
    """Learning actions completed in the month ("you said, we did"). One query."""
    return learning_between(month, month + relativedelta(months=1), csc)


def learning_between(start: date, end: date, csc=None) -> list[LearningDone]:
    """Learning actions completed from ``start`` up to (not including) ``end``: their text only,
    with any of the patient's or contact's details taken out. One query."""
    actions = LearningAction.objects.filter(done_on__gte=start, done_on__lt=end).select_related(
        "item__csc"
    )
    if csc is not None:
        actions = actions.filter(item__csc=csc)
    return [
        LearningDone(
            csc=action.item.csc.name if action.item.csc_id else "Trust-wide",
            action=without_private_details(action.action, action.item),
            done_on=action.done_on,
        )
        for action in actions.order_by("item__csc__name", "done_on", "pk")
    ]


@dataclass(frozen=True)
class CscPage:
    csc: ClinicalServiceCentre
    measures: list[MeasureView]
    standards: object | None  # the CSC's row of the standards matrix


@dataclass(frozen=True)
class Winner:
    name: str
    csc: str
    category: str
    award_round: str


@dataclass
class PackContent:
    month: date
    csc: ClinicalServiceCentre | None
    months: list[date]
    measures: list[MeasureView]
    csc_pages: list[CscPage]
    themes: list[Theme]
    matrix: Matrix
    learning: list[LearningDone]
    winners: list[Winner]
    thank_yous: float | None
    awards: float | None
    made_at: object = field(default_factory=timezone.now)

    @property
    def scope_name(self) -> str:
        return self.csc.name if self.csc else "Trust-wide"

    @property
    def key_measures(self) -> list[MeasureView]:
        return [view for view in self.measures if view.measure.key_measure]

    @property
    def concerns(self) -> list[MeasureView]:
        return [view for view in self.measures if view.analysis.variation == "concern"]

    @property
    def improvements(self) -> list[MeasureView]:
        return [view for view in self.measures if view.analysis.variation == "improvement"]

    @property
    def missing_targets(self) -> list[MeasureView]:
        return [view for view in self.measures if view.analysis.assurance == "fail"]

    def snapshot(self) -> dict:
        """Every figure the pack shows, as JSON: kept with the pack."""
        return {
            "month": f"{self.month:%Y-%m}",
            "scope": self.csc.code if self.csc else "trust",
            "measures": {view.measure.key: view.as_snapshot() for view in self.measures},
            "cscs": {
                page.csc.code: {view.measure.key: view.this_month for view in page.measures}
                for page in self.csc_pages
            },
            "themes": [
                {"subject": t.subject, "this_month": t.this_month, "previous": t.previous_average}
                for t in self.themes
            ],
            "standards": {
                (row.csc.code if row.csc else "trust"): {
                    "met": row.overall.met,
                    "total": row.overall.total,
                }
                for row in [*self.matrix.rows, self.matrix.trust]
            },
            "learning_actions_completed": len(self.learning),
            "winners": len(self.winners),
            "thank_yous": self.thank_yous,
            "awards": self.awards,
        }


def pack_content(month: date, csc: ClinicalServiceCentre | None = None) -> PackContent:
    """Everything the pack for a month shows, trust-wide or for one CSC, in a fixed number of
    queries whatever the number of items, CSCs or months."""
    cscs = (
        [csc] if csc else list(ClinicalServiceCentre.objects.filter(active=True).order_by("name"))
    )
    first = month - relativedelta(months=HISTORY_MONTHS - 1)
    figures = monthly_figures(first, month, csc_ids=[c.pk for c in cscs])
    goals = targets()
    scope_id = csc.pk if csc else TRUST
    matrix = standards_matrix(current_period(today=month))  # the period the month is in
    rows_by_csc = {row.csc.pk: row for row in matrix.rows if row.csc}
    winners = [
        Winner(
            name=nomination.nominee_name,
            csc=nomination.csc.name if nomination.csc_id else "",
            category=nomination.category.name,
            award_round=nomination.round.name,
        )
        for nomination in figures.winners
        if timezone.localdate(nomination.round.results_published_at).replace(day=1) == month
        and (csc is None or nomination.csc_id == csc.pk)
    ]
    this_month = figures.counts.get((scope_id, month), {})
    return PackContent(
        month=month,
        csc=csc,
        months=figures.months,
        measures=measure_views(figures, scope_id, goals=goals),
        csc_pages=[
            CscPage(
                csc=c,
                measures=measure_views(figures, c.pk, goals=goals),
                standards=rows_by_csc.get(c.pk),
            )
            for c in cscs
        ],
        themes=themes(month, csc),
        matrix=matrix,
        learning=learning_done(month, csc),
        winners=winners,
        thank_yous=this_month.get("thank_yous"),
        awards=this_month.get("awards"),
    )
