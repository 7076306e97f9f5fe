"""A formal complaint handled to the Ombudsman's NHS Complaint Standards, through the real pages,
in Chromium.

The issue's acceptance test: a PALS officer logs a complaint with three issues, acknowledges it
with the handling plan agreed with the person, downloads the acknowledgement letter, logs an
update and sees the next update fall due later; Medicine's manager records a finding on each
issue and a member of staff's comments; the officer sends the response for sign-off, the
manager signs it off, and the officer downloads the final response, whose text answers each
issue, states the right to go to the Ombudsman and holds nobody else's details. Then axe on the
issue's other new pages (letter templates, the public survey, reminders, the annual report).
Each test reads given/when/then. All are marked ``browser`` by this folder's conftest.
"""

import re
import subprocess
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import Locator, Page, expect

from careprog.tests.factories import TEST_PASSWORD, StaffMemberFactory
from careprog.working_days import trust_calendar
from feedback import reference
from feedback.models import FeedbackItem
from feedback.services import complaints
from feedback.services.surveys import create_survey_link
from feedback.tests.factories import make_item
from tests.browser.conftest import axe_check, person, sign_in

SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots to look at after a run, not secrets
SUMMARY = "Discharged without medicines or a plan from Ward 7"
NHS_NUMBER = "943 476 5919"
ISSUES = [
    "Nobody explained the discharge plan to my father",
    "His tablets were not ready, so he went home without them",
    "The ward did not answer the phone for two days afterwards",
]
# One finding per issue: what the manager chooses, why, and what will change.
FINDINGS = [
    (
        "Upheld",
        "The plan was not explained before he left",
        "Plans are talked through at the bedside",
    ),
    ("Not upheld", "The tablets were sent by courier the same evening", ""),
    ("Partly upheld", "The phone was answered on the second day only", "A second line at night"),
]
STAFF_NAME = "Jo Bloggs"
STAFF_EMAIL = "jo.bloggs@trust.nhs.invalid"
STAFF_COMMENTS = "I was covering two bays that afternoon and handed over the discharge late."

# Someone else's complaint: none of this may reach our complainant's letter.
OTHER_PATIENT = "Bethany Otherside"
OTHER_CONTACT = "Colin Otherside"
OTHER_NHS_NUMBER = "4010232137"
OTHER_SUMMARY = "Lost hearing aids on Ward 9"


def long_date(day: date) -> str:
    """A date as the item page shows deadlines, e.g. "Wednesday 30 December 2026"."""
    return dateformat.format(day, "l j F Y")


def working_days_back(today: date, days: int) -> date:
    calendar = trust_calendar()
    day = today
    for _ in range(days):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return day


def fill_date(page: Page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def choose(page: Page, legend: str, option: str) -> None:
    page.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def press(page: Page, name: str) -> None:
    page.get_by_role("main").get_by_role("button", name=name, exact=True).click()


def follow(page: Page, name: str) -> None:
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()


def status_tag(page: Page) -> Locator:
    return page.get_by_role("main").locator(".nhsuk-tag").first


def plan_value(page: Page, key: str) -> Locator:
    row = page.locator(".app-handling-plan .nhsuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(key)}$"))
    )
    return row.locator("dd")


def success_banner(page: Page) -> Locator:
    return page.locator(".nhsuk-success-summary, .app-message, [role=status]").first


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def pdf_text(path: str) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def one_line(text: str) -> str:
    """The PDF's words with its line breaks and layout spaces folded to single spaces."""
    return re.sub(r"\s+", " ", text)


def download_pdf(page: Page, link_name: str) -> str:
    """Click a download link and return the saved file's path, after checking it is a PDF."""
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name, exact=True).click()
    path = download.value.path()
    assert path is not None
    assert Path(path).read_bytes()[:5] == b"%PDF-", f"{link_name} did not give a PDF"
    assert download.value.suggested_filename.endswith(".pdf")
    return str(path)


@pytest.fixture
def ward_staff(medicine):
    StaffMemberFactory(csc=medicine, name="Jo Blackwood", job_title="Sister")
    return StaffMemberFactory(
        csc=medicine, name=STAFF_NAME, job_title="Staff Nurse", email=STAFF_EMAIL
    )


@pytest.fixture
def someone_elses_complaint(medicine):
    return make_item(
        csc=medicine,
        summary=OTHER_SUMMARY,
        patient_name=OTHER_PATIENT,
        contact_name=OTHER_CONTACT,
        raised_by="relative",
        nhs_number=OTHER_NHS_NUMBER,
    )


