"""Administrators edit feedback's reference lists here. Items themselves are worked on in the
service's own pages, where every change goes through a service and onto the timeline."""

from django.contrib import admin

from careprog.admin import NeverDeleteAdmin
from feedback.models import Profession, ResponseTier, ServiceArea, Subject


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
