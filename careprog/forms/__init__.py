from careprog.forms.dates import NHSDateField
from careprog.forms.nhs_number import NHSNumberField
from careprog.forms.pickers import StaffPickerField

__all__ = ["NHSDateField", "NHSNumberField", "StaffPickerField"]
