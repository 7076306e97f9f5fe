"""The one type-ahead picker: choose a person from a staff directory of thousands.

It is a plain text input. With JavaScript, frontend/careprog.js turns it into the GOV.UK
accessible autocomplete, which asks ``careprog:staff_lookup`` as you type and sends the chosen
person's id beside the text. Without JavaScript, the server finds the person from the typed
name or email, and when several people match it says so and lists them.
"""

from django import forms
from django.urls import reverse_lazy

from careprog.models import StaffMember

SUGGESTIONS = 10


def staff_label(person: StaffMember) -> str:
    """How a person appears in the picker: name, job, where they work, and their email, which
    tells apart two people of the same name and job in the same CSC."""
    where = person.csc.name if person.csc_id else "Corporate"
    return f"{person.name}, {person.job_title} ({where}), {person.email}"


class StaffPickerInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.update(
            {
                "data-module": "app-picker",
                "data-picker-source": str(reverse_lazy("careprog:staff_lookup")),
                "data-picker-id-field": f"{name}_id",
            }
        )
        if isinstance(value, StaffMember):
            widget_attrs["data-picker-chosen-id"] = str(value.pk)
        elif isinstance(value, dict) and value.get("id"):
            widget_attrs["data-picker-chosen-id"] = value["id"]
        return context

    def format_value(self, value):
        if isinstance(value, dict):  # what was submitted, shown again beside its error
            return value.get("text", "")
        if isinstance(value, StaffMember):
            return staff_label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            person = StaffMember.objects.select_related("csc").filter(pk=value).first()
            return staff_label(person) if person else ""
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        # The autocomplete sends the chosen id beside the text; keep both so the field can
        # check that the text still names the person chosen.
        return {"text": data.get(name, ""), "id": data.get(f"{name}_id", "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class StaffPickerField(forms.Field):
    """A single active member of staff, typed or picked."""

    widget = StaffPickerInput
    default_error_messages = {
        "required": "Enter the name or email of a member of staff",
        "none": "No one in the staff directory matches “%(text)s”: check the spelling, or "
        "type their email address",
        "many": "%(count)s people match “%(text)s”: type more of their name, or their email "
        "address. For example: %(examples)s",
    }

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = queryset if queryset is not None else StaffMember.objects.active()
        kwargs.setdefault("help_text", "Start typing their name, then choose from the list")
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, StaffMember) or value in (None, ""):
            return value or None
        if not isinstance(value, dict):
            value = {"text": str(value), "id": ""}
        text, chosen = value.get("text", "").strip(), value.get("id", "")
        if not text:
            return None
        people = self.queryset.select_related("csc")
        if chosen.isdigit():
            person = people.filter(pk=chosen).first()
            if person and staff_label(person) == text:
                return person
        return self.find(people, text)

    def find(self, people, text: str) -> StaffMember:
        # An email (typed, or the end of a picked label) names one person; otherwise the
        # words before any comma are matched against names, and a whole label or an exact
        # name picks one of those.
        email = next((part.strip() for part in text.split(",") if "@" in part), "")
        if email:
            matches = list(people.filter(email__iexact=email)[:2])
        else:
            name = text.split(",")[0]
            matches = list(people.search_name(name).order_by("name", "pk")[: SUGGESTIONS * 5])
            for exact in (
                [p for p in matches if staff_label(p) == text],
                [p for p in matches if p.name.lower() == text.lower()],
            ):
                if len(exact) == 1:
                    matches = exact
                    break
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                self.error_messages["none"], code="none", params={"text": text}
            )
        examples = "; ".join(f"{staff_label(p)}, {p.email}" for p in matches[:3])
        count = f"{len(matches)}" if len(matches) < SUGGESTIONS else f"{SUGGESTIONS} or more"
        raise forms.ValidationError(
            self.error_messages["many"],
            code="many",
            params={"text": text, "count": count, "examples": examples},
        )

    def prepare_value(self, value):
        return value

    def has_changed(self, initial, data):
        initial_pk = getattr(initial, "pk", initial)
        try:
            data_pk = getattr(self.to_python(data), "pk", None)
        except forms.ValidationError:
            return True
        return initial_pk != data_pk


class MultiPickerSelect(forms.SelectMultiple):
    """Several choices from a long list, typed rather than Ctrl-clicked.

    A plain multiple select, which works without JavaScript. frontend/careprog.js turns it into
    a type-ahead that adds each choice as a tag with a Remove button, keeping the select (hidden)
    as what the form posts. With ``source`` (a lookup URL, as the staff picker's) suggestions
    come from the server, so a directory of thousands is never searched in the page; without it,
    from the select's own options.
    """

    def __init__(self, attrs=None, *, source: str | None = None):
        attrs = {"data-module": "app-multi-picker", **(attrs or {})}
        super().__init__(attrs)
        self.source = source

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.source:
            context["widget"]["attrs"]["data-picker-source"] = str(self.source)
        return context
