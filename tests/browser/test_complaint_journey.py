"""A formal complaint through the real pages, from logging to the response sent, in Chromium.

The issue's acceptance test: a PALS officer logs a complaint, works it through the statutory
process, the Medicine CSC manager signs the response off in their own browser, and the timeline
tells the whole story. Each test reads given/when/then. All are marked ``browser`` by this
folder's conftest.
"""

import re
from datetime import date, timedelta

from django.utils import dateformat, timezone
from playwright.sync_api import Locator, Page, expect

from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, UserFactory
from careprog.working_days import trust_calendar
from feedback import reference
from feedback.models import FeedbackItem
from feedback.tests.factories import make_item
from tests.browser.conftest import axe_check, sign_in

VALID_NHS_NUMBER = "943 476 5919"
BAD_CHECK_DIGIT_NHS_NUMBER = "943 476 5918"
SUMMARY = "Waited four hours for pain relief on Ward 7"
LEARNING = "Pain relief is checked at every two-hourly comfort round"


def recent_working_day(today: date) -> date:
    """A working day about a week ago: 7 calendar days back, or the working day before that."""
    calendar = trust_calendar()
    day = today - timedelta(days=7)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def long_date(day: date) -> str:
    """A date as the item page shows deadlines, e.g. "Wednesday 30 December 2026"."""
    return dateformat.format(day, "l j F Y")


def item_path(reference_number: str) -> str:
    return f"/feedback/{reference_number.replace('/', '-')}/"


def fill_date(page: Page, legend: str, day: date) -> None:
    """Type a date into the NHS.UK date input: Day, Month and Year boxes under one legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def expect_date(page: Page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    expect(group.get_by_label("Day", exact=True)).to_have_value(str(day.day))
    expect(group.get_by_label("Month", exact=True)).to_have_value(str(day.month))
    expect(group.get_by_label("Year", exact=True)).to_have_value(str(day.year))


def choose(page: Page, legend: str, option: str) -> None:
    """Tick a radio or checkbox by its label, within the question it belongs to."""
    page.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def status_tag(page: Page) -> Locator:
    """The item's status: the first tag under the page heading."""
    return page.get_by_role("main").locator(".nhsuk-tag").first


def summary_value(page: Page, key: str) -> Locator:
    """The value beside a key in the page's summary lists."""
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(key)}$"))
    )
    return row.locator("dd")


def press(page: Page, name: str) -> None:
    """Press a one-click action button (or a form's submit button) on the page."""
    page.get_by_role("main").get_by_role("button", name=name, exact=True).click()


def follow(page: Page, name: str) -> None:
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()


def start_logging_a_complaint(page: Page) -> None:
    """From anywhere signed in: Log feedback in the header, then Complaint."""
    page.get_by_role("banner").get_by_role("link", name="Log feedback", exact=True).click()
    follow(page, "Complaint")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log formal complaint")


def fill_complaint(page: Page, *, received: date, nhs_number: str) -> None:
    fill_date(page, "Date received", received)
    page.get_by_label("Channel", exact=True).select_option(label="Email")
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("Description (optional)", exact=True).fill(
        "My father asked for pain relief at 2pm and was given it at 6pm."
    )
    choose(page, "Raised by", "Patient")
    page.get_by_label("Patient name (optional)", exact=True).fill("Alan Example")
    page.get_by_label("NHS number (optional)", exact=True).fill(nhs_number)
    page.get_by_label("Clinical Service Centre", exact=True).select_option(label="Medicine")
    choose(page, "Severity", "Amber (moderate)")
    choose(page, "Tier", "Tier 1: straightforward (25 working days)")
    choose(page, "KO41a subjects (optional)", "Patient care")


