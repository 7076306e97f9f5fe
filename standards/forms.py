"""Forms of the standards checklists. Each validates what a person typed; the services decide
what the assessment's state allows."""

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from careprog.forms import NHSDateField, StaffPickerField
from careprog.uploads import CheckedFileField
from feedback.models import FeedbackItem
from standards.models import Rating


class PageForm(forms.Form):
    """A form that shares its page with others: ids are prefixed with ``id_prefix`` so two
    forms' fields never share an id (field names are unchanged)."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class VersionedForm(PageForm):
    # The line's version when the page was drawn: a save from an older page is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RatingForm(VersionedForm):
    id_prefix = "rating"
    rating = forms.ChoiceField(
        label="Rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rating",
            "invalid_choice": "Choose a rating from the scale: "
            + ", ".join(label for _, label in Rating.choices),
        },
    )


class LineDetailsForm(VersionedForm):
    id_prefix = "details"
    owner = StaffPickerField(label="Owner", required=False)
    review_on = NHSDateField(
        label="Review date",
        required=False,
        help_text="When the rating should next be looked at. For example, 15 3 2027",
    )


class NoteForm(PageForm):
    id_prefix = "note"
    text = forms.CharField(
        label="Evidence note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows the standard is met, and where an assessor can see it. Leave out "
        "patients' names and NHS numbers: board members read this",
        error_messages={"required": "Write the note before saving it"},
    )


class LinkForm(PageForm):
    id_prefix = "link"
    url = forms.URLField(
        label="Link",
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A web or intranet address, starting https://",
        error_messages={
            "required": "Enter the link's address",
            "invalid": "Enter a web address, like https://intranet.example.nhs.uk/page",
        },
    )
    title = forms.CharField(
        label="What it shows",
        max_length=200,
        required=False,
        help_text="For example, 'Ward 7 patient survey, September'",
    )


class FileForm(PageForm):
    id_prefix = "file"
    file = CheckedFileField(
        label="Evidence file",
        help_text="PDF, Word, Excel, PNG or JPEG, up to 10 MB",
        error_messages={"required": "Choose a file to upload"},
    )
    description = forms.CharField(
        label="What it shows",
        max_length=500,
        required=False,
        help_text="Board members see this, not the file: leave out patients' details",
    )


class LinkItemForm(PageForm):
    id_prefix = "item"
    reference = forms.CharField(
        label="Feedback reference",
        max_length=30,
        help_text="From the register, for example COMP/2026/00088",
        error_messages={"required": "Enter the reference of a complaint or compliment"},
    )

    def __init__(self, *args, items, csc, **kwargs):
        # ``items``: the register as this user may see it; only this CSC's items can be linked.
        super().__init__(*args, **kwargs)
        self.items, self.csc = items, csc

    def clean_reference(self) -> FeedbackItem:
        typed = self.cleaned_data["reference"].strip().upper()
        reference = typed.replace("-", "/").replace(" ", "")
        item = self.items.filter(reference=reference).select_related("csc").first()
        if item is None:
            # The same words whether it does not exist or is outside what this user may see.
            raise forms.ValidationError(
                f"No feedback item {typed} was found in the register for {self.csc.name}. "
                "Check the reference, for example COMP/2026/00088"
            )
        return item


class ActionForm(PageForm):
    id_prefix = "action"
    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave out patients' names and NHS numbers: board members read this",
        error_messages={"required": "Say what will be done"},
    )
    owner = StaffPickerField(
        label="Action owner", error_messages={"required": "Enter who will make sure it happens"}
    )
    due_on = NHSDateField(
        label="Due date",
        help_text="For example, 31 3 2027",
        error_messages={"required": "Enter the due date"},
    )


class ActionDoneForm(PageForm):
    id_prefix = "done"
    done_on = NHSDateField(
        label="Date done", error_messages={"required": "Enter the date the action was done"}
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
