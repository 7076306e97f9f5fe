"""Checking one CSV row: a Django form per row, with messages that name the column."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from careprog.forms import NHSNumberField
from careprog.models import ClinicalServiceCentre
from feedback.csv_format import (
    PROCESS_COLUMNS,
    SUBJECT_SEPARATOR,
    parse_date,
    unprotect_formula,
)
from feedback.importing.results import ParsedRow
from feedback.models import ResponseTier, Subject
from feedback.models.choices import (
    REFERENCE_PREFIX,
    Channel,
    Kind,
    Outcome,
    RaisedBy,
    Status,
)
from feedback.models.limits import DESCRIPTION_MAX_LENGTH

# The statuses each kind can reach through its services; an import may only set these.
STATUSES_OF_KIND = {
    Kind.COMPLAINT: [
        Status.RECEIVED,
        Status.ACKNOWLEDGED,
        Status.UNDER_INVESTIGATION,
        Status.RESPONSE_DRAFTED,
        Status.AWAITING_SIGN_OFF,
        Status.RESPONSE_SENT,
        Status.CLOSED,
        Status.WITHDRAWN,
    ],
    Kind.PALS: [Status.OPEN, Status.RESOLVED, Status.ESCALATED],
    Kind.COMPLIMENT: [Status.RECEIVED, Status.SHARED],
    Kind.COMMENT: [Status.RECEIVED, Status.CLOSED],
}
KIND_NAMES = {
    Kind.COMPLAINT: "a formal complaint",
    Kind.PALS: "a PALS contact",
    Kind.COMPLIMENT: "a compliment",
    Kind.COMMENT: "a comment",
}
REFERENCE_PATTERN = re.compile(r"([A-Z]+)/(\d{4})/(\d{5,})")
# Model fields whose CSV column has another name.
COLUMN_OF_FIELD = {"subjects": "subject"}
# How many references to look up in the database in one query.
LOOKUP_BATCH = 500


class Lookups:
    """The reference data a file names, read once for the whole file."""

    def __init__(self):
        self.cscs = _Index({csc.code: csc for csc in ClinicalServiceCentre.objects.all()})
        self.subjects = _Index({subject.name: subject for subject in Subject.objects.all()})
        self.tiers = _Index({tier.code: tier for tier in ResponseTier.objects.all()})


class _Index:
    """Find by exact name, or else ignoring case (people type "Communications" as they like)."""

    def __init__(self, by_name: dict):
        self.by_name = by_name
        self.by_lower = {name.lower(): value for name, value in by_name.items()}

    def find(self, name: str):
        return self.by_name.get(name) or self.by_lower.get(name.lower())

    def names(self) -> str:
        return ", ".join(self.by_name)


class IsoDateField(forms.Field):
    """A date written YYYY-MM-DD, as the export writes dates."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class _ChoiceField(forms.ChoiceField):
    # Spreadsheets capitalise the first letter of a cell ("Complaint"); the values are lower case.
    def to_python(self, value):
        return super().to_python(value).strip().lower()


def _choice(choices, what: str, *, required: bool = True) -> forms.ChoiceField:
    values = ", ".join(value for value, _ in choices)
    return _ChoiceField(
        choices=choices,
        required=required,
        error_messages={
            "required": f"must not be blank: give the {what}, one of {values}",
            "invalid_choice": f"“%(value)s” is not a {what}: use one of {values}",
        },
    )


def _text(what: str, *, max_length: int, required: bool = False) -> forms.CharField:
    return forms.CharField(
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"must not be blank: give the {what}",
            "max_length": f"must be at most {max_length} characters (this has %(show_value)d)",
        },
    )


