"""Small forms for the process actions. Each carries the item's version, so an action taken on a
page that someone else has since changed is refused rather than applied blind."""

from django import forms
from django.utils import timezone

from careprog.forms import NHSDateField
from feedback.forms.plan import PlanFields
from feedback.forms.text import paragraphs
from feedback.models import ResponseTier
from feedback.models.choices import Consent, Outcome, PhsoOutcome, Severity
from feedback.services.base import REASON_MAX_LENGTH
from feedback.services.complaints import FINDINGS_MAX_LENGTH
from feedback.services.issues import TEXT_MAX_LENGTH
from feedback.services.learning import (
    LEARNING_ACTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OWNER_MAX_LENGTH,
)
from feedback.services.pals import RESOLUTION_MAX_LENGTH


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item=None, **kwargs):
        # The item the action is on: a form whose choices depend on it reads ``self.item``.
        self.item = item
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, item) -> dict:
        """What the form opens with for this item: the version it was shown at, at least."""
        return {"version": item.version}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


def today_field(label: str) -> NHSDateField:
    return NHSDateField(label=label, initial=timezone.localdate)


class AcknowledgeForm(PlanFields, ActionForm):
    """Acknowledging records the handling plan agreed with the person."""

    field_order = ["on"]

    on = today_field("Date acknowledged")


class HandlingPlanForm(PlanFields, ActionForm):
    field_order = ["agreed_on"]

    agreed_on = today_field("Date agreed with them")


class SendResponseForm(ActionForm):
    on = today_field("Date the response was sent")


class ReferToPhsoForm(ActionForm):
    on = today_field("Date referred to the PHSO")


class FindingsForm(ActionForm):
    @classmethod
    def initial_for(cls, item) -> dict:
        # Recording again starts from what was recorded, so nothing is typed twice or lost.
        return {**super().initial_for(item), "findings": item.investigation_findings}

    findings = paragraphs(
        "What did the investigation find?",
        limit=FINDINGS_MAX_LENGTH,
        rows=8,
        name="Findings",
        help_text="Facts, not opinions: what happened, what should have happened, and why. "
        "The response to the complainant is drafted from this.",
    )


class ReasonForm(ActionForm):
    reason = paragraphs("Reason", limit=REASON_MAX_LENGTH)


class DeadlineForm(ActionForm):
    new_date = NHSDateField(label="New agreed response date")
    reason = paragraphs(
        "Why is the date changing?",
        limit=REASON_MAX_LENGTH,
        name="Reason",
        help_text="For example, agreed with the complainant by phone on 3 March",
    )
    person_agreed = forms.TypedChoiceField(
        label="Did they agree the new date?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they agreed the new date"},
    )


class ReopenForm(ActionForm):
    reason = paragraphs(
        "What is the complainant dissatisfied with?",
        limit=REASON_MAX_LENGTH,
        name="Reason",
        error_messages={"required": "Enter what the complainant is dissatisfied with"},
    )
    respond_by = NHSDateField(label="New agreed response date")


class OutcomeForm(ActionForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        help_text="Upheld: evidence supports the complaint. Partially upheld: some aspects, "
        "not all.",
    )
    reason = paragraphs(
        "Reason for an outcome other than the findings give",
        limit=TEXT_MAX_LENGTH,
        required=False,
        name="Reason",
        help_text="A complaint's outcome follows from the finding on each of its issues. "
        "Choosing another needs a reason, which the response and the timeline keep.",
    )

    @classmethod
    def initial_for(cls, item) -> dict:
        # Opens on the outcome already recorded (or derived), and the reason for overriding it.
        return {
            **super().initial_for(item),
            "outcome": item.outcome or None,
            "reason": item.outcome_override_reason,
        }


class PhsoOutcomeForm(ActionForm):
    outcome = forms.ChoiceField(
        label="PHSO outcome", choices=PhsoOutcome.choices, widget=forms.RadioSelect
    )


class ConsentForm(ActionForm):
    consent = forms.ChoiceField(
        label="Third-party consent",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        help_text="The response cannot be sent while consent is pending or refused",
    )


class LateDecisionForm(ActionForm):
    accept = forms.TypedChoiceField(
        label="Will the trust investigate this late complaint?",
        choices=[("yes", "Yes, accept it"), ("no", "No, decline it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = paragraphs(
        "Reason for the decision",
        limit=REASON_MAX_LENGTH,
        name="Reason",
        help_text="For example, the complainant was in hospital and could not complain sooner",
    )


class ResolveForm(ActionForm):
    resolution = paragraphs(
        "How was it resolved?", limit=RESOLUTION_MAX_LENGTH, rows=4, name="How it was resolved"
    )


class EscalateForm(ActionForm):
    received_on = today_field("Date the complaint was made")
    severity = forms.ChoiceField(
        label="Severity", choices=Severity.choices, widget=forms.RadioSelect
    )
    tier = forms.ModelChoiceField(
        label="Response tier",
        queryset=ResponseTier.objects.active(),
        widget=forms.RadioSelect,
        empty_label=None,
    )


class NoteForm(forms.Form):
    text = paragraphs("Investigation note", limit=NOTE_MAX_LENGTH, rows=4)


class LearningForm(forms.Form):
    action = paragraphs(
        "What will be done differently?",
        limit=LEARNING_ACTION_MAX_LENGTH,
        name="What will be done",
        help_text="The trust's 'you said, we did'",
    )
    owner = forms.CharField(
        label="Owner",
        max_length=OWNER_MAX_LENGTH,
        help_text="Who will make sure it happens",
        error_messages={
            "max_length": f"Owner must be {OWNER_MAX_LENGTH} characters or fewer "
            "(it has %(show_value)d)"
        },
    )
    due_on = NHSDateField(label="Due date")


class LearningDoneForm(forms.Form):
    done_on = today_field("Date done")


class CaseHandlerForm(ActionForm):
    case_handler = forms.ModelChoiceField(
        label="Case handler",
        queryset=None,
        empty_label="Choose a person",
        help_text="A PALS officer, or a manager of the item's Clinical Service Centre",
        error_messages={"required": "Choose who will handle the case"},
    )

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_handler"].queryset = handlers

    def service_arguments(self) -> dict:
        return {"handler": self.cleaned_data["case_handler"]}
