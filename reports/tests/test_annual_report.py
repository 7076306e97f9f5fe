"""The annual complaints report (Regulation 18): its figures checked against the register by
counting it again here in plain Python, across the year's boundary days (31 March and 1 April,
in and out of the year); the PDF read back with pdftotext; the CSV against the same snapshot;
building through the task, one build of a year at a time, a failed build keeping nothing; the
command's refusals; and who may read, ask for and download it."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careprog.models import AccessAction, AccessRecord
from careprog.roles import Role
from careprog.tests.factories import UserFactory
from feedback import reference
from feedback.models import (
    ComplaintUpdate,
    ExperienceSurvey,
    FeedbackItem,
    LearningAction,
    Subject,
)
from feedback.models.choices import Kind, Outcome, PhsoOutcome, Status
from feedback.services.learning import learning_action_add, learning_action_complete
from feedback.tests.factories import make_item
from reports.annual.figures import annual_snapshot, financial_year_of, years_with_feedback
from reports.annual.sections import percent, sections, share_text
from reports.annual.services import (
    AnnualReportError,
    annual_report_build,
    annual_report_download,
    annual_report_file,
    annual_report_request,
    check_year,
    final_name,
    parse_report_year,
    part_path,
)
from reports.ko41a import FinancialYear
from reports.models import AnnualReport, AnnualReportDownload, DownloadFormat, PackStatus
from reports.selectors import annual_report_years
from reports.tests.test_pack_pdf import (
    IGNATIUS,
    IGNATIUS_ACTION,
    ZEBEDEE,
    ZEBEDEE_ACTION,
    identifying_values,
    pdf_text,
)

pytestmark = pytest.mark.django_db

YEAR = FinancialYear.starting(2025)  # 1 April 2025 to 31 March 2026
BEFORE, FIRST, LAST, AFTER = (
    date(2025, 3, 31),
    date(2025, 4, 1),
    date(2026, 3, 31),
    date(2026, 4, 1),
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(item, **fields):
    """Set the dates the process would have left on the record, so each boundary day is exact."""
    FeedbackItem.objects.filter(pk=item.pk).update(**fields)
    item.refresh_from_db()
    return item


def subject(name: str) -> Subject:
    return Subject.objects.get(name=name)


def update(item, given_on, due_on):
    return ComplaintUpdate.objects.create(
        item=item, given_on=given_on, due_on=due_on, method="phone", note="Still investigating"
    )


def survey(item, received_on, scores):
    listened, informed, understood = scores
    return ExperienceSurvey.objects.create(
        item=item,
        received_on=received_on,
        listened_to=listened,
        kept_informed=informed,
        understood_outcome=understood,
        source="phone",
    )


def learning(item, by, text, done_on):
    action = learning_action_add(item=item, by=by, action=text, owner="Matron", due_on=done_on)
    learning_action_complete(learning=action, by=by, done_on=done_on)


@pytest.fixture
def register(medicine, surgery, pals_officer):
    """Complaints, PALS contacts, updates, surveys and learning on the year's boundary days:
    31 March 2025 and 1 April 2026 outside it, 1 April 2025 and 31 March 2026 inside."""
    reference.load()
    by = pals_officer
    # Received: the day before the year, its first and last days, the day after.
    make_item(csc=medicine, received_on=BEFORE, by=by)
    first = make_item(csc=medicine, received_on=FIRST, by=by, **ZEBEDEE)
    first.subjects.add(subject("Communications"), subject("Values and behaviours"))
    last = make_item(csc=surgery, received_on=LAST, by=by)
    last.subjects.add(subject("Communications"))
    make_item(csc=surgery, received_on=AFTER, by=by)
    # Mid-year: acknowledged on its last day, and a day late; a withdrawn one is left out.
    on_time = make_item(csc=surgery, received_on=date(2025, 10, 8), by=by, **IGNATIUS)
    stored(on_time, acknowledged_on=on_time.acknowledge_by)
    late = make_item(csc=medicine, received_on=date(2025, 10, 8), by=by)
    stored(late, acknowledged_on=late.acknowledge_by + timedelta(days=1))
    stored(make_item(csc=medicine, received_on=date(2025, 11, 3), by=by), status=Status.WITHDRAWN)
    # Received on 31 March 2025, due 3 April 2025: its acknowledgement fell due in the year.
    due_in_year = make_item(csc=medicine, received_on=BEFORE, by=by)
    stored(due_in_year, acknowledged_on=date(2025, 4, 2))

    # Resolved early: complaints received on the first and last days (in), the day before
    # (out, though resolved in the year); PALS concerns likewise; a PALS contact not resolved
    # early is not counted.
    early = {"status": Status.CLOSED}
    stored(make_item(csc=medicine, received_on=FIRST, by=by), resolved_early_on=FIRST, **early)
    stored(make_item(csc=surgery, received_on=LAST, by=by), resolved_early_on=LAST, **early)
    stored(make_item(csc=surgery, received_on=BEFORE, by=by), resolved_early_on=FIRST, **early)
    pals = {"kind": Kind.PALS, "csc": medicine, "by": by}
    resolved = {"status": Status.RESOLVED}
    stored(make_item(received_on=LAST, **pals), resolved_early_on=LAST, **resolved)
    stored(make_item(received_on=AFTER, **pals), resolved_early_on=AFTER, **resolved)
    stored(make_item(received_on=BEFORE, **pals), resolved_early_on=BEFORE, **resolved)
    make_item(received_on=date(2025, 6, 2), **pals)

    # Answered: the day before, first and last days, the day after; one received the year
    # before and answered in it; each on, before or after the date agreed.
    def answered(received, sent, outcome, due):
        item = make_item(csc=medicine, received_on=received, by=by)
        return stored(
            item, response_sent_on=sent, outcome=outcome, respond_by=due, status=Status.CLOSED
        )

    answered(date(2025, 2, 3), BEFORE, Outcome.UPHELD, BEFORE)
    answered(date(2025, 2, 3), FIRST, Outcome.UPHELD, FIRST)  # on the agreed day
    answered(date(2026, 1, 5), LAST, Outcome.PARTIALLY_UPHELD, LAST - timedelta(days=1))
    answered(date(2025, 6, 2), date(2025, 9, 1), Outcome.NOT_UPHELD, date(2025, 9, 30))
    answered(date(2026, 2, 2), AFTER, Outcome.NOT_UPHELD, AFTER)

    # The Ombudsman: referred the day before, on the first and last days, the day after.
    for referred, outcome in (
        (BEFORE, PhsoOutcome.UPHELD),
        (FIRST, PhsoOutcome.PARTLY_UPHELD),
        (LAST, ""),
        (AFTER, PhsoOutcome.NOT_UPHELD),
    ):
        item = make_item(csc=surgery, received_on=date(2024, 9, 2), by=by)
        stored(item, phso_referred_on=referred, phso_outcome=outcome, status=Status.CLOSED)

    # Updates: given the day before; on the first day, due that day; on the last day, a day
    # late; with no date due; the day after.
    update(first, BEFORE, BEFORE)
    update(first, FIRST, FIRST)
    update(first, LAST, LAST - timedelta(days=1))
    update(last, date(2025, 12, 1), None)
    update(last, AFTER, AFTER)

    # Surveys: received the day before, the first and last days, the day after.
    survey(first, BEFORE, (1, 1, 1))
    survey(first, FIRST, (5, 4, 3))
    survey(last, LAST, (2, 3, 4))
    survey(last, AFTER, (1, 1, 1))

    # Learning: done the day before, in the year (naming the patient), the day after.
    learning(first, by, "Learning done the day before the year", BEFORE)
    learning(first, by, ZEBEDEE_ACTION, FIRST)
    learning(on_time, by, IGNATIUS_ACTION, LAST)
    learning(first, by, "Learning done the day after the year", AFTER)
    return [first, on_time]


def counted_by_hand(year: FinancialYear) -> dict:
    """The year's figures counted again with plain Python over the stored records."""

    def within(day) -> bool:
        return day is not None and year.start <= day <= year.end

    items = list(FeedbackItem.objects.prefetch_related("subjects").select_related("csc"))
    complaints = [i for i in items if i.kind == Kind.COMPLAINT and i.status != Status.WITHDRAWN]
    received = [i for i in complaints if within(i.received_on)]
    formal = [i for i in complaints if i.resolved_early_on is None]
    formal_received = [i for i in received if i.resolved_early_on is None]
    answered = [i for i in formal if within(i.response_sent_on)]
    acknowledgement_due = [i for i in formal if within(i.acknowledge_by)]
    referred = [i for i in complaints if within(i.phso_referred_on)]
    updates = [u for u in ComplaintUpdate.objects.all() if within(u.given_on)]
    surveys = [s for s in ExperienceSurvey.objects.all() if within(s.received_on)]
    subjects: dict[str, int] = {}
    for item in formal_received:
        for name in [s.name for s in item.subjects.all()] or [""]:
            subjects[name] = subjects.get(name, 0) + 1
    cscs: dict[str, int] = {}
    for item in formal_received:
        cscs[item.csc.name] = cscs.get(item.csc.name, 0) + 1

    def average(theme):
        return round(sum(getattr(s, theme) for s in surveys) / len(surveys), 1) if surveys else None

    return {
        "received": {
            "complaints": len(received),
            "complaints_resolved_early": len(received) - len(formal_received),
            "formal_complaints": len(formal_received),
            "pals_resolved_early": sum(
                1
                for i in items
                if i.kind == Kind.PALS and within(i.received_on) and i.resolved_early_on
            ),
        },
        "outcomes": {
            outcome: sum(1 for i in answered if i.outcome == outcome)
            for outcome in {i.outcome for i in answered}
        },
        "responded": {
            "sent": len(answered),
            "on_time": sum(
                1 for i in answered if i.respond_by and i.response_sent_on <= i.respond_by
            ),
        },
        "acknowledged": {
            "due": len(acknowledgement_due),
            "on_time": sum(
                1
                for i in acknowledgement_due
                if i.acknowledged_on and i.acknowledged_on <= i.acknowledge_by
            ),
        },
        "updates": {
            "given": len(updates),
            "as_agreed": sum(1 for u in updates if u.due_on is None or u.given_on <= u.due_on),
        },
        "ombudsman": {
            outcome: sum(1 for i in referred if i.phso_outcome == outcome)
            for outcome in {i.phso_outcome for i in referred}
        },
        "subjects": subjects,
        "cscs": cscs,
        "survey": {
            "count": len(surveys),
            **{t: average(t) for t in ("listened_to", "kept_informed", "understood_outcome")},
        },
        "learning": sorted(a.pk for a in LearningAction.objects.all() if within(a.done_on)),
    }


