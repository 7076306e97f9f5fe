"""Forms for the letters: an administrator's template, and producing one letter. The services
check everything again."""

from django import forms

from feedback.letters.placeholders import normalise, template_errors
from feedback.letters.rules import PDF, WORD
from feedback.models import LetterKind, LetterTemplate
from feedback.models.limits import too_long
from feedback.services.letters import BODY_MAX_LENGTH, REASON_MAX_LENGTH, REASON_REQUIRED

SUBJECT_MAX_LENGTH = LetterTemplate._meta.get_field("subject").max_length


class LetterTemplateForm(forms.Form):
    # When the template was last saved as the form was opened: a save by someone else since is
    # refused, not overwritten.
    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)
    subject = forms.CharField(
        label="Subject",
        max_length=SUBJECT_MAX_LENGTH,
        error_messages={"required": "Enter the subject of the letter"},
    )
    body = forms.CharField(
        label="Text of the letter",
        widget=forms.Textarea(attrs={"rows": 24, "data-maxlength": BODY_MAX_LENGTH}),
        help_text="Plain text, no HTML. Leave a blank line between paragraphs. Write each "
        "placeholder as its name in curly brackets, like {reference}.",
        error_messages={"required": "Enter the text of the letter"},
        strip=False,
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean(self):
        data = super().clean()
        subject, body = data.get("subject"), data.get("body")
        if subject is None or body is None:
            return data
        # Counted as the service counts it: line breaks as one character, no trailing spaces.
        length = len(normalise(body))
        if length > BODY_MAX_LENGTH:
            self.add_error("body", too_long("Text of the letter", BODY_MAX_LENGTH, length))
            return data
        errors = template_errors(self.kind, normalise(subject), normalise(body))
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return data


class LetterForm(forms.Form):
    """Which file to make; the six-month letter also asks why the complaint is taking so long."""

    output = forms.ChoiceField(
        label="Make it as",
        choices=[
            (PDF, "A PDF, kept in the complaint's documents"),
            (WORD, "A Word document to polish (not kept)"),
        ],
        initial=PDF,
        widget=forms.RadioSelect,
        error_messages={"required": "Select PDF or Word"},
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == LetterKind.SIX_MONTH:
            self.fields["reason"] = forms.CharField(
                label="Why has the complaint taken more than six months?",
                help_text="This is printed in the letter, so write it to the person: for "
                "example, 'We are still waiting for an independent clinical review, which we "
                "asked for on 3 March.'",
                max_length=REASON_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"required": REASON_REQUIRED},
            )
