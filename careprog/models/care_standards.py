"""The trust's customer care standards and expected behaviours, as shared reference data.

Feedback items are tagged with them; the standards app builds each CSC's checklist on them.
They live in the core so both apps depend on the core, not on each other.
"""

from django.db import models

from careprog.models.base import AuditedModel, NeverDeleteQuerySet


class CareCriterion(AuditedModel):
    """One of the five Customer Service Excellence criteria."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = "customer care criterion"
        verbose_name_plural = "customer care criteria"

    def __str__(self):
        return f"{self.number}. {self.title}"


class CareStandardQuerySet(NeverDeleteQuerySet):
    def active(self):
        return self.filter(active=True)

    def with_criterion(self):
        return self.select_related("criterion")


class CareStandard(AuditedModel):
    """One of the trust's 45 standards, numbered within its criterion as in the strategy."""

    criterion = models.ForeignKey(CareCriterion, on_delete=models.PROTECT, related_name="standards")
    numeral = models.CharField(max_length=8)
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    active = models.BooleanField(default=True)

    objects = CareStandardQuerySet.as_manager()

    class Meta:
        ordering = ["criterion__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "numeral"], name="standard_numeral_unique")
        ]

    def __str__(self):
        return f"{self.code}: {self.text[:80]}"

    @property
    def code(self) -> str:
        return f"{self.criterion.number}.{self.numeral}"


class ExpectedBehaviourQuerySet(NeverDeleteQuerySet):
    def active(self):
        return self.filter(active=True)


class ExpectedBehaviour(AuditedModel):
    """An expected behaviour under one of the trust's values (strategy Appendix 1)."""

    class Value(models.TextChoices):
        BEST_CARE = "best_care", "Best Care"
        BEST_PEOPLE = "best_people", "Best People"
        BEST_HOSPITAL = "best_hospital", "Best Hospital"

    value = models.CharField(max_length=20, choices=Value.choices)
    text = models.CharField(max_length=200, unique=True)
    position = models.PositiveSmallIntegerField()
    active = models.BooleanField(default=True)

    objects = ExpectedBehaviourQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.get_value_display()}: {self.text}"
