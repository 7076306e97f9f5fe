"""The base every record of the programme builds on: timestamps, who changed it, full history,
and no hard deletes (NHS records are retained, typically 10 years after closure)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class HardDeleteForbidden(Exception):
    """Raised when code tries to delete a record that must be kept."""


class NeverDeleteQuerySet(models.QuerySet):
    def delete(self):
        raise HardDeleteForbidden(
            f"{self.model._meta.verbose_name_plural} are never deleted; deactivate them instead."
        )


class AuditedModel(models.Model):
    """Abstract base: created/updated stamps and users, a history of every change."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # inherit=True gives every concrete subclass its own historical table.
    history = HistoricalRecords(inherit=True)

    objects = NeverDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden(
            f"{self._meta.verbose_name} records are never deleted; deactivate them instead."
        )
