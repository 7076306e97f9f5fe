"""Import feedback from a CSV file (layout in feedback/csv_format.py and docs/import-export.md).

All or nothing: every row is checked first and every problem reported, as
"row N, column X: message"; only a file with no problems is saved, in one transaction, and if
any row fails while saving (a rule only the model checks) nothing is saved.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careprog.forms import NHSNumberField
from careprog.models import ClinicalServiceCentre
from feedback.csv_format import (
    EXPORT_COLUMNS,
    IMPORT_COLUMNS,
    PROCESS_COLUMNS,
    SUBJECT_SEPARATOR,
    parse_date,
    unprotect_formula,
)
from feedback.models import FeedbackItem, ResponseTier, Subject
from feedback.models.choices import (
    REFERENCE_PREFIX,
    Channel,
    Kind,
    Outcome,
    RaisedBy,
    Status,
)
from feedback.services.base import record_event, save_item
from feedback.services.items import feedback_log
from feedback.services.references import reference_reserve

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


class CsvFileError(Exception):
    """The file cannot be read at all (e.g. it is not UTF-8 text)."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str | None
    message: str

    def __str__(self):
        if self.column:
            return f"row {self.row}, column {self.column}: {self.message}"
        return f"row {self.row}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    saved: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            bad_rows = len({error.row for error in self.errors})
            return (
                f"{_count(len(self.errors), 'error')} in {_count(bad_rows, 'row')}: "
                "nothing was saved"
            )
        if self.dry_run:
            return f"Dry run: {_count(self.rows, 'row')} valid, nothing saved"
        return f"Imported {_count(self.saved, 'item')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass
class ParsedRow:
    """A valid row, ready for feedback_log."""

    row: int
    kind: str
    reference: str
    details: dict
    process: dict  # status and deadlines to set after logging


def decode(data: bytes) -> str:
    """The file's text. UTF-8, with or without the byte order mark Excel writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvFileError(
            f"The file is not UTF-8 text (line {line} has a character that is not). In Excel, "
            "save it with Save As, choosing 'CSV UTF-8 (Comma delimited)'."
        ) from None


def import_feedback(text: str, *, dry_run: bool = False, source: str = "a CSV file"):
    """Check every row of a CSV file and, if all are valid and not ``dry_run``, save them all.

    A dry run goes as far as saving, then rolls back, so it finds the problems a real import
    would, including the rules only the model checks.
    """
    result = ImportResult(dry_run=dry_run)
    rows, result.errors = parse(text)
    result.rows = len(rows)
    if result.errors:
        return result
    result.errors = _save(rows, dry_run=dry_run, source=source)
    if not result.errors and not dry_run:
        result.saved = len(rows)
    return result


# Reading and checking ------------------------------------------------------------------------


def parse(text: str) -> tuple[list[ParsedRow], list[RowError]]:
    """Every valid row, and an error for each problem in every other row."""
    records = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(records, None)
    except csv.Error as error:
        return [], [RowError(1, None, f"the file cannot be read as CSV ({error})")]
    if header is None:
        return [], [RowError(1, None, "the file is empty: the first row must be the header")]
    columns = [name.strip().lower() for name in header]
    errors = _check_header(columns)
    if errors:
        return [], errors

    lookups = Lookups()
    today = timezone.localdate()
    rows: list[ParsedRow] = []
    for number, cells in _numbered(records, errors):
        values = _values(number, columns, cells, errors)
        if values is None:
            continue
        form = FeedbackRowForm(values, lookups=lookups, today=today)
        if form.is_valid():
            rows.append(form.parsed_row(number))
        else:
            errors.extend(
                RowError(number, column, message)
                for column, messages in form.errors.items()
                for message in messages
            )
    if not rows and not errors:
        errors.append(RowError(1, None, "the file has a header but no rows to import"))
    errors.extend(_check_references(rows))
    return rows, sorted(errors, key=_file_order)


def _file_order(error: RowError) -> tuple[int, int]:
    """Rows top to bottom, and within a row the columns left to right."""
    column = EXPORT_COLUMNS.index(error.column) if error.column in EXPORT_COLUMNS else -1
    return error.row, column


def _numbered(records, errors: list[RowError]):
    """(row number, cells) for each row after the header, numbered as a spreadsheet does."""
    number = 1
    while True:
        number += 1
        try:
            yield number, next(records)
        except StopIteration:
            return
        except csv.Error as error:
            errors.append(RowError(number, None, f"cannot be read as CSV ({error})"))
            return


def _values(number: int, columns: list[str], cells: list[str], errors) -> dict | None:
    """The row's cells by column name; None for an empty row or one with cells outside the
    named columns (spreadsheets add empty cells past the last column, which are fine)."""
    if not any(cell.strip() for cell in cells):
        return None  # spreadsheets often save empty rows at the end
    unnamed = [
        position
        for position, cell in enumerate(cells, start=1)
        if cell.strip() and (position > len(columns) or not columns[position - 1])
    ]
    if unnamed:
        errors.append(
            RowError(
                number,
                None,
                f"cell {unnamed[0]} has a value but no column name in the header: check for "
                "a stray comma or a missing column name",
            )
        )
        return None
    # Cells missing at the end of a row are blank.
    return {name: cell for name, cell in zip(columns, cells, strict=False) if name}


def _check_header(columns: list[str]) -> list[RowError]:
    errors = []
    missing = [name for name in IMPORT_COLUMNS if name not in columns]
    if missing:
        errors.append(
            RowError(
                1,
                None,
                f"the header is missing required columns: {', '.join(missing)} "
                f"(the first row must name the columns {', '.join(IMPORT_COLUMNS)})",
            )
        )
    # A column with no name is ignored if it is empty: spreadsheets often save some.
    unknown = [name for name in columns if name and name not in EXPORT_COLUMNS]
    if unknown:
        errors.append(
            RowError(
                1,
                None,
                f"unknown columns: {', '.join(unknown)} "
                f"(the optional columns are {', '.join(PROCESS_COLUMNS)})",
            )
        )
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        errors.append(RowError(1, None, f"columns named twice: {', '.join(repeated)}"))
    return errors


def _check_references(rows: list[ParsedRow]) -> list[RowError]:
    """A given reference must be new: not in the register and not on another row."""
    errors = []
    first_row: dict[str, int] = {}
    for row in rows:
        if not row.reference:
            continue
        if row.reference in first_row:
            errors.append(
                RowError(
                    row.row,
                    "reference",
                    f"“{row.reference}” is also on row {first_row[row.reference]}: "
                    "each reference can be used once",
                )
            )
        else:
            first_row[row.reference] = row.row
    given = list(first_row)
    existing = set()
    for start in range(0, len(given), LOOKUP_BATCH):
        batch = given[start : start + LOOKUP_BATCH]
        existing |= set(
            FeedbackItem.objects.filter(reference__in=batch).values_list("reference", flat=True)
        )
    errors.extend(
        RowError(
            row.row,
            "reference",
            f"“{row.reference}” is already in the register: leave the reference blank to give "
            "the item a new one, or take the row out if it was imported before",
        )
        for row in rows
        if row.reference in existing
    )
    return errors


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
    description = forms.CharField(required=False)
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
        super().__init__(data)
        self.lookups = lookups
        self.today = today

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

    def clean_summary(self):
        return unprotect_formula(self.cleaned_data["summary"])

    def clean_description(self):
        return unprotect_formula(self.cleaned_data["description"])

    def clean_patient_name(self):
        return unprotect_formula(self.cleaned_data["patient_name"])

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


def _a(kind: str) -> str:
    return KIND_NAMES[kind]


# Saving --------------------------------------------------------------------------------------


class _RollBack(Exception):
    """Raised to undo the whole import's transaction."""