class FeedbackRowForm(forms.Form):
    """One data row of an import file. Field names are the column names."""

    reference = forms.CharField(required=False)
    kind = _choice(Kind.choices, "kind of feedback")
    received_on = IsoDateField(error_messages={"required": "must not be blank: give the date"})
    channel = _choice(Channel.choices, "channel")
    csc = forms.CharField(
        error_messages={"required": "must not be blank: give the Clinical Service Centre code"}
    )
    subject = forms.CharField(required=False)
    summary = _text("summary", max_length=200, required=True)
    description = _text("description", max_length=DESCRIPTION_MAX_LENGTH)
    nhs_number = NHSNumberField(required=False)
    patient_name = _text("patient's name", max_length=120)
    raised_by = _choice(RaisedBy.choices, "raised by value")
    tier = forms.CharField(required=False)
    # Optional columns: where an item exported from a register had got to.
    status = _choice(Status.choices, "status", required=False)
    acknowledge_by = IsoDateField(required=False)
    respond_by = IsoDateField(required=False)
    outcome = _choice(Outcome.choices, "complaint outcome", required=False)

    def __init__(self, data, *, lookups: Lookups, today: date):
        # The export protects every cell from spreadsheet formulas (feedback.csv_format), so
        # every cell has the apostrophe taken off before it is read.
        super().__init__({name: unprotect_formula(value) for name, value in data.items()})
        self.lookups = lookups
        self.today = today

    def _clean_fields(self):
        # As Form._clean_fields, without a BoundField for every cell: a third of the time of
        # checking a row. The cells are plain strings, as a TextInput would read them.
        for name, field in self.fields.items():
            try:
                self.cleaned_data[name] = field.clean(self.data.get(name))
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as error:
                self.add_error(name, error)

    def clean_reference(self):
        return self.cleaned_data["reference"].upper()

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > self.today:
            raise ValidationError(
                f"{received_on:%Y-%m-%d} is in the future: the date received must be today "
                "or earlier",
                code="future",
            )
        return received_on

    def clean_csc(self):
        code = self.cleaned_data["csc"]
        csc = self.lookups.cscs.find(code)
        if csc is None:
            raise ValidationError(
                f"no Clinical Service Centre has the code “{code}”: use one of "
                f"{self.lookups.cscs.names()}",
                code="unknown",
            )
        return csc

    def clean_subject(self):
        subjects = []
        for name in self.cleaned_data["subject"].split(SUBJECT_SEPARATOR):
            name = name.strip()
            if not name:
                continue
            subject = self.lookups.subjects.find(name)
            if subject is None:
                hint = " (separate subjects with ';', not ',')" if "," in name else ""
                self.add_error("subject", f"“{name}” is not a KO41a subject{hint}")
            elif subject not in subjects:
                subjects.append(subject)
        return subjects

    def clean_tier(self):
        code = self.cleaned_data["tier"]
        if not code:
            return None
        tier = self.lookups.tiers.find(code)
        if tier is None:
            raise ValidationError(
                f"“{code}” is not a response tier: use one of {self.lookups.tiers.names()}",
                code="unknown",
            )
        return tier

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data  # the rest depends on the kind
        if data.get("reference"):
            self._check_reference(kind, data["reference"])
        if kind == Kind.COMPLAINT:
            if "tier" in data and data["tier"] is None:
                self.add_error(
                    "tier",
                    f"a formal complaint needs a response tier: use one of "
                    f"{self.lookups.tiers.names()}",
                )
        else:
            for name in ("tier", "acknowledge_by", "respond_by", "outcome"):
                if data.get(name):
                    self.add_error(
                        name, f"only formal complaints have this: leave it blank for {_a(kind)}"
                    )
        status = data.get("status")
        if status and status not in STATUSES_OF_KIND[kind]:
            self.add_error(
                "status",
                f"“{status}” is not a status of {_a(kind)}: use one of "
                f"{', '.join(STATUSES_OF_KIND[kind])}",
            )
        return data

    def _check_reference(self, kind: str, reference: str) -> None:
        prefix = REFERENCE_PREFIX[kind]
        match = REFERENCE_PATTERN.fullmatch(reference)
        # The number is written as the register writes it: 5 digits, more only past 99999.
        if not match or f"{int(match[3]):05d}" != match[3]:
            self.add_error(
                "reference",
                f"“{reference}” is not a reference like {prefix}/2026/00088 (prefix, year, "
                "5-digit number); leave it blank to give the item a new reference",
            )
        elif match[1] != prefix:
            self.add_error(
                "reference",
                f"“{reference}” does not start {prefix}/, as references of {_a(kind)} do",
            )
        elif int(match[3]) == 0:
            self.add_error("reference", f"“{reference}”: reference numbers start at 00001")

    def parsed_row(self, number: int) -> ParsedRow:
        data = self.cleaned_data
        details = {
            "received_on": data["received_on"],
            "channel": data["channel"],
            "csc": data["csc"],
            "subjects": data["subject"],
            "summary": data["summary"],
            "description": data["description"],
            "nhs_number": data["nhs_number"],
            "patient_name": data["patient_name"],
            "raised_by": data["raised_by"],
            "tier": data["tier"],
        }
        process = {name: data[name] for name in PROCESS_COLUMNS if data.get(name)}
        return ParsedRow(number, data["kind"], data["reference"], details, process)


class _SharedFields(dict):
    """The form's fields, shared by every row's form instead of copied for each.

    Form.__init__ deep-copies every field so that one instance can change its own; a row form
    never changes or renders them, and the copy was half the time of checking a row (100,000
    rows: minutes)."""

    def __deepcopy__(self, memo):
        return self


FeedbackRowForm.base_fields = _SharedFields(FeedbackRowForm.base_fields)


def _a(kind: str) -> str:
    return KIND_NAMES[kind]


# Saving --------------------------------------------------------------------------------------
