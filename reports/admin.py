"""Administrators set the measures' targets here; packs and their downloads are read-only (the
pages and services make them), kept for audit."""

from django.contrib import admin

from careprog.admin import NeverDeleteAdmin, ReadOnlyAdmin
from reports.models import (
    AnnualReport,
    AnnualReportDownload,
    BoardPack,
    MeasureTarget,
    PackDownload,
)


@admin.register(MeasureTarget)
class MeasureTargetAdmin(NeverDeleteAdmin):
    list_display = ["measure", "target", "updated_at", "updated_by"]
    fields = ["measure", "target"]


@admin.register(BoardPack)
class BoardPackAdmin(ReadOnlyAdmin):
    list_display = ["month", "csc", "version", "status", "requested_by", "finished_at", "sha256"]
    list_filter = ["status", "csc"]
    list_select_related = ["csc", "requested_by"]


@admin.register(PackDownload)
class PackDownloadAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "pack"]
    list_filter = []
    list_select_related = ["user", "pack__csc"]


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["year", "version", "status", "requested_by", "finished_at", "sha256"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]


@admin.register(AnnualReportDownload)
class AnnualReportDownloadAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "report", "format"]
    list_filter = ["format"]
    list_select_related = ["user", "report"]