class TestComplaintHandledToTheStandards:
    def test_three_issues_a_plan_updates_findings_staff_comments_and_the_final_response(
        self,
        browser,
        live_server,
        pals_officer,
        medicine_manager,
        ward_staff,
        someone_elses_complaint,
    ):
        # Given the reference data, a complaint received 8 working days ago (so an update
        # agreed every 3 working days from its acknowledgement that day is now overdue)
        reference.load()
        today = timezone.localdate()
        calendar = trust_calendar()
        received = working_days_back(today, 8)
        first_update_due = calendar.add_working_days(received, 3)
        next_update_due = calendar.add_working_days(today, 3)
        assert first_update_due < today < next_update_due

        with person(browser) as officer:
            # When the PALS officer logs the complaint with three issues, one per line
            sign_in(officer, live_server, pals_officer.username, TEST_PASSWORD)
            officer.goto(f"{live_server.url}/feedback/log/complaint/")
            fill_date(officer, "Date received", received)
            officer.get_by_label("Channel", exact=True).select_option(label="Email")
            officer.get_by_label("Summary", exact=True).fill(SUMMARY)
            officer.get_by_label("Issues to answer (one per line) (optional)", exact=True).fill(
                "\n".join(ISSUES)
            )
            officer.get_by_label("Impact on the person (optional)", exact=True).fill(
                "He was frightened and we had to drive back at night"
            )
            choose(officer, "Raised by", "Patient")
            officer.get_by_label("Contact email (optional)", exact=True).fill(
                "alan.example@example.invalid"
            )
            officer.get_by_label("Patient name (optional)", exact=True).fill("Alan Example")
            officer.get_by_label("NHS number (optional)", exact=True).fill(NHS_NUMBER)
            officer.get_by_label("Clinical Service Centre", exact=True).select_option(
                label="Medicine"
            )
            choose(officer, "Severity", "Amber (moderate)")
            choose(officer, "Tier", "Tier 1: straightforward (25 working days)")
            shoot(officer, "01-log-complaint")
            press(officer, "Log formal complaint")

            # Then the complaint's page lists the three issues, none with a finding yet
            heading = officer.get_by_role("heading", level=1)
            expect(heading).to_contain_text(SUMMARY)
            item = FeedbackItem.objects.get(summary=SUMMARY)
            ref = item.reference
            issues_table = officer.get_by_role("table", name="Issues and findings")
            expect(issues_table.locator("tbody tr")).to_have_count(3)
            for text in ISSUES:
                expect(issues_table).to_contain_text(text)
            expect(officer.locator(".app-overall-outcome")).to_contain_text(
                "not known yet (0 of 3 issues have a finding)"
            )

            # And the clarify page, reached from the item, is accessible
            follow(officer, f"Clarify the complaint {ref}")
            expect(officer.get_by_role("heading", level=1)).to_contain_text("Clarify the complaint")
            axe_check(officer)
            shoot(officer, "02-clarify")
            officer.get_by_role("link", name=ref, exact=True).click()

            # When they acknowledge it on the day it came, with the plan agreed with the
            # person: email, large print, updates every 3 working days
            follow(officer, "Acknowledge")
            fill_date(officer, "Date acknowledged", received)
            choose(officer, "How do they want to be contacted?", "Email")
            officer.get_by_label(re.compile(r"^Large print")).check()
            officer.get_by_label("Who will write the final response?", exact=True).select_option(
                label=str(pals_officer)
            )
            officer.get_by_label("Update them every (working days)", exact=True).fill("3")
            axe_check(officer)
            shoot(officer, "03-acknowledge-with-plan")
            press(officer, "Acknowledge")

            # Then the plan shows, with its first update already overdue
            expect(status_tag(officer)).to_have_text("Acknowledged")
            expect(plan_value(officer, "How they want to be contacted")).to_have_text("Email")
            expect(plan_value(officer, "Adjustments")).to_contain_text("Large print")
            expect(plan_value(officer, "Next update due")).to_contain_text(
                long_date(first_update_due)
            )
            expect(plan_value(officer, "Next update due")).to_contain_text("Overdue")

            # When they create the acknowledgement letter and download it
            press(officer, "Create acknowledgement letter (PDF)")
            link = f"Download the acknowledgement letter (PDF) of {ref}"
            expect(officer.get_by_role("link", name=link, exact=True)).to_be_visible(timeout=30_000)
            acknowledgement = pdf_text(download_pdf(officer, link))
            # and making another is offered, but no longer as the next step
            expect(
                officer.get_by_role("button", name="Create a new acknowledgement letter (PDF)")
            ).to_have_class(re.compile(r"nhsuk-button--secondary"))

            # Then it is a PDF for this complaint, with the agreed adjustment on it
            assert ref in acknowledgement
            assert "Large print" in acknowledgement

            # When they log an update given by email today
            follow(officer, "Log an update")
            expect(officer.get_by_role("heading", level=1)).to_contain_text("Log an update")
            axe_check(officer)
            choose(officer, "How were they updated?", "Email")
            officer.get_by_label("What were they told?", exact=True).fill(
                "The ward manager is looking into the discharge"
            )
            press(officer, "Save")

            # Then the next update is due 3 working days from today, no longer overdue
            expect(plan_value(officer, "Next update due")).to_contain_text(
                long_date(next_update_due)
            )
            expect(plan_value(officer, "Next update due")).not_to_contain_text("Overdue")
            expect(officer.get_by_role("table", name="Updates given")).to_contain_text("Late")

            # When they start the investigation
            press(officer, "Start investigation")
            expect(status_tag(officer)).to_have_text("Under investigation")

            with person(browser) as manager:
                # And Medicine's manager records a finding on each issue
                sign_in(manager, live_server, medicine_manager.username, TEST_PASSWORD)
                manager.goto(f"{live_server.url}/feedback/{item.reference_slug}/")
                for number, (finding, why, change) in enumerate(FINDINGS, start=1):
                    follow(manager, f"Record finding on issue {number}")
                    expect(manager.get_by_role("heading", level=1)).to_contain_text(
                        f"Record the finding on issue {number}"
                    )
                    expect(manager.get_by_role("main")).to_contain_text(ISSUES[number - 1])
                    if number == 1:
                        axe_check(manager)
                        shoot(manager, "04-record-finding")
                    choose(manager, "Finding", finding)
                    manager.get_by_label("Why", exact=True).fill(why)
                    if change:
                        manager.get_by_label("What will change (optional)", exact=True).fill(change)
                    press(manager, "Save finding")
                    expect(
                        manager.get_by_role("table", name="Issues and findings")
                    ).to_contain_text(why)

                # Then the overall outcome is derived from the three findings
                expect(manager.locator(".app-overall-outcome")).to_have_text(
                    "Overall outcome: Partially upheld (derived from the findings)"
                )

                # When they add the nurse to the staff involved, typing her email
                manager.get_by_role(
                    "link", name=f"See and record the staff involved in {ref}"
                ).click()
                expect(manager.get_by_role("heading", level=1)).to_contain_text("Staff involved")
                axe_check(manager)
                manager.get_by_label("Member of staff the complaint is about", exact=True).fill(
                    STAFF_EMAIL
                )
                fill_date(manager, "Date they were told about the complaint (optional)", today)
                manager.get_by_label("Support offered (optional)", exact=True).fill(
                    "A meeting with her line manager"
                )
                press(manager, "Add to staff involved")
                expect(manager.get_by_role("main")).to_contain_text(
                    f"{STAFF_NAME} added to the staff involved"
                )

                # And record her comments
                follow(manager, f"Change details for {STAFF_NAME}")
                manager.get_by_label("Their comments (optional)", exact=True).fill(STAFF_COMMENTS)
                press(manager, "Save")

                # Then the staff involved page shows them, and the page is accessible
                staff_table = manager.get_by_role("table", name="Staff the complaint is about")
                expect(staff_table).to_contain_text(STAFF_NAME)
                expect(staff_table).to_contain_text(STAFF_COMMENTS)
                expect(staff_table).to_contain_text("A meeting with her line manager")
                axe_check(manager)
                shoot(manager, "05-staff-involved")

                # When the officer marks the response drafted and sends it for sign-off
                officer.reload()
                expect(officer.get_by_role("main")).to_contain_text(
                    "The final response can be produced only after it has been signed off."
                )
                expect(
                    officer.get_by_role("button", name="Create final response (PDF)")
                ).to_have_count(0)
                press(officer, "Mark response as drafted")
                expect(status_tag(officer)).to_have_text("Response drafted")
                press(officer, "Send for sign-off")
                expect(status_tag(officer)).to_have_text("Awaiting sign-off")
                # (until it is signed off, an issue can still be reworded)
                expect(officer.get_by_role("link", name="Change issue 1")).to_have_count(1)

                # Then the officer cannot sign it off; the manager can, and does
                expect(officer.get_by_role("button", name="Sign off the response")).to_have_count(0)
                manager.goto(f"{live_server.url}/feedback/{item.reference_slug}/")
                press(manager, "Sign off the response")
                expect(manager.get_by_role("button", name="Sign off the response")).to_have_count(0)

            # When the officer reloads, the issues stand as signed off: no longer changeable
            officer.reload()
            expect(officer.get_by_role("link", name="Change issue 1")).to_have_count(0)

            # And they create the final response and download it
            press(officer, "Create final response (PDF)")
            link = f"Download the final response (PDF) of {ref}"
            expect(officer.get_by_role("link", name=link, exact=True)).to_be_visible(timeout=30_000)
            shoot(officer, "06-item-after-final-response")
            text = one_line(pdf_text(download_pdf(officer, link)))

        # Then it answers each issue with its finding and what will change
        for issue, (finding, why, change) in zip(ISSUES, FINDINGS, strict=True):
            assert issue in text
            assert finding in text
            assert why in text
            if change:
                assert change in text
        # And it names who signed it off, and states the right to go to the Ombudsman
        assert str(medicine_manager) in text
        assert "0345 015 4033" in text
        assert "ombudsman.org.uk" in text
        # And it holds nobody else's details, nor the complainant's NHS number
        for other in (
            OTHER_PATIENT,
            OTHER_CONTACT,
            OTHER_SUMMARY,
            someone_elses_complaint.reference,
            OTHER_NHS_NUMBER,
            "401 023 2137",
            NHS_NUMBER,
            NHS_NUMBER.replace(" ", ""),
        ):
            assert other not in text, f"{other!r} is in the final response"


