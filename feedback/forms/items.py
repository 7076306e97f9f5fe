"""The form to log or edit an item. It adapts to the kind: each kind shows the fields it needs."""

from django import forms
from django.urls import reverse, reverse_lazy

from careprog.forms import NHSDateField, NHSNumberField
from careprog.forms.pickers import MultiPickerSelect
from careprog.forms.text import ParagraphsField
from careprog.models import (
    CareStandard,
    ClinicalServiceCentre,
    Department,
    ExpectedBehaviour,
    StaffMember,
)
from careprog.wording import in_a_sentence
from feedback.forms.text import paragraphs
from feedback.models import FeedbackItem, Profession, ResponseTier, ServiceArea, Subject
from feedback.models.choices import Kind
from feedback.models.limits import ADDRESS_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, TextLimit
from feedback.services.issues import ISSUE_MAX_LENGTH, TEXT_MAX_LENGTH

COMMON = [
    "received_on",
    "channel",
    "raised_by",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_address",
    "patient_name",
    "patient_date_of_birth",
    "nhs_number",
    "hospital_number",
    "csc",
    "department",
    "summary",
    "description",
    "staff_named",
    "subjects",
    "service_area",
    "professions",
    "standards",
    "behaviours",
]
FIELDS_BY_KIND = {
    Kind.COMPLAINT: [
        *COMMON,
        "event_on",
        "age_band",
        "complainant_status",
        "severity",
        "tier",
        "consent",
    ],
    Kind.PALS: [*COMMON, "event_on", "age_band", "complainant_status"],
    Kind.COMPLIMENT: COMMON,
    Kind.COMMENT: COMMON,
}
REQUIRED_BY_KIND = {Kind.COMPLAINT: ["severity", "tier"]}

# How the page groups the fields, so the form reads in the order a call is taken.
SECTIONS = [
    ("About the feedback", ["received_on", "channel", "summary", "description", "event_on"]),
    # Clarifying the complaint (NHS Complaint Standards); asked only when a complaint is logged.
    ("What they want answered", ["issues", "impact", "outcome_sought"]),
    (
        "Who raised it",
        [
            "raised_by",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_address",
            "complainant_status",
        ],
    ),
    (
        "Patient",
        ["patient_name", "patient_date_of_birth", "nhs_number", "hospital_number", "age_band"],
    ),
    ("Where it happened", ["csc", "department", "staff_named"]),
    ("Triage", ["severity", "tier", "consent"]),
    ("Categories", ["subjects", "service_area", "professions", "standards", "behaviours"]),
]


# What each kind asks first, in one short section; everything else waits in sections that open
# when asked for (or when they hold an answer or an error). A busy officer logging a phone
# compliment answers only these. A complaint keeps every statutory field in view.
FIRST_BY_KIND = {
    Kind.COMPLIMENT: [
        "received_on",
        "channel",
        "raised_by",
        "contact_name",
        "summary",
        "csc",
        "department",
        "staff_named",
    ],
    Kind.COMMENT: [
        "received_on",
        "channel",
        "raised_by",
        "contact_name",
        "summary",
        "description",
        "csc",
        "department",
    ],
    Kind.PALS: [
        "received_on",
        "channel",
        "raised_by",
        "contact_name",
        "contact_phone",
        "contact_email",
        "summary",
        "description",
        "csc",
        "department",
    ],
}
# Beside "About the compliment", the rest of "About the feedback" needs a name of its own.
FOLDED_HEADINGS = {"About the feedback": "Full account and date of the event"}
# For a complaint only these wait: they are not part of the statutory record.
LATER_FOR_COMPLAINTS = ["standards", "behaviours"]


