"""The form to resolve a complaint or PALS concern early, at first contact."""

from django import forms

from feedback.forms.actions import ActionForm, today_field
from feedback.forms.text import paragraphs
from feedback.services.early_resolution import LEARNING_DUE_WORKING_DAYS, TEXT_MAX_LENGTH


class EarlyResolutionForm(ActionForm):
    on = today_field("Date resolved")
    what_was_done = paragraphs(
        "What was done to resolve it?",
        limit=TEXT_MAX_LENGTH,
        rows=4,
        help_text="For example, an apology from the ward manager and the appointment rebooked",
        error_messages={"required": "Enter what was done to resolve it"},
    )
    learning = paragraphs(
        "Learning",
        limit=TEXT_MAX_LENGTH,
        required=False,
        help_text="What the service will do differently, if anything",
    )
    make_learning_action = forms.BooleanField(
        label="Make this learning a learning action, owned by me",
        required=False,
        help_text=f"It is added to the item's 'you said, we did', due in "
        f"{LEARNING_DUE_WORKING_DAYS} working days",
    )

    def clean(self):
        data = super().clean()
        if data.get("make_learning_action") and not (data.get("learning") or "").strip():
            self.add_error("learning", "Enter the learning to make it a learning action")
        return data
