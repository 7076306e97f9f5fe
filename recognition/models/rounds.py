"""Award rounds: categories, what they are scored against, the window, the panel and chair."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from careprog.models import AuditedModel
from recognition.models.choices import Frequency
from recognition.querysets import AwardRoundQuerySet


class AwardRound(AuditedModel):
    Frequency = Frequency

    name = models.CharField(max_length=120, unique=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    nominations_open_on = models.DateField("nominations open on")
    nominations_close_on = models.DateField(
        "nominations close on", help_text="The last day nominations are taken."
    )
    word_limit = models.PositiveSmallIntegerField(
        default=250, help_text="The longest a nomination's case may be, in words."
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rounds_chaired"
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="award_panels",
        help_text="Who scores the nominations (the chair is always one of them).",
    )
    results_published_at = models.DateTimeField(null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AwardRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-nominations_open_on", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.nominations_open_on
            and self.nominations_close_on
            and self.nominations_close_on < self.nominations_open_on
        ):
            raise ValidationError(
                {"nominations_close_on": "Nominations must close on or after the day they open"}
            )

    def is_open_for_nominations(self, today: date) -> bool:
        return self.nominations_open_on <= today <= self.nominations_close_on

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None

    def stage(self, today: date) -> str:
        if self.results_published:
            return "Results published"
        if today < self.nominations_open_on:
            return "Opens for nominations soon"
        if today <= self.nominations_close_on:
            return "Open for nominations"
        return "Panel scoring"


class AwardCategory(AuditedModel):
    round = models.ForeignKey(AwardRound, on_delete=models.PROTECT, related_name="categories")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name_plural = "award categories"
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="category_name_unique_in_round")
        ]

    def __str__(self):
        return self.name


class ScoringCriterion(AuditedModel):
    """One thing a category's nominations are scored on, 1 to 5."""

    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="criteria")
    text = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "pk"]
        verbose_name_plural = "scoring criteria"

    def __str__(self):
        return self.text