def issue_lines(text: str) -> list[str]:
    """The issues typed one per line, blank lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def too_long(label: str) -> dict[str, str]:
    return {"max_length": f"{label} must be {TEXT_MAX_LENGTH:,} characters or fewer"}


def clarifying_fields() -> dict[str, forms.Field]:
    """What a complaint is logged with beyond the register's fields: the issues to answer,
    the impact on the person and the outcome they want. Later changes are made on the
    complaint's "Clarify the complaint" page, where each issue is kept and numbered."""
    return {
        # Each issue has its own limit (clean_issues); the whole box one too, so a pasted
        # document cannot become hundreds of issues.
        "issues": ParagraphsField(
            label="Issues to answer (one per line)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 5}),
            validators=[TextLimit("Issues to answer", DESCRIPTION_MAX_LENGTH)],
            help_text="Each thing the person wants answered, in their words or a summary. "
            "The final response answers each one.",
        ),
        "impact": ParagraphsField(
            label="Impact on the person",
            required=False,
            max_length=TEXT_MAX_LENGTH,
            error_messages=too_long("Impact on the person"),
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        "outcome_sought": ParagraphsField(
            label="Outcome they want",
            required=False,
            max_length=TEXT_MAX_LENGTH,
            error_messages=too_long("Outcome they want"),
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="For example, an apology, an explanation, or a change so it does not "
            "happen again",
        ),
    }


class StandardChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.text}"


class DepartmentSelect(forms.Select):
    """Each ward carries its CSC, so the page can offer only the chosen CSC's wards."""

    def __init__(self, attrs=None):
        super().__init__({"data-follows": "csc", **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        department = getattr(value, "instance", None)
        if department is not None:
            option["attrs"]["data-csc"] = str(department.csc_id)
        return option


class DepartmentChoiceField(forms.ModelChoiceField):
    widget = DepartmentSelect

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.csc.name})"


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        where = obj.csc.name if obj.csc_id else "Corporate"
        return f"{obj.name}, {obj.job_title} ({where})"