class TestFigures:
    def test_every_figure_equals_the_register_counted_independently(self, register):
        snapshot = annual_snapshot(YEAR)
        by_hand = counted_by_hand(YEAR)
        learning = by_hand.pop("learning")
        assert {key: snapshot[key] for key in by_hand} == by_hand
        assert len(snapshot["learning"]) == len(learning)

    def test_the_boundary_days_fall_where_they_should(self, register):
        """The same figures, written out, so a fault in the counting by hand shows too."""
        snapshot = annual_snapshot(YEAR)
        # 1 April 2025, 31 March 2026, two on 8 October, three answered later, and the one
        # resolved early on each boundary day: the day before, the day after and the withdrawn
        # one are not counted.
        assert snapshot["received"] == {
            "complaints": 9,
            "complaints_resolved_early": 2,
            "formal_complaints": 7,
            "pals_resolved_early": 1,
        }
        # Sent 1 April 2025 (upheld), 1 September (not upheld), 31 March 2026 (partially).
        assert snapshot["outcomes"] == {"upheld": 1, "partially_upheld": 1, "not_upheld": 1}
        assert snapshot["responded"] == {"sent": 3, "on_time": 2}
        assert snapshot["ombudsman"] == {"partly_upheld": 1, "": 1}
        assert snapshot["updates"] == {"given": 3, "as_agreed": 2}
        assert snapshot["survey"] == {
            "count": 2,
            "listened_to": 3.5,
            "kept_informed": 3.5,
            "understood_outcome": 3.5,
        }
        assert snapshot["subjects"] == {"Communications": 2, "Values and behaviours": 1, "": 5}
        assert snapshot["cscs"] == {"Medicine": 5, "Surgery": 2}

    def test_acknowledgements_are_counted_in_the_year_they_fell_due(self, register):
        acknowledged = annual_snapshot(YEAR)["acknowledged"]
        by_hand = counted_by_hand(YEAR)["acknowledged"]
        assert acknowledged == by_hand
        # Received 31 March 2025 and due in April, acknowledged on time: counted this year.
        assert acknowledged["on_time"] >= 2
        assert acknowledged["due"] > acknowledged["on_time"]  # the late one, those never done

    def test_learning_is_the_years_with_patient_details_taken_out(self, register):
        done = annual_snapshot(YEAR)["learning"]
        assert [d["done_on"] for d in done] == ["2025-04-01", "2026-03-31"]
        text = " ".join(d["action"] for d in done)
        assert "call bells are answered within five minutes" in text
        for value in ("Zebedee", "Marchbanks", "401 023 2137", "Pemberton-Vosk", "07700 900462"):
            assert value not in text

    def test_a_year_with_no_surveys_says_no_data_not_zero(self, medicine):
        make_item(csc=medicine, received_on=date(2025, 5, 1))
        snapshot = annual_snapshot(YEAR)
        assert snapshot["survey"] == {
            "count": 0,
            "listened_to": None,
            "kept_informed": None,
            "understood_outcome": None,
        }
        survey_rows = {r.figure: r.text for r in sections(snapshot)[7].rows}
        assert survey_rows["I was kept informed"] == "no data (no surveys)"


