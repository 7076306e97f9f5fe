"""Turning one's own daily digest on or off."""

from django import forms


class DigestSettingForm(forms.Form):
    daily_digest = forms.TypedChoiceField(
        label="Send me the daily email of cases due?",
        choices=[("yes", "Yes, each working day at 8am"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you want the daily email"},
    )
