"""Administrators see every assessment and its audit trail here; changes go through the pages
(and their services), so the admin is read-only for these records."""

from django.contrib import admin

from careprog.admin import ReadOnlyAdmin
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["csc", "period_start", "period_end", "status", "signed_off_by"]
    list_filter = ["status", "csc", "period_start"]
    list_select_related = ["csc", "signed_off_by"]


@admin.register(AssessmentLine)
class AssessmentLineAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "code", "rating", "needs_review", "owner", "review_on"]
    list_filter = ["rating", "needs_review", "criterion_number"]
    list_select_related = ["assessment__csc", "owner"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["line", "kind", "title", "created_by", "removed_at"]
    list_filter = ["kind"]
    list_select_related = ["line__assessment__csc", "created_by", "item"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(ReadOnlyAdmin):
    list_display = ["line", "description", "owner", "due_on", "done_on"]
    list_select_related = ["line__assessment__csc", "owner"]