class TestTheOtherNewPagesAreAccessible:
    def test_letters_templates_survey_reminders_and_the_annual_report(
        self,
        browser,
        live_server,
        pals_officer,
        medicine,
        administrator,
        board_member,
    ):
        # Given a complaint under investigation for more than six months, one answered (with a
        # survey link), and feedback received in the last financial year
        reference.load()
        today = timezone.localdate()
        long_running = make_item(
            csc=medicine, by=pals_officer, received_on=today - timedelta(days=200)
        )
        long_running = complaints.complaint_acknowledge(
            item=long_running,
            by=pals_officer,
            on=long_running.received_on,
            contact_preference="phone",
            update_every=20,
        )
        answered = make_item(csc=medicine, by=pals_officer)
        survey_path = urlsplit(create_survey_link(answered)).path
        last_year = today.year - 1 if today.month >= 4 else today.year - 2
        make_item(csc=medicine, received_on=date(last_year + 1, 2, 10))

        # Then, as the PALS officer: the six-month letter's page and the reminders page
        with person(browser) as officer:
            sign_in(officer, live_server, pals_officer.username, TEST_PASSWORD)
            officer.goto(f"{live_server.url}/feedback/{long_running.reference_slug}/")
            expect(officer.get_by_role("heading", name="Letters")).to_be_visible()
            follow(officer, "Create six-month letter")
            expect(officer.get_by_role("heading", level=1)).to_contain_text("Six-month letter")
            axe_check(officer)
            shoot(officer, "07-six-month-letter")

            officer.goto(f"{live_server.url}/feedback/reminders/")
            expect(officer.get_by_role("heading", level=1)).to_have_text("Email reminders")
            axe_check(officer)

        # And as an administrator: the letter templates
        with person(browser) as admin:
            sign_in(admin, live_server, administrator.username, TEST_PASSWORD)
            admin.goto(f"{live_server.url}/feedback/letters/templates/")
            expect(admin.get_by_role("heading", level=1)).to_have_text("Letter templates")
            axe_check(admin)
            shoot(admin, "08-letter-templates")
            admin.get_by_role("link", name="Edit the final response template").click()
            expect(admin.get_by_role("heading", level=1)).to_contain_text("Final response")
            axe_check(admin)

        # And with no sign-in at all: the survey page, which says nothing of the complaint
        with person(browser) as visitor:
            visitor.goto(f"{live_server.url}{survey_path}")
            expect(visitor.get_by_role("heading", level=1)).to_contain_text(
                "How we handled your complaint"
            )
            expect(visitor.get_by_role("main")).not_to_contain_text(answered.reference)
            expect(visitor.get_by_role("main")).not_to_contain_text(answered.summary)
            axe_check(visitor)
            shoot(visitor, "09-survey")

        # And as a board member: the annual complaints report's pages
        with person(browser) as board:
            sign_in(board, live_server, board_member.username, TEST_PASSWORD)
            board.goto(f"{live_server.url}/reports/annual/")
            axe_check(board)
            shoot(board, "10-annual-index")
            press(board, "Build the report")
            expect(board.get_by_role("heading", level=1)).to_contain_text(
                f"{last_year}", timeout=30_000
            )
            axe_check(board)
            shoot(board, "11-annual-report")
