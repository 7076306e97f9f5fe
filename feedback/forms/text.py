"""Free text with a limit: every textarea in the feedback forms has one, checked again by its
service, so a pasted document never fills a row meant for a paragraph."""

from django import forms

from careprog.forms.text import ParagraphsField
from feedback.models.limits import TextLimit


def paragraphs(
    label: str, *, limit: int, required: bool = True, rows: int = 3, name: str = "", **kwargs
) -> ParagraphsField:
    """A textarea with its limit. The NHS.UK character count shows the limit as people type;
    there is no hard maxlength, which would cut them off mid-sentence without saying why. The
    message names the limit and how many characters were typed; ``name`` is what it calls the
    text, where the label is a question."""
    return ParagraphsField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows, "data-maxlength": limit}),
        validators=[TextLimit(name or label, limit)],
        **kwargs,
    )
