"""Build the annual complaints report for a year now, in this process, and print where it is."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.annual.services import (
    AnnualReportError,
    annual_report_build,
    annual_report_file,
    annual_report_request,
    parse_report_year,
)
from reports.models import PackStatus


class Command(BaseCommand):
    help = (
        "Build the annual complaints report (Regulation 18) for a year from 1 April to 31 March "
        "without Celery. The last line printed is the path of the PDF; the CSV is offered on "
        "the report's page, written from the same figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, metavar="YYYY-YY", help="e.g. 2025-26")

    def handle(self, *args, year: str, **options):
        try:
            report, created = annual_report_request(year=parse_report_year(year), queue=False)
        except AnnualReportError as error:
            raise CommandError("; ".join(error.messages)) from None
        if not created:
            asked = timezone.localtime(report.requested_at)
            raise CommandError(
                f"{report} is already {report.get_status_display().lower()} (asked for at "
                f"{asked:%H:%M on %d %B %Y}): wait for it to finish rather than build it twice."
            )
        self.stdout.write(f"Building {report}…")
        built = annual_report_build(report.pk)
        if built is None or built.status != PackStatus.READY:
            reason = built.error if built else "another process took the build"
            raise CommandError(f"{report} was not built. {reason}")
        self.stdout.write(f"SHA-256 {built.sha256}, {built.size:,} bytes")
        self.stdout.write(str(annual_report_file(built)))
