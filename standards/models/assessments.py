"""A CSC's assessment of itself against the care standards, one per period, line by line."""

from django.conf import settings
from django.db import models

from careprog.models import AuditedModel, CareStandard, ClinicalServiceCentre, StaffMember
from standards.models.choices import BELOW_RATINGS, MET_RATINGS, AssessmentStatus, Rating
from standards.periods import Period, period_of
from standards.querysets import AssessmentLineQuerySet, AssessmentQuerySet


class Assessment(AuditedModel):
    Status = AssessmentStatus

    csc = models.ForeignKey(
        ClinicalServiceCentre,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name="Clinical Service Centre",
    )
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="The earlier assessment whose ratings, evidence and open actions it copied.",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "csc__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["csc", "period_start"], name="one_assessment_per_csc_per_period"
            )
        ]

    def __str__(self):
        return f"{self.csc.name}, {self.period.label}"

    @property
    def period(self) -> Period:
        return period_of(self.period_start, self.period_end)

    @property
    def is_signed_off(self) -> bool:
        return self.status == AssessmentStatus.SIGNED_OFF


class AssessmentLine(AuditedModel):
    """One standard in one assessment: its rating, owner and review date.

    The standard's wording and numbering are stored as the assessor saw them, so rewording or
    retiring a standard later never changes what an earlier assessment says.
    """

    Rating = Rating

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="lines")
    standard = models.ForeignKey(CareStandard, on_delete=models.PROTECT, related_name="+")
    criterion_number = models.PositiveSmallIntegerField()
    criterion_title = models.CharField(max_length=120)
    numeral = models.CharField(max_length=8)
    position = models.PositiveSmallIntegerField()
    standard_text = models.TextField("standard")

    rating = models.CharField(max_length=20, choices=Rating.choices, default=Rating.NOT_ASSESSED)
    owner = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who in the CSC looks after this standard",
    )
    review_on = models.DateField("review date", null=True, blank=True)
    # Set when a rating is copied from the previous period: someone must confirm or change it.
    needs_review = models.BooleanField(default=False)
    # Set when the standard is retired while this assessment is still in progress: the line is
    # kept (nothing is deleted) but no longer counts. Signed-off assessments never change.
    retired = models.BooleanField(default=False)
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Incremented on every change: a save from a page opened before someone else's is refused.
    version = models.PositiveIntegerField(default=1)

    objects = AssessmentLineQuerySet.as_manager()

    class Meta:
        ordering = ["criterion_number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "standard"], name="one_line_per_standard_per_assessment"
            )
        ]

    def __str__(self):
        return f"{self.code} in {self.assessment_id}: {self.get_rating_display()}"

    @property
    def code(self) -> str:
        return f"{self.criterion_number}.{self.numeral}"

    @property
    def is_met(self) -> bool:
        return self.rating in MET_RATINGS

    @property
    def is_below(self) -> bool:
        return self.rating in BELOW_RATINGS

    @property
    def is_rated(self) -> bool:
        return self.rating != Rating.NOT_ASSESSED
