"""A CSC's customer care standards assessment through the real pages, in Chromium.

The issue's acceptance test: Medicine's manager starts the period's assessment, rates all 45
standards with one click each and no page reload, gives the one below Compliance its evidence
and an improvement action, and signs the assessment off; the trust matrix follows along. Then
the same work without JavaScript, two managers rating one standard at once (with and without
JavaScript), a disguised upload, and a rating pressed after the session has ended. Each test
reads given/when/then. All are marked ``browser`` by this folder's conftest.
"""

import re
from datetime import date

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import Locator, Page, expect
from weasyprint import HTML

from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, StaffMemberFactory, UserFactory
from feedback import reference
from feedback.tests.factories import make_item
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating
from standards.tests.factories import make_assessment, the_45_standards, this_period
from tests.browser.conftest import axe_check, sign_in

OWNER = "Priya Raman"
OWNER_EMAIL = "priya.raman@trust.nhs.invalid"
OWNER_LABEL = f"{OWNER}, Ward Manager (Medicine), {OWNER_EMAIL}"
ACTION = "Ward 7 puts the patient information leaflets on every bedside table"
COMPLAINT_SUMMARY = "Nobody explained the discharge plan"
PARTIAL_POSITION = 2  # the third standard of the first criterion (1.III)


@pytest.fixture
def staff(medicine):
    """The owner to pick, and people whose names look like hers."""
    StaffMemberFactory(csc=medicine, name="Priya Patel", job_title="Matron")
    StaffMemberFactory(csc=medicine, name="Priya Ramanathan", job_title="Sister")
    return StaffMemberFactory(csc=medicine, name=OWNER, job_title="Ward Manager", email=OWNER_EMAIL)


def lines_of(assessment: Assessment) -> list[AssessmentLine]:
    return list(assessment.lines.order_by("criterion_number", "position"))


def standard_row(page: Page, line: AssessmentLine) -> Locator:
    return page.locator(f"#line-{line.pk}")


def row_rating(page: Page, line: AssessmentLine) -> Locator:
    """The rating tag of a standard's row on the checklist: the first tag under its heading."""
    return standard_row(page, line).locator(".app-standard__tags .nhsuk-tag").first


def rate(page: Page, line: AssessmentLine, label: str) -> None:
    """Press one of a standard's four rating buttons, e.g. "Compliance for 1.III"."""
    buttons = page.get_by_role("group", name=f"Rate standard {line.code}", exact=True)
    # The name goes on with " (current rating)" when it is the current one; 1.I must not match 1.II.
    name = re.compile(rf"^{re.escape(label)} for {re.escape(line.code)}( \(|$)")
    buttons.get_by_role("button", name=name).click()


def criterion_progress(page: Page, number: int) -> Locator:
    section = page.get_by_role("region", name=re.compile(rf"^{number}\. "))
    return section.locator(".app-progress__text")


def matrix_cell(page: Page, csc_name: str) -> Locator:
    """A CSC's "All standards" cell in the trust matrix: the last cell of its row."""
    header = page.get_by_role("rowheader").filter(
        has=page.get_by_role("link", name=csc_name, exact=True)
    )
    return page.get_by_role("row").filter(has=header).get_by_role("cell").last


def open_trust_matrix(page: Page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Standards", exact=True).click()
    page.get_by_role("navigation", name="Standards").get_by_role(
        "link", name="Trust matrix", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Customer care standards across the trust"
    )


def expander(page: Page, summary: str) -> Locator:
    """An NHS.UK details expander, opened if it is closed."""
    details = page.locator("details").filter(
        has=page.locator("summary", has_text=re.compile(rf"^{re.escape(summary)}$"))
    )
    if not details.evaluate("element => element.open"):
        details.locator("summary").click()
    return details


def fill_date(scope: Locator, legend: str, day: date) -> None:
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def press(scope: Page | Locator, name: str) -> None:
    scope.get_by_role("button", name=name, exact=True).click()


def success_banner(page: Page) -> Locator:
    return page.locator(".nhsuk-notification-banner--success")


def summary_value(page: Page, key: str) -> Locator:
    """The value beside a key in the page's summary lists."""
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(key)}$"))
    )
    return row.locator("dd")


def action_rows(page: Page, line: AssessmentLine) -> Locator:
    table = page.get_by_role("table", name=f"Improvement actions for standard {line.code}")
    return table.locator("tbody tr")


