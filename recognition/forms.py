"""Forms of staff recognition. They check what was typed; the services apply the rules."""

from django import forms

from careprog.forms import ParagraphsField, StaffPickerField
from careprog.forms.pickers import staff_label
from careprog.models import Department, ExpectedBehaviour, StaffMember
from recognition.models import AwardCategory
from recognition.models.choices import MESSAGE_LIMIT, SCORE_RANGE


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.csc.name})"


class BehaviourChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_value_display()}: {obj.text}"


def teams():
    return Department.objects.active().select_related("csc").order_by("csc__name", "name")


class RecipientMixin(forms.Form):
    """A colleague (type-ahead) or a team, one of the two."""

    WHO = [("person", "A colleague"), ("team", "A team")]
    # The services call the colleague "recipient" (a thank-you) or "nominee" (a nomination).
    error_field_aliases = {"recipient": "person", "nominee": "person"}

    who = forms.ChoiceField(
        label="Who are you recognising?", choices=WHO, widget=forms.RadioSelect, initial="person"
    )
    person = StaffPickerField(label="Colleague", required=False)
    team = TeamChoiceField(
        label="Team", queryset=teams(), required=False, empty_label="Choose a team"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Needed when its answer to "who" is chosen: not labelled "(optional)".
        self.fields["person"].conditional = True
        self.fields["team"].conditional = True

    def clean(self):
        data = super().clean()
        if data.get("who") == "team":
            if not data.get("team"):
                self.add_error("team", "Choose the team")
            data["person"] = None
        else:
            if not data.get("person") and "person" not in self.errors:
                self.add_error("person", "Enter the name or email of the colleague")
            data["team"] = None
        return data


class ThankYouForm(RecipientMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The character count shows the limit as you type; a hard maxlength would cut people
        # off mid-sentence without saying why (NHS.UK design system advice).
        self.fields["message"].widget.attrs.pop("maxlength", None)

    value = forms.ChoiceField(
        label="Which of the trust's values did they show?",
        choices=ExpectedBehaviour.Value.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the value they showed"},
    )
    behaviour = BehaviourChoiceField(
        label="Expected behaviour",
        queryset=ExpectedBehaviour.objects.active().order_by("position"),
        required=False,
        empty_label="None in particular",
        help_text="If one of the trust's expected behaviours says it best",
    )
    message = ParagraphsField(
        label="Your message",
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5, "data-maxlength": MESSAGE_LIMIT}),
        help_text=f"Up to {MESSAGE_LIMIT} characters. Please leave out anything about a patient "
        "that could identify them",
        error_messages={
            "required": "Write a message to go with your thank-you",
            "max_length": f"The message must be {MESSAGE_LIMIT} characters or fewer",
        },
    )
    show_sender = forms.TypedChoiceField(
        label="Show your name?",
        choices=[("yes", "Yes, show my name"), ("no", "No, show me as “a colleague”")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        help_text="Administrators can always see who sent a thank-you",
    )


class NominationForm(RecipientMixin):
    category = forms.ModelChoiceField(
        label="Category",
        queryset=AwardCategory.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a category"},
    )
    case = ParagraphsField(
        label="Why do they deserve it?",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Say why they deserve the award"},
    )
    on_behalf_of_name = forms.CharField(
        label="Name of the patient or member of the public nominating",
        max_length=120,
        required=False,
    )
    on_behalf_of_contact = forms.CharField(
        label="Their phone number, email or address",
        max_length=200,
        required=False,
        help_text="Kept by PALS so they can be told the result; never shown to the panel",
    )

    def __init__(self, *args, award_round, on_behalf: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = award_round.categories.order_by("position", "pk")
        self.fields["case"].widget.attrs["data-maxwords"] = award_round.word_limit
        self.fields[
            "case"
        ].help_text = (
            f"Up to {award_round.word_limit} words: what they did, and what difference it made"
        )
        if not on_behalf:
            del self.fields["on_behalf_of_name"]
            del self.fields["on_behalf_of_contact"]


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label="What is the conflict of interest?",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, you line-manage them or work closely with them",
        error_messages={"required": "Say what the conflict of interest is"},
    )


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scale = [(str(n), str(n)) for n in SCORE_RANGE]
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.text,
                choices=scale,
                coerce=int,
                widget=forms.RadioSelect(attrs={"inline": True}),
                help_text="1 is weak, 5 is outstanding",
                error_messages={
                    "required": f"Score “{criterion.text}” from 1 to 5",
                    "invalid_choice": f"Score “{criterion.text}” from 1 to 5",
                },
            )
        # The comment comes after the scores.
        self.order_fields([*(f"criterion_{c.pk}" for c in criteria), "comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class WinnerForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the choice (needed when another shortlisted nomination scored as well)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class HideForm(forms.Form):
    hidden_reason = forms.CharField(
        label="Why is it being hidden?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why it is being hidden"},
    )


class WallFilterForm(forms.Form):
    csc = forms.ModelChoiceField(
        label="Clinical Service Centre",
        queryset=None,
        required=False,
        empty_label="All",
        to_field_name="code",
    )
    value = forms.ChoiceField(
        label="Value",
        choices=[("", "All"), *ExpectedBehaviour.Value.choices],
        required=False,
    )

    def __init__(self, *args, cscs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["csc"].queryset = cscs


class ComplimentThanksForm(forms.Form):
    """One thank-you to each member of staff a compliment names, with the same message."""

    people = forms.ModelMultipleChoiceField(
        label="Who to thank",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one of the staff named"},
    )
    value = ThankYouForm.base_fields["value"]
    behaviour = ThankYouForm.base_fields["behaviour"]
    message = ParagraphsField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 6, "data-maxlength": MESSAGE_LIMIT}),
        help_text="Taken from the compliment with the patient's details left out: read it and "
        "change anything that could still identify them",
        error_messages={"required": "Write a message to go with your thank-you"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        field.queryset = StaffMember.objects.filter(pk__in=[p.pk for p in people])
        field.label_from_instance = staff_label
        self.initial.setdefault("people", [p.pk for p in people])
