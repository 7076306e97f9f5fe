"""Reads for the reports pages, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from careprog.models import ClinicalServiceCentre
from careprog.permissions import scope_to_cscs
from reports.annual.figures import years_with_feedback
from reports.content import HISTORY_MONTHS, MeasureView, measure_views, targets
from reports.figures import TRUST, monthly_figures
from reports.ko41a import FinancialYear
from reports.models import AnnualReport, BoardPack
from reports.services import first_month_with_data


def months_from(first: date | None, last: date) -> list[date]:
    """Months from the last back to the first, newest first."""
    months = []
    month = last
    while first is not None and month >= first:
        months.append(month)
        month -= relativedelta(months=1)
    return months


def pack_months(today: date | None = None) -> list[date]:
    """The months a pack can be asked for: ended, with feedback recorded. One query."""
    this_month = (today or timezone.localdate()).replace(day=1)
    return months_from(first_month_with_data(), this_month - relativedelta(months=1))


def report_cscs(user):
    """The CSCs whose figures and packs this user may see and ask for: every active CSC for the
    board and the trust-wide roles, their own for a CSC manager."""
    active = ClinicalServiceCentre.objects.filter(active=True).order_by("name")
    return scope_to_cscs(active, user, csc_field="pk", non_identifiable=True)


def packs_for(user):
    """The packs this user may see, newest month first, trust-wide before each CSC."""
    return BoardPack.objects.visible_to(user).for_list()


def latest_trust_pack(user) -> BoardPack | None:
    """The newest version of the latest month's trust-wide pack that is ready: what a board
    member opens the page for."""
    return packs_for(user).ready().filter(csc=None).first()


@dataclass(frozen=True)
class Dashboard:
    month: date
    csc: ClinicalServiceCentre | None
    measures: list[MeasureView]
    so_far: bool  # the month has not ended: its figures are incomplete

    @property
    def scope_name(self) -> str:
        return self.csc.name if self.csc else "Whole trust"


def dashboard(
    month: date, csc: ClinicalServiceCentre | None, *, feedback_began: date | None = None
) -> Dashboard:
    """Every measure with its chart for one scope: the same figures and charts as the pack."""
    first = month - relativedelta(months=HISTORY_MONTHS - 1)
    figures = monthly_figures(
        first, month, csc_ids=[csc.pk] if csc else [], feedback_began=feedback_began
    )
    return Dashboard(
        month=month,
        csc=csc,
        measures=measure_views(figures, csc.pk if csc else TRUST, goals=targets()),
        so_far=month == timezone.localdate().replace(day=1),
    )


def ko41a_years(today: date | None = None) -> list[str]:
    """The financial years the register holds complaints for, newest first."""
    today = today or timezone.localdate()
    first = first_month_with_data()
    if first is None:
        return []
    start_year = lambda day: day.year if day.month >= 4 else day.year - 1  # noqa: E731
    years = range(start_year(today), start_year(first) - 1, -1)
    return [FinancialYear.starting(year).label for year in years]


def annual_report_years(today: date | None = None) -> list[str]:
    """The years an annual report can be asked for (ended, with feedback), newest first."""
    years = years_with_feedback(today or timezone.localdate())
    return [FinancialYear.starting(year).label for year in years]


def annual_reports_for(user):
    """The annual reports this user may see, newest year and version first."""
    return AnnualReport.objects.visible_to(user).for_list()
