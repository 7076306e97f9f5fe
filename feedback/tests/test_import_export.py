"""Moving in from spreadsheets and other systems: the CSV import and export commands."""

import csv
import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careprog.spreadsheets import FORMULA_STARTS
from careprog.tests.factories import ClinicalServiceCentreFactory
from feedback import importing
from feedback.csv_format import (
    EXPORT_COLUMNS,
    IMPORT_COLUMNS,
    NAME_COLUMNS,
    csv_lines,
    write_csv,
)
from feedback.models import FeedbackEvent, FeedbackItem, ReferenceCounter, Subject
from feedback.models.choices import Kind, Status
from feedback.reference import load
from feedback.services import imports as import_service
from feedback.services.deadlines import acknowledgement_due, response_due
from feedback.tests.factories import make_item, tier

ROOT = Path(__file__).resolve().parents[2]

# A valid complaint row; tests change what they are about.
COMPLAINT = {
    "reference": "",
    "kind": "complaint",
    "received_on": "2026-03-10",
    "channel": "email",
    "csc": "med",
    "subject": "Communications",
    "summary": "Nobody told us about the move to another ward",
    "description": "",
    "nhs_number": "",
    "patient_name": "",
    "raised_by": "relative",
    "tier": "tier-1",
}
PALS = {**COMPLAINT, "kind": "pals", "channel": "phone", "tier": "", "summary": "Parking fine"}


@pytest.fixture(autouse=True)
def reference_data(db):
    load()
    ClinicalServiceCentreFactory(code="med", name="Medicine")
    ClinicalServiceCentreFactory(code="surg", name="Surgery")


def csv_text(rows: list[dict], columns=IMPORT_COLUMNS) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def run_import(tmp_path, content: str | bytes, *args) -> tuple[str, str]:
    """Run import_feedback on a file holding ``content``; (stdout, stderr)."""
    path = tmp_path / "feedback.csv"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_feedback", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_import(tmp_path, content, *args) -> tuple[str, list[str]]:
    """Run an import that must fail; (the CommandError's message, the error lines)."""
    path = tmp_path / "feedback.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_feedback", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(raised.value), err.getvalue().splitlines()


def export_text(*args) -> str:
    out = io.StringIO()
    call_command("export_feedback", *args, stdout=out)
    return out.getvalue()


def export(*args) -> list[list[str]]:
    return list(csv.reader(io.StringIO(export_text(*args), newline="")))


def nothing_saved():
    return (
        not FeedbackItem.objects.exists()
        and not FeedbackEvent.objects.exists()
        and not ReferenceCounter.objects.filter(last_number__gt=0).exists()
    )


