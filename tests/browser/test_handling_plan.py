"""The handling plan and its updates in Chromium: a PALS officer sees an overdue update in the
work queue, logs it from the complaint's page, and sees "next update due" move on. Each page
is checked with axe. Marked ``browser`` by this folder's conftest."""

from datetime import timedelta

from django.utils import dateformat, timezone
from playwright.sync_api import expect

from careprog.tests.factories import TEST_PASSWORD
from careprog.working_days import trust_calendar
from feedback.services import complaints
from feedback.tests.factories import make_item
from tests.browser.conftest import axe_check, sign_in


class TestUpdatesAsAgreed:
    def test_an_overdue_update_is_logged_and_the_next_one_is_due_later(
        self, page, live_server, pals_officer, medicine
    ):
        # Given a complaint acknowledged three weeks ago with updates every 5 working days,
        # in large print, so its first update is overdue
        calendar = trust_calendar()
        today = timezone.localdate()
        received = today - timedelta(days=21)
        item = make_item(csc=medicine, by=pals_officer, received_on=received)
        item = complaints.complaint_acknowledge(
            item=item,
            by=pals_officer,
            on=received,
            contact_preference="phone",
            large_print=True,
            response_writer=pals_officer,
            update_every=5,
        )

        # When the officer opens their work queue
        sign_in(page, live_server, pals_officer.username, TEST_PASSWORD)
        page.goto(f"{live_server.url}/feedback/")

        # Then the update is listed as overdue, with the adjustment, and the page is accessible
        expect(page.get_by_role("heading", name="Updates overdue (1)")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("Adjustments: Large print")
        expect(page.get_by_role("main")).to_contain_text("Give an update by phone")
        axe_check(page)

        # When they open the complaint
        page.get_by_role("link", name=item.reference, exact=True).first.click()

        # Then its handling plan shows the update as overdue
        expect(page.get_by_role("heading", name="Handling plan")).to_be_visible()
        expect(page.locator(".app-handling-plan")).to_contain_text("Overdue")
        axe_check(page)

        # When they log an update given by phone today
        page.get_by_role("link", name="Log an update", exact=True).click()
        axe_check(page)
        page.get_by_role("group", name="How were they updated?").get_by_label(
            "Phone", exact=True
        ).check()
        page.get_by_label("What were they told?", exact=True).fill(
            "Statements are in; the response is being written"
        )
        page.get_by_role("main").get_by_role("button", name="Save", exact=True).click()

        # Then it is listed, late, and the next update is due 5 working days from today
        table = page.get_by_role("table", name="Updates given")
        expect(table).to_contain_text("Statements are in; the response is being written")
        expect(table).to_contain_text("Late")
        next_due = calendar.add_working_days(today, 5)
        expect(page.locator(".app-handling-plan")).to_contain_text(
            dateformat.format(next_due, "l j F Y")
        )
        expect(page.locator(".app-handling-plan")).not_to_contain_text("Overdue")
        axe_check(page)
