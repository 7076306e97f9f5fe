"""NHS numbers are stored as 10 digits and shown 3-3-4, as the NHS writes them."""

import pytest

from careprog.forms.nhs_number import NHSNumberField
from careprog.validators import format_nhs_number


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("9434765919", "943 476 5919"),
        ("943 476 5919", "943 476 5919"),
        ("", ""),
        (None, ""),
        ("943476591", "943476591"),  # not 10 digits: shown as stored, never changed
        ("94347659190", "94347659190"),
        ("ABC4765919", "ABC4765919"),
    ],
)
def test_formatting(stored, shown):
    assert format_nhs_number(stored) == shown


def test_the_form_field_shows_a_stored_number_spaced_and_a_typed_one_as_typed():
    field = NHSNumberField(required=False)
    assert field.prepare_value("9434765919") == "943 476 5919"
    assert field.prepare_value("94347") == "94347"
    assert field.clean("943 476 5919") == "9434765919"
