from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from careprog.models import (
    CareCriterion,
    CareStandard,
    ClinicalServiceCentre,
    ClosureDay,
    Department,
    ExpectedBehaviour,
    StaffMember,
    User,
)

admin.site.site_header = "careprog administration"
admin.site.site_title = "careprog administration"


def _administrators_only(request):
    # Django's default lets any is_staff user in; here only the Administrator role may enter.
    user = request.user
    return user.is_active and user.is_staff and user.has_perm("careprog.use_admin_site")


admin.site.has_permission = _administrators_only


class NeverDeleteAdmin(SimpleHistoryAdmin):
    """Records are deactivated, never deleted, so the admin offers no delete."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """For records the service's pages change through their services: administrators read them
    and their history here, but change nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ["name", "kind", "active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClinicalServiceCentre)
class ClinicalServiceCentreAdmin(NeverDeleteAdmin):
    list_display = ["code", "name", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(NeverDeleteAdmin):
    list_display = ["name", "kind", "csc", "active"]
    list_filter = ["csc", "kind", "active"]
    list_select_related = ["csc"]
    search_fields = ["name"]


@admin.register(StaffMember)
class StaffMemberAdmin(NeverDeleteAdmin):
    list_display = ["name", "job_title", "staff_group", "csc", "active"]
    list_filter = ["staff_group", "csc", "active"]
    list_select_related = ["csc"]
    search_fields = ["name", "job_title", "email"]


@admin.register(User)
class CareprogUserAdmin(UserAdmin, SimpleHistoryAdmin):
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Clinical Service Centres", {"fields": ["managed_cscs", "staff_member"]}),
    ]
    filter_horizontal = ["groups", "user_permissions", "managed_cscs"]

    def has_delete_permission(self, request, obj=None):
        # Deactivate accounts instead, so the audit trail keeps pointing at a real person.
        return False


@admin.register(ClosureDay)
class ClosureDayAdmin(NeverDeleteAdmin):
    """Days the trust is closed: every deadline computed after one is added skips it."""

    list_display = ["date", "reason"]
    date_hierarchy = "date"


@admin.register(CareCriterion)
class CareCriterionAdmin(NeverDeleteAdmin):
    list_display = ["number", "title"]


@admin.register(CareStandard)
class CareStandardAdmin(NeverDeleteAdmin):
    list_display = ["code", "text", "active"]
    list_filter = ["criterion", "active"]
    list_select_related = ["criterion"]


@admin.register(ExpectedBehaviour)
class ExpectedBehaviourAdmin(NeverDeleteAdmin):
    list_display = ["text", "value", "active"]
    list_filter = ["value", "active"]
