from careprog.forms import NHSDateField, StaffPickerField
from feedback.forms.actions import ActionForm
from feedback.forms.text import paragraphs
from feedback.services.staff import TEXT_MAX_LENGTH


class StaffInvolvedAddForm(ActionForm):
    staff = StaffPickerField(label="Member of staff the complaint is about")
    told_on = NHSDateField(
        label="Date they were told about the complaint",
        required=False,
        help_text="Leave blank if they have not been told yet. The Standards ask that staff "
        "are told early.",
    )
    support_offered = paragraphs(
        "Support offered",
        limit=TEXT_MAX_LENGTH,
        required=False,
        help_text="For example: a meeting with their line manager, occupational health, "
        "the staff wellbeing service",
    )


class StaffInvolvedForm(ActionForm):
    told_on = NHSDateField(label="Date they were told about the complaint", required=False)
    comments = paragraphs(
        "Their comments",
        limit=TEXT_MAX_LENGTH,
        required=False,
        rows=6,
        help_text="What they said about the complaint, in their words where you can. Tell them "
        "how their comments were used in the response.",
    )
    support_offered = paragraphs("Support offered", limit=TEXT_MAX_LENGTH, required=False)
    told_outcome_on = NHSDateField(label="Date they were told the outcome", required=False)
