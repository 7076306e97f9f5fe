"""The annual complaints report: the list and the request form, a report's progress, and its PDF
and CSV downloads. For PALS officers, administrators and board members."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from rules.contrib.views import permission_required

from careprog.access_records import AccessAction, record_access
from careprog.downloads import attachment_response
from careprog.forms.errors import add_service_error
from reports.annual.services import (
    AnnualReportError,
    annual_report_download,
    annual_report_request,
    mark_stalled_annual_reports,
    parse_report_year,
)
from reports.forms import AnnualReportForm
from reports.models import DownloadFormat, PackStatus
from reports.selectors import annual_report_years, annual_reports_for

REPORTS_PAGE_SIZE = 30
PERMISSION = "reports.read_annual_report"


@permission_required(PERMISSION, raise_exception=True)
def index(request):
    years = annual_report_years()
    # The last year that ended is offered first: the one a report is usually wanted for.
    initial = {"year": years[0]} if years else {}
    form = AnnualReportForm(request.POST or None, years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report, created = annual_report_request(
                year=parse_report_year(form.cleaned_data["year"]), by=request.user
            )
        except AnnualReportError as error:
            add_service_error(form, error)
        else:
            if created:
                report.refresh_from_db(fields=["status"])  # built at once without a worker
                if report.status == PackStatus.READY:
                    messages.success(request, f"{report} is built and ready to download")
                else:
                    messages.success(request, f"{report} asked for: it is being built")
            else:
                asked = timezone.localtime(report.requested_at)
                messages.info(
                    request,
                    f"{report} is already being built (asked for at {asked:%H:%M}): here is "
                    "its progress",
                )
            return redirect("reports:annual_report", pk=report.pk)
    page = Paginator(annual_reports_for(request.user), REPORTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/annual/index.html", {"form": form, "page": page})


def get_visible_report(request, pk):
    return get_object_or_404(annual_reports_for(request.user), pk=pk)


@permission_required(PERMISSION, raise_exception=True)
def report_page(request, pk):
    mark_stalled_annual_reports()  # a build that died says so here, not "building" for ever
    report = get_visible_report(request, pk)
    template = "reports/annual/status.html" if request.htmx else "reports/annual/report.html"
    versions = annual_reports_for(request.user).for_year(report.year).exclude(pk=report.pk)
    return render(request, template, {"report": report, "versions": versions})


@permission_required(PERMISSION, raise_exception=True)
def download(request, pk, format):
    if format not in DownloadFormat.values:
        raise Http404("The report is offered as PDF or CSV")
    report = get_visible_report(request, pk)
    try:
        sent = annual_report_download(report=report, by=request.user, format=format)
    except AnnualReportError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:annual_report", pk=report.pk)
    # The one way files are sent (nosniff, never kept in a shared cache).
    record_access(
        request,
        AccessAction.DOWNLOADED_ANNUAL_REPORT,
        report.csv_filename if format == DownloadFormat.CSV else report.filename,
    )
    if format == DownloadFormat.CSV:
        name, handle, kind = (
            report.csv_filename,
            io.BytesIO(sent.encode()),
            "text/csv; charset=utf-8",
        )
    else:
        name, handle, kind = report.filename, sent.open("rb"), "application/pdf"
    return attachment_response(handle, original_name=name, stored_name=name, content_type=kind)
