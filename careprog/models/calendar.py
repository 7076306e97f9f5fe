"""Days the trust is closed beyond weekends and bank holidays (e.g. an extra day at Christmas)."""

from django.db import models

from careprog.models.base import AuditedModel


class ClosureDay(AuditedModel):
    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = "trust closure day"

    def __str__(self):
        return f"{self.date:%-d %B %Y}: {self.reason}"