class TestShares:
    @pytest.mark.parametrize(
        ("part", "whole", "text"),
        [
            (46, 50, "92% (46 of 50)"),
            (50, 50, "100% (50 of 50)"),
            (199, 200, "99% (199 of 200)"),  # never 100% while one was late
            (1, 300, "1% (1 of 300)"),  # never 0% while one was on time
            (0, 4, "0% (0 of 4)"),
            (0, 0, "no data (none in the year)"),
        ],
    )
    def test_the_number_always_stands_beside_the_percentage(self, part, whole, text):
        assert share_text(part, whole) == text

    def test_percent_rounds_to_the_nearest_whole(self):
        assert percent(2, 3) == 67
        assert percent(1, 3) == 33


# --- The PDF and the CSV ---------------------------------------------------------------------


def build(year=YEAR, by=None) -> AnnualReport:
    report, created = annual_report_request(year=year, by=by, queue=False)
    assert created
    built = annual_report_build(report.pk)
    assert built.status == PackStatus.READY, built.error
    return built


def csv_of(report, by) -> list[list[str]]:
    text = annual_report_download(report=report, by=by, format=DownloadFormat.CSV)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


HEADINGS = [
    "1. Complaints received",
    "2. Concerns resolved early",
    "3. Outcomes of formal complaints",
    "4. Referred to the Ombudsman",
    "5. Acknowledging, responding and keeping people informed",
    "6. What people complained about",
    "7. Complaints by clinical service centre",
    "8. What people thought of how we handled their complaint",
    "9. Learning and changes made: you said, we did",
]


