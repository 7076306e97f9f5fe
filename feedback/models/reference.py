"""Editable reference lists: the KO41a categories and the complaint response tiers."""

from django.db import models

from careprog.models import AuditedModel
from careprog.models.base import NeverDeleteQuerySet


class ReferenceQuerySet(NeverDeleteQuerySet):
    def active(self):
        return self.filter(active=True)


class ReferenceItem(AuditedModel):
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Subject(ReferenceItem):
    """KO41a subject area, e.g. Communications, Clinical treatment."""

    class Meta(ReferenceItem.Meta):
        verbose_name = "KO41a subject"


class ServiceArea(ReferenceItem):
    """KO41a service area, e.g. Inpatients, Outpatients, A&E."""

    class Meta(ReferenceItem.Meta):
        verbose_name = "KO41a service area"


class Profession(ReferenceItem):
    """KO41a profession (staff group) the feedback concerns."""

    class Meta(ReferenceItem.Meta):
        verbose_name = "KO41a profession"


class ResponseTier(ReferenceItem):
    """A complaint response tier: how many working days the trust allows for the response."""

    code = models.SlugField(max_length=20, unique=True)
    working_days = models.PositiveSmallIntegerField()

    class Meta(ReferenceItem.Meta):
        ordering = ["working_days"]

    def __str__(self):
        return f"{self.name} ({self.working_days} working days)"