def a_pdf(path) -> str:
    HTML(
        string="<h1>Ward 7 information audit</h1><p>Leaflets were on 12 of 28 bedside tables.</p>"
    ).write_pdf(path)
    return str(path)


class TestAssessmentJourney:
    def test_a_manager_rates_all_45_standards_without_a_reload_evidences_and_signs_off(
        self,
        page,
        live_server,
        medicine,
        medicine_manager,
        pals_officer,
        staff,
        evidence_storage,
        tmp_path,
    ):
        # Given the 45 standards, Medicine's manager, a member of staff to own the action
        standards = the_45_standards()
        reference.load()
        period = this_period()
        partial_standard = next(
            s for s in standards if s.criterion.number == 1 and s.position == PARTIAL_POSITION + 1
        )
        # And a complaint about Medicine this period, tagged with the standard rated Partial
        complaint = make_item(
            csc=medicine,
            received_on=timezone.localdate(),
            standards=[partial_standard],
            by=pals_officer,
            summary=COMPLAINT_SUMMARY,
        )
        pdf = a_pdf(tmp_path / "ward-7-audit.pdf")

        # When the manager signs in and opens the trust matrix
        sign_in(page, live_server, medicine_manager.username, TEST_PASSWORD)
        open_trust_matrix(page)

        # Then Medicine's period has not been started
        expect(matrix_cell(page, "Medicine")).to_contain_text("Not started")

        # When they go to Standards and start the period's assessment
        page.get_by_role("banner").get_by_role("link", name="Standards", exact=True).click()
        press(page.get_by_role("main"), f"Start the {period.label} assessment for Medicine")

        # Then they are on the checklist of 45 standards, none rated
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Customer care standards checklist"
        )
        expect(success_banner(page)).to_contain_text(f"Medicine: {period.label} assessment started")
        assessment = Assessment.objects.get(csc=medicine, period_start=period.start)
        lines = lines_of(assessment)
        assert len(lines) == 45
        summary = page.locator("#checklist-summary")
        expect(summary).to_contain_text("0 of 45 standards rated")
        in_first_criterion = sum(1 for line in lines if line.criterion_number == 1)
        expect(criterion_progress(page, 1)).to_contain_text(f"0 of {in_first_criterion} rated")
        partial_line = next(line for line in lines if line.standard_id == partial_standard.pk)
        page.evaluate("() => { window.__noReload = true; }")

        # When they rate every standard with one click each: Partial Compliance for one,
        # Compliance for the rest, each saved before the next click
        for count, line in enumerate(lines, start=1):
            label = "Partial Compliance" if line == partial_line else "Compliance"
            rate(page, line, label)
            expect(row_rating(page, line)).to_have_text(label)
            if count == 1:
                # Then the criterion's progress moves on at once
                expect(criterion_progress(page, 1)).to_contain_text(
                    f"1 of {in_first_criterion} rated"
                )
                expect(page.locator("#rating-status")).to_have_text(
                    f"Standard {line.code} rated Compliance"
                )
            if count == 3:
                # And the checklist, part rated, has no serious accessibility problems
                axe_check(page)

        # Then every criterion and the whole checklist show all rated, with no page reload
        for number in range(1, 6):
            total = sum(1 for line in lines if line.criterion_number == number)
            expect(criterion_progress(page, number)).to_contain_text(f"{total} of {total} rated")
        expect(summary).to_contain_text("45 of 45 standards rated")
        expect(summary).to_contain_text("44 at Compliance or better (98%)")
        expect(row_rating(page, partial_line)).to_have_text("Partial Compliance")
        assert page.evaluate("() => window.__noReload") is True
        assert (
            AssessmentLine.objects.filter(assessment=assessment, rating=Rating.COMPLIANCE).count()
            == 44
        )

        # When they open the trust matrix
        open_trust_matrix(page)

        # Then Medicine's cell has changed to its share at Compliance or better
        cell = matrix_cell(page, "Medicine")
        expect(cell).to_contain_text("98%")
        expect(cell).to_contain_text("44 of 45")
        expect(cell).not_to_contain_text("Not started")
        axe_check(page)

        # When they follow the share back to the checklist, then the Partial standard's page
        cell.get_by_role("link").click()
        page.get_by_role(
            "link", name=f"Evidence and actions for standard {partial_line.code}"
        ).click()

        # Then they see the standard's page, asking for an improvement action
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            f"Standard {partial_line.code}"
        )
        expect(page.get_by_role("main")).to_contain_text(
            "Anything below Compliance needs an improvement action"
        )

        # When they upload a PDF as evidence
        upload = expander(page, "Upload a file")
        upload.get_by_label("Evidence file", exact=True).set_input_files(pdf)
        upload.get_by_label("What it shows (optional)", exact=True).fill("Bedside leaflet audit")
        press(upload, "Upload file")

        # Then it is listed under evidence
        expect(success_banner(page)).to_contain_text("File uploaded")
        evidence = page.locator(".app-evidence").first
        expect(evidence).to_contain_text("File: ward-7-audit.pdf")
        expect(evidence).to_contain_text("Bedside leaflet audit")

        # When they link the complaint tagged with this standard, with one click
        page.get_by_role("main").get_by_role(
            "button", name=f"Link as evidence {complaint.reference}", exact=True
        ).click()

        # Then it is listed under evidence too
        expect(success_banner(page)).to_contain_text("Feedback item linked")
        expect(evidence).to_contain_text(f"Feedback: {complaint.reference} {COMPLAINT_SUMMARY}")

        # When they add an improvement action, choosing its owner from the type-ahead picker
        form = expander(page, "Add an improvement action")
        form.get_by_label("What will be done", exact=True).fill(ACTION)
        form.get_by_label("Action owner", exact=True).press_sequentially("Priya")
        listbox = form.get_by_role("listbox")
        expect(listbox.get_by_role("option")).to_have_count(3)
        axe_check(page)  # The whole page, with the picker's suggestions showing
        listbox.get_by_role("option", name=OWNER_LABEL, exact=True).click()
        expect(form.get_by_label("Action owner", exact=True)).to_have_value(OWNER_LABEL)
        fill_date(form, "Due date", period.end)
        press(form, "Add action")

        # Then the action is listed, owned by the person chosen, due in the period
        expect(success_banner(page)).to_contain_text("Improvement action added")
        rows = action_rows(page, partial_line)
        expect(rows).to_have_count(1)
        cells = rows.locator("td")
        expect(cells.nth(0)).to_have_text(ACTION)
        expect(cells.nth(1)).to_have_text(OWNER)
        expect(cells.nth(2)).to_have_text(dateformat.format(period.end, "j M Y"))
        assert ImprovementAction.objects.get(line=partial_line).owner == staff

        # When they go back to the checklist and choose to sign it off
        page.get_by_role("navigation", name="Back link").get_by_role("link").click()
        page.get_by_role("link", name="Sign off this assessment", exact=True).click()

        # Then a confirmation page counts the ratings
        expect(page.get_by_role("heading", level=1)).to_contain_text("Sign off the assessment")
        expect(summary_value(page, "Compliance")).to_have_text("44")
        expect(summary_value(page, "Partial Compliance")).to_have_text("1")
        expect(summary_value(page, "Non-Compliance")).to_have_text("0")
        expect(page.get_by_role("main")).not_to_contain_text("Not ready to sign off")
        axe_check(page)

        # When they confirm
        press(page.get_by_role("main"), f"Sign off {period.label}")

        # Then the checklist is signed off and read-only: no rating buttons, no sign-off
        expect(success_banner(page)).to_contain_text("signed off")
        expect(page.get_by_role("main").locator(".nhsuk-tag--green").first).to_have_text(
            "Signed off"
        )
        expect(page.get_by_role("group", name=re.compile(r"^Rate standard"))).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile(r" for \d\."))).to_have_count(0)
        expect(page.get_by_role("link", name="Sign off this assessment")).to_have_count(0)
        assessment.refresh_from_db()
        assert assessment.is_signed_off
        assert assessment.signed_off_by == medicine_manager

        # And the trust matrix shows Medicine signed off at the same share
        open_trust_matrix(page)
        expect(matrix_cell(page, "Medicine")).to_contain_text("98%")
        medicine_row = page.get_by_role("row").filter(
            has=page.get_by_role("link", name="Medicine", exact=True)
        )
        expect(medicine_row.get_by_role("rowheader")).to_contain_text("Signed off")