class TestFormalComplaintJourney:
    def test_a_complaint_is_logged_worked_signed_off_and_answered_with_its_whole_timeline(
        self, page, other_page, live_server, pals_officer, medicine_manager
    ):
        # Given the KO41a subjects and response tiers, a PALS officer and Medicine's manager
        reference.load()
        today = timezone.localdate()
        received = recent_working_day(today)
        calendar = trust_calendar()
        acknowledge_by = calendar.add_working_days(received, 3)
        respond_by = calendar.add_working_days(received, 25)
        learning_due = today + timedelta(days=30)
        reference_number = f"COMP/{received.year}/00001"

        # When the PALS officer signs in and opens the form to log a formal complaint
        sign_in(page, live_server, pals_officer.username, TEST_PASSWORD)
        start_logging_a_complaint(page)

        # Then the log form has no serious or critical accessibility problems
        axe_check(page)

        # When they fill it in and submit it
        fill_complaint(page, received=received, nhs_number=VALID_NHS_NUMBER)
        press(page, "Log formal complaint")

        # Then they see the new complaint's page: its reference, status "Received"
        expect(page).to_have_url(f"{live_server.url}{item_path(reference_number)}")
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_contain_text(f"Formal complaint {reference_number}")
        expect(heading).to_contain_text(SUMMARY)
        expect(status_tag(page)).to_have_text("Received")

        # And deadlines of 3 and 25 working days from receipt, from the trust's calendar
        expect(page.get_by_role("heading", name="Deadlines", exact=True)).to_be_visible()
        expect(summary_value(page, "Acknowledge by")).to_contain_text(long_date(acknowledge_by))
        expect(summary_value(page, "Respond by")).to_contain_text(long_date(respond_by))
        expect(summary_value(page, "NHS number")).to_have_text(
            "943 476 5919"
        )  # stored as digits, shown 3-3-4
        expect(summary_value(page, "Clinical Service Centre")).to_have_text("Medicine")
        expect(summary_value(page, "Severity")).to_have_text("Amber (moderate)")

        # And the item page has no serious or critical accessibility problems
        axe_check(page)

        # When they acknowledge it, on a form whose date is today unless changed
        follow(page, "Acknowledge")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Acknowledge")
        expect_date(page, "Date acknowledged", today)
        axe_check(page)
        # with the handling plan agreed with them: by phone, the usual response date and
        # interval, the response written by the officer who handles the case
        choose(page, "How do they want to be contacted?", "Phone")
        press(page, "Acknowledge")

        # Then it is acknowledged
        expect(page).to_have_url(f"{live_server.url}{item_path(reference_number)}")
        expect(status_tag(page)).to_have_text("Acknowledged")

        # When they start the investigation
        press(page, "Start investigation")

        # Then it is under investigation
        expect(status_tag(page)).to_have_text("Under investigation")

        # When they add an investigation note
        page.get_by_label("Investigation note", exact=True).fill(
            "Spoke to the ward manager: the drugs round was delayed by two emergencies."
        )
        press(page, "Add note")

        # Then the note shows on the page
        expect(page.get_by_role("main")).to_contain_text("the drugs round was delayed")

        # When they record the outcome as partially upheld
        follow(page, "Record outcome")
        choose(page, "Outcome", "Partially upheld")
        press(page, "Record outcome")

        # Then the outcome shows in the details
        expect(summary_value(page, "Outcome")).to_have_text("Partially upheld")

        # When they add a learning action: what, who owns it, and when it is due
        follow(page, "Add a learning action")
        page.get_by_label("What will be done differently?", exact=True).fill(LEARNING)
        page.get_by_label("Owner", exact=True).fill("Ward 7 manager")
        fill_date(page, "Due date", learning_due)
        press(page, "Save")

        # Then it is listed under learning
        learning_table = page.get_by_role("table", name="Learning actions")
        learning_row = learning_table.locator("tbody tr")
        expect(learning_row).to_have_count(1)
        expect(learning_row.locator("td").nth(0)).to_have_text(LEARNING)
        expect(learning_row.locator("td").nth(1)).to_have_text("Ward 7 manager")
        expect(learning_row.locator("td").nth(2)).to_have_text(
            dateformat.format(learning_due, "j M Y")
        )

        # When they mark the response as drafted and send it for sign-off
        press(page, "Mark response as drafted")
        expect(status_tag(page)).to_have_text("Response drafted")
        press(page, "Send for sign-off")

        # Then it awaits sign-off, which a PALS officer cannot give
        expect(status_tag(page)).to_have_text("Awaiting sign-off")
        expect(page.get_by_role("button", name="Sign off the response")).to_have_count(0)
        expect(page.get_by_role("link", name="Record response sent")).to_have_count(0)

        # When Medicine's manager, in their own browser, signs in, opens it and signs it off
        sign_in(other_page, live_server, medicine_manager.username, TEST_PASSWORD)
        other_page.goto(f"{live_server.url}{item_path(reference_number)}")
        expect(status_tag(other_page)).to_have_text("Awaiting sign-off")
        press(other_page, "Sign off the response")

        # Then their page shows who signed it off
        expect(summary_value(other_page, "Signed off")).to_contain_text(str(medicine_manager))
        expect(other_page.get_by_role("button", name="Sign off the response")).to_have_count(0)

        # When the PALS officer reloads and records the response as sent today
        page.reload()
        follow(page, "Record response sent")
        expect_date(page, "Date the response was sent", today)
        press(page, "Record response sent")

        # Then the response is sent
        expect(page).to_have_url(f"{live_server.url}{item_path(reference_number)}")
        expect(status_tag(page)).to_have_text("Response sent")

        # And the timeline tells the whole story, newest first
        today_text = f"{today.day} {today:%B %Y}"
        expected_timeline = [
            rf"Response sent on {today_text}",
            rf"Response signed off by {re.escape(str(medicine_manager))}",
            r"Response sent for sign-off",
            r"Response drafted",
            rf"Learning action added: {re.escape(LEARNING)} \(owner Ward 7 manager, due "
            rf"{learning_due.day} {learning_due:%B %Y}\)",
            r"Outcome: Partially upheld",
            r"Investigation note added",
            r"Investigation started",
            rf"Handling plan agreed: contact by phone; response written by "
            rf"{re.escape(str(pals_officer))}; updated every 20 working days, the next update "
            rf"by \d+ \w+ \d{{4}}",
            rf"Acknowledged on {today_text}( \(late\))?",
            r"Formal complaint logged",
        ]
        entries = page.locator("ul.app-timeline > li > strong")
        expect(entries).to_have_text([re.compile(rf"^{entry}$") for entry in expected_timeline])

        # And the learning action is still listed
        expect(learning_table.locator("tbody tr").first).to_contain_text(LEARNING)


