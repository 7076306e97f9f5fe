from careprog.forms.dates import NHSDateField
from careprog.forms.nhs_number import NHSNumberField

__all__ = ["NHSDateField", "NHSNumberField"]
