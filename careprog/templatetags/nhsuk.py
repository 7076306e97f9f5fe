"""Template helpers for the NHS.UK crispy-forms pack: the right NHS.UK classes and ARIA links
for each widget, and the error summary's links to fields."""

from django import forms, template
from django.forms.widgets import Input

from careprog.validators import format_nhs_number

register = template.Library()

WIDGET_CLASSES = [
    (forms.Textarea, "nhsuk-textarea"),
    (forms.Select, "nhsuk-select"),
    (forms.ClearableFileInput, "nhsuk-file-upload"),
    (forms.FileInput, "nhsuk-file-upload"),
    (Input, "nhsuk-input"),
]


def widget_kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.MultiWidget):
        return "date" if getattr(widget, "nhsuk_date_input", False) else "multi"
    return "single"


register.filter("widget_kind", widget_kind)


@register.filter
def hint_id(field) -> str:
    return f"{field.auto_id}-hint"


@register.filter
def error_id(field) -> str:
    return f"{field.auto_id}-error"


@register.filter
def character_count(field) -> dict | None:
    """The NHS.UK character count's settings for a textarea with a limit, or None.

    A form asks for one with ``data-maxwords`` or ``data-maxlength`` on its Textarea; the live
    count comes from NHS.UK frontend's script, and the server checks the limit either way.
    """
    widget = field.field.widget
    if not isinstance(widget, forms.Textarea):
        return None
    for attribute, unit in (("data-maxwords", "words"), ("data-maxlength", "characters")):
        if widget.attrs.get(attribute):
            return {"attribute": attribute, "limit": widget.attrs[attribute], "unit": unit}
    return None


@register.filter
def count_info_id(field) -> str:
    return f"{field.auto_id}-info"


@register.filter
def described_by(field) -> str:
    ids = []
    if field.help_text:
        ids.append(hint_id(field))
    if field.errors:
        ids.append(error_id(field))
    if character_count(field):
        ids.append(count_info_id(field))
    return " ".join(ids)


@register.simple_tag
def nhsuk_widget(field, extra_classes: str = ""):
    """Render a single-input widget with its NHS.UK class, error class and ARIA description."""
    widget = field.field.widget
    base = next((css for kind, css in WIDGET_CLASSES if isinstance(widget, kind)), "nhsuk-input")
    classes = [base, widget.attrs.get("class", ""), extra_classes]
    if character_count(field):
        classes.append("nhsuk-js-character-count")
    if field.errors:
        classes.append(f"{base}--error")
    attrs = {"class": " ".join(c for c in classes if c)}
    if described := described_by(field):
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.filter
def error_anchor(field) -> str:
    """The id the error summary links to: the first input of a group, or the field itself."""
    kind = widget_kind(field)
    if kind in {"radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    if kind in {"date", "multi"}:
        return f"{field.auto_id}_0"
    return field.auto_id


@register.simple_tag
def error_summary_items(form):
    """Each error of the form, in field order, with the anchor it should link to."""
    items = [{"anchor": "", "message": message} for message in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            items.append({"anchor": error_anchor(field), "message": message})
    for name, errors in form.errors.items():
        if name != "__all__" and name not in form.fields:
            items.extend({"anchor": "", "message": message} for message in errors)
    return items


@register.simple_tag
def date_parts(field):
    """Day, month and year inputs of an NHSDateField: id, name, value and label of each."""
    widget = field.field.widget
    value = field.value()
    if not isinstance(value, list | tuple):
        value = widget.decompress(value)
    labels = ["Day", "Month", "Year"]
    return [
        {
            "id": f"{field.auto_id}_{index}",
            "name": f"{field.html_name}_{index}",
            "value": "" if value[index] is None else value[index],
            "label": labels[index],
            "width": 4 if index == 2 else 2,
        }
        for index in range(3)
    ]


@register.filter
def nhs_number(value) -> str:
    """``{{ item.nhs_number|nhs_number }}``: 943 476 5919, as the NHS writes it."""
    return format_nhs_number(value)