def _save(rows: list[ParsedRow], *, dry_run: bool, source: str) -> list[RowError]:
    errors: list[RowError] = []
    try:
        with transaction.atomic():
            _reserve_references(rows)
            for row in rows:
                try:
                    # A savepoint per row, so after a refused row the rest can still be tried
                    # and every problem reported; the outer rollback undoes them all anyway.
                    with transaction.atomic():
                        _save_row(row, source)
                except ValidationError as error:
                    errors.extend(_model_errors(row.row, error))
                except IntegrityError as error:
                    errors.append(_refused(row, error))
            if errors or dry_run:
                raise _RollBack
    except _RollBack:
        pass
    return errors


def _reserve_references(rows: list[ParsedRow]) -> None:
    """Move each counter past the file's own references before any new one is allocated, so a
    row with a blank reference is never given one that a later row brings with it."""
    highest: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.reference:
            _, year, number = row.reference.split("/")
            key = (row.kind, int(year))
            highest[key] = max(highest.get(key, 0), int(number))
    for (kind, year), number in highest.items():
        reference_reserve(kind=kind, year=year, number=number)


def _save_row(row: ParsedRow, source: str) -> None:
    item = feedback_log(by=None, kind=row.kind, details=row.details, reference=row.reference)
    if row.process:
        # Where the item had got to elsewhere; save_item checks the model's rules again.
        for name, value in row.process.items():
            setattr(item, name, value)
        save_item(item, by=None)
    record_event(item, by=None, action="imported", description=f"Imported from {source}")


def _refused(row: ParsedRow, error: IntegrityError) -> RowError:
    # The references were checked before saving; someone logging an item at the same moment
    # can still take one, and the database's unique index is what catches it.
    if row.reference and FeedbackItem.objects.filter(reference=row.reference).exists():
        return RowError(
            row.row,
            "reference",
            f"“{row.reference}” was added to the register while the import was running",
        )
    return RowError(row.row, None, f"the database refused it ({error})")


def _model_errors(number: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, None, message) for message in error.messages]
    return [
        RowError(number, None if name == NON_FIELD_ERRORS else COLUMN_OF_FIELD.get(name, name), m)
        for name, messages in error.message_dict.items()
        for m in messages
    ]