class TestWithoutJavaScript:
    def test_a_manager_rates_and_adds_an_action_naming_the_owner_in_plain_text(
        self, no_js_page, live_server, medicine, medicine_manager, staff
    ):
        # Given Medicine's assessment started, and a browser without JavaScript
        page = no_js_page
        the_45_standards()
        period = this_period()
        assessment = make_assessment(csc=medicine, by=medicine_manager)
        line = lines_of(assessment)[PARTIAL_POSITION]
        sign_in(page, live_server, medicine_manager.username, TEST_PASSWORD)
        page.goto(f"{live_server.url}/standards/assessments/{assessment.pk}/")

        # When the manager rates a standard Partial Compliance
        rate(page, line, "Partial Compliance")

        # Then the checklist reloads at that standard, showing the rating
        expect(page).to_have_url(re.compile(rf"/standards/assessments/{assessment.pk}/#line-"))
        expect(success_banner(page)).to_have_text(
            re.compile(rf"Standard {re.escape(line.code)} rated Partial Compliance")
        )
        expect(row_rating(page, line)).to_have_text("Partial Compliance")
        line.refresh_from_db()
        assert line.rating == Rating.PARTIAL

        # When they add an improvement action, typing the owner's full name (which is also the
        # start of Priya Ramanathan's)
        page.get_by_role("link", name=f"Evidence and actions for standard {line.code}").click()
        form = expander(page, "Add an improvement action")
        form.get_by_label("What will be done", exact=True).fill(ACTION)
        form.get_by_label("Action owner", exact=True).fill(OWNER)
        fill_date(form, "Due date", period.end)
        press(form, "Add action")

        # Then the server finds the one person of that name, and the action is listed
        expect(success_banner(page)).to_contain_text("Improvement action added")
        rows = action_rows(page, line)
        expect(rows).to_have_count(1)
        expect(rows.locator("td").nth(0)).to_have_text(ACTION)
        expect(rows.locator("td").nth(1)).to_have_text(OWNER)
        assert ImprovementAction.objects.get(line=line).owner == staff


