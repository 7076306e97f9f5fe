"""The crispy-forms NHS.UK template pack renders fields, hints and errors the NHS.UK way."""

from django import forms
from django.template import Context, Template

TEMPLATE = Template("{% load crispy_forms_tags %}{{ form|crispy }}")


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on their hospital record")
    contact = forms.ChoiceField(
        label="How should we reply?",
        choices=[("email", "Email"), ("letter", "Letter")],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    consent = forms.BooleanField(label="Consent given", required=False)
    csc = forms.ChoiceField(label="Service centre", choices=[("med", "Medicine")])

    def clean(self):
        raise forms.ValidationError("Something about the form as a whole")


def render(form) -> str:
    return TEMPLATE.render(Context({"form": form}))


class TestNhsukTemplatePack:
    def test_fields_use_nhsuk_components(self):
        html = render(ExampleForm())
        assert 'class="nhsuk-input"' in html
        assert 'class="nhsuk-textarea"' in html
        assert 'class="nhsuk-select"' in html
        assert 'class="nhsuk-radios__input"' in html
        assert 'class="nhsuk-checkboxes__input"' in html
        assert '<div class="nhsuk-hint" id="id_name-hint">As on their hospital record</div>' in html
        assert "Notes (optional)" in html

    def test_errors_render_summary_linked_to_fields(self):
        form = ExampleForm(data={"notes": "x"})
        form.is_valid()
        html = render(form)
        assert "nhsuk-error-summary" in html
        assert "There is a problem" in html
        assert '<a href="#id_name">This field is required.</a>' in html
        # Radios link to their first option, which is what receives focus.
        assert '<a href="#id_contact_0">' in html
        assert "Something about the form as a whole" in html

    def test_field_error_is_announced_and_described(self):
        form = ExampleForm(data={})
        form.is_valid()
        html = render(form)
        assert "nhsuk-form-group--error" in html
        assert '<span class="nhsuk-error-message" id="id_name-error">' in html
        assert "nhsuk-input--error" in html
        assert 'aria-describedby="id_name-hint id_name-error"' in html

    def test_valid_form_has_no_error_summary(self):
        class SimpleForm(forms.Form):
            name = forms.CharField(label="Full name")

        form = SimpleForm(data={"name": "Alex"})
        assert form.is_valid()
        html = render(form)
        assert "nhsuk-error-summary" not in html
        assert "nhsuk-form-group--error" not in html
