"""Select boxes written in Python are exactly what Django's templates write, escaping included."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from careprog.forms.renderer import FormRenderer

CHOICES = [
    ("", "Any"),
    ("a&b", 'Fish & "chips" <script>'),
    (3, "Three"),
    ("Group <one>", [("g1", "In a group"), ("g2", "Also & in")]),
]


class Choosing(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    flagged = forms.ChoiceField(
        choices=CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "nhsuk-select", "disabled": True, "data-x": False}),
    )


@pytest.mark.parametrize("data", [{}, {"one": "a&b", "many": ["g1", "3"], "flagged": "g2"}])
@pytest.mark.parametrize("name", ["one", "many", "flagged"])
def test_a_select_is_written_as_djangos_templates_write_it(data, name):
    ours = Choosing(data=data or None, renderer=FormRenderer())[name].as_widget()
    djangos = Choosing(data=data or None, renderer=DjangoTemplates())[name].as_widget()
    assert ours == djangos
    assert "&lt;script&gt;" in ours
    assert "<script>" not in ours


def test_other_widgets_are_left_to_their_templates():
    class Typing(forms.Form):
        text = forms.CharField()

    form = Typing(renderer=FormRenderer())
    assert form["text"].as_widget() == Typing(renderer=DjangoTemplates())["text"].as_widget()