class TestTwoManagersAtOnce:
    def test_the_later_rating_from_an_old_page_is_refused_at_the_standard(
        self, page, other_page, live_server, medicine, medicine_manager
    ):
        # Given Medicine's assessment, and two of its managers with the checklist open
        the_45_standards()
        colleague = UserFactory(
            role=Role.CSC_MANAGER, cscs=[medicine], first_name="Sam", last_name="Okafor"
        )
        assessment = make_assessment(csc=medicine, by=medicine_manager)
        line = lines_of(assessment)[0]
        checklist = f"{live_server.url}/standards/assessments/{assessment.pk}/"
        for browser_page, user in ((page, colleague), (other_page, medicine_manager)):
            sign_in(browser_page, live_server, user.username, TEST_PASSWORD)
            browser_page.goto(checklist)
            expect(row_rating(browser_page, line)).to_have_text("Not yet assessed")

        # When the first rates the standard Compliance
        rate(page, line, "Compliance")
        expect(row_rating(page, line)).to_have_text("Compliance")

        # And the second, still on the page as it was, rates it Non-Compliance
        rate(other_page, line, "Non-Compliance")

        # Then the second is told, at that standard, that someone else changed it
        row = standard_row(other_page, line)
        expect(row.locator(".nhsuk-error-message")).to_contain_text(
            f"Someone else changed standard {line.code} while you were looking at it "
            f"(it is now rated Compliance, changed by {colleague}"
        )
        expect(row.locator(".nhsuk-error-message")).to_contain_text(
            "Your change has not been saved"
        )
        expect(row_rating(other_page, line)).to_have_text("Compliance")
        expect(other_page.locator("#rating-status")).to_contain_text(
            f"Someone else changed standard {line.code}"
        )
        axe_check(other_page)

        # And the first's rating stands
        line.refresh_from_db()
        assert line.rating == Rating.COMPLIANCE
        assert line.updated_by == colleague

    def test_without_javascript_the_refusal_is_summarised_and_the_page_titled_as_an_error(
        self, page, no_js_page, live_server, medicine, medicine_manager
    ):
        # Given Medicine's assessment, one manager's checklist open in a browser without
        # JavaScript, and a colleague's in another
        the_45_standards()
        colleague = UserFactory(role=Role.CSC_MANAGER, cscs=[medicine])
        assessment = make_assessment(csc=medicine, by=medicine_manager)
        line = lines_of(assessment)[1]
        checklist = f"{live_server.url}/standards/assessments/{assessment.pk}/"
        for browser_page, user in ((page, colleague), (no_js_page, medicine_manager)):
            sign_in(browser_page, live_server, user.username, TEST_PASSWORD)
            browser_page.goto(checklist)

        # When the colleague rates a standard, and the manager, from the old page, rates it too
        rate(page, line, "Compliance")
        expect(row_rating(page, line)).to_have_text("Compliance")
        rate(no_js_page, line, "Non-Compliance")

        # Then the checklist comes back with an error summary linking to the standard, the
        # refusal at the standard, and a title that starts "Error:" like every refused form
        summary = no_js_page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("There is a problem")
        expect(summary.get_by_role("link")).to_have_attribute("href", f"#line-{line.pk}")
        expect(standard_row(no_js_page, line).locator(".nhsuk-error-message")).to_contain_text(
            f"Someone else changed standard {line.code} while you were looking at it"
        )
        expect(no_js_page).to_have_title(re.compile(r"^Error: "))

        # And the colleague's rating stands
        line.refresh_from_db()
        assert line.rating == Rating.COMPLIANCE