class TestImportGoodFile:
    def test_imports_every_row_with_its_fields(self, tmp_path):
        rows = [
            {
                **COMPLAINT,
                "reference": "COMP/2026/00088",
                "subject": "Communications; Privacy, dignity and wellbeing",
                "description": 'Said "we will ring you", and never did.\nTwice.',
                "nhs_number": "943 476 5919",
                "patient_name": "Zoë O'Brien",
                "tier": "tier-2",
            },
            {**PALS, "csc": "surg", "subject": ""},
            # As typed in a spreadsheet: capitals are read as the values they spell.
            {
                **PALS,
                "kind": "Compliment",
                "csc": "MED",
                "subject": "patient care",
                "raised_by": "Anonymous",
                "summary": "Lovely nurses",
            },
        ]
        out, err = run_import(tmp_path, csv_text(rows))

        assert out.strip() == "Imported 3 items"
        assert err == ""
        complaint = FeedbackItem.objects.get(reference="COMP/2026/00088")
        assert complaint.kind == Kind.COMPLAINT
        assert complaint.status == Status.RECEIVED
        assert complaint.received_on == date(2026, 3, 10)
        assert complaint.channel == "email"
        assert complaint.csc.code == "med"
        assert {s.name for s in complaint.subjects.all()} == {
            "Communications",
            "Privacy, dignity and wellbeing",
        }
        assert complaint.summary == COMPLAINT["summary"]
        assert complaint.description == 'Said "we will ring you", and never did.\nTwice.'
        assert complaint.nhs_number == "9434765919"
        assert complaint.patient_name == "Zoë O'Brien"
        assert complaint.raised_by == "relative"
        assert complaint.tier.code == "tier-2"
        # Deadlines are worked out as for a complaint logged by hand.
        assert complaint.acknowledge_by == acknowledgement_due(date(2026, 3, 10))
        assert complaint.respond_by == response_due(date(2026, 3, 10), 40)
        assert complaint.events.filter(action="imported").exists()

        pals = FeedbackItem.objects.get(kind=Kind.PALS)
        assert pals.reference == "PALS/2026/00001"  # a blank reference is given a new one
        assert pals.csc.code == "surg"
        assert not pals.subjects.exists()
        assert pals.status == Status.OPEN
        compliment = FeedbackItem.objects.get(kind=Kind.COMPLIMENT)
        assert compliment.raised_by == "anonymous"
        assert compliment.csc.code == "med"
        assert [s.name for s in compliment.subjects.all()] == ["Patient care"]
        assert compliment.tier is None

    def test_a_blank_reference_never_takes_one_a_later_row_brings(self, tmp_path):
        rows = [COMPLAINT, {**COMPLAINT, "reference": "COMP/2026/00005"}]
        run_import(tmp_path, csv_text(rows))

        new = FeedbackItem.objects.exclude(reference="COMP/2026/00005").get()
        assert new.reference == "COMP/2026/00006"
        # And items logged afterwards carry on from there.
        assert make_item(received_on=date(2026, 4, 1)).reference == "COMP/2026/00007"

    def test_accepts_excel_utf8_with_byte_order_mark(self, tmp_path):
        text = csv_text([{**COMPLAINT, "patient_name": "Zoë Brontë"}]).replace("\n", "\r\n")
        out, _ = run_import(tmp_path, b"\xef\xbb\xbf" + text.encode())

        assert out.strip() == "Imported 1 item"
        assert FeedbackItem.objects.get().patient_name == "Zoë Brontë"

    def test_ignores_empty_rows_and_empty_unnamed_columns_that_spreadsheets_save(self, tmp_path):
        lines = csv_text([COMPLAINT, PALS]).splitlines()
        text = "\r\n".join([lines[0] + ",,", lines[1] + ",,", ",,,,", lines[2], ""])
        out, _ = run_import(tmp_path, text)

        assert out.strip() == "Imported 2 items"

    def test_optional_columns_set_status_outcome_and_agreed_deadlines(self, tmp_path):
        row = {
            **COMPLAINT,
            "status": "response_sent",
            "acknowledge_by": "2026-03-12",
            "respond_by": "2026-06-30",
            "outcome": "partially_upheld",
        }
        run_import(tmp_path, csv_text([row], columns=EXPORT_COLUMNS))

        item = FeedbackItem.objects.get()
        assert item.status == Status.RESPONSE_SENT
        assert item.acknowledge_by == date(2026, 3, 12)
        assert item.respond_by == date(2026, 6, 30)
        assert item.outcome == "partially_upheld"