class FeedbackItemForm(forms.ModelForm):
    received_on = NHSDateField(label="Date received")
    event_on = NHSDateField(
        label="Date of the event", required=False, help_text="If known. For example, 15 3 2026"
    )
    patient_date_of_birth = NHSDateField(label="Patient date of birth", required=False)
    nhs_number = NHSNumberField(label="NHS number", required=False)
    # The model refuses them too (FeedbackItem), for imports and every other caller.
    description = paragraphs("Description", limit=DESCRIPTION_MAX_LENGTH, required=False, rows=5)
    contact_address = paragraphs("Contact address", limit=ADDRESS_MAX_LENGTH, required=False)

    class Meta:
        model = FeedbackItem
        fields = FIELDS_BY_KIND[Kind.COMPLAINT]
        widgets = {
            "channel": forms.Select,
            "raised_by": forms.RadioSelect,
            "severity": forms.RadioSelect,
            "tier": forms.RadioSelect,
            "consent": forms.RadioSelect,
            "subjects": forms.CheckboxSelectMultiple,
            "professions": forms.CheckboxSelectMultiple,
            "behaviours": MultiPickerSelect(attrs={"size": 8}),
        }
        help_texts = {
            "summary": "One line that says what it is about, for lists and reports",
            "tier": "How long the trust allows for the response",
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        # The model's own rules (e.g. who may be anonymous) depend on the kind.
        self.instance.kind = kind
        wanted = FIELDS_BY_KIND[kind]
        for name in list(self.fields):
            # The version is not a detail of the item but the stale-edit check: it always stays.
            if name not in wanted and name != "version":
                del self.fields[name]
        for name in REQUIRED_BY_KIND.get(kind, []):
            self.fields[name].required = True
        self._limit_choices()
        if kind == Kind.COMPLAINT and self.instance.pk is None:
            self.fields.update(clarifying_fields())
        self._say_what_is_missing()
        # While a new item is logged, the NHS number is checked for open cases as it is typed.
        self.checks_duplicates = self.instance.pk is None and "nhs_number" in self.fields
        if self.checks_duplicates:
            self.fields["nhs_number"].widget.attrs.update(
                {
                    "hx-get": reverse("feedback:possible_duplicates"),
                    "hx-trigger": "input changed delay:400ms, change",
                    "hx-target": "#possible-duplicates",
                    "hx-swap": "outerHTML",
                }
            )

    def _say_what_is_missing(self):
        # NHS.UK style: name the missing answer instead of "This field is required".
        for field in self.fields.values():
            label = str(field.label or "").lower()
            verb = (
                "Select" if isinstance(field.widget, forms.Select | forms.RadioSelect) else "Enter"
            )
            field.error_messages["required"] = f"{verb} {label}"

    def _limit_choices(self):
        fields = self.fields
        fields["csc"].queryset = ClinicalServiceCentre.objects.active()
        fields["department"] = DepartmentChoiceField(
            queryset=Department.objects.active().select_related("csc"),
            required=False,
            label="Department or ward",
        )
        fields["staff_named"] = StaffChoiceField(
            queryset=StaffMember.objects.active().with_organisation(),
            required=False,
            label="Staff named",
            help_text="Start typing a name, then choose from the list; add as many as needed",
            widget=MultiPickerSelect(source=reverse_lazy("careprog:staff_lookup")),
        )
        fields["subjects"].queryset = Subject.objects.active()
        fields["subjects"].label = "KO41a subjects"
        fields["service_area"].queryset = ServiceArea.objects.active()
        fields["professions"].queryset = Profession.objects.active()
        fields["standards"] = StandardChoiceField(
            queryset=CareStandard.objects.active().with_criterion(),
            required=False,
            label="Customer care standards",
            widget=MultiPickerSelect(attrs={"size": 8}),
            help_text="The trust's standards this concerns: type a number or a word",
        )
        fields["behaviours"].queryset = ExpectedBehaviour.objects.active()
        fields["behaviours"].help_text = "The expected behaviours it shows or lacks: type a word"
        if "tier" in fields:
            fields["tier"].queryset = ResponseTier.objects.active()
            fields["tier"].empty_label = None
        for name in ("severity", "consent", "raised_by"):
            if name in fields:
                # Radios need no blank choice: an unanswered question is left unselected.
                fields[name].choices = [c for c in fields[name].choices if c[0] != ""]

    def sections(self) -> list[tuple[str, list, bool]]:
        """[(heading, [bound fields], folded)], skipping fields this kind does not use. A
        folded section is shown closed unless it holds an answer or an error."""
        first = FIRST_BY_KIND.get(self.kind)
        if first is None:
            later = [n for n in LATER_FOR_COMPLAINTS if n in self.fields]
            sections = [
                (heading, [n for n in names if n in self.fields and n not in later], False)
                for heading, names in SECTIONS
            ]
            sections.append(("Customer care standards and behaviours", later, True))
        else:
            kind = in_a_sentence(Kind(self.kind).label)
            sections = [(f"About the {kind}", [n for n in first if n in self.fields], False)]
            sections += [
                (
                    FOLDED_HEADINGS.get(heading, heading),
                    [n for n in names if n in self.fields and n not in first],
                    True,
                )
                for heading, names in SECTIONS
            ]
        return [
            (heading, [self[n] for n in names], folded and not self._answered(names))
            for heading, names, folded in sections
            if names
        ]

    def _answered(self, names: list[str]) -> bool:
        """Whether any of these fields holds an answer (given or initial), or an error."""
        if any(name in self.errors for name in names):
            return True

        def filled(value) -> bool:
            if isinstance(value, list | tuple):
                return any(filled(part) for part in value)
            return value not in (None, "", False)

        # A field still at its default (an age band of "Unknown") holds no answer.
        return any(
            filled(value) and value != self.fields[name].initial
            for name in names
            for value in [self[name].value()]
        )

    def clean_issues(self):
        lines = issue_lines(self.cleaned_data["issues"])
        for number, line in enumerate(lines, start=1):
            if len(line) > ISSUE_MAX_LENGTH:
                raise forms.ValidationError(
                    f"Issue {number} must be {ISSUE_MAX_LENGTH:,} characters or fewer"
                )
        return lines

    def details(self) -> dict:
        """Cleaned values for the service (the issues apart: see ``issues``)."""
        data = dict(self.cleaned_data)
        data.pop("issues", None)
        return data

    def issues(self) -> list[str]:
        """The issues to answer typed when a complaint is logged, one per line."""
        return self.cleaned_data.get("issues", [])


class FeedbackItemEditForm(FeedbackItemForm):
    """The same form for an existing item, carrying the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def details(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class KindChoiceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of feedback is it?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of feedback it is"},
    )
