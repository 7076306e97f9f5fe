"""Administrators open award rounds here: categories, their scoring criteria, the panel and the
chair. Thank-yous and nominations are read-only here; the pages and their services change them."""

from django.contrib import admin

from careprog.admin import NeverDeleteAdmin, ReadOnlyAdmin
from recognition.models import AwardCategory, AwardRound, Nomination, ScoringCriterion, ThankYou


class NoDeleteInline:
    def has_delete_permission(self, request, obj=None):
        return False


class AwardCategoryInline(NoDeleteInline, admin.StackedInline):
    model = AwardCategory
    extra = 1
    fields = ["name", "description", "position"]
    show_change_link = True


class ScoringCriterionInline(NoDeleteInline, admin.TabularInline):
    model = ScoringCriterion
    extra = 3
    fields = ["text", "position"]


@admin.register(AwardRound)
class AwardRoundAdmin(NeverDeleteAdmin):
    list_display = ["name", "frequency", "nominations_open_on", "nominations_close_on", "chair"]
    list_select_related = ["chair"]
    filter_horizontal = ["panel"]
    inlines = [AwardCategoryInline]
    readonly_fields = ["results_published_at", "results_published_by"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The chair always sits on the panel.
        form.instance.panel.add(form.instance.chair)


@admin.register(AwardCategory)
class AwardCategoryAdmin(NeverDeleteAdmin):
    list_display = ["name", "round", "position"]
    list_select_related = ["round"]
    inlines = [ScoringCriterionInline]

    def get_readonly_fields(self, request, obj=None):
        # A category keeps its round: its nominations and scores belong to it.
        return ["round"] if obj else []


@admin.register(ThankYou)
class ThankYouAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "sender", "recipient", "team", "value", "hidden_at", "emailed_at"]
    list_select_related = ["sender", "recipient", "team"]
    list_filter = ["value"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["round", "category", "nominee", "team", "stage", "consent"]
    list_select_related = ["round", "category", "nominee", "team"]
    list_filter = ["round", "stage"]
