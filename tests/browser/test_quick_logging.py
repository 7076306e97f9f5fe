"""A busy PALS officer logs a phone compliment for a named nurse: from the home page, on one
form page, in at most two page loads and seven answers. In Chromium."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from careprog.roles import Role
from careprog.tests.factories import (
    TEST_PASSWORD,
    ClinicalServiceCentreFactory,
    DepartmentFactory,
    StaffMemberFactory,
    UserFactory,
)
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from tests.browser.conftest import axe_check, sign_in


@pytest.fixture
def ward_7(transactional_db):
    call_command("load_reference_data", stdout=StringIO())
    medicine = ClinicalServiceCentreFactory(code="med", name="Medicine")
    surgery = ClinicalServiceCentreFactory(code="surg", name="Surgery")
    DepartmentFactory(csc=surgery, name="Theatre 1")
    return DepartmentFactory(csc=medicine, name="Ward 7")


def count_page_loads(page: Page) -> list[str]:
    """The URL of every page the browser loads from now on (not htmx or fetch requests)."""
    loads: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame is page.main_frame else None,
    )
    return loads


def test_a_phone_compliment_for_a_named_nurse(page, live_server, ward_7):
    officer = UserFactory(role=Role.PALS_OFFICER)
    nurse = StaffMemberFactory(csc=ward_7.csc, name="Jo Bloggs", job_title="Staff nurse")
    sign_in(page, live_server, officer.username, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # From the home page: one click to the compliment form, where today is already filled in.
    loads = count_page_loads(page)
    page.get_by_role("link", name="Log a compliment", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log compliment")
    axe_check(page)

    answers = 0

    def answer(action) -> None:
        nonlocal answers
        answers += 1
        action()

    answer(lambda: page.get_by_label("Channel", exact=True).select_option(label="Phone"))
    answer(lambda: page.get_by_label("Relative or carer", exact=True).check())
    answer(
        lambda: page.get_by_label("Summary", exact=True).fill(
            "Thanked Jo for her kindness to her mother on the night shift"
        )
    )
    answer(
        lambda: page.get_by_label("Clinical Service Centre", exact=True).select_option(
            label="Medicine"
        )
    )
    # The ward list follows the CSC chosen: Surgery's theatre is no longer offered.
    wards = page.get_by_label("Department or ward (optional)", exact=True)
    expect(wards.locator("option", has_text="Theatre 1 (Surgery)")).to_be_disabled()
    expect(wards.locator("option", has_text="Ward 7 (Medicine)")).to_be_enabled()
    answer(
        lambda: page.get_by_label("Department or ward (optional)", exact=True).select_option(
            label="Ward 7 (Medicine)"
        )
    )
    answer(
        lambda: page.get_by_label("Staff named (optional)", exact=True).select_option(
            value=str(nurse.pk)
        )
    )
    # The patient's details and the categories wait, folded, for when they are wanted.
    expect(page.get_by_label("NHS number (optional)", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Log compliment", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thanked Jo for her kindness")
    item = FeedbackItem.objects.get()
    assert item.kind == Kind.COMPLIMENT
    assert list(item.staff_named.all()) == [nurse]
    assert item.received_on == timezone.localdate()  # the default, never typed
    assert answers <= 7
    assert len(loads) <= 2, loads
