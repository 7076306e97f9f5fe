"""The register: one FeedbackItem per complaint, PALS contact, compliment or comment."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from careprog.models import (
    AuditedModel,
    CareStandard,
    ClinicalServiceCentre,
    Department,
    ExpectedBehaviour,
    StaffMember,
)
from careprog.validators import validate_nhs_number
from feedback.models.choices import (
    OPEN_COMPLAINT_STATUSES,
    AgeBand,
    Channel,
    ComplainantStatus,
    Consent,
    Kind,
    Outcome,
    PhsoOutcome,
    RaisedBy,
    Severity,
    Status,
)
from feedback.models.handling import ContactMethod
from feedback.models.limits import ADDRESS_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, TextLimit
from feedback.models.reference import Profession, ResponseTier, ServiceArea, Subject
from feedback.querysets import FeedbackItemQuerySet

# A complaint made more than this long after the event needs a recorded decision to accept it.
LATE_COMPLAINT_LIMIT = relativedelta(months=12)
# An investigation open longer than this means telling the complainant why.
LONG_RUNNING_LIMIT = relativedelta(months=6)


class FeedbackItem(AuditedModel):
    Kind = Kind
    Status = Status

    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=20, unique=True, editable=False)
    status = models.CharField(max_length=30, choices=Status.choices)
    # Incremented on every save by a service: a save from a stale form is refused.
    version = models.PositiveIntegerField(default=1)

    received_on = models.DateField("date received")
    event_on = models.DateField("date of the event", null=True, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    raised_by = models.CharField("raised by", max_length=20, choices=RaisedBy.choices)
    contact_name = models.CharField("contact name", max_length=120, blank=True)
    contact_email = models.EmailField("contact email", blank=True)
    contact_phone = models.CharField("contact phone", max_length=30, blank=True)
    contact_address = models.TextField(
        "contact address",
        blank=True,
        validators=[TextLimit("Contact address", ADDRESS_MAX_LENGTH)],
    )

    patient_name = models.CharField("patient name", max_length=120, blank=True)
    patient_date_of_birth = models.DateField("patient date of birth", null=True, blank=True)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    hospital_number = models.CharField("hospital number", max_length=20, blank=True)
    age_band = models.CharField(
        "patient age band", max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    complainant_status = models.CharField(
        max_length=20, choices=ComplainantStatus.choices, default=ComplainantStatus.UNKNOWN
    )

    csc = models.ForeignKey(
        ClinicalServiceCentre,
        on_delete=models.PROTECT,
        related_name="feedback_items",
        verbose_name="Clinical Service Centre",
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name="department or ward",
    )
    summary = models.CharField(max_length=200)
    description = models.TextField(
        blank=True, validators=[TextLimit("Description", DESCRIPTION_MAX_LENGTH)]
    )
    staff_named = models.ManyToManyField(StaffMember, blank=True, related_name="feedback_items")
    subjects = models.ManyToManyField(Subject, blank=True, related_name="items")
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    professions = models.ManyToManyField(Profession, blank=True, related_name="items")
    standards = models.ManyToManyField(
        CareStandard, blank=True, related_name="feedback_items", verbose_name="care standards"
    )
    behaviours = models.ManyToManyField(
        ExpectedBehaviour,
        blank=True,
        related_name="feedback_items",
        verbose_name="expected behaviours",
    )

    # The formal complaints process.
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True)
    tier = models.ForeignKey(
        ResponseTier, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    acknowledge_by = models.DateField(null=True, blank=True)
    respond_by = models.DateField("response due", null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    consent = models.CharField(
        "third-party consent", max_length=20, choices=Consent.choices, default=Consent.NOT_REQUIRED
    )
    late_decision = models.CharField(
        "decision on a late complaint",
        max_length=10,
        choices=[("accepted", "Accepted"), ("declined", "Declined")],
        blank=True,
    )
    late_decision_reason = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who owns the case day to day (complaints and PALS contacts): a PALS officer or a CSC
    # manager; set when it is logged and reassigned through a service that records it.
    case_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    response_sent_on = models.DateField(null=True, blank=True)
    # Kept by save_item from the received and sent dates, so the board figures add up response
    # times in SQL rather than counting working days row by row (docs/performance.md).
    response_working_days = models.IntegerField(null=True, blank=True, editable=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    phso_referred_on = models.DateField("referred to the PHSO on", null=True, blank=True)
    phso_outcome = models.CharField(
        "PHSO outcome", max_length=20, choices=PhsoOutcome.choices, blank=True
    )
    withdrawn_reason = models.TextField(blank=True)
    # What the CSC's investigation found, in the manager's words: the response is drafted from it.
    investigation_findings = models.TextField(blank=True)

    # Resolved at first contact, within the trust's early-resolution window (NHS Complaint
    # Standards): what was done is the resolution; counted apart, never a KO41a complaint.
    resolved_early_on = models.DateField("resolved early on", null=True, blank=True)
    early_learning = models.TextField("learning from the early resolution", blank=True)

    # Clarifying the complaint: the issues are ComplaintIssue rows; these say why it matters.
    impact = models.TextField("impact on the person", blank=True)
    outcome_sought = models.TextField("outcome they want", blank=True)
    # The outcome derives from the issues' findings; overriding it needs a reason.
    outcome_override_reason = models.TextField(blank=True)

    # The handling plan agreed with the person at acknowledgement.
    contact_preference = models.CharField(
        "how they want to be contacted", max_length=10, choices=ContactMethod.choices, blank=True
    )
    large_print = models.BooleanField("large print", default=False)
    interpreter_language = models.CharField("interpreter (language)", max_length=60, blank=True)
    advocate = models.CharField("advocate (name and organisation)", max_length=200, blank=True)
    other_adjustments = models.CharField("other adjustments", max_length=200, blank=True)
    response_writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="who will write the final response",
    )
    update_every = models.PositiveSmallIntegerField(
        "update every (working days)", null=True, blank=True
    )
    plan_agreed_on = models.DateField("handling plan agreed on", null=True, blank=True)
    # Kept on the row (not worked out on every visit) so the queue finds due updates by index.
    next_update_due = models.DateField("next update due", null=True, blank=True)
    # The version of the response that sign-off approved; locked from then on.
    approved_response = models.ForeignKey(
        "feedback.FeedbackDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # PALS contacts and compliments.
    resolution = models.TextField(blank=True)
    escalated_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_to",
        help_text="The PALS contact this complaint was escalated from.",
    )
    shared_on = models.DateField(null=True, blank=True)
    shared_with = models.TextField(blank=True)

    objects = FeedbackItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["status", "respond_by"]),
            models.Index(fields=["status", "acknowledge_by"]),
            # The register pages newest first by key (careprog/pagination.py): these let
            # every page, for the trust or one CSC, start at its key instead of sorting.
            models.Index(fields=["received_on", "id"]),
            models.Index(fields=["csc", "received_on", "id"]),
            models.Index(fields=["case_handler", "status"]),
            models.Index(fields=["status", "next_update_due"]),
        ]
        permissions = []

    def __str__(self):
        return f"{self.reference}: {self.summary}"

    @property
    def reference_slug(self) -> str:
        return self.reference.replace("/", "-")

    @property
    def is_complaint(self) -> bool:
        return self.kind == Kind.COMPLAINT

    @property
    def is_open_complaint(self) -> bool:
        return self.is_complaint and self.status in OPEN_COMPLAINT_STATUSES

    @property
    def is_late(self) -> bool:
        """Received more than 12 months after the event."""
        return bool(self.event_on and self.received_on > self.event_on + LATE_COMPLAINT_LIMIT)

    @property
    def adjustments(self) -> list[str]:
        """The reasonable adjustments agreed, in words: shown on every letter and task."""
        found = ["Large print"] if self.large_print else []
        if self.interpreter_language:
            found.append(f"Interpreter ({self.interpreter_language})")
        if self.advocate:
            found.append(f"Advocate: {self.advocate}")
        if self.other_adjustments:
            found.append(self.other_adjustments)
        return found

    @property
    def is_long_running(self) -> bool:
        today = timezone.localdate()
        return self.is_open_complaint and self.received_on + LONG_RUNNING_LIMIT < today

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = "Date received must be today or in the past"
        if self.event_on and self.received_on and self.event_on > self.received_on:
            errors["event_on"] = "Date of the event must be on or before the date received"
        dob = self.patient_date_of_birth
        if dob and dob > today:
            errors["patient_date_of_birth"] = "Patient date of birth must be in the past"
        if self.raised_by == RaisedBy.ANONYMOUS and self.kind not in (Kind.PALS, Kind.COMPLIMENT):
            errors["raised_by"] = "Only PALS contacts and compliments can be anonymous"
        if self.department_id and self.csc_id and self.department.csc_id != self.csc_id:
            errors["department"] = "Department or ward must belong to the Clinical Service Centre"
        if self.kind == Kind.COMPLAINT and not self.tier_id:
            errors["tier"] = "Select a response tier"
        if self.respond_by and self.received_on and self.respond_by < self.received_on:
            errors["respond_by"] = "Response due date must be on or after the date received"
        if errors:
            raise ValidationError(errors)
