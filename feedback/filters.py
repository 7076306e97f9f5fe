"""The register's filters: a GET form whose values are applied through QuerySet methods."""

from django import forms

from careprog.forms import NHSDateField
from careprog.models import CareStandard, ClinicalServiceCentre
from feedback.models import Subject
from feedback.models.choices import Kind, Status
from feedback.search import MAX_SEARCH_LENGTH


class StandardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.text[:70]}"


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        error_messages={
            "max_length": f"Search must be {MAX_SEARCH_LENGTH} characters or fewer",
        },
        help_text="Reference, NHS number, name, or words in the summary or description",
    )
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any"), *Kind.choices])
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *Status.choices]
    )
    csc = forms.ModelChoiceField(
        label="Clinical Service Centre",
        required=False,
        queryset=ClinicalServiceCentre.objects.none(),
        empty_label="Any",
        to_field_name="code",
    )
    subject = forms.ModelChoiceField(
        label="KO41a subject", required=False, queryset=Subject.objects.active(), empty_label="Any"
    )
    standard = StandardChoiceField(
        label="Care standard",
        required=False,
        queryset=CareStandard.objects.active().with_criterion(),
        empty_label="Any",
    )
    received_from = NHSDateField(label="Received from", required=False, help_text="")
    received_to = NHSDateField(label="Received to", required=False, help_text="")
    overdue = forms.BooleanField(label="Only overdue complaints", required=False)
    resolved_early = forms.ChoiceField(
        label="Resolved early",
        required=False,
        choices=[("", "Any"), ("yes", "Yes"), ("no", "No")],
        help_text="Resolved at first contact, within the early-resolution window",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A CSC manager can only filter by the CSCs they can see.
        self.fields["csc"].queryset = ClinicalServiceCentre.objects.visible_to(user).active()

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", "Received to must be on or after received from")
        return data

    def apply(self, queryset, *, today):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["kind"]:
            queryset = queryset.of_kind(data["kind"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["csc"]:
            queryset = queryset.filter(csc=data["csc"])
        if data["subject"]:
            queryset = queryset.about_subject(data["subject"])
        if data["standard"]:
            queryset = queryset.about_standard(data["standard"])
        queryset = queryset.received_between(data["received_from"], data["received_to"])
        if data["overdue"]:
            queryset = queryset.overdue(today)
        if data["resolved_early"] == "yes":
            queryset = queryset.resolved_early()
        elif data["resolved_early"] == "no":
            queryset = queryset.not_resolved_early()
        return queryset.search(data["q"] or "")
