"""The handling plan's questions (asked when a complaint is acknowledged, and again to change
the plan) and the form to log an update given as agreed."""

from django import forms
from django.conf import settings
from django.utils import timezone

from careprog.forms import NHSDateField, ParagraphsField
from careprog.models import User
from feedback.forms.text import paragraphs
from feedback.models import ComplaintUpdate, ContactMethod, FeedbackItem
from feedback.selectors import eligible_case_handlers
from feedback.services.base import REASON_MAX_LENGTH


def _max_length(field: str) -> int:
    return FeedbackItem._meta.get_field(field).max_length


class PlanFields(forms.Form):
    """The plan agreed with the person. Mixed into an action form, which gives it the item
    (``self.item``): who may write the response depends on the item's CSC."""

    contact_preference = forms.ChoiceField(
        label="How do they want to be contacted?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they want to be contacted"},
    )
    large_print = forms.BooleanField(
        label="Large print",
        required=False,
        help_text="Letters to them are printed in a larger font",
    )
    interpreter_language = forms.CharField(
        label="Interpreter (language)",
        required=False,
        max_length=_max_length("interpreter_language"),
    )
    advocate = forms.CharField(
        label="Advocate (name and organisation)",
        required=False,
        max_length=_max_length("advocate"),
        help_text="For example, Sam Jones, the local NHS complaints advocacy service",
    )
    other_adjustments = forms.CharField(
        label="Other adjustments",
        required=False,
        max_length=_max_length("other_adjustments"),
        help_text="Anything else agreed so they can take part, for example calls after 4pm",
    )
    response_writer = forms.ModelChoiceField(
        label="Who will write the final response?",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        help_text="A PALS officer, or a manager of the complaint's Clinical Service Centre",
        error_messages={"required": "Choose who will write the final response"},
    )
    respond_by = NHSDateField(label="Agreed response date")
    date_change_reason = paragraphs(
        "If the response date has changed, why?",
        limit=REASON_MAX_LENGTH,
        required=False,
        rows=2,
        name="Reason",
        help_text="Needed only when the date differs from the one shown before",
    )
    update_every = forms.IntegerField(
        label="Update them every (working days)",
        help_text=f"From 1 to {settings.UPDATE_EVERY_MAX} working days; the trust's usual "
        f"is {settings.UPDATE_EVERY_DEFAULT}",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how often they will be updated, in working days",
            "invalid": "Enter how often they will be updated as a whole number of working days",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = getattr(self, "item", None)
        if item is not None:
            self.fields["response_writer"].queryset = eligible_case_handlers(item)

    @classmethod
    def initial_for(cls, item) -> dict:
        """The plan as it stands (the trust's usual interval if none was agreed yet); the
        response written by the case handler unless someone else was named."""
        return {
            **super().initial_for(item),
            "contact_preference": item.contact_preference or None,
            "large_print": item.large_print,
            "interpreter_language": item.interpreter_language,
            "advocate": item.advocate,
            "other_adjustments": item.other_adjustments,
            "response_writer": item.response_writer_id or item.case_handler_id,
            "respond_by": item.respond_by,
            "update_every": item.update_every or settings.UPDATE_EVERY_DEFAULT,
        }


class UpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    given_on = NHSDateField(label="Date given", initial=timezone.localdate)
    method = forms.ChoiceField(
        label="How were they updated?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they were updated"},
    )
    note = ParagraphsField(
        label="What were they told?",
        max_length=ComplaintUpdate._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A short note, for example: investigation under way, statements requested",
        error_messages={"required": "Enter what they were told"},
    )

    @classmethod
    def initial_for(cls, item) -> dict:
        return {"version": item.version, "method": item.contact_preference or None}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data
