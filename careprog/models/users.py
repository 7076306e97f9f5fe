"""Users of the service. Roles are Django groups (careprog.roles); a CSC manager is linked to
the CSCs they manage, which is what scopes their view of patients' records."""

from django.contrib.auth.models import AbstractUser
from django.db import models
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

    @property
    def roles(self) -> frozenset[Role]:
        """The user's roles, read once per request and kept on the instance."""
        if not hasattr(self, "_roles_cache"):
            names = set(self.groups.values_list("name", flat=True)) if self.pk else set()
            roles = {role for role in Role if role.label in names}
            if self.is_superuser:
                roles.add(Role.ADMINISTRATOR)
            self._roles_cache = frozenset(roles)
        return self._roles_cache

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def managed_csc_ids(self) -> frozenset[int]:
        if not hasattr(self, "_managed_csc_ids_cache"):
            ids = self.managed_cscs.values_list("pk", flat=True) if self.pk else []
            self._managed_csc_ids_cache = frozenset(ids)
        return self._managed_csc_ids_cache
