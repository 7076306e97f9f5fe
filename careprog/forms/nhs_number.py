from django import forms

from careprog.validators import format_nhs_number, normalise_nhs_number, validate_nhs_number


class NHSNumberField(forms.CharField):
    """An NHS number, typed with or without spaces, stored as 10 digits."""

    default_validators = [validate_nhs_number]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("help_text", "10 digits, for example 943 476 5919")
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "class": "nhsuk-input--width-10 nhsuk-input--code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        )

    def to_python(self, value):
        return normalise_nhs_number(super().to_python(value))

    def prepare_value(self, value):
        # A stored number is shown spaced, as typed; what the user typed is shown as typed.
        return format_nhs_number(value) if isinstance(value, str) else value
