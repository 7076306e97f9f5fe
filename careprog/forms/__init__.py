from careprog.forms.dates import NHSDateField
from careprog.forms.nhs_number import NHSNumberField
from careprog.forms.pickers import StaffPickerField
from careprog.forms.text import ParagraphsField

__all__ = ["NHSDateField", "NHSNumberField", "ParagraphsField", "StaffPickerField"]
