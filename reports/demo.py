"""Demo data for reports: last month's trust-wide board pack, built as beat would build it, so
a board member finds a pack to download on first sign-in. Built here, in this process, so it
is ready when `make run` starts serving whether or not a worker is running."""

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from reports.annual.figures import financial_year_of
from reports.annual.services import AnnualReportError, annual_report_build, annual_report_request
from reports.ko41a import FinancialYear
from reports.models import BoardPack, MeasureTarget
from reports.services import PackError, pack_build, pack_request

# Targets a trust would set: the regulations' acknowledgement deadline is met nearly always,
# and most responses go by the date agreed with the complainant.
DEMO_TARGETS = {"acknowledged_on_time": 95, "responded_on_time": 80, "days_to_respond": 35}


def load() -> str:
    if BoardPack.objects.exists():
        return "none added: packs have already been built (the demo adds to an empty list only)"
    for measure, target in DEMO_TARGETS.items():
        MeasureTarget.objects.get_or_create(measure=measure, defaults={"target": target})
    month = timezone.localdate().replace(day=1) - relativedelta(months=1)
    try:
        pack, _created = pack_request(month=month, queue=False)
    except PackError as error:
        return f"no pack built: {' '.join(error.messages)}"
    built = pack_build(pack.pk)
    if built is None or built.status != "ready":
        return f"the {month:%B %Y} pack failed to build: {built.error if built else 'not built'}"
    return (
        f"{len(DEMO_TARGETS)} measure targets; the trust-wide pack for {month:%B %Y} "
        f"({built.size:,} bytes); {last_years_annual_report()}"
    )


def last_years_annual_report() -> str:
    """The annual complaints report for the last year that has ended, as the complaints team
    would have published it."""
    year = FinancialYear.starting(financial_year_of(timezone.localdate()) - 1)
    try:
        report, _created = annual_report_request(year=year, queue=False)
    except AnnualReportError as error:
        return f"no annual report: {' '.join(error.messages)}"
    built = annual_report_build(report.pk)
    if built is None or built.status != "ready":
        return f"the {year.label} annual report failed to build"
    return f"the {year.label} annual complaints report"