class TestImportBadFile:
    def test_saves_nothing_and_names_every_bad_row_and_column(self, tmp_path):
        tomorrow = timezone.localdate() + timedelta(days=1)
        rows = [
            COMPLAINT,
            {**COMPLAINT, "csc": "xyz", "subject": "Communications; Parking"},
            {**COMPLAINT, "nhs_number": "9434765918"},
            {**COMPLAINT, "received_on": "2026-02-30"},
            {**COMPLAINT, "received_on": tomorrow.isoformat()},
            {**COMPLAINT, "tier": ""},
            {**COMPLAINT, "reference": "COMP-2026-88"},
            {**COMPLAINT, "reference": "PALS/2026/00001"},
            {**COMPLAINT, "tier": "tier-9", "status": "shared"},
            {**PALS, "kind": "grumble", "outcome": "won"},
            PALS,
        ]
        summary, lines = run_failing_import(tmp_path, csv_text(rows, columns=EXPORT_COLUMNS))

        expected = [
            ("row 3, column csc: ", "no Clinical Service Centre has the code “xyz”"),
            ("row 3, column subject: ", "“Parking” is not a KO41a subject"),
            ("row 4, column nhs_number: ", "check digit (last digit) should be 9, not 8"),
            ("row 5, column received_on: ", "“2026-02-30” is not a real date"),
            ("row 6, column received_on: ", "is in the future"),
            ("row 7, column tier: ", "a formal complaint needs a response tier"),
            ("row 8, column reference: ", "“COMP-2026-88” is not a reference like COMP/"),
            ("row 9, column reference: ", "does not start COMP/"),
            ("row 10, column tier: ", "“tier-9” is not a response tier"),
            ("row 10, column status: ", "“shared” is not a status of a formal complaint"),
            ("row 11, column kind: ", "“grumble” is not a kind of feedback"),
            ("row 11, column outcome: ", "“won” is not a complaint outcome"),
        ]
        assert len(lines) == len(expected), lines
        for line, (start, words) in zip(lines, expected, strict=True):
            assert line.startswith(start), line
            assert words in line, line
        assert summary == "12 errors in 9 rows: nothing was saved"
        assert nothing_saved()

    def test_missing_columns_are_reported_once_by_name(self, tmp_path):
        columns = [c for c in IMPORT_COLUMNS if c not in ("summary", "tier")]
        summary, lines = run_failing_import(tmp_path, csv_text([COMPLAINT, PALS], columns))

        assert len(lines) == 1
        assert lines[0].startswith("row 1: the header is missing required columns: summary, tier")
        assert summary == "1 error in 1 row: nothing was saved"

    def test_a_value_outside_the_named_columns_is_refused(self, tmp_path):
        lines = csv_text([COMPLAINT, PALS]).splitlines()
        text = "\n".join([lines[0], lines[1], lines[2] + ",Brown", ""])
        _, lines = run_failing_import(tmp_path, text)

        assert lines == [
            "row 3: cell 13 has a value but no column name in the header: check for a stray "
            "comma or a missing column name"
        ]
        assert nothing_saved()

    def test_refuses_a_reference_already_in_the_register(self, tmp_path):
        existing = make_item(received_on=date(2026, 2, 2))
        rows = [COMPLAINT, {**COMPLAINT, "reference": existing.reference}]
        _, lines = run_failing_import(tmp_path, csv_text(rows))

        assert lines == [
            f"row 3, column reference: “{existing.reference}” is already in the register: "
            "leave the reference blank to give the item a new one, or take the row out if it "
            "was imported before"
        ]
        assert FeedbackItem.objects.get() == existing

    def test_refuses_a_reference_used_twice_in_the_file(self, tmp_path):
        rows = [{**COMPLAINT, "reference": "COMP/2026/00010"}] * 2
        _, lines = run_failing_import(tmp_path, csv_text(rows))

        assert lines == [
            "row 3, column reference: “COMP/2026/00010” is also on row 2: "
            "each reference can be used once"
        ]
        assert nothing_saved()

    def test_a_file_that_is_not_utf8_is_refused_with_its_line(self, tmp_path):
        content = csv_text([{**COMPLAINT, "patient_name": "Zoë"}]).encode("cp1252")
        summary, _ = run_failing_import(tmp_path, content)

        assert "is not UTF-8 text (line 2" in summary
        assert nothing_saved()

    def test_a_missing_file_is_refused_by_name(self, tmp_path):
        with pytest.raises(CommandError, match=r"There is no file .*nowhere\.csv"):
            call_command("import_feedback", str(tmp_path / "nowhere.csv"))


