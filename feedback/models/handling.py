"""How a complaint is handled to the Ombudsman's NHS Complaint Standards: the issues it raises
and the finding on each, the updates given as agreed, the staff it is about, the letters'
templates, and what the person thought of the handling afterwards."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from careprog.models import AuditedModel, StaffMember
from careprog.models.base import NeverDeleteQuerySet
from feedback.querysets import ComplaintUpdateQuerySet, ExperienceSurveyQuerySet


class ContactMethod(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"


class Finding(models.TextChoices):
    # The same values as the complaint's Outcome, so the overall outcome derives from them.
    UPHELD = "upheld", "Upheld"
    PARTIALLY_UPHELD = "partially_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class ComplaintIssue(AuditedModel):
    """One thing the person wants answered, in their words or a summary; the final response
    answers each one."""

    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="issues"
    )
    number = models.PositiveSmallIntegerField()
    description = models.TextField("what happened")
    finding = models.CharField(max_length=20, choices=Finding.choices, blank=True)
    explanation = models.TextField("why", blank=True)
    what_will_change = models.TextField("what will change", blank=True)
    # An issue added in error is withdrawn, never deleted: the history shows it was raised.
    withdrawn = models.BooleanField(default=False)

    class Meta:
        # By the column, not the item: ordering by "item" would join the items to sort by theirs.
        ordering = ["item_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="complaint_issue_number")
        ]

    def __str__(self):
        return f"Issue {self.number}: {self.description[:60]}"


class ComplaintUpdate(AuditedModel):
    """An update given to the person, as agreed in the handling plan."""

    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="updates"
    )
    given_on = models.DateField("date given")
    method = models.CharField("how", max_length=10, choices=ContactMethod.choices)
    note = models.CharField("what they were told", max_length=500)
    # Whether it was given by the date it was due: kept, because the due date moves on.
    due_on = models.DateField(null=True, blank=True)

    objects = ComplaintUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]

    @property
    def on_time(self) -> bool:
        return self.due_on is None or self.given_on <= self.due_on


class StaffInvolvement(AuditedModel):
    """A member of staff the complaint is about: told early, heard, supported, told the
    outcome. Seen only by PALS officers and the manager of the item's CSC."""

    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="staff_involved"
    )
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    told_on = models.DateField("date told about the complaint", null=True, blank=True)
    comments = models.TextField("their comments", blank=True)
    support_offered = models.TextField("support offered", blank=True)
    told_outcome_on = models.DateField("date told the outcome", null=True, blank=True)

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "staff"], name="staff_involved_once")
        ]


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    HOLDING = "holding", "Holding letter (response delayed)"
    SIX_MONTH = "six_month", "Six-month letter"
    FINAL_RESPONSE = "final_response", "Final response"


class LetterTemplate(AuditedModel):
    """The wording of one kind of letter, edited by an administrator: plain paragraphs with
    {placeholders}, never HTML. The trust's letterhead and signature block are fixed."""

    kind = models.CharField(max_length=20, choices=LetterKind.choices, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    def __str__(self):
        return self.get_kind_display()


class SurveySource(models.TextChoices):
    PHONE = "phone", "Phone call"
    FORM = "form", "Returned form"
    ONLINE = "online", "Online link"


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class ExperienceSurvey(models.Model):
    """What the person thought of how their complaint was handled (the Ombudsman's "My
    Expectations" themes), each on a scale of 1 (not at all) to 5 (completely)."""

    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="surveys"
    )
    listened_to = models.PositiveSmallIntegerField("I was listened to", validators=SCORE)
    kept_informed = models.PositiveSmallIntegerField("I was kept informed", validators=SCORE)
    understood_outcome = models.PositiveSmallIntegerField(
        "I understood the outcome", validators=SCORE
    )
    comment = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=SurveySource.choices)
    received_on = models.DateField()
    # Nobody, when the person answered through the link.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExperienceSurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"Survey for {self.item_id} received {self.received_on}"


class SurveyInvitation(models.Model):
    """A single-use link to the survey, sent with the final response. Only the token's hash
    is kept: the link itself is printed in the letter and nowhere else."""

    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="survey_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = NeverDeleteQuerySet.as_manager()

    def __str__(self):
        return f"Survey link for {self.item_id}, expires {self.expires_at:%Y-%m-%d}"


class DigestSetting(models.Model):
    """Whether a user gets the daily email of cases needing them (on unless turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="digest_setting"
    )
    daily_digest = models.BooleanField("send me the daily email", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: daily digest {'on' if self.daily_digest else 'off'}"


class DigestSent(models.Model):
    """One row per user per working day: the digest is built and sent once, and a retry after a
    failed send does not send it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    objects = NeverDeleteQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="one_digest_a_day")]

    def __str__(self):
        return f"Digest for {self.user} on {self.on}"