class TestPdf:
    def test_every_section_and_figure_is_printed(self, register, pals_officer):
        report = build(by=pals_officer)
        text = pdf_text(annual_report_file(report))
        assert "Annual complaints report" in text
        assert "2025-26" in text
        assert "1 April 2025 to 31 March 2026" in text
        for heading in HEADINGS:
            assert text.count(heading) == 2, heading  # in the contents and as the heading
        assert "Page 1 of" in text
        for section in sections(report.snapshot):
            assert section.explanation[:60] in text, section.title
            for row in section.rows:
                assert row.figure in text, row.figure
                assert row.text in text, (row.figure, row.text)
        # The figures, as they read.
        assert "67% (2 of 3)" in text  # responded to by the agreed date
        assert "67% (2 of 3)" in text  # updates given as agreed
        assert "3.5 out of 5" in text
        assert "call bells are answered within five minutes" in text

    def test_no_patient_or_contact_details_of_the_register(self, register, pals_officer):
        report = build(by=pals_officer)
        text = pdf_text(annual_report_file(report))
        csv_text = " ".join(" ".join(row) for row in csv_of(report, pals_officer))
        for details in (ZEBEDEE, IGNATIUS):
            for value in identifying_values(details):
                if value.isdigit() and len(value) == 4:
                    continue  # a year of birth: the report is full of years
                assert value not in text, value
                assert value not in csv_text, value

    def test_the_csv_holds_the_pdfs_figures_from_the_same_snapshot(self, register, pals_officer):
        report = build(by=pals_officer)
        text = pdf_text(annual_report_file(report))
        rows = csv_of(report, pals_officer)
        assert rows[0] == [
            "Section",
            "Figure",
            "Count",
            "Out of",
            "Percentage or average",
            "As printed",
        ]
        assert rows[1][-1] == "2025-26"
        figures = [row for row in rows[3:] if not row[1].startswith("Learning action")]
        expected = [
            (f"{n}. {s.title}", r)
            for n, s in enumerate(sections(report.snapshot), 1)
            for r in s.rows
        ]
        assert len(figures) == len(expected)
        for row, (title, figure) in zip(figures, expected, strict=True):
            assert row[0] == title
            assert row[1] == figure.figure
            assert row[2] == ("" if figure.count is None else str(figure.count))
            assert row[3] == ("" if figure.of is None else str(figure.of))
            assert row[5] == figure.text
            assert row[5] in text  # as printed in the PDF
        received = {row[1]: row[2] for row in figures if row[0] == HEADINGS[0]}
        assert received["Complaints received"] == str(report.snapshot["received"]["complaints"])
        learning = [row[5] for row in rows if row[1].startswith("Learning action")]
        assert learning == [d["action"] for d in report.snapshot["learning"]]

    def test_csv_cells_are_safe_from_formulas(self, medicine, pals_officer):
        item = make_item(csc=medicine, received_on=date(2025, 5, 1), by=pals_officer)
        learning(item, pals_officer, '=HYPERLINK("http://example.invalid")', date(2025, 6, 2))
        report = build(by=pals_officer)
        rows = csv_of(report, pals_officer)
        assert rows[-1][5] == '\'=HYPERLINK("http://example.invalid")'

    def test_downloads_are_recorded_with_who_and_which_format(self, register, board_member):
        report = build()
        annual_report_download(report=report, by=board_member, format=DownloadFormat.PDF)
        annual_report_download(report=report, by=board_member, format=DownloadFormat.CSV)
        assert sorted(AnnualReportDownload.objects.values_list("report", "user", "format")) == [
            (report.pk, board_member.pk, "csv"),
            (report.pk, board_member.pk, "pdf"),
        ]


