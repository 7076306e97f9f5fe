"""A read-only admin change list of feedback items: plain Django's list, for comparison.

Feedback items are deliberately not in careprog's admin (every read of them goes through
scoping and the register). The benchmark registers them on its own admin site, configured as a
Django developer would by default: the register's columns, its filters as list_filter and its
searched fields as search_fields, with the admin's own exact counts and OFFSET pages.
"""

from django.contrib import admin

from feedback.models import FeedbackItem


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark reference (read-only)"


bench_admin = BenchAdminSite(name="bench_admin")


@admin.register(FeedbackItem, site=bench_admin)
class FeedbackItemReference(admin.ModelAdmin):
    list_display = ("reference", "kind", "received_on", "summary", "csc", "status")
    list_select_related = ("csc",)
    list_filter = ("kind", "status", "csc", "received_on")
    search_fields = ("reference", "nhs_number", "summary", "description", "patient_name")
    list_per_page = 50

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
