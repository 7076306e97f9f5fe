"""Administrators edit feedback's reference lists here. Items themselves are worked on in the
service's own pages, where every change goes through a service and onto the timeline."""

from django.contrib import admin

from careprog.admin import NeverDeleteAdmin, NoWrites
from feedback.models import ComplimentEmail, Profession, ResponseTier, ServiceArea, Subject


@admin.register(Subject, ServiceArea, Profession)
class ReferenceListAdmin(NeverDeleteAdmin):
    list_display = ["name", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(ResponseTier)
class ResponseTierAdmin(NeverDeleteAdmin):
    list_display = ["name", "code", "working_days", "active"]
    list_filter = ["active"]


class SentFilter(admin.SimpleListFilter):
    title = "sent"
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("no", "Not sent yet"), ("yes", "Sent")]

    def queryset(self, request, queryset):
        if self.value() in ("no", "yes"):
            return queryset.filter(emailed_at__isnull=self.value() == "no")
        return queryset


@admin.register(ComplimentEmail)
class ComplimentEmailAdmin(NoWrites, admin.ModelAdmin):
    """Compliments shared with staff by email: administrators see which have not gone and why
    (the mail server's answer). Sending is retried every 10 minutes until it goes, so there is
    nothing to change here. The compliment shows by its reference only: its summary can name
    a patient."""

    fields = ["compliment", "person", "address", "created_at", "emailed_at"]
    fields += ["email_attempts", "email_error"]
    readonly_fields = fields
    list_display = fields
    list_filter = [SentFilter]
    search_fields = ["item__reference", "address", "person__name"]
    list_select_related = ["item", "person"]
    date_hierarchy = "created_at"

    @admin.display(description="compliment", ordering="item__reference")
    def compliment(self, email):
        return email.item.reference
