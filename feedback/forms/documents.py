"""Forms to add a document to a case and to supersede one. The services check again."""

from django import forms

from careprog.uploads import DOCUMENT_KINDS, CheckedFileField
from feedback.models import DocumentKind
from feedback.services.documents import (
    DESCRIPTION_MAX_LENGTH,
    DOCUMENT_MAX_BYTES,
    REASON_MAX_LENGTH,
)


class DocumentForm(forms.Form):
    file = CheckedFileField(
        label="File",
        kinds=DOCUMENT_KINDS,
        max_bytes=DOCUMENT_MAX_BYTES,
        help_text="PDF, Word, Excel, email (.eml or .msg), PNG or JPEG, up to 20 MB",
        error_messages={"required": "Choose a file to upload"},
    )
    kind = forms.ChoiceField(
        label="What is it?",
        # The final response is produced under Letters from the signed-off draft, not uploaded.
        choices=[c for c in DocumentKind.choices if c[0] != DocumentKind.FINAL_RESPONSE],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of document this is"},
    )
    description = forms.CharField(
        label="Description",
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        help_text="For example, 'Statement from the ward sister, 3 March'",
    )


class SupersedeForm(forms.Form):
    reason = forms.CharField(
        label="Why is this document being superseded?",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, 'Replaced by the signed copy'. The document is kept, marked as "
        "superseded",
        error_messages={"required": "Say why this document is being superseded"},
    )
