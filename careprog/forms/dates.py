"""The NHS.UK date input: day, month and year boxes, with messages that say what is wrong."""

import datetime

from django import forms


class DateInputWidget(forms.MultiWidget):
    nhsuk_date_input = True  # tells the template pack to render the NHS.UK date input

    def __init__(self, attrs=None):
        # Rendered by the NHS.UK template pack (careprog/templates/nhsuk/field.html).
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        # Also accept a single ISO value (name=2026-12-23), as filters in links use.
        if data.get(name):
            try:
                day = datetime.date.fromisoformat(data[name])
                return [str(day.day), str(day.month), str(day.year)]
            except ValueError:
                pass
        return super().value_from_datadict(data, files, name)


class NHSDateField(forms.MultiValueField):
    """A date typed as day, month and year, as the NHS.UK design system asks."""

    widget = DateInputWidget

    def __init__(self, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("help_text", "For example, 15 3 2026")
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = ((part or "").strip() for part in data_list)
        name = (self.label or "Date").rstrip("?")
        missing = [
            label for label, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise forms.ValidationError(
                f"{name} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{name} must be a real date, in numbers", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError(f"{name} must have a 4-digit year", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                f"{name} must be a real date: {day}/{month}/{year} does not exist",
                code="invalid",
            ) from None
