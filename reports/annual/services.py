"""Asking for, building and handing out the annual complaints report.

It is built like a board pack (reports.builds): one build of a year may wait or run at a time,
the PDF is written to a part-file and moved into place as the report is marked ready, a failed
build keeps nothing, and asking again makes a new version. The CSV is written on download from
the snapshot kept with the report, so it always shows the figures the PDF shows.
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from reports.annual.export import annual_csv
from reports.annual.figures import annual_snapshot, financial_year_of, years_with_feedback
from reports.annual.sections import sections
from reports.builds import (
    build_claim,
    build_fail,
    build_finish,
    build_progress,
    mark_stalled,
    media_path,
    write_part,
)
from reports.ko41a import FinancialYear, parse_year
from reports.models import AnnualReport, AnnualReportDownload, DownloadFormat, PackStatus

ANNUAL_FOLDER = "annual-reports"


class AnnualReportError(ValidationError):
    """A request for an annual report that cannot be met; the message says why."""


def parse_report_year(text: str) -> FinancialYear:
    """ "2025-26" as the year from 1 April 2025 to 31 March 2026."""
    text = (text or "").strip()
    try:
        return parse_year(text)
    except ValueError:
        raise AnnualReportError(
            {
                "year": f"Enter the year as YYYY-YY, the year it starts and the next, for "
                f"example 2025-26 (not “{text}”)"
            },
            code="year_format",
        ) from None


def check_year(year: FinancialYear, *, today: date | None = None) -> FinancialYear:
    """A report is for a year that has ended and that the register holds feedback for."""
    today = today or timezone.localdate()
    if year.end >= today:
        last = FinancialYear.starting(financial_year_of(today) - 1)
        raise AnnualReportError(
            {
                "year": f"{year.label} has not ended yet (it ends on {year.end:%-d %B %Y}): "
                f"choose {last.label} or an earlier year"
            },
            code="year_not_ended",
        )
    years = years_with_feedback(today)
    if year.start.year not in years:
        offered = ", ".join(FinancialYear.starting(y).label for y in years)
        raise AnnualReportError(
            {
                "year": f"The register holds no feedback received in {year.label}: "
                + (f"choose one of {offered}" if years else "there is nothing to report on yet")
            },
            code="no_data",
        )
    return year


# --- Asking for a report ---------------------------------------------------------------------


def annual_report_request(
    *, year: FinancialYear, by=None, queue: bool = True
) -> tuple[AnnualReport, bool]:
    """Ask for a new version of a year's report. Returns it and whether it is new: while one
    build of the year is waiting or running, a second request gets that one."""
    check_year(year)
    mark_stalled_annual_reports()
    start = year.start.year
    for _attempt in range(3):
        running = AnnualReport.objects.for_year(start).active().first()
        if running is not None:
            return running, False
        version = (AnnualReport.objects.for_year(start).aggregate(v=Max("version"))["v"] or 0) + 1
        try:
            with transaction.atomic():
                report = AnnualReport.objects.create(year=start, version=version, requested_by=by)
        except IntegrityError:
            continue  # another request got in first: take its build, or the next version
        if queue:
            _queue_build(report)
        return report, True
    raise AnnualReportError("Too many requests for this report at once: try again in a moment")


def _queue_build(report: AnnualReport) -> None:
    # Imported here: the task module imports this one. Sent once the row is committed, robust
    # so a broker that is down leaves it queued (then marked failed) instead of failing the page.
    from reports.tasks import build_annual_report

    transaction.on_commit(lambda: build_annual_report.delay(report.pk), robust=True)


# --- Building ----------------------------------------------------------------------------------


def part_path(report: AnnualReport) -> Path:
    return media_path(ANNUAL_FOLDER) / ".building" / f"report-{report.pk}.pdf.part"


def final_name(report: AnnualReport) -> str:
    return f"{ANNUAL_FOLDER}/{report.label}/{report.filename}"


def leftovers(report: AnnualReport) -> list[Path]:
    return [part_path(report), media_path(final_name(report))]


def render_annual_pdf(report: AnnualReport, snapshot: dict) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs a second at start-up

    html = render_to_string(
        "reports/annual/pdf.html",
        {
            "report": report,
            "year": report.financial_year,
            "sections": sections(snapshot),
            "trust_name": settings.TRUST_NAME,
            "made_at": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf()


def annual_report_build(report_id: int) -> AnnualReport | None:
    """Build a queued report. Does nothing (returns None) when it is not queued."""
    if not build_claim(AnnualReport, report_id, stage="Counting the year's figures"):
        return None
    report = AnnualReport.objects.get(pk=report_id)
    try:
        snapshot = annual_snapshot(report.financial_year)
        build_progress(AnnualReport, report.pk, 40, "Writing the PDF")
        pdf = render_annual_pdf(report, snapshot)
        build_progress(AnnualReport, report.pk, 90, "Saving the file")
        write_part(part_path(report), pdf)
        build_finish(
            AnnualReport,
            report.pk,
            part=part_path(report),
            name=final_name(report),
            data=pdf,
            snapshot=snapshot,
        )
    except BaseException as error:
        build_fail(AnnualReport, report.pk, error, leftovers=leftovers(report))
        if not isinstance(error, Exception):
            raise
    report.refresh_from_db()
    return report


def mark_stalled_annual_reports(*, now=None) -> int:
    return mark_stalled(AnnualReport, leftovers, now=now)


# --- Handing it out ----------------------------------------------------------------------------


def annual_report_file(report: AnnualReport) -> Path:
    return media_path(report.file)


def annual_report_download(*, report: AnnualReport, by, format: str) -> Path | str:
    """Record a download (who, which, when, as what) and give what to send: the PDF's path, or
    the CSV's text written from the report's snapshot. The caller has already found the report
    through AnnualReport.objects.visible_to(by)."""
    if report.status != PackStatus.READY:
        raise AnnualReportError(
            f"This report is {report.get_status_display().lower()}: it cannot be downloaded yet"
        )
    if format == DownloadFormat.PDF:
        sent = annual_report_file(report)
        if not sent.is_file():
            raise AnnualReportError(
                "The file of this report cannot be found: ask for the report to be built again"
            )
    else:
        sent = "".join(annual_csv(report.snapshot))
    AnnualReportDownload.objects.create(report=report, user=by, format=format)
    return sent
