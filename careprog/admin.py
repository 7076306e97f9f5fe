from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from careprog.admin_stale_edits import StaleEditCheck
from careprog.audit import stamp
from careprog.forms.sign_in import AdminSignInForm
from careprog.models import (
    AccessRecord,
    CareCriterion,
    CareStandard,
    ClinicalServiceCentre,
    ClosureDay,
    Department,
    ExpectedBehaviour,
    StaffMember,
    User,
)
from careprog.roles import ROLE_GROUP_NAMES
from careprog.spreadsheets import csv_rows

admin.site.site_header = "careprog administration"
admin.site.site_title = "careprog administration"


def _administrators_only(request):
    # Django's default lets any is_staff user in; here only the Administrator role may enter.
    user = request.user
    return user.is_active and user.is_staff and user.has_perm("careprog.use_admin_site")


admin.site.has_permission = _administrators_only
admin.site.login_form = AdminSignInForm

# axes' sign-in and failure logs are turned off (AXES_DISABLE_ACCESS_LOG; the failure log is
# off by default): their empty lists would only be mistaken for the access log of patients'
# data.
for unused in (AccessLog, AccessFailureLog, AccessAttempt):
    if admin.site.is_registered(unused):
        admin.site.unregister(unused)


@admin.register(AccessAttempt)
class FailedSignInAdmin(AccessAttemptAdmin):
    """axes' failed sign-ins: an administrator deletes a username's attempts to lift its
    lock-out (docs/security.md). axes' "Clean up expired attempts" action is left out: it fails
    on an admin request (it reads what axes sets only on a sign-in), and every sign-in clears
    expired attempts anyway."""

    actions = []


class HistoryAdmin(StaleEditCheck, SimpleHistoryAdmin):
    """simple_history's admin, refusing a stale edit, and a revert wherever its page offers
    none."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a posted revert for anyone who may view the record, and writes
        # every field of the old version, those the change form leaves out among them.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.revert_disabled(request, obj):
                raise PermissionDenied
        # A revert writes the version chosen on its page, whatever came after it.
        request.reverting = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    # Who made and last changed a record is written here, never typed: a form offering them
    # would let anyone's name be put on a change.
    AUDIT_FIELDS = ("created_by", "updated_by")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        names = {field.name for field in self.model._meta.fields}
        return readonly + [f for f in self.AUDIT_FIELDS if f in names and f not in readonly]

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "updated_by_id"):
            stamp(obj, by=request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # An inline's rows (a CSC's departments) are named like the record. Nothing is
        # deleted in the admin, so every changed row is saved.
        for inline_form in formset.forms:
            if inline_form.has_changed() and hasattr(inline_form.instance, "updated_by_id"):
                stamp(inline_form.instance, by=request.user)
        super().save_formset(request, form, formset, change)


class NeverDeleteAdmin(HistoryAdmin):
    """Records are deactivated, never deleted, so the admin offers no delete."""

    def has_delete_permission(self, request, obj=None):
        return False


class NoWrites:
    """Administrators read these here and add, change and delete nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoWrites, HistoryAdmin):
    """For records the service's pages change through their services: administrators read them
    and their history here, but change nothing."""


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
class CareprogUserAdmin(UserAdmin, HistoryAdmin):
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Clinical Service Centres", {"fields": ["managed_cscs", "staff_member"]}),
    ]
    filter_horizontal = ["groups", "user_permissions", "managed_cscs"]

    # Power comes only from roles (issue 14). An administrator gives other people roles, and
    # nothing more: superuser and one-off permissions are shown to them, never editable. A
    # superuser (made with `createsuperuser`, for break-glass use) keeps every field: one can
    # already do anything here or in a shell, so hiding fields would protect nothing, and would
    # leave no way to take superuser back or clear a stray permission.
    def get_readonly_fields(self, request, obj=None):
        # Sign-ins set last_login; an account's form sending it back would undo one.
        readonly = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        if obj is not None and obj.pk == request.user.pk:
            # No one changes their own roles; another administrator does, in the history.
            readonly.append("groups")
        return readonly

    def has_change_permission(self, request, obj=None):
        # Setting a superuser's password would let an administrator sign in as one.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deactivate accounts instead, so the audit trail keeps pointing at a real person.
        return False

    def revert_disabled(self, request, obj=None):
        # A revert would write an old superuser flag straight back: accounts are changed on
        # their change page only.
        return True


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """Each role is a group whose name and permissions careprog.roles sets (load_reference_data
    sets them again), so here they are read-only, and no group is deleted. Only a superuser
    gives any other group permissions."""

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.name in ROLE_GROUP_NAMES:
            return ["name", "permissions"]
        if not request.user.is_superuser:
            return ["permissions"]
        return []

    def has_delete_permission(self, request, obj=None):
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


@admin.register(AccessRecord)
class AccessRecordAdmin(NoWrites, admin.ModelAdmin):
    """Who opened or downloaded patients' data (careprog.models.access): administrators search
    it and download it as CSV; nobody adds, changes or deletes a record."""

    list_display = ["at", "user", "action", "what", "address"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["what", "user__username", "user__first_name", "user__last_name", "address"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    actions = ["download_csv"]

    @admin.action(description="Download the selected records as CSV", permissions=["view"])
    def download_csv(self, request, queryset):
        header = ["When", "User", "Username", "Action", "What", "Address", "Browser"]
        rows = (
            [
                timezone.localtime(record.at).isoformat(timespec="seconds"),
                str(record.user),
                record.user.username,
                record.get_action_display(),
                record.what,
                record.address or "",
                record.user_agent,
            ]
            for record in queryset.select_related("user").order_by("at", "pk").iterator()
        )
        response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="access-records.csv"'
        return response