class TestImportChecksTheModelsRulesBeforeSaving:
    def test_a_row_refused_by_the_models_rules_means_no_row_is_written(self, tmp_path):
        rows = [
            {**COMPLAINT, "reference": "COMP/2026/00001"},
            PALS,
            # Rules the row checks leave to the model: only full_clean while saving finds them.
            {**COMPLAINT, "raised_by": "anonymous"},
            {**COMPLAINT, "respond_by": "2026-03-01"},
            COMPLAINT,
        ]
        text = csv_text(rows, columns=EXPORT_COLUMNS)
        assert importing.parse(text)[1] == []  # every row passes the row checks

        with mock.patch.object(
            import_service, "feedback_import_save", wraps=import_service.feedback_import_save
        ) as save:
            summary, lines = run_failing_import(tmp_path, text)

        assert save.call_count == 0  # every row is checked before any is written
        assert nothing_saved()
        assert lines == [
            "row 4, column raised_by: Only PALS contacts and compliments can be anonymous",
            "row 5, column respond_by: Response due date must be on or after the date received",
        ]
        assert summary == "2 errors in 2 rows: nothing was saved"


class TestDryRun:
    def test_checks_a_good_file_and_saves_nothing(self, tmp_path):
        rows = [{**COMPLAINT, "reference": "COMP/2026/00003"}, PALS]
        out, _ = run_import(tmp_path, csv_text(rows), "--dry-run")

        assert out.strip() == "Dry run: 2 rows valid, nothing saved"
        assert nothing_saved()

    def test_finds_what_a_real_import_would_refuse_while_saving(self, tmp_path):
        rows = [{**COMPLAINT, "raised_by": "anonymous"}]
        summary, lines = run_failing_import(tmp_path, csv_text(rows), "--dry-run")

        assert lines == [
            "row 2, column raised_by: Only PALS contacts and compliments can be anonymous"
        ]
        assert summary == "1 error in 1 row: nothing was saved"


