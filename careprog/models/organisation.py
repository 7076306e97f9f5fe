"""The trust's organisation: Clinical Service Centres, their departments and wards, and staff."""

from django.db import models

from careprog.models.base import AuditedModel, NeverDeleteQuerySet
from careprog.permissions import scope_to_cscs


class ClinicalServiceCentreQuerySet(NeverDeleteQuerySet):
    def active(self):
        return self.filter(active=True)

    def visible_to(self, user, *, non_identifiable: bool = False):
        """The CSCs whose records this user may see; with ``non_identifiable``, for records that
        hold no patient data (board members then see every CSC)."""
        return scope_to_cscs(self, user, csc_field="pk", non_identifiable=non_identifiable)


class ClinicalServiceCentre(AuditedModel):
    code = models.SlugField(max_length=12, unique=True, help_text="Short code, e.g. MED.")
    name = models.CharField(max_length=120, unique=True)
    active = models.BooleanField(default=True)

    objects = ClinicalServiceCentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "Clinical Service Centre"

    def __str__(self):
        return self.name


class DepartmentQuerySet(NeverDeleteQuerySet):
    def active(self):
        return self.filter(active=True)

    def visible_to(self, user):
        return scope_to_cscs(self, user, csc_field="csc")


class Department(AuditedModel):
    """A department, ward or clinic within one CSC."""

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        DEPARTMENT = "department", "Department"
        CLINIC = "clinic", "Clinic"

    csc = models.ForeignKey(
        ClinicalServiceCentre, on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    active = models.BooleanField(default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["csc__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["csc", "name"], name="department_unique_in_csc")
        ]

    def __str__(self):
        return self.name


class StaffMemberQuerySet(NeverDeleteQuerySet):
    def active(self):
        return self.filter(active=True)

    def with_organisation(self):
        return self.select_related("csc")

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(job_title__icontains=text)
            | models.Q(email__icontains=text)
        )

    def search_name(self, text: str):
        """People whose name contains every word typed, in any order ("jo smi" finds Jo Smith)."""
        words = text.split()
        if not words:
            return self.none()
        query = models.Q()
        for word in words:
            query &= models.Q(name__icontains=word)
        return self.filter(query)


class StaffMember(AuditedModel):
    """A member of staff in the trust's directory (not necessarily a user of this service)."""

    class StaffGroup(models.TextChoices):
        # The NHS staff groups used by KO41a's "profession" breakdown.
        MEDICAL = "medical", "Medical and dental"
        NURSING = "nursing", "Nursing and midwifery"
        AHP = "ahp", "Allied health professionals"
        SCIENTIFIC = "scientific", "Healthcare scientists"
        ADMIN = "admin", "Administrative and clerical"
        ESTATES = "estates", "Estates and ancillary"
        SUPPORT = "support", "Additional clinical services"
        MANAGEMENT = "management", "Management"

    name = models.CharField(max_length=120)
    job_title = models.CharField(max_length=120)
    staff_group = models.CharField(max_length=20, choices=StaffGroup.choices)
    csc = models.ForeignKey(
        ClinicalServiceCentre,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        help_text="Blank for corporate staff outside any CSC.",
    )
    email = models.EmailField(unique=True)
    active = models.BooleanField(default=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "staff member"

    def __str__(self):
        return f"{self.name}, {self.job_title}"
