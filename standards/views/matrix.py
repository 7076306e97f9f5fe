"""The trust matrix, the overdue list, and the CSV downloads."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from rules.contrib.views import permission_required

from careprog.models import ClinicalServiceCentre
from standards.exports import assessment_csv_rows, matrix_csv_rows
from standards.selectors import (
    chosen_period,
    matrix_periods,
    overdue_work,
    standards_matrix,
)
from standards.views.common import get_visible_assessment


def _matrix(request):
    periods = matrix_periods()
    period = chosen_period(request.GET.get("period"), periods)
    if period is None:
        raise Http404("No such period")
    visible = ClinicalServiceCentre.objects.visible_to(request.user, non_identifiable=True)
    return periods, standards_matrix(period, visible=visible)


@permission_required("standards.use_checklists", raise_exception=True)
def matrix(request):
    periods, table = _matrix(request)
    return render(request, "standards/matrix.html", {"matrix": table, "periods": periods})


@permission_required("standards.use_checklists", raise_exception=True)
def matrix_csv(request):
    _, table = _matrix(request)
    return csv_response(matrix_csv_rows(table), f"standards-matrix-{table.period.slug}.csv")


@permission_required("standards.use_checklists", raise_exception=True)
def overdue(request):
    today = timezone.localdate()
    cscs = ClinicalServiceCentre.objects.visible_to(request.user, non_identifiable=True)
    cscs = list(cscs.active())
    chosen = next((c for c in cscs if c.code == request.GET.get("csc")), None)
    work = overdue_work(request.user, today=today, csc=chosen)
    context = {"work": work, "today": today, "cscs": cscs, "chosen": chosen}
    return render(request, "standards/overdue.html", context)


def assessment_csv(request, pk):
    assessment = get_visible_assessment(request, pk)
    show_file_names = request.user.has_perm("standards.open_evidence", assessment)
    rows = assessment_csv_rows(assessment, show_file_names=show_file_names)
    name = f"standards-{assessment.csc.code}-{assessment.period_start:%Y-%m-%d}.csv"
    return csv_response(rows, name)


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