class TestImportExitStatus:
    """call_command shows the CommandError; this checks the exit status a shell script sees."""

    def run_manage(self, tmp_path, *args):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        # A database of its own: these errors are found before any database is needed.
        env.update(DJANGO_SETTINGS_MODULE="careprog.settings.test", CAREPROG_VAR_DIR=str(tmp_path))
        return subprocess.run(
            [sys.executable, "manage.py", "import_feedback", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def test_a_file_missing_columns_exits_non_zero(self, tmp_path):
        path = tmp_path / "missing.csv"
        path.write_text("reference,kind,summary\n,complaint,Rude porter\n", encoding="utf-8")
        result = self.run_manage(tmp_path, str(path))

        assert result.returncode == 1
        assert "row 1: the header is missing required columns: received_on, channel" in (
            result.stderr
        )
        assert "1 error in 1 row: nothing was saved" in result.stderr
        assert result.stdout == ""

    def test_a_missing_file_exits_non_zero(self, tmp_path):
        result = self.run_manage(tmp_path, str(tmp_path / "nowhere.csv"))

        assert result.returncode == 1
        assert "There is no file" in result.stderr


def exported_item(**details):
    subjects = Subject.objects.filter(name__in=["Communications", "Appointments"])
    return make_item(subjects=list(subjects), **details)


class TestExport:
    def test_writes_every_column_in_the_documented_format(self):
        item = exported_item(
            received_on=date(2026, 3, 10),
            tier=tier("tier-2"),
            nhs_number="9434765919",
            patient_name="Zoë O'Brien",
            description="Two lines,\nwith a comma",
        )
        header, row = export()

        assert header == EXPORT_COLUMNS
        assert dict(zip(header, row, strict=True)) == {
            "reference": item.reference,
            "kind": "complaint",
            "kind_name": "Formal complaint",
            "received_on": "2026-03-10",
            "channel": "email",
            "channel_name": "Email",
            "csc": "med",
            "csc_name": "Medicine",
            "subject": "Appointments; Communications",  # in the reference data's order
            "summary": item.summary,
            "description": "Two lines,\nwith a comma",
            "nhs_number": "9434765919",
            "patient_name": "Zoë O'Brien",
            "raised_by": "patient",
            "raised_by_name": "Patient",
            "tier": "tier-2",
            "tier_name": item.tier.name,
            "status": "received",
            "status_name": "Received",
            "acknowledge_by": acknowledgement_due(date(2026, 3, 10)).isoformat(),
            "respond_by": response_due(date(2026, 3, 10), 40).isoformat(),
            "outcome": "",
            "outcome_name": "",
        }
        # Each name sits beside its code, for a person reading the file.
        for code, name in NAME_COLUMNS.items():
            assert header.index(name) == header.index(code) + 1

    def test_filters_by_kind_and_received_dates(self):
        before = make_item(kind=Kind.PALS, received_on=date(2026, 2, 28))
        first_day = make_item(kind=Kind.PALS, received_on=date(2026, 3, 1))
        last_day = make_item(kind=Kind.PALS, received_on=date(2026, 3, 31))
        make_item(kind=Kind.PALS, received_on=date(2026, 4, 1))
        make_item(kind=Kind.COMPLAINT, received_on=date(2026, 3, 15))

        rows = export("--kind", "pals", "--from", "2026-03-01", "--to", "2026-03-31")
        assert [row[0] for row in rows[1:]] == [first_day.reference, last_day.reference]
        rows = export("--to", "2026-02-28")
        assert [row[0] for row in rows[1:]] == [before.reference]
        assert len(export("--kind", "complaint")) == 2

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--kind", "grumble"], "--kind grumble is not a kind: use one of complaint"),
            (["--from", "2026-02-30"], "--from: “2026-02-30” is not a real date"),
            (["--to", "31/03/2026"], "--to: “31/03/2026” is not a date written YYYY-MM-DD"),
            (["--from", "2026-04-01", "--to", "2026-03-01"], "--from 2026-04-01 is after --to"),
        ],
    )
    def test_refuses_an_unknown_kind_or_bad_dates(self, args, message):
        with pytest.raises(CommandError, match=message):
            call_command("export_feedback", *args, stdout=io.StringIO())

    def test_query_count_does_not_grow_with_the_number_of_items(self):
        def queries_to_export() -> int:
            with CaptureQueriesContext(connection) as queries:
                write_csv(FeedbackItem.objects.for_export(), io.StringIO())
            return len(queries)

        for _ in range(3):
            exported_item()
        with_3 = queries_to_export()
        for _ in range(27):
            exported_item()

        assert queries_to_export() == with_3

    def test_chunks_follow_on_by_id_and_keep_each_items_subjects(self, monkeypatch):
        """Read CHUNK_SIZE at a time: across chunk boundaries every item once, oldest first
        (ties by id), each with its own subjects, two queries a chunk."""
        monkeypatch.setattr("feedback.csv_format.CHUNK_SIZE", 2)
        appointments = Subject.objects.filter(name="Appointments")
        days = [date(2026, 3, 10), date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 2)]
        items = [
            exported_item(received_on=day)
            if n % 2
            else make_item(subjects=list(appointments), received_on=day)
            for n, day in enumerate([*days, date(2026, 3, 5)])
        ]
        with CaptureQueriesContext(connection) as queries:
            rows = list(csv.reader(io.StringIO(export_text(), newline="")))[1:]
        references = [row[EXPORT_COLUMNS.index("reference")] for row in rows]
        oldest_first = sorted(items, key=lambda i: (i.received_on, i.pk))
        assert references == [item.reference for item in oldest_first]
        subjects = [row[EXPORT_COLUMNS.index("subject")] for row in rows]
        assert subjects == [  # 2 March (items 2 and 4), 5 March (5), 10 March (1 and 3)
            "Appointments; Communications",
            "Appointments; Communications",
            "Appointments",
            "Appointments",
            "Appointments",
        ]
        export_queries = [q for q in queries if "feedback_feedbackitem" in q["sql"]]
        assert len(export_queries) == 3 * 2 + 1  # three chunks, and the empty read that ends them

    def test_streamed_lines_hold_the_same_csv_after_a_byte_order_mark(self):
        exported_item(description="Two lines,\nwith a comma")
        exported_item(kind=Kind.COMPLIMENT)
        written = io.StringIO(newline="")
        write_csv(FeedbackItem.objects.for_export(), written)

        lines = list(csv_lines(FeedbackItem.objects.for_export()))
        assert len(lines) == 2  # the header, then the rows as one chunk
        assert lines[0].startswith(b"\xef\xbb\xbf")
        assert b"".join(lines).decode("utf-8-sig") == written.getvalue()

    def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_made_plain_text(self):
        make_item(summary='=HYPERLINK("http://evil.example","Click")')
        _, row = export()

        assert row[EXPORT_COLUMNS.index("summary")] == '\'=HYPERLINK("http://evil.example","Click")'

    def test_no_cell_in_any_column_starts_as_a_formula(self):
        """Names an administrator typed (a subject, a CSC's name or code) are protected as
        free text is: a spreadsheet runs any cell that starts like a formula, whoever typed it."""
        csc = ClinicalServiceCentreFactory(code="-evil", name='=HYPERLINK("http://evil","x")')
        subject = Subject.objects.create(name="+cmd|' /C calc'!A0", position=0)
        make_item(
            csc=csc,
            subjects=[subject],
            summary="@SUM(1+1)*cmd|' /C calc'!A0",
            description="\t=1+1",
            patient_name="-2+3",
        )
        header, row = export()
        cells = dict(zip(header, row, strict=True))

        assert cells["csc"] == "'-evil"
        assert cells["csc_name"] == '\'=HYPERLINK("http://evil","x")'
        assert cells["subject"] == "'+cmd|' /C calc'!A0"
        assert cells["summary"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
        assert cells["description"] == "'\t=1+1"
        assert cells["patient_name"] == "'-2+3"
        assert not [value for value in row if value.startswith(FORMULA_STARTS)]

    @pytest.mark.parametrize("start", FORMULA_STARTS)
    def test_each_formula_start_is_protected_in_a_subject_name(self, start):
        Subject.objects.create(name=f"{start}Evil", position=0)
        make_item(subjects=list(Subject.objects.filter(name=f"{start}Evil")))
        _, row = export()

        assert row[EXPORT_COLUMNS.index("subject")] == f"'{start}Evil"

    def test_dates_numbers_and_plain_names_are_written_as_they_are(self):
        item = exported_item(received_on=date(2026, 3, 10), nhs_number="9434765919")
        header, row = export()
        cells = dict(zip(header, row, strict=True))

        assert cells["received_on"] == "2026-03-10"
        assert cells["nhs_number"] == "9434765919"
        assert cells["reference"] == item.reference
        assert cells["subject"] == "Appointments; Communications"
        assert cells["csc_name"] == "Medicine"


# One of each kind, every column filled in as the export writes it.
# Oldest first, the order the export writes them in.
ROUND_TRIP_ROWS = [
    {
        "reference": "PALS/2025/00412",
        "kind": "pals",
        "received_on": "2025-12-31",
        "channel": "in_person",
        "csc": "surg",
        "subject": "Facilities",
        "summary": "No hot water on ward 7",
        "description": "",
        "nhs_number": "",
        "patient_name": "",
        "raised_by": "anonymous",
        "tier": "",
        "status": "resolved",
        "acknowledge_by": "",
        "respond_by": "",
        "outcome": "",
    },
    {
        "reference": "PLAU/2026/00003",
        "kind": "compliment",
        "received_on": "2026-01-05",
        "channel": "card",
        "csc": "med",
        "subject": "",
        "summary": "Thank you to the night team",
        "description": "Chocolates for the nurses' station",
        "nhs_number": "",
        "patient_name": "Ann Smith",
        "raised_by": "patient",
        "tier": "",
        "status": "shared",
        "acknowledge_by": "",
        "respond_by": "",
        "outcome": "",
    },
    {
        "reference": "COMM/2026/00001",
        "kind": "comment",
        "received_on": "2026-02-14",
        "channel": "web_form",
        "csc": "surg",
        "subject": "Communications; Waiting times",
        "summary": "Please put the waiting time on the screen",
        "description": "",
        "nhs_number": "",
        "patient_name": "",
        "raised_by": "staff",
        "tier": "",
        "status": "closed",
        "acknowledge_by": "",
        "respond_by": "",
        "outcome": "",
    },
    {
        "reference": "COMP/2026/00088",
        "kind": "complaint",
        "received_on": "2026-03-10",
        "channel": "letter",
        "csc": "med",
        "subject": "Appointments; Privacy, dignity and wellbeing",
        "summary": "'=SUM(A1:A2) appeared on my appointment letter",
        "description": 'They said "soon".\nThat was, in fact, in May.',
        "nhs_number": "9434765919",
        "patient_name": "Zoë O'Brien",
        "raised_by": "relative",
        "tier": "tier-3",
        "status": "under_investigation",
        "acknowledge_by": "2026-03-12",
        "respond_by": "2026-07-01",
        "outcome": "partially_upheld",
    },
]


def table(rows: list[dict]) -> list[list[str]]:
    return [EXPORT_COLUMNS] + [[row.get(column, "") for column in EXPORT_COLUMNS] for row in rows]


class TestRoundTrip:
    def test_the_export_of_an_import_is_the_file_that_went_in(self, tmp_path):
        run_import(tmp_path, csv_text(ROUND_TRIP_ROWS, columns=EXPORT_COLUMNS))

        # Every code column as it went in (the names beside them are the export's own).
        codes = [
            n for n, column in enumerate(EXPORT_COLUMNS) if column not in NAME_COLUMNS.values()
        ]

        def code_cells(rows):
            return [[row[n] for n in codes] for row in rows]

        assert code_cells(export()) == code_cells(table(ROUND_TRIP_ROWS))
        # The apostrophe that keeps a spreadsheet from running it is not part of the summary.
        summary = FeedbackItem.objects.get(reference="COMP/2026/00088").summary
        assert summary == "=SUM(A1:A2) appeared on my appointment letter"

    def test_an_export_imports_back_to_the_same_items(self, tmp_path):
        run_import(tmp_path, csv_text(ROUND_TRIP_ROWS, columns=EXPORT_COLUMNS))
        first_text = export_text()
        first = export()

        # As it stands, every row of the export is refused only for its reference...
        summary, lines = run_failing_import(tmp_path, first_text, "--dry-run")
        assert summary == "4 errors in 4 rows: nothing was saved"
        assert all(
            ", column reference: " in line and "already in the register" in line for line in lines
        )

        # ...and with new references it goes in, and comes out again, unchanged.
        renumbered = [
            {**dict(zip(first[0], row, strict=True)), "reference": ""} for row in first[1:]
        ]
        run_import(tmp_path, csv_text(renumbered, columns=EXPORT_COLUMNS))
        first_references = {row[0] for row in first[1:]}
        second = [row for row in export()[1:] if row[0] not in first_references]

        def without_reference(rows):
            return [row[1:] for row in rows]

        assert without_reference(second) == without_reference(first[1:])
        assert [row[0] for row in second] == [
            "PALS/2025/00413",
            "PLAU/2026/00004",
            "COMM/2026/00002",
            "COMP/2026/00089",
        ]

    def test_protected_codes_and_names_import_back_without_the_apostrophe(self, tmp_path):
        csc = ClinicalServiceCentreFactory(code="-evil", name="=Evil CSC")
        subject = Subject.objects.create(name="=Evil subject", position=0)
        make_item(csc=csc, subjects=[subject], summary="-5 stars")
        first = export()
        assert first[1][EXPORT_COLUMNS.index("csc")] == "'-evil"

        renumbered = [{**dict(zip(first[0], first[1], strict=True)), "reference": ""}]
        run_import(tmp_path, csv_text(renumbered, columns=EXPORT_COLUMNS))

        imported = FeedbackItem.objects.exclude(reference=first[1][0]).get()
        assert imported.csc == csc
        assert list(imported.subjects.all()) == [subject]
        assert imported.summary == "-5 stars"
        assert export()[2][1:] == first[1][1:]
