"""Free text typed into a textarea."""

from django import forms


class ParagraphsField(forms.CharField):
    """Text of one or more paragraphs. Browsers send each line break as two characters; the
    NHS.UK character count (and people) count one, so limits are checked the same way."""

    def to_python(self, value):
        return super().to_python((value or "").replace("\r\n", "\n") if value else value)
