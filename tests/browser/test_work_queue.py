"""The work queue in Chromium, at the size of a typical trust laptop screen (1366 by 768).

A PALS officer with about thirty open cases must see at least eight of them without scrolling,
and the page must have no serious or critical accessibility problems. Each test reads
given/when/then. All are marked ``browser`` by this folder's conftest.
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from careprog.reference.organisation import CLINICAL_SERVICE_CENTRES
from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, ClinicalServiceCentreFactory, UserFactory
from careprog.working_days import trust_calendar
from feedback.demo.complaint_texts import COMPLAINTS
from feedback.demo.pals_texts import PALS
from feedback.models.choices import Kind
from feedback.services import complaints
from feedback.tests.factories import make_item
from tests.browser.conftest import axe_check, sign_in

LAPTOP = {"width": 1366, "height": 768}
MIN_ROWS_ABOVE_THE_FOLD = 8


def working_days_before(calendar, day, n: int):
    """The working day ``n`` working days before ``day``."""
    while n:
        day -= timedelta(days=1)
        n -= calendar.is_working_day(day)
    return day


def seed_open_cases(officer, colleague) -> int:
    """About thirty open cases for ``officer``, spread over the groups and CSCs as in the demo
    data (long CSC names and summaries included), and a few of a colleague's. How many are
    the officer's."""
    cscs = [
        ClinicalServiceCentreFactory(code=code, name=name)
        for code, name, _ in CLINICAL_SERVICE_CENTRES
    ]
    calendar = trust_calendar()
    today = timezone.localdate()
    received = today - timedelta(days=80)
    # Working days from today of each complaint's agreed response date: four overdue, two due
    # today, eight due within five working days, four later.
    offsets = [-7, -3, -2, -1, 0, 0, 1, 1, 2, 3, 3, 4, 5, 5, 9, 12, 20, 30]
    made = 0
    for n, offset in enumerate(offsets):
        due = (
            calendar.add_working_days(today, offset)
            if offset >= 0
            else working_days_before(calendar, today, -offset)
        )
        item = make_item(
            csc=cscs[n % len(cscs)],
            by=officer,
            received_on=received,
            summary=COMPLAINTS[n % len(COMPLAINTS)].summary,
        )
        item = complaints.complaint_acknowledge(item=item, by=officer, on=received)
        complaints.complaint_change_deadline(item=item, by=officer, new_date=due, reason="Agreed")
        made += 1
    # Four complaints waiting to be acknowledged (received yesterday), six open PALS contacts,
    # two compliments to share.
    for n in range(4):
        make_item(csc=cscs[n], by=officer, summary=COMPLAINTS[n + 3].summary)
    for n in range(6):
        make_item(kind=Kind.PALS, csc=cscs[-n - 1], by=officer, summary=PALS[n % len(PALS)].summary)
    for n in range(2):
        make_item(
            kind=Kind.COMPLIMENT, csc=cscs[n], by=officer, summary="Thank you to the ward team"
        )
    made += 12
    for n in range(3):
        make_item(csc=cscs[n], by=colleague, summary=COMPLAINTS[n].summary)
    return made


def rows_above_the_fold(page: Page) -> int:
    """Case rows wholly visible without scrolling."""
    height = page.viewport_size["height"]
    boxes = [row.bounding_box() for row in page.locator(".app-queue-row").all()]
    return sum(1 for box in boxes if box and box["y"] >= 0 and box["y"] + box["height"] <= height)


class TestWorkQueueOnALaptop:
    def test_a_pals_officer_sees_eight_cases_above_the_fold_and_the_page_is_accessible(
        self, page, live_server, pals_officer, tmp_path
    ):
        screenshot = tmp_path / "work-queue-1366x768.png"
        # Given a PALS officer with about thirty open cases, and a colleague with a few
        colleague = UserFactory(role=Role.PALS_OFFICER, first_name="Priya", last_name="Shah")
        mine = seed_open_cases(pals_officer, colleague)
        assert mine >= 30

        # When they sign in and open the work queue on a 1366 by 768 screen
        page.set_viewport_size(LAPTOP)
        sign_in(page, live_server, pals_officer.username, TEST_PASSWORD)
        page.goto(f"{live_server.url}/feedback/")
        page.screenshot(path=str(screenshot))

        # Then it opens on their own cases, with the counts at the top linking to each group
        expect(page.get_by_role("heading", level=1)).to_contain_text("my cases")
        counts = page.locator(".app-queue-counts")
        expect(counts.get_by_role("link", name="4 overdue")).to_have_attribute("href", "#overdue")
        first_group = page.get_by_role("heading", name="Overdue (4)")
        assert counts.bounding_box()["y"] < first_group.bounding_box()["y"]

        # And at least eight cases are wholly visible without scrolling, each on one line
        assert rows_above_the_fold(page) >= MIN_ROWS_ABOVE_THE_FOLD, screenshot
        heights = {
            round(row.bounding_box()["height"]) for row in page.locator(".app-queue-row").all()[:8]
        }
        assert max(heights) < 48, f"a case row is taller than one line: {heights}"

        # And the page has no serious or critical accessibility problems
        axe_check(page)

        # When they switch to everyone's cases
        page.get_by_role("navigation", name="Whose cases").get_by_role(
            "link", name="Everyone's cases"
        ).click()

        # Then the colleague's cases are there with their handler's name, and it is accessible
        expect(page.get_by_role("heading", level=1)).to_contain_text("everyone's cases")
        expect(page.get_by_role("cell", name="Priya Shah").first).to_be_visible()
        page.screenshot(path=str(tmp_path / "work-queue-everyone-1366x768.png"))
        axe_check(page)


class TestReassigningACase:
    def test_a_pals_officer_gives_a_case_to_a_colleague_from_its_page(
        self, page, live_server, pals_officer, tmp_path
    ):
        # Given a complaint that the PALS officer logged, and a colleague
        medicine = ClinicalServiceCentreFactory(code="med", name="Medicine")
        UserFactory(role=Role.PALS_OFFICER, first_name="Priya", last_name="Shah")
        item = make_item(csc=medicine, by=pals_officer, summary=COMPLAINTS[0].summary)

        # When they open it from their work queue
        sign_in(page, live_server, pals_officer.username, TEST_PASSWORD)
        page.goto(f"{live_server.url}/feedback/")
        page.get_by_role("link", name=item.reference, exact=True).click()

        # Then its summary says they handle it, and the page is accessible with the form open
        handler = page.locator(".nhsuk-summary-list__row").filter(has_text="Case handler")
        expect(handler.locator("dd")).to_have_text(str(pals_officer))
        page.get_by_text("Change the case handler", exact=True).click()
        page.screenshot(path=str(tmp_path / "case-handler-form.png"), full_page=True)
        axe_check(page)

        # When they give it to their colleague
        page.get_by_label("Case handler", exact=True).select_option(label="Priya Shah")
        page.get_by_role("button", name="Change case handler", exact=True).click()

        # Then they are back on the case, told so, and it no longer shows in their queue
        expect(page.get_by_text("Case handler changed to Priya Shah")).to_be_visible()
        expect(handler.locator("dd")).to_have_text("Priya Shah")
        page.goto(f"{live_server.url}/feedback/")
        expect(page.get_by_role("link", name=item.reference, exact=True)).to_have_count(0)
