"""Users of the service. Roles are Django groups (careprog.roles); a CSC manager is linked to
the CSCs they manage, which is what scopes their view of patients' records."""

from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import models
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from simple_history.models import HistoricalRecords

from careprog.roles import Role


class User(AbstractUser):
    managed_cscs = models.ManyToManyField(
        "careprog.ClinicalServiceCentre",
        blank=True,
        related_name="managers",
        help_text="The Clinical Service Centres this user manages (CSC managers only).",
    )
    staff_member = models.OneToOneField(
        "careprog.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
    )
    # Changes to accounts (activation, names, staff flags) are audited like any record.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    def __str__(self):
        return self.get_full_name() or self.username

    def _read_access(self) -> None:
        """The user's roles, the CSCs they manage and their model permissions, read together in
        one query (UNION ALL) the first time any is asked for, and kept on the instance for the
        request: nearly every page asks all three, which were three queries."""
        if hasattr(self, "_access_cache"):
            return
        roles, managed, permissions = set(), set(), set()
        if self.pk:
            text = CharField()
            own_groups = Group.objects.filter(user=self).order_by()
            own_cscs = self.managed_cscs.order_by()
            granted = Permission.objects.filter(Q(user=self) | Q(group__user=self)).order_by()
            rows = own_groups.values_list(Value("role", output_field=text), "name").union(
                own_cscs.values_list(Value("csc", output_field=text), Cast("pk", text)),
                granted.values_list(
                    Value("permission", output_field=text),
                    Concat("content_type__app_label", Value("."), "codename", output_field=text),
                ),
                all=True,
            )
            found = {"role": roles, "csc": managed, "permission": permissions}
            for kind, value in rows:
                found[kind].add(value)
        held = {role for role in Role if role.label in roles}
        if self.is_superuser:
            held.add(Role.ADMINISTRATOR)
        self._access_cache = (
            frozenset(held),
            frozenset(int(pk) for pk in managed),
            frozenset(permissions),
        )

    @property
    def roles(self) -> frozenset[Role]:
        self._read_access()
        return self._access_cache[0]

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def managed_csc_ids(self) -> frozenset[int]:
        self._read_access()
        return self._access_cache[1]

    @property
    def granted_permissions(self) -> frozenset[str]:
        """ "app_label.codename" of every model permission granted to the user or their groups
        (what Django's ModelBackend reads in two queries; careprog.auth_backends uses this)."""
        self._read_access()
        return self._access_cache[2]


def record_sign_in(sender, user, **kwargs):
    """Django's update_last_login without a history record. last_login is left out of the
    account's history, yet each sign-in's save wrote a record of no change, and an
    administrator's open page of the account then looked stale (careprog.admin_stale_edits)."""
    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)
