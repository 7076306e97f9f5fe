"""Nominations, the panel's conflicts of interest, and their scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from careprog.models import AuditedModel, ClinicalServiceCentre, Department, StaffMember
from recognition.models.choices import Consent, Stage
from recognition.querysets import NominationQuerySet


class Nomination(AuditedModel):
    Stage = Stage
    Consent = Consent

    round = models.ForeignKey(
        "recognition.AwardRound", on_delete=models.PROTECT, related_name="nominations"
    )
    category = models.ForeignKey(
        "recognition.AwardCategory", on_delete=models.PROTECT, related_name="nominations"
    )
    nominee = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name="colleague",
    )
    team = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations"
    )
    csc = models.ForeignKey(
        ClinicalServiceCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    case = models.TextField("why they deserve it")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations_made"
    )
    # A nomination a PALS officer takes from a patient or member of the public.
    on_behalf_of_name = models.CharField(
        "nominated by (patient or public)", max_length=120, blank=True
    )
    on_behalf_of_contact = models.CharField("their contact details", max_length=200, blank=True)
    consent = models.CharField(
        "nominee's consent", max_length=10, choices=Consent.choices, default=Consent.PENDING
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_recorded_on = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.NOMINATED)
    winner_reason = models.TextField(
        blank=True, help_text="The chair's reason, when the winner did not score highest alone."
    )
    compliment = models.ForeignKey(
        "feedback.FeedbackItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    certificate_emailed_at = models.DateTimeField(null=True, blank=True)
    certificate_attempts = models.PositiveSmallIntegerField(default=0)
    certificate_error = models.TextField(blank=True)
    certificate_claimed_until = models.DateTimeField(null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["round", "category__position", "pk"]
        constraints = [
            # One category per nominee per round.
            models.UniqueConstraint(
                fields=["round", "nominee"],
                condition=models.Q(nominee__isnull=False),
                name="nominee_once_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "team"],
                condition=models.Q(team__isnull=False),
                name="team_once_per_round",
            ),
            models.CheckConstraint(
                condition=models.Q(nominee__isnull=False, team__isnull=True)
                | models.Q(nominee__isnull=True, team__isnull=False),
                name="nomination_of_a_colleague_or_a_team",
            ),
            # One winner a category, even when two choices are made at the same moment.
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(stage="winner"),
                name="one_winner_per_category",
            ),
        ]

    def __str__(self):
        return f"{self.nominee_name}: {self.category}"

    @property
    def nominee_name(self) -> str:
        if self.nominee_id:
            return self.nominee.name
        return self.team.name if self.team_id else ""

    @property
    def is_winner(self) -> bool:
        return self.stage == Stage.WINNER


class ConflictDeclaration(AuditedModel):
    """A panel member's declared conflict of interest: they neither score nor see the scores."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="conflicts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts_declared"
    )
    reason = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="conflict_declared_once")
        ]

    def __str__(self):
        return f"{self.member} on {self.nomination}"


class ScoreSheet(AuditedModel):
    """One panel member's scores for one nomination, against each of its category's criteria."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="sheets")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets"
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="scored_once_per_member")
        ]

    def __str__(self):
        return f"{self.member} on {self.nomination}"


class CriterionScore(AuditedModel):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(
        "recognition.ScoringCriterion", on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="criterion_scored_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_is_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
