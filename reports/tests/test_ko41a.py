"""The KO41a return: what counts, where the year's edges fall, the checks, the CSV and the
export command."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback import reference
from feedback.models import FeedbackItem, Profession, ServiceArea, Subject
from feedback.models.choices import AgeBand, ComplainantStatus, Kind
from feedback.services import complaints, pals
from feedback.services.early_resolution import resolve_early
from feedback.tests.factories import make_item, tier
from reports.ko41a import (
    CLINICAL_TREATMENT_NOTE,
    OTHER,
    FinancialYear,
    Ko41aReturn,
    Problem,
    Section,
    Summary,
    ko41a_csv,
    ko41a_return,
    parse_year,
    validate,
)
from reports.management.commands import export_ko41a

pytestmark = pytest.mark.django_db

YEAR = FinancialYear.starting(2025)  # 1 April 2025 to 31 March 2026
LAST_YEAR = FinancialYear.starting(2024)
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _reference_data(db):
    reference.load()


def subjects(*names):
    return list(Subject.objects.filter(name__in=names))


def professions(*names):
    return list(Profession.objects.filter(name__in=names))


def area(name):
    return ServiceArea.objects.get(name=name)


def respond(item, by, *, on: date, outcome: str = "upheld"):
    """Take a complaint through the real process to a response sent on ``on``."""
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    item = complaints.complaint_start_investigation(item=item, by=by)
    item = complaints.complaint_record_outcome(item=item, by=by, outcome=outcome)
    return send_drafted(item, by, on=on)


def send_drafted(item, by, *, on: date):
    item = complaints.complaint_record_draft(item=item, by=by)
    item = complaints.complaint_submit_for_sign_off(item=item, by=by)
    item = complaints.complaint_sign_off(item=item, by=by)
    return complaints.complaint_send_response(item=item, by=by, on=on)


def resolved_on(item, on: date, outcome: str = "upheld"):
    """Set the response fields directly, where the process is beside the point."""
    FeedbackItem.objects.filter(pk=item.pk).update(
        status="response_sent", response_sent_on=on, outcome=outcome
    )


def cases(ret, box, section=Section.SUMMARY):
    return ret.cases.get((section, box), [])


def summary(ret):
    return ret.counts[Section.SUMMARY]


class TestParseYear:
    def test_reads_the_collection_form(self):
        year = parse_year("2025-26")
        assert year == FinancialYear(start=date(2025, 4, 1), end=date(2026, 3, 31))
        assert year.label == "2025-26"

    def test_year_across_a_century(self):
        assert parse_year("2099-00").end == date(2100, 3, 31)

    @pytest.mark.parametrize("text", ["2025-27", "2025/26", "25-26", "2025-2026", " 2025-26", ""])
    def test_refuses_any_other_form_and_says_what_it_wants(self, text):
        with pytest.raises(ValueError, match="YYYY-YY") as refused:
            parse_year(text)
        assert "2025-26" in str(refused.value)


class TestWhatCounts:
    def test_comments_compliments_and_pals_contacts_are_never_counted(self, pals_officer):
        complaint = make_item(received_on=date(2025, 5, 1))
        for kind in (Kind.COMMENT, Kind.COMPLIMENT, Kind.PALS):
            make_item(kind=kind, received_on=date(2025, 5, 1))
        resolved_pals = make_item(kind=Kind.PALS, received_on=date(2025, 5, 2))
        pals.pals_resolve(item=resolved_pals, by=pals_officer, resolution="Explained the delay")

        ret = ko41a_return(YEAR)

        assert cases(ret, Summary.NEW) == [complaint.reference]
        assert summary(ret)[Summary.NEW] == 1
        assert ret.total(Section.AGE) == 1

    def test_escalated_pals_contact_counts_once_as_its_complaint(self, pals_officer):
        contact = make_item(kind=Kind.PALS, received_on=date(2025, 5, 1))
        complaint = pals.pals_escalate(
            item=contact,
            by=pals_officer,
            received_on=date(2025, 5, 6),
            tier=tier(),
            severity="green",
        )

        ret = ko41a_return(YEAR)

        assert cases(ret, Summary.NEW) == [complaint.reference]
        assert contact.reference not in str(ret.cases)

    def test_withdrawn_complaint_is_left_out_altogether(self, pals_officer):
        kept = make_item(received_on=date(2025, 5, 1))
        new_withdrawn = make_item(received_on=date(2025, 5, 2))
        older_withdrawn = make_item(received_on=date(2025, 1, 10))
        for item in (new_withdrawn, older_withdrawn):
            complaints.complaint_withdraw(item=item, by=pals_officer, reason="Resolved locally")

        ret = ko41a_return(YEAR)

        assert summary(ret)[Summary.BROUGHT_FORWARD] == 0
        assert summary(ret)[Summary.NEW] == 1
        assert summary(ret)[Summary.CARRIED_FORWARD] == 1
        assert {ref for refs in ret.cases.values() for ref in refs} == {kept.reference}

    def test_late_complaint_declined_is_left_out(self, pals_officer):
        late = make_item(received_on=date(2025, 6, 2), event_on=date(2024, 1, 5))
        complaints.complaint_record_late_decision(
            item=late, by=pals_officer, accept=False, reason="No good reason for the delay"
        )

        ret = ko41a_return(YEAR)

        assert summary(ret)[Summary.NEW] == 0
        assert summary(ret)[Summary.CARRIED_FORWARD] == 0


class TestYearEdges:
    def test_received_31_march_is_brought_forward_and_1_april_is_new(self):
        march = make_item(received_on=date(2025, 3, 31))
        april = make_item(received_on=date(2025, 4, 1))

        ret = ko41a_return(YEAR)
        assert cases(ret, Summary.BROUGHT_FORWARD) == [march.reference]
        assert cases(ret, Summary.NEW) == [april.reference]
        assert sorted(cases(ret, Summary.CARRIED_FORWARD)) == sorted(
            [march.reference, april.reference]
        )

        before = ko41a_return(LAST_YEAR)
        assert cases(before, Summary.NEW) == [march.reference]
        assert cases(before, Summary.CARRIED_FORWARD) == [march.reference]

    def test_resolved_on_31_march_is_resolved_in_the_year_ending_then(self, pals_officer):
        item = respond(make_item(received_on=date(2025, 2, 3)), pals_officer, on=date(2025, 3, 31))

        assert cases(ko41a_return(LAST_YEAR), Summary.RESOLVED) == [item.reference]
        ret = ko41a_return(YEAR)
        assert summary(ret)[Summary.BROUGHT_FORWARD] == 0
        assert summary(ret)[Summary.RESOLVED] == 0

    def test_resolved_on_1_april_is_brought_forward_then_resolved(self, pals_officer):
        item = respond(make_item(received_on=date(2025, 2, 3)), pals_officer, on=date(2025, 4, 1))

        assert cases(ko41a_return(LAST_YEAR), Summary.CARRIED_FORWARD) == [item.reference]
        ret = ko41a_return(YEAR)
        assert cases(ret, Summary.BROUGHT_FORWARD) == [item.reference]
        assert cases(ret, Summary.RESOLVED) == [item.reference]
        assert summary(ret)[Summary.CARRIED_FORWARD] == 0

    def test_response_after_31_march_is_carried_forward(self):
        in_time = make_item(received_on=date(2025, 6, 2))
        after = make_item(received_on=date(2025, 6, 3))
        resolved_on(in_time, date(2026, 3, 31))
        resolved_on(after, date(2026, 4, 1))

        ret = ko41a_return(YEAR)

        assert cases(ret, Summary.RESOLVED) == [in_time.reference]
        assert cases(ret, Summary.CARRIED_FORWARD) == [after.reference]

    def test_response_sent_without_an_outcome_is_not_resolved(self):
        item = make_item(received_on=date(2025, 6, 2))
        resolved_on(item, date(2025, 9, 1), outcome="")

        ret = ko41a_return(YEAR)

        assert summary(ret)[Summary.RESOLVED] == 0
        assert cases(ret, Summary.CARRIED_FORWARD) == [item.reference]

    def test_reopened_complaint_counts_once(self, pals_officer):
        item = respond(make_item(received_on=date(2025, 5, 1)), pals_officer, on=date(2025, 6, 2))
        item = complaints.complaint_reopen(
            item=item, by=pals_officer, reason="Not satisfied", respond_by=TODAY + timedelta(30)
        )
        send_drafted(item, pals_officer, on=date(2025, 9, 1))

        ret = ko41a_return(YEAR)

        assert cases(ret, Summary.NEW) == [item.reference]
        assert cases(ret, Summary.RESOLVED) == [item.reference]
        assert cases(ret, Summary.UPHELD) == [item.reference]

    def test_resolved_are_split_by_outcome(self):
        for day, outcome in enumerate(["upheld", "partially_upheld", "not_upheld", "upheld"], 1):
            resolved_on(make_item(received_on=date(2025, 5, day)), date(2025, 7, 1), outcome)

        figures = summary(ko41a_return(YEAR))

        assert figures[Summary.RESOLVED] == 4
        assert figures[Summary.UPHELD] == 2
        assert figures[Summary.PARTIALLY_UPHELD] == 1
        assert figures[Summary.NOT_UPHELD] == 1

    def test_carried_forward_is_brought_forward_plus_new_less_resolved(self):
        older = [make_item(received_on=date(2025, 1, day)) for day in (6, 7)]
        new = [make_item(received_on=date(2025, 5, day)) for day in (1, 2, 3)]
        resolved_on(older[0], date(2025, 4, 30))
        resolved_on(new[0], date(2025, 8, 1))

        ret = ko41a_return(YEAR)

        figures = summary(ret)
        assert (figures[Summary.BROUGHT_FORWARD], figures[Summary.NEW]) == (2, 3)
        assert (figures[Summary.RESOLVED], figures[Summary.CARRIED_FORWARD]) == (2, 3)
        assert sorted(cases(ret, Summary.CARRIED_FORWARD)) == sorted(
            [older[1].reference, new[1].reference, new[2].reference]
        )
        assert validate(ret) == []


class TestBreakdowns:
    def test_sections_3_to_8_count_only_new_complaints(self):
        make_item(
            received_on=date(2025, 3, 1),
            age_band=AgeBand.AGE_85_PLUS,
            complainant_status=ComplainantStatus.ON_BEHALF,
            service_area=area("Inpatient services"),
            subjects=subjects("Communications"),
            professions=professions("Medical"),
        )
        make_item(
            received_on=date(2025, 4, 2),
            age_band=AgeBand.AGE_18_64,
            complainant_status=ComplainantStatus.PATIENT,
            service_area=area("Outpatient services"),
            subjects=subjects("Appointments"),
            professions=professions("Nursing, midwifery and health visiting"),
        )

        ret = ko41a_return(YEAR)

        assert summary(ret)[Summary.BROUGHT_FORWARD] == 1
        assert ret.counts[Section.AGE]["85 and over"] == 0
        assert ret.counts[Section.AGE]["18 to 64"] == 1
        assert ret.counts[Section.COMPLAINANT]["Someone on behalf of the patient"] == 0
        assert ret.counts[Section.COMPLAINANT]["Patient"] == 1
        assert ret.counts[Section.SERVICE_AREA]["Inpatient services"] == 0
        assert ret.counts[Section.SERVICE_AREA]["Outpatient services"] == 1
        assert ret.counts[Section.SUBJECT]["Communications"] == 0
        assert ret.counts[Section.SUBJECT]["Appointments"] == 1
        assert ret.counts[Section.PROFESSION]["Medical"] == 0
        for section in (Section.AGE, Section.COMPLAINANT, Section.SERVICE_AREA):
            assert ret.total(section) == 1

    def test_every_age_band_and_complainant_status_is_listed_with_unknown(self):
        # Raised by staff, no date of birth: nothing says the age band or whose complaint it is.
        make_item(received_on=date(2025, 4, 2), raised_by="staff")

        ret = ko41a_return(YEAR)

        assert list(ret.counts[Section.AGE]) == AgeBand.labels
        assert ret.counts[Section.AGE]["Unknown"] == 1
        assert ret.counts[Section.AGE]["0 to 17"] == 0
        assert list(ret.counts[Section.COMPLAINANT]) == [
            "Patient",
            "Someone on behalf of the patient",
            "Unknown",
        ]
        assert ret.counts[Section.COMPLAINANT]["Unknown"] == 1

    def test_complaint_counts_in_each_subject_so_subjects_may_exceed_new(self):
        item = make_item(
            received_on=date(2025, 4, 2), subjects=subjects("Communications", "Waiting times")
        )

        ret = ko41a_return(YEAR)

        assert ret.counts[Section.SUBJECT]["Communications"] == 1
        assert ret.counts[Section.SUBJECT]["Waiting times"] == 1
        assert ret.total(Section.SUBJECT) == 2 > summary(ret)[Summary.NEW]
        assert cases(ret, "Waiting times", Section.SUBJECT) == [item.reference]
        assert validate(ret) == []

    def test_complaint_with_no_area_subject_or_profession_goes_to_other(self):
        item = make_item(received_on=date(2025, 4, 2))

        ret = ko41a_return(YEAR)

        for section in (Section.SERVICE_AREA, Section.SUBJECT, Section.PROFESSION):
            assert ret.counts[section][OTHER] == 1
            assert ret.total(section) == 1
            assert cases(ret, OTHER, section) == [item.reference]
            assert list(ret.counts[section])[-1] == OTHER

    def test_profession_counts_once_per_complaint_whatever_its_subjects(self):
        make_item(
            received_on=date(2025, 4, 2),
            subjects=subjects("Communications", "Waiting times", "Appointments"),
            professions=professions("Medical", "Allied health professionals"),
        )
        make_item(received_on=date(2025, 4, 3), professions=professions("Medical"))

        ret = ko41a_return(YEAR)

        assert ret.counts[Section.PROFESSION]["Medical"] == 2
        assert ret.counts[Section.PROFESSION]["Allied health professionals"] == 1
        assert ret.total(Section.PROFESSION) == 3
        assert ret.total(Section.SUBJECT) == 4  # three, and Other for the second

    def test_retired_subject_still_in_use_is_counted_under_its_name(self):
        make_item(received_on=date(2025, 4, 2), subjects=subjects("Mortuary"))
        Subject.objects.filter(name="Mortuary").update(active=False)
        make_item(received_on=date(2025, 4, 2), subjects=subjects("Restraint"))
        Subject.objects.filter(name="Restraint").update(active=False)
        resolved_on(make_item(received_on=date(2025, 4, 3)), date(2025, 5, 1))

        listed = ko41a_return(YEAR).counts[Section.SUBJECT]

        assert listed["Mortuary"] == 1
        assert listed["Restraint"] == 1
        assert list(listed)[-3:] == ["Mortuary", "Restraint", OTHER]
        assert "Transport (ambulances)" in listed

    def test_organisation_and_year_are_on_the_return(self, settings):
        settings.TRUST_NAME = "Wessex Hospitals NHS Trust"

        ret = ko41a_return(YEAR)

        assert ret.organisation == "Wessex Hospitals NHS Trust"
        assert ret.year == YEAR


class TestQueries:
    def test_same_number_of_queries_for_3_and_30_complaints(self):
        def add(count):
            start = FeedbackItem.objects.count()
            for n in range(start, start + count):
                received = date(2025, 1, 2) + timedelta(days=n * 5)
                item = make_item(
                    received_on=received,
                    service_area=area("Inpatient services") if n % 2 else None,
                    subjects=subjects("Communications", "Appointments")[: n % 3],
                    professions=professions("Medical", "Ambulance staff")[: n % 3],
                )
                if n % 4 == 0:
                    resolved_on(item, received + timedelta(days=40), "not_upheld")

        def queries():
            with CaptureQueriesContext(connection) as captured:
                ko41a_return(YEAR)
            return len(captured)

        add(3)
        with_3 = queries()
        add(27)
        assert queries() == with_3
        assert summary(ko41a_return(YEAR))[Summary.NEW] > 3


def good_return() -> Ko41aReturn:
    """A hand-made return that passes every check, for each test to break in one place."""
    ages = dict.fromkeys(AgeBand.labels, 0) | {"18 to 64": 3}
    return Ko41aReturn(
        organisation="Portsmouth Hospitals NHS Trust",
        year=YEAR,
        counts={
            Section.SUMMARY: {
                Summary.BROUGHT_FORWARD: 2,
                Summary.NEW: 3,
                Summary.UPHELD: 1,
                Summary.PARTIALLY_UPHELD: 1,
                Summary.NOT_UPHELD: 0,
                Summary.RESOLVED: 2,
                Summary.CARRIED_FORWARD: 3,
            },
            Section.AGE: ages,
            Section.COMPLAINANT: {
                "Patient": 2,
                "Someone on behalf of the patient": 1,
                "Unknown": 0,
            },
            Section.SERVICE_AREA: {"Inpatient services": 3, OTHER: 0},
            Section.SUBJECT: {"Communications": 2, "Appointments": 2, OTHER: 0},
            Section.PROFESSION: {"Medical": 3, OTHER: 0},
        },
    )


class TestValidate:
    def test_good_return_passes(self):
        assert validate(good_return()) == []

    @pytest.mark.parametrize(
        ("section", "category", "value", "check", "figures"),
        [
            (
                Section.SUMMARY,
                Summary.UPHELD,
                2,
                "resolved_equals_outcomes",
                "resolved is 2 but upheld 2 + partially upheld 1 + not upheld 0 = 3",
            ),
            (
                Section.SUMMARY,
                Summary.CARRIED_FORWARD,
                4,
                "carried_forward_balances",
                "carried forward is 4 but brought forward 2 + new 3 - resolved 2 = 3",
            ),
            (Section.AGE, "0 to 17", 1, "age_sums_to_new", "sums to 4 but new is 3"),
            (Section.COMPLAINANT, "Unknown", 1, "status_sums_to_new", "sums to 4 but new is 3"),
            (Section.SUBJECT, "Communications", 0, "subjects_at_least_new", "sums to 2"),
            (Section.PROFESSION, "Medical", 2, "professions_at_least_new", "sums to 2"),
            (Section.SUMMARY, Summary.UPHELD, None, "box_empty", "2. Summary / Upheld"),
            (Section.SERVICE_AREA, OTHER, None, "box_empty", "5. Service area / Other"),
            (Section.SUBJECT, OTHER, "", "box_empty", "7. Subject area / Other"),
        ],
    )
    def test_each_check_names_itself_and_the_figures(
        self, section, category, value, check, figures
    ):
        ret = good_return()
        ret.counts[section][category] = value

        problems = validate(ret)

        assert [problem.check for problem in problems] == [check]
        assert figures in problems[0].message

    def test_age_breakdown_below_new_is_caught_too(self):
        ret = good_return()
        ret.counts[Section.AGE]["18 to 64"] = 2
        assert [p.check for p in validate(ret)] == ["age_sums_to_new"]

    def test_a_box_left_out_is_an_empty_box(self):
        ret = good_return()
        del ret.counts[Section.AGE]["Unknown"]
        problems = validate(ret)
        assert [p.check for p in problems] == ["box_empty"]
        assert "3. Age of patient / Unknown" in problems[0].message

    def test_carried_forward_below_zero_is_caught(self):
        ret = good_return()
        ret.counts[Section.SUMMARY] |= {
            Summary.BROUGHT_FORWARD: 0,
            Summary.NEW: 1,
            Summary.CARRIED_FORWARD: -1,
        }
        ret.counts[Section.AGE]["18 to 64"] = 1
        ret.counts[Section.COMPLAINANT] |= {"Patient": 1, "Someone on behalf of the patient": 0}

        problems = validate(ret)

        assert [p.check for p in problems] == ["carried_forward_not_negative"]
        assert "carried forward is -1" in problems[0].message


def read_csv(text):
    return list(csv.reader(io.StringIO(text)))


class TestCsv:
    def test_header_block_names_the_organisation_year_and_counting_notes(self):
        rows = read_csv(ko41a_csv(good_return()))

        assert rows[0] == ["KO41a complaints return"]
        assert rows[1] == ["Organisation", "Portsmouth Hospitals NHS Trust"]
        assert rows[2] == ["Year", "2025-26"]
        assert rows[3] == ["Period", "1 April 2025 to 31 March 2026"]
        notes = [row[1] for row in rows if row[:1] == ["Note"]]
        assert any("Withdrawn complaints are left out" in note for note in notes)
        assert any("Brought forward: received before 1 April 2025" in note for note in notes)

    def test_rows_follow_the_return_sections(self):
        rows = read_csv(ko41a_csv(good_return()))
        body = rows[rows.index(["Section", "Category", "Count"]) + 1 :]

        sections = list(dict.fromkeys(row[0] for row in body))
        assert sections == [
            "2. Summary",
            "3. Age of patient",
            "4. Status of complainant",
            "5. Service area",
            "6. Clinical treatment sub-categories",
            "7. Subject area",
            "8. Profession (staff group)",
        ]
        assert [row[1:] for row in body if row[0] == "2. Summary"] == [
            ["Brought forward", "2"],
            ["New", "3"],
            ["Upheld", "1"],
            ["Partially upheld", "1"],
            ["Not upheld", "0"],
            ["Resolved", "2"],
            ["Carried forward", "3"],
        ]
        assert ["3. Age of patient", "0 to 17", "0"] in body

    def test_section_6_is_a_note_not_zeros(self):
        rows = read_csv(ko41a_csv(good_return()))
        section_6 = [row for row in rows if row[:1] == ["6. Clinical treatment sub-categories"]]
        assert section_6 == [["6. Clinical treatment sub-categories", CLINICAL_TREATMENT_NOTE, ""]]

    def test_text_cells_cannot_run_as_formulas(self):
        ret = good_return()
        ret.organisation = '=HYPERLINK("http://example.invalid")'
        ret.counts[Section.SUBJECT]["@SUM(A1)"] = 3

        rows = read_csv(ko41a_csv(ret))

        assert rows[1][1].startswith("'=")
        assert ["7. Subject area", "'@SUM(A1)", "3"] in rows


def run_command(*args):
    """Run the command as `manage.py` does, giving its exit code (0 when it succeeds)."""
    command = export_ko41a.Command(stdout=io.StringIO(), stderr=io.StringIO())
    try:
        command.run_from_argv(["manage.py", "export_ko41a", "--skip-checks", *args])
    except SystemExit as exit_:
        return exit_.code, command
    return 0, command


class TestExportCommand:
    @pytest.fixture(autouse=True)
    def _keep_test_database_open(self, monkeypatch):
        # manage.py closes every connection when a command ends; the test's transaction must
        # outlive the command.
        monkeypatch.setattr(connections, "close_all", lambda: None)

    def test_writes_the_csv_to_standard_output(self):
        make_item(received_on=date(2025, 4, 2))
        out = io.StringIO()

        call_command("export_ko41a", "--year", "2025-26", stdout=out)

        assert out.getvalue() == ko41a_csv(ko41a_return(YEAR))

    def test_good_run_writes_the_file_and_nothing_else(self, tmp_path):
        make_item(received_on=date(2025, 4, 2))
        target = tmp_path / "ko41a-2025-26.csv"

        code, _ = run_command("--year", "2025-26", "--output", str(target))

        assert code == 0
        assert target.read_bytes().decode("utf-8-sig") == ko41a_csv(ko41a_return(YEAR))
        assert list(tmp_path.iterdir()) == [target]

    @pytest.mark.parametrize("year", ["2025/26", "2025-27"])
    def test_bad_year_is_refused_with_the_form_wanted(self, year):
        with pytest.raises(CommandError, match=r"--year: .*YYYY-YY.*2025-26"):
            call_command("export_ko41a", "--year", year, stdout=io.StringIO())

    def test_failed_validation_exits_non_zero_and_writes_nothing(self, tmp_path, monkeypatch):
        problem = Problem("carried_forward_balances", "carried forward is 4 but ... = 3")
        monkeypatch.setattr(export_ko41a, "validate", lambda ret: [problem])
        target = tmp_path / "ko41a.csv"

        code, command = run_command("--year", "2025-26", "--output", str(target))

        assert code != 0
        assert "carried_forward_balances: carried forward is 4 but ... = 3" in (
            command.stderr._out.getvalue()
        )
        assert list(tmp_path.iterdir()) == []

    def test_failed_validation_keeps_the_earlier_file(self, tmp_path, monkeypatch):
        target = tmp_path / "ko41a.csv"
        target.write_text("last good return")
        monkeypatch.setattr(export_ko41a, "validate", lambda ret: [Problem("x", "y")])

        code, _ = run_command("--year", "2025-26", "--output", str(target))

        assert code != 0
        assert target.read_text() == "last good return"
        assert list(tmp_path.iterdir()) == [target]


class TestResolvedEarly:
    def test_a_complaint_resolved_early_is_never_a_ko41a_complaint(self, pals_officer):
        reference.load()
        counted = make_item(received_on=date(2025, 6, 2))
        early = make_item(received_on=date(2025, 6, 2), summary="Resolved at the desk")
        resolve_early(
            item=early,
            by=pals_officer,
            on=date(2025, 6, 3),
            what_was_done="Ward sister phoned, apologised and rebooked the appointment",
        )
        figures = ko41a_return(FinancialYear.starting(2025))
        assert figures.cases[Section.SUMMARY, Summary.NEW] == [counted.reference]
        assert figures.figure(Section.SUMMARY, Summary.NEW) == 1
        assert figures.total(Section.AGE) == 1
        everywhere = {ref for refs in figures.cases.values() for ref in refs}
        assert early.reference not in everywhere
