"""Records of the process around an item: its timeline, deadline changes, investigation notes,
learning actions, and the counters that number references."""

from django.conf import settings
from django.db import models

from careprog.models import AuditedModel
from careprog.models.base import NeverDeleteQuerySet


class ReferenceCounter(models.Model):
    """The last number used for each kind and year; locked while a reference is allocated."""

    kind = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="reference_counter_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last_number}"


class FeedbackEvent(models.Model):
    """One entry in an item's timeline, written by the service that did it."""

    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    description = models.TextField()

    objects = NeverDeleteQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        # The board figures count reopenings by when they happened.
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}: {self.description}"


class DeadlineChange(models.Model):
    """A change to a complaint's agreed response date: who, when, why."""

    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="deadline_changes"
    )
    previous_date = models.DateField()
    new_date = models.DateField()
    reason = models.TextField()
    # Whether the person agreed the new date (None: changes made before this was asked).
    person_agreed = models.BooleanField(null=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = NeverDeleteQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.previous_date} to {self.new_date}: {self.reason}"


class InvestigationNote(AuditedModel):
    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="investigation_notes"
    )
    text = models.TextField()

    class Meta:
        ordering = ["-created_at", "-pk"]


class LearningActionQuerySet(NeverDeleteQuerySet):
    def outstanding(self):
        return self.filter(done_on__isnull=True)


class LearningAction(AuditedModel):
    """What the trust will do differently: "you said, we did"."""

    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="learning_actions"
    )
    action = models.TextField("what will be done")
    owner = models.CharField(max_length=120, help_text="Who will make sure it happens")
    due_on = models.DateField("due date")
    done_on = models.DateField(null=True, blank=True)

    objects = LearningActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
