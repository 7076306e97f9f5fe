"""The experience survey: the person's own form (through the link) and the officer's form."""

from django import forms
from django.utils import timezone

from careprog.forms import NHSDateField
from feedback.forms.text import paragraphs
from feedback.models import SurveySource
from feedback.services.surveys import COMMENT_MAX_LENGTH

SCALE = [
    (1, "1 - Not at all"),
    (2, "2 - A little"),
    (3, "3 - Partly"),
    (4, "4 - Mostly"),
    (5, "5 - Completely"),
]
SCORE_FIELDS = ("listened_to", "kept_informed", "understood_outcome")


def score_field(label: str) -> forms.TypedChoiceField:
    message = "Select a number from 1 (not at all) to 5 (completely)"
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class SurveyAnswersForm(forms.Form):
    """The three "My Expectations" questions and a comment, as the person answers them."""

    listened_to = score_field("I felt listened to")
    kept_informed = score_field("I was kept informed about what was happening")
    understood_outcome = score_field("I understood the outcome and the reasons for it")
    comment = paragraphs(
        "Is there anything else you would like to tell us?",
        limit=COMMENT_MAX_LENGTH,
        required=False,
        rows=5,
        name="Your comment",
    )


class SurveyRecordForm(SurveyAnswersForm):
    """An officer typing in the answers given on the phone or on a returned paper form."""

    field_order = ["source", "received_on", *SCORE_FIELDS, "comment"]

    # The page the officer opened: the same form sent twice records one survey, not two.
    version = forms.IntegerField(widget=forms.HiddenInput)

    source = forms.ChoiceField(
        label="How were the answers given?",
        choices=[(SurveySource.PHONE, "Phone call"), (SurveySource.FORM, "Returned form")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the answers were given"},
    )
    received_on = NHSDateField(label="Date received", initial=timezone.localdate)
    comment = paragraphs("Their comment", limit=COMMENT_MAX_LENGTH, required=False, rows=5)
