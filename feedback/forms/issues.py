"""Forms for clarifying a complaint and recording the finding on each of its issues. Each
carries the complaint's version, so a change made from a page someone else has since changed
is refused rather than applied blind."""

from django import forms

from feedback.forms.actions import ActionForm
from feedback.forms.text import paragraphs
from feedback.models import Finding
from feedback.services.issues import ISSUE_MAX_LENGTH, TEXT_MAX_LENGTH


class ClarifyForm(ActionForm):
    impact = paragraphs(
        "Impact on the person",
        required=False,
        limit=TEXT_MAX_LENGTH,
        help_text="How what happened has affected them, in their words",
    )
    outcome_sought = paragraphs(
        "Outcome they want",
        required=False,
        limit=TEXT_MAX_LENGTH,
        help_text="For example, an apology, an explanation, or a change so it does not "
        "happen again",
    )

    @classmethod
    def initial_for(cls, item) -> dict:
        return {
            **super().initial_for(item),
            "impact": item.impact,
            "outcome_sought": item.outcome_sought,
        }


class IssueForm(ActionForm):
    description = paragraphs(
        "What happened",
        limit=ISSUE_MAX_LENGTH,
        help_text="One thing the person wants answered, in their words or a summary",
        error_messages={"required": "Enter what happened"},
    )


class WithdrawIssueForm(ActionForm):
    reason = paragraphs(
        "Why is the issue withdrawn?",
        limit=TEXT_MAX_LENGTH,
        name="Reason",
        help_text="For example, raised in error, or the person no longer wants it answered",
        error_messages={"required": "Enter why the issue is withdrawn"},
    )


class FindingForm(ActionForm):
    finding = forms.ChoiceField(
        label="Finding",
        choices=Finding.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the issue is upheld"},
    )
    explanation = paragraphs(
        "Why",
        rows=4,
        limit=TEXT_MAX_LENGTH,
        help_text="A short explanation the response can give the person",
        error_messages={"required": "Enter why, in a few sentences"},
    )
    what_will_change = paragraphs(
        "What will change",
        required=False,
        limit=TEXT_MAX_LENGTH,
        help_text="What the service will do differently because of this issue",
    )
