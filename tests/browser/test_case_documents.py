"""Medicine's manager adds the draft response to a complaint under investigation, the PALS
officer downloads it; a file that is not what its name says is refused. In Chromium."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from weasyprint import HTML

from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, ClinicalServiceCentreFactory, UserFactory
from feedback.models import FeedbackDocument
from feedback.tests.factories import make_item
from tests.browser.conftest import axe_check, sign_in


@pytest.fixture
def complaint(transactional_db):
    medicine = ClinicalServiceCentreFactory(code="med", name="Medicine")
    return make_item(csc=medicine, summary="Waited four hours for pain relief")


def test_a_manager_adds_the_draft_response_and_a_disguised_file_is_refused(
    page, live_server, complaint, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    manager = UserFactory(role=Role.CSC_MANAGER, cscs=[complaint.csc])
    draft = tmp_path / "draft-response.pdf"
    draft.write_bytes(
        HTML(string="<p>Dear Mrs Example, thank you for your letter.</p>").write_pdf()
    )
    disguised = tmp_path / "statement.pdf"
    disguised.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)  # a Windows program, renamed

    sign_in(page, live_server, manager.username, TEST_PASSWORD)
    page.goto(live_server.url + reverse("feedback:detail", args=[complaint.reference_slug]))
    page.get_by_role("link", name="Add a document").click()
    axe_check(page)

    # A program renamed .pdf is refused, saying why, and nothing is kept.
    page.get_by_label("Statement", exact=True).check()
    page.locator("input[type=file]").set_input_files(str(disguised))
    page.get_by_role("button", name="Add document", exact=True).click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "“statement.pdf” is not a PDF, Word, Excel, email, PNG or JPEG file"
    )
    assert not FeedbackDocument.objects.exists()

    # The real draft goes in and is listed on the case.
    page.get_by_label("Draft response", exact=True).check()
    page.locator("input[type=file]").set_input_files(str(draft))
    page.get_by_role("button", name="Add document", exact=True).click()
    documents = page.locator("table", has=page.get_by_text("draft-response.pdf"))
    expect(documents).to_contain_text("Draft response")
    axe_check(page)

    # The PALS officer downloads it, and the download is on the timeline.
    officer = UserFactory(role=Role.PALS_OFFICER)
    page.context.clear_cookies()
    sign_in(page, live_server, officer.username, TEST_PASSWORD)
    page.goto(live_server.url + reverse("feedback:detail", args=[complaint.reference_slug]))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download draft-response.pdf", exact=False).click()
    assert download.value.suggested_filename == "draft-response.pdf"
    assert complaint.events.filter(action="document downloaded", by=officer).exists()