class TestLoggingWithMistakes:
    def test_a_bad_nhs_number_and_a_future_date_are_explained_and_nothing_is_logged(
        self, page, live_server, pals_officer, medicine
    ):
        # Given the reference data, and a PALS officer on the form to log a complaint
        reference.load()
        sign_in(page, live_server, pals_officer.username, TEST_PASSWORD)
        start_logging_a_complaint(page)

        # When they type an NHS number with a wrong check digit and a date received next week
        fill_complaint(
            page,
            received=timezone.localdate() + timedelta(days=7),
            nhs_number=BAD_CHECK_DIGIT_NHS_NUMBER,
        )
        press(page, "Log formal complaint")

        # Then the NHS error summary says what is wrong with each
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary.get_by_role("heading")).to_have_text("There is a problem")
        expect(summary).to_contain_text("check digit")
        expect(summary).to_contain_text("Date received must be today or in the past")

        # And they are still on the form, with what they typed kept
        expect(page.get_by_role("heading", level=1)).to_have_text("Log formal complaint")
        expect(page.get_by_label("Summary", exact=True)).to_have_value(SUMMARY)
        expect(page.get_by_label("NHS number (optional)", exact=True)).to_have_value(
            BAD_CHECK_DIGIT_NHS_NUMBER
        )

        # And nothing was logged
        assert FeedbackItem.objects.count() == 0


class TestAnotherCscsManager:
    def test_the_manager_of_another_csc_cannot_find_the_complaint(
        self, page, live_server, medicine, surgery
    ):
        # Given a complaint about Medicine, and the manager of Surgery
        item = make_item(csc=medicine)
        surgery_manager = UserFactory(role=Role.CSC_MANAGER, cscs=[surgery])

        # When Surgery's manager goes to the complaint's address
        sign_in(page, live_server, surgery_manager.username, TEST_PASSWORD)
        response = page.goto(f"{live_server.url}{item_path(item.reference)}")

        # Then the page is not found, and nothing of the complaint shows
        assert response is not None
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_role("main")).not_to_contain_text(item.summary)