class TestDisguisedUpload:
    def test_a_windows_program_named_as_a_pdf_is_refused_at_the_file_field(
        self, page, live_server, medicine, medicine_manager, evidence_storage
    ):
        # Given a standard's page in Medicine's assessment
        the_45_standards()
        assessment = make_assessment(csc=medicine, by=medicine_manager)
        line = lines_of(assessment)[0]
        sign_in(page, live_server, medicine_manager.username, TEST_PASSWORD)
        page.goto(f"{live_server.url}/standards/lines/{line.pk}/")

        # When the manager uploads a Windows program named policy.pdf
        upload = expander(page, "Upload a file")
        upload.get_by_label("Evidence file", exact=True).set_input_files(
            files=[
                {
                    "name": "policy.pdf",
                    "mimeType": "application/pdf",
                    "buffer": b"MZ" + b"\x90\x00" * 512,
                }
            ]
        )
        press(upload, "Upload file")

        # Then the error names the file and says what it really is, at the file field
        refusal = (
            "“policy.pdf” is not a PDF, Word, Excel, PNG or JPEG file: its content is a Windows "
            "program. Files are checked by what is inside them, not by their name."
        )
        expect(page).to_have_title(re.compile(r"^Error: "))
        expect(page.locator(".nhsuk-error-summary")).to_contain_text(refusal)
        upload = page.locator("details").filter(has_text="Upload a file")
        expect(upload).to_have_attribute("open", "")
        field = upload.locator(".nhsuk-form-group--error")
        expect(field.locator(".nhsuk-error-message")).to_have_text(f"Error: {refusal}")
        expect(upload.get_by_label("Evidence file", exact=True)).to_have_accessible_description(
            re.compile(re.escape(refusal))
        )
        axe_check(page)

        # And nothing is saved: no evidence, no stored file
        assert not Evidence.objects.exists()
        assert not evidence_storage.exists() or not any(
            p.is_file() for p in evidence_storage.rglob("*")
        )


class TestSignedOutMeanwhile:
    def test_a_rating_after_the_session_ended_leads_to_sign_in_and_back(
        self, page, live_server, medicine, medicine_manager
    ):
        # Given Medicine's manager on the checklist, whose session then ends (timed out, or
        # signed out in another tab)
        the_45_standards()
        assessment = make_assessment(csc=medicine, by=medicine_manager)
        line = lines_of(assessment)[0]
        sign_in(page, live_server, medicine_manager.username, TEST_PASSWORD)
        page.goto(f"{live_server.url}/standards/assessments/{assessment.pk}/")
        expect(page.locator("li.app-standard")).to_have_count(45)
        page.context.clear_cookies(name="sessionid")

        # When they press a rating
        rate(page, line, "Compliance")

        # Then they are taken to the sign-in page, as a page of its own (not one pasted into
        # the checklist in place of the standard), and nothing is saved
        expect(page).to_have_url(re.compile(r"/account/sign-in/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        line.refresh_from_db()
        assert line.rating == Rating.NOT_ASSESSED

        # When they sign in again
        page.get_by_label("Username", exact=True).fill(medicine_manager.username)
        page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
        press(page, "Sign in")

        # Then they are back on the checklist, whole
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Customer care standards checklist"
        )
        expect(page.locator("li.app-standard")).to_have_count(45)