# --- Building ----------------------------------------------------------------------------------


class TestBuilding:
    def test_built_through_the_task_once_the_request_is_committed(
        self, register, board_member, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            report, created = annual_report_request(year=YEAR, by=board_member)
        assert created
        assert len(callbacks) == 1
        report.refresh_from_db()
        assert report.status == PackStatus.READY
        assert report.progress == 100
        assert report.file == final_name(report)
        assert annual_report_file(report).read_bytes()[:5] == b"%PDF-"
        assert report.snapshot == annual_snapshot(YEAR) | {"learning": report.snapshot["learning"]}
        assert not part_path(report).exists()

    def test_asking_again_makes_the_next_version_and_keeps_the_first(self, register):
        first = build()
        second = build()
        assert (first.version, second.version) == (1, 2)
        assert annual_report_file(first).is_file()
        assert annual_report_file(second).is_file()

    def test_a_second_request_while_one_is_waiting_gets_that_one(self, register, board_member):
        waiting, created = annual_report_request(year=YEAR, by=board_member, queue=False)
        again, created_again = annual_report_request(year=YEAR, queue=False)
        assert created
        assert not created_again
        assert again.pk == waiting.pk
        assert AnnualReport.objects.count() == 1

    def test_the_database_refuses_two_active_builds_of_a_year(self, db):
        AnnualReport.objects.create(year=2025, version=1, status=PackStatus.BUILDING)
        with pytest.raises(IntegrityError), transaction.atomic():
            AnnualReport.objects.create(year=2025, version=2, status=PackStatus.QUEUED)
        # Another year, or a finished build of the same year, is no clash.
        AnnualReport.objects.create(year=2024, version=1, status=PackStatus.QUEUED)
        AnnualReport.objects.create(year=2025, version=3, status=PackStatus.FAILED)

    def test_a_repeated_task_message_changes_nothing(self, register):
        report = build()
        before = AnnualReport.objects.filter(pk=report.pk).values().get()
        assert annual_report_build(report.pk) is None
        assert AnnualReport.objects.filter(pk=report.pk).values().get() == before

    @pytest.mark.parametrize("blocked", [".building", "2025-26"])
    def test_a_failed_build_leaves_no_file(self, register, board_member, media, tmp_path, blocked):
        report, _ = annual_report_request(year=YEAR, by=board_member, queue=False)
        folder = media / "annual-reports"
        folder.mkdir(parents=True)
        (folder / blocked).symlink_to(tmp_path / "nowhere", target_is_directory=True)

        failed = annual_report_build(report.pk)

        assert failed.status == PackStatus.FAILED
        assert failed.error.startswith("The build stopped: ")
        assert (failed.file, failed.sha256, failed.size, failed.snapshot) == ("", "", None, None)
        assert [p for p in media.rglob("*") if p.is_file()] == []
        with pytest.raises(AnnualReportError, match="cannot be downloaded yet"):
            annual_report_download(report=failed, by=board_member, format=DownloadFormat.CSV)
        assert not AnnualReportDownload.objects.exists()
        # The failed build does not block asking again.
        (folder / blocked).unlink()
        assert build().version == 2

    def test_a_build_that_died_is_marked_failed_when_next_asked_for(self, register):
        report, _ = annual_report_request(year=YEAR, queue=False)
        long_ago = timezone.now() - timedelta(hours=2)
        AnnualReport.objects.filter(pk=report.pk).update(
            status=PackStatus.BUILDING, started_at=long_ago
        )
        part_path(report).parent.mkdir(parents=True)
        part_path(report).write_bytes(b"half a PDF")
        again, created = annual_report_request(year=YEAR, queue=False)
        report.refresh_from_db()
        assert created
        assert again.version == 2
        assert report.status == PackStatus.FAILED
        assert not part_path(report).exists()


# --- Which years ---------------------------------------------------------------------------------


class TestYears:
    @pytest.mark.parametrize("text", ["2025", "2025-27", "25-26", "2025/26", "", "soon"])
    def test_a_malformed_year_is_refused_at_the_field(self, text):
        with pytest.raises(AnnualReportError) as error:
            parse_report_year(text)
        assert "Enter the year as YYYY-YY" in error.value.message_dict["year"][0]

    def test_the_year_is_refused_until_the_day_after_31_march(self, register):
        with pytest.raises(AnnualReportError, match="has not ended yet") as error:
            check_year(YEAR, today=LAST)
        assert "choose 2024-25 or an earlier year" in error.value.message_dict["year"][0]
        assert check_year(YEAR, today=AFTER) == YEAR

    def test_a_year_with_no_feedback_is_refused_naming_the_years_that_have_some(self, register):
        with pytest.raises(AnnualReportError, match="holds no feedback received in 2019-20") as e:
            check_year(FinancialYear.starting(2019))
        assert annual_report_years()[-2:] == ["2025-26", "2024-25"]  # 31 March 2025 is 2024-25
        offered = ", ".join(annual_report_years())
        assert f"choose one of {offered}" in e.value.message_dict["year"][0]

    def test_only_years_that_ended_with_feedback_in_them_are_offered(self, medicine):
        make_item(csc=medicine, received_on=date(2022, 4, 1))  # 2022-23's first day
        make_item(csc=medicine, received_on=date(2025, 3, 31))  # 2024-25's last day
        assert years_with_feedback(today=date(2026, 3, 31)) == [2024, 2022]  # none in 2023-24
        make_item(csc=medicine, received_on=date(2025, 4, 1))
        assert years_with_feedback(today=date(2026, 3, 31)) == [2024, 2022]  # 2025-26 not ended
        assert years_with_feedback(today=date(2026, 4, 1)) == [2025, 2024, 2022]

    def test_the_year_a_day_falls_in(self):
        assert financial_year_of(BEFORE) == 2024
        assert financial_year_of(FIRST) == 2025
        assert financial_year_of(LAST) == 2025
        assert financial_year_of(AFTER) == 2026


class TestCommand:
    def test_builds_the_year_and_prints_the_pdfs_path(self, register, capsys):
        call_command("build_annual_report", "--year", "2025-26")
        out = capsys.readouterr().out.strip().splitlines()
        report = AnnualReport.objects.get()
        assert report.status == PackStatus.READY
        assert out[-1] == str(annual_report_file(report))

    @pytest.mark.parametrize(
        ("year", "message"),
        [
            ("2025", "Enter the year as YYYY-YY"),
            ("2025-27", "Enter the year as YYYY-YY"),
            ("2019-20", "holds no feedback received in 2019-20"),
        ],
    )
    def test_refusals_say_why_and_build_nothing(self, register, year, message):
        with pytest.raises(CommandError, match=message):
            call_command("build_annual_report", "--year", year)
        assert not AnnualReport.objects.exists()

    def test_the_current_year_is_refused_as_not_ended(self, register):
        current = FinancialYear.starting(financial_year_of(timezone.localdate()))
        with pytest.raises(CommandError, match=f"{current.label} has not ended yet"):
            call_command("build_annual_report", "--year", current.label)
        assert not AnnualReport.objects.exists()

    def test_a_year_being_built_is_not_built_twice(self, register):
        annual_report_request(year=YEAR, queue=False)
        with pytest.raises(CommandError, match="is already queued"):
            call_command("build_annual_report", "--year", "2025-26")
        assert AnnualReport.objects.count() == 1


# --- The pages -----------------------------------------------------------------------------------

P, C, B, A, D = (
    Role.PALS_OFFICER,
    Role.CSC_MANAGER,
    Role.BOARD_MEMBER,
    Role.AWARDS_PANEL_MEMBER,
    Role.ADMINISTRATOR,
)
READERS = {P, B, D}


def ready_report(year=2025, version=1, **fields) -> AnnualReport:
    """A ready report row with a snapshot (no file is needed to list it or write its CSV)."""
    return AnnualReport.objects.create(
        year=year,
        version=version,
        status=PackStatus.READY,
        file=f"annual-reports/{year}/report-{version}.pdf",
        sha256="0" * 64,
        size=4096,
        finished_at=timezone.now(),
        snapshot=annual_snapshot(FinancialYear.starting(year)),
        **fields,
    )


class TestPages:
    @pytest.mark.parametrize("role", [*Role, None], ids=lambda r: r.value if r else "no_role")
    def test_only_pals_officers_administrators_and_the_board_reach_it(
        self, client, user_with_role, register, role
    ):
        report = ready_report()
        client.force_login(user_with_role(role))
        allowed = 200 if role in READERS else 403
        assert client.get(reverse("reports:annual")).status_code == allowed
        assert client.get(reverse("reports:annual_report", args=[report.pk])).status_code == allowed
        csv_url = reverse("reports:annual_download", args=[report.pk, "csv"])
        assert client.get(csv_url).status_code == allowed
        response = client.post(reverse("reports:annual"), {"year": "2025-26"})
        assert response.status_code == (302 if role in READERS else 403)
        if role not in READERS:
            assert AnnualReport.objects.count() == 1
            assert not AnnualReportDownload.objects.exists()

    def test_anonymous_visitor_is_sent_to_sign_in(self, client, register):
        response = client.get(reverse("reports:annual"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_board_member_asks_for_reads_and_downloads_the_report(
        self, client, board_member, register, django_capture_on_commit_callbacks
    ):
        client.force_login(board_member)
        page = client.get(reverse("reports:annual"))
        last_ended = FinancialYear.starting(financial_year_of(timezone.localdate()) - 1).label
        assert f'value="{last_ended}" selected' in page.text  # the last year that ended
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:annual"), {"year": "2025-26"})
        report = AnnualReport.objects.get()
        assert response.url == reverse("reports:annual_report", args=[report.pk])
        assert report.status == PackStatus.READY  # no worker in the tests: built at once
        assert report.requested_by == board_member
        page = client.get(response.url)
        assert "Download the report (PDF" in page.text
        pdf = client.get(reverse("reports:annual_download", args=[report.pk, "pdf"]))
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf["Cache-Control"] == "private, no-store"
        assert report.filename in pdf["Content-Disposition"]
        assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"
        figures = client.get(reverse("reports:annual_download", args=[report.pk, "csv"]))
        assert figures["Content-Type"] == "text/csv; charset=utf-8"
        assert report.csv_filename in figures["Content-Disposition"]
        assert b"".join(figures.streaming_content).decode().startswith("\ufeffSection,Figure")
        assert sorted(AnnualReportDownload.objects.values_list("format", "user")) == [
            ("csv", board_member.pk),
            ("pdf", board_member.pk),
        ]
        # Both in the one access log too (issue 14), named by file.
        assert sorted(AccessRecord.objects.values_list("user", "action", "what")) == sorted(
            (board_member.pk, AccessAction.DOWNLOADED_ANNUAL_REPORT, name)
            for name in (report.filename, report.csv_filename)
        )

    def test_csc_manager_is_refused_everything(self, client, medicine_manager, register):
        report = ready_report()
        client.force_login(medicine_manager)
        for url in (
            reverse("reports:annual"),
            reverse("reports:annual_report", args=[report.pk]),
            reverse("reports:annual_download", args=[report.pk, "pdf"]),
        ):
            assert client.get(url).status_code == 403
        assert not AnnualReportDownload.objects.exists()
        assert not AccessRecord.objects.exists()

    def test_pals_officer_follows_a_build_with_htmx_until_it_is_ready(
        self, client, pals_officer, register
    ):
        report, _ = annual_report_request(year=YEAR, by=pals_officer, queue=False)
        client.force_login(pals_officer)
        url = reverse("reports:annual_report", args=[report.pk])
        polling = client.get(url, headers={"HX-Request": "true"})
        assert "<html" not in polling.text
        assert f'hx-get="{url}"' in polling.text
        assert "Waiting for the builder to start: 0% done" in polling.text
        annual_report_build(report.pk)
        done = client.get(url, headers={"HX-Request": "true"})
        assert "hx-get" not in done.text
        assert "Download the figures (CSV)" in done.text

    def test_a_year_not_offered_is_refused_at_the_field(self, client, pals_officer, register):
        client.force_login(pals_officer)
        current = FinancialYear.starting(financial_year_of(timezone.localdate())).label
        for year in (current, "2019-20", "nonsense"):
            response = client.post(reverse("reports:annual"), {"year": year})
            assert response.status_code == 200
            years = annual_report_years()
            assert f"Choose a year from {years[-1]} to {years[0]}" in response.text
        assert not AnnualReport.objects.exists()

    def test_a_report_not_ready_goes_back_to_its_page_and_records_nothing(
        self, client, pals_officer, register
    ):
        report, _ = annual_report_request(year=YEAR, queue=False)
        client.force_login(pals_officer)
        response = client.get(reverse("reports:annual_download", args=[report.pk, "pdf"]))
        assert response.url == reverse("reports:annual_report", args=[report.pk])
        assert not AnnualReportDownload.objects.exists()

    def test_unknown_report_or_format_is_404(self, client, pals_officer, register):
        report = ready_report()
        client.force_login(pals_officer)
        assert client.get(reverse("reports:annual_report", args=[999_999])).status_code == 404
        url = reverse("reports:annual_download", args=[report.pk, "docx"])
        assert client.get(url).status_code == 404

    def test_linked_from_the_reports_index_for_those_who_may_read_it(
        self, client, board_member, medicine_manager, register
    ):
        client.force_login(board_member)
        assert reverse("reports:annual") in client.get(reverse("reports:index")).text
        client.force_login(medicine_manager)
        assert reverse("reports:annual") not in client.get(reverse("reports:index")).text

    def test_the_list_queries_the_same_for_3_and_30_reports(self, client, board_member, register):
        requesters = [UserFactory() for _ in range(3)]

        def add(count):
            for n in range(AnnualReport.objects.count(), AnnualReport.objects.count() + count):
                ready_report(year=2000 + n, requested_by=requesters[n % 3])

        client.force_login(board_member)
        url = reverse("reports:annual")
        add(3)
        with CaptureQueriesContext(connection) as few:
            assert len(client.get(url).context["page"].object_list) == 3
        add(27)
        with CaptureQueriesContext(connection) as many:
            assert len(client.get(url).context["page"].object_list) == 30
        assert len(many) == len(few)
