"""Instant recognition: a thank-you to a colleague or a team, shown on the wall and emailed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from careprog.models import (
    AuditedModel,
    ClinicalServiceCentre,
    Department,
    ExpectedBehaviour,
    StaffMember,
)
from recognition.models.choices import MESSAGE_LIMIT
from recognition.querysets import ThankYouQuerySet


class ThankYou(AuditedModel):
    Value = ExpectedBehaviour.Value

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="thank_yous_sent"
    )
    # False shows the sender as "a colleague"; administrators still see who it was.
    show_sender = models.BooleanField("show my name", default=True)
    recipient = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="thank_yous",
        verbose_name="colleague",
    )
    team = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="thank_yous"
    )
    # The CSC the recipient works in, kept so the wall and board pack can count by CSC.
    csc = models.ForeignKey(
        ClinicalServiceCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="thank_yous",
    )
    value = models.CharField(max_length=20, choices=ExpectedBehaviour.Value.choices)
    behaviour = models.ForeignKey(
        ExpectedBehaviour,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="thank_yous",
        verbose_name="expected behaviour",
    )
    message = models.TextField(max_length=MESSAGE_LIMIT)
    compliment = models.ForeignKey(
        "feedback.FeedbackItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="thank_yous",
        help_text="The compliment this thank-you passes on, if any.",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    # Whoever is sending the card holds it until then, so a resend never doubles a send.
    email_claimed_until = models.DateTimeField(null=True, blank=True)

    objects = ThankYouQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "thank-you"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False, team__isnull=True)
                | models.Q(recipient__isnull=True, team__isnull=False),
                name="thank_you_to_a_colleague_or_a_team",
            )
        ]
        # The wall pages newest first by (created_at, id) key (careprog/pagination.py).
        indexes = [models.Index(fields=["created_at", "id"])]

    def __str__(self):
        return f"Thank you to {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        if self.recipient_id:
            return self.recipient.name
        return self.team.name if self.team_id else ""

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def sender_shown(self) -> str:
        """The sender as the wall shows them: their name, or "a colleague"."""
        return str(self.sender) if self.show_sender else "A colleague"

    def clean(self):
        if bool(self.recipient_id) == bool(self.team_id):
            raise ValidationError(
                {"recipient": "Choose a colleague or a team to thank (one, not both)"}
            )
        if self.behaviour_id and self.behaviour.value != self.value:
            value = self.behaviour.get_value_display()
            raise ValidationError(
                {
                    "behaviour": f"“{self.behaviour.text}” is a {value} behaviour: choose "
                    f"{value} as the value, or another behaviour"
                }
            )
