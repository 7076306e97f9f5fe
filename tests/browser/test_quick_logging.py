"""A busy PALS officer logs a phone compliment for a named nurse: from the home page, on one
form page, in at most two page loads and seven answers. In Chromium."""

import re
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
    # Staff named: typed, not Ctrl-clicked; the choice shows as a tag that can be removed.
    answer(lambda: page.get_by_label("Staff named (optional)", exact=True).fill("Jo Blo"))
    page.get_by_role("option", name=re.compile(r"^Jo Bloggs, Staff nurse")).click()
    expect(page.locator(".app-multi-picker__tag")).to_have_count(1)
    expect(page.locator(".app-multi-picker__tag")).to_contain_text("Jo Bloggs")
    expect(page.get_by_label("Staff named (optional)", exact=True)).to_have_value("")
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


def test_standards_are_typed_tagged_and_removed_and_the_select_works_without_javascript(
    page, no_js_page, live_server, ward_7
):
    from careprog.models import CareStandard

    first, second = CareStandard.objects.active().with_criterion()[:2]
    officer = UserFactory(role=Role.PALS_OFFICER)
    sign_in(page, live_server, officer.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/feedback/log/compliment/")
    page.get_by_label("Channel", exact=True).select_option(label="Email")
    page.get_by_label("Patient", exact=True).check()
    page.get_by_label("Summary", exact=True).fill("Lovely care")
    page.get_by_label("Clinical Service Centre", exact=True).select_option(label="Medicine")

    page.get_by_text("Categories (optional)").click()
    standards = page.get_by_label("Customer care standards (optional)", exact=True)
    tags = page.locator(".app-multi-picker__tag")
    for count, standard in enumerate((first, second), start=1):
        standards.fill(standard.text[:25])
        page.get_by_role("option", name=f"{standard.code} {standard.text}").click()
        expect(tags).to_have_count(count)
        # The picker empties the box a moment after a choice; typing sooner was wiped (CI).
        expect(standards).to_have_value("")
    page.get_by_role("button", name=f"Remove {first.code} {first.text}").click()
    expect(tags).to_have_count(1)
    axe_check(page)
    page.get_by_role("button", name="Log compliment", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lovely care")
    assert list(FeedbackItem.objects.get().standards.all()) == [second]

    # Without JavaScript the same field is a plain multiple select.
    sign_in(no_js_page, live_server, officer.username, TEST_PASSWORD)
    no_js_page.goto(f"{live_server.url}/feedback/log/compliment/")
    no_js_page.get_by_text("Categories (optional)").click()
    select = no_js_page.locator("select[name=standards]")
    select.select_option([str(first.pk)])
    expect(select).to_have_value(str(first.pk))


def test_an_open_case_for_the_nhs_number_is_named_as_it_is_typed(page, live_server, ward_7):
    from feedback.tests.factories import make_item

    earlier = make_item(csc=ward_7.csc, nhs_number="9434765919", summary="Lost hearing aids")
    officer = UserFactory(role=Role.PALS_OFFICER)
    sign_in(page, live_server, officer.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/feedback/log/pals/")
    page.get_by_text("Patient (optional)").click()
    page.get_by_label("NHS number (optional)", exact=True).fill("943 476 5919")

    warning = page.locator("#possible-duplicates")
    expect(warning).to_contain_text("Possible duplicate")
    expect(warning).to_contain_text(f"{earlier.reference}")
    expect(warning).to_contain_text("Lost hearing aids")
    axe_check(page)

    # A different patient's number clears it.
    page.get_by_label("NHS number (optional)", exact=True).fill("401 023 2137")
    expect(warning).not_to_contain_text("Possible duplicate")
