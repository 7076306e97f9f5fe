"""Staff recognition through the real pages, in Chromium.

The issue's acceptance journey: a PALS officer passes a compliment on to the nurse it names,
without the patient's name, and the thank-you reaches the wall, the compliment's timeline and
the nurse's inbox; a member of staff nominates the nurse for an award with the type-ahead
picker and the live word count; a panel member scores the nomination blind, then sees the
panel's scores and the mean; the chair records consent, shortlists, picks the winner and
publishes, and the certificate downloads. Each test reads given/when/then. All are marked
``browser`` by this folder's conftest.
"""

import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, StaffMemberFactory, UserFactory
from feedback import reference
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from recognition.models import Consent, Nomination, Stage, ThankYou
from recognition.services.nominations import nomination_make
from recognition.services.panel import score_submit
from recognition.tests.factories import colleague_user, open_round
from tests.browser.conftest import axe_check, sign_in

NURSE = "Zara Ahmed"
NURSE_EMAIL = "zara.ahmed@trust.nhs.invalid"
NURSE_LABEL = f"{NURSE}, Staff Nurse (Medicine), {NURSE_EMAIL}"
PATIENT = "Alan Example"
COMPLIMENT = (
    f"{PATIENT} wrote to say that nurse Zara was wonderful on Ward 7: she sat with him through "
    "a frightening night and explained everything. He asks that she is told. "
    "His number is 07700 900123."
)
THANK_YOU = (
    "We received a compliment about you: nurse Zara was wonderful on Ward 7, sitting with a "
    "frightened patient through the night and explaining everything. Thank you from PALS."
)
ROUND = "Customer care award, test month"
CATEGORY = "Best Care"
CRITERIA = ("Difference made", "Going beyond")
WORD_LIMIT = 50
CASE = (
    "Zara stayed late three nights running to settle a frightened patient, then taught two "
    "new starters how to do the same"
)


@pytest.fixture
def nurse(medicine):
    """The nurse the compliment names, and a colleague whose name starts the same way."""
    StaffMemberFactory(csc=medicine, name="Zara Ahmadi", job_title="Healthcare Assistant")
    return StaffMemberFactory(csc=medicine, name=NURSE, job_title="Staff Nurse", email=NURSE_EMAIL)


@pytest.fixture
def chair(db):
    return UserFactory(role=Role.AWARDS_PANEL_MEMBER, first_name="Grace", last_name="Obi")


def judging_round(*, chair, panel=()):
    """A round whose nominations closed three days ago: the panel is scoring it."""
    return open_round(
        chair=chair,
        panel=panel,
        today=timezone.localdate() - timedelta(days=10),
        word_limit=WORD_LIMIT,
        name=ROUND,
    )


def nominate_in_window(award_round, *, by, nominee) -> Nomination:
    """A nomination made while the round was still open, through the real service."""
    return nomination_make(
        by=by,
        award_round=award_round,
        category=award_round.categories.get(name=CATEGORY),
        nominee=nominee,
        case=CASE,
        today=award_round.nominations_open_on,
    )


def press(scope: Page | Locator, name: str) -> None:
    scope.get_by_role("button", name=name, exact=True).click()


def success_banner(page: Page) -> Locator:
    return page.locator(".nhsuk-notification-banner--success")


def choose(scope: Page | Locator, legend: str, option: str) -> None:
    """Tick a radio or checkbox by its label, within the question it belongs to."""
    scope.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def summary_value(page: Page, key: str) -> Locator:
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(key)}$"))
    )
    return row.locator("dd")


def open_recognition(page: Page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Recognition", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff recognition")


def open_round_page(page: Page) -> None:
    open_recognition(page)
    page.get_by_role("main").get_by_role("link", name=ROUND, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ROUND)


def nomination_row(page: Page, name: str = NURSE) -> Locator:
    """A nominee's row in their category's table on the round page."""
    table = page.get_by_role("table", name=re.compile(rf"^Nominations for {CATEGORY}"))
    return table.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def open_nomination(page: Page, name: str = NURSE) -> None:
    nomination_row(page, name).get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def pdf_text(path) -> str:
    """The words of a PDF as pdftotext reads them, with runs of whitespace made single."""
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


class TestRecognisingTheStaffNamedOnACompliment:
    def test_a_pals_officer_thanks_the_nurse_without_the_patients_name(
        self, page, live_server, medicine, pals_officer, nurse, mailoutbox
    ):
        # Given a compliment in the register from a patient, naming a nurse
        reference.load()
        compliment = make_item(
            kind=Kind.COMPLIMENT,
            csc=medicine,
            staff_named=[nurse],
            patient_name=PATIENT,
            summary="Thanks to nurse Zara on Ward 7",
            description=COMPLIMENT,
            by=pals_officer,
        )

        # When the PALS officer opens it and presses "Recognise the staff named"
        sign_in(page, live_server, pals_officer.username, TEST_PASSWORD)
        page.goto(f"{live_server.url}/feedback/{compliment.reference_slug}/")
        page.get_by_role("link", name="Recognise the staff named", exact=True).click()

        # Then the thank-you is ready for the nurse, its message the compliment's words with
        # the patient's name and number taken out
        expect(page.get_by_role("heading", level=1)).to_contain_text("Recognise the staff named")
        expect(
            page.get_by_role("group", name="Who to thank").get_by_label(NURSE_LABEL, exact=True)
        ).to_be_checked()
        message = page.get_by_label("Message", exact=True)
        expect(message).to_have_value(re.compile(r"nurse Zara was wonderful on Ward 7"))
        prefilled = message.input_value()
        assert prefilled.startswith("We received a compliment about you:")
        for private in (PATIENT, "Alan", "Example", "07700", "900123"):
            assert private not in prefilled
        expect(page.get_by_role("main")).not_to_contain_text("Alan")
        axe_check(page)

        # When they choose the value shown, rewrite the message and send it
        choose(page, "Which of the trust's values did they show?", "Best Care")
        message.fill(THANK_YOU)
        expect(page.locator(".nhsuk-character-count__status")).to_have_text(
            f"You have {600 - len(THANK_YOU)} characters remaining"
        )
        press(page.get_by_role("main"), "Send thank-you")

        # Then they are back on the compliment, whose timeline records the thank-you
        expect(success_banner(page)).to_contain_text(
            f"Thank-you sent to {NURSE}; noted on {compliment.reference}"
        )
        expect(page.locator(".app-timeline")).to_contain_text(f"Thank-you sent to {NURSE}")
        thank_you = ThankYou.objects.get()
        assert (thank_you.recipient, thank_you.compliment) == (nurse, compliment)
        assert thank_you.message == THANK_YOU

        # And the nurse has the card by email, with the message as sent
        assert len(mailoutbox) == 1
        card = mailoutbox[0]
        assert card.to == [nurse.email]
        assert THANK_YOU in card.body
        assert "Alan" not in card.body
        thank_you.refresh_from_db()
        assert thank_you.emailed_at is not None

        # When they go to the recognition wall
        open_recognition(page)
        page.get_by_role("link", name="See the recognition wall", exact=True).click()

        # Then the thank-you is on it
        expect(page.get_by_role("heading", level=1)).to_have_text("Recognition wall")
        card_on_wall = page.locator(".app-thanks__item").filter(
            has=page.get_by_role("link", name=f"Thank you, {NURSE}", exact=True)
        )
        expect(card_on_wall).to_have_count(1)
        expect(card_on_wall).to_contain_text(THANK_YOU)
        expect(card_on_wall).to_contain_text("Best Care")
        expect(card_on_wall).to_contain_text(f"From {pals_officer}")
        axe_check(page)

        # When they press "Say thank you" on the wall, then the everyday thank-you form opens
        page.get_by_role("main").get_by_role("link", name="Say thank you", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Say thank you")
        axe_check(page)


class TestNominating:
    def test_a_colleague_picks_the_nominee_by_type_ahead_and_watches_the_word_count(
        self, page, live_server, medicine, nurse, chair
    ):
        # Given a round open for nominations, and a member of staff who uses the service
        award_round = open_round(chair=chair, word_limit=WORD_LIMIT, name=ROUND)
        nominator = colleague_user(medicine, name="Sam Okafor")
        sign_in(page, live_server, nominator.username, TEST_PASSWORD)

        # When they choose to nominate someone in the round
        open_recognition(page)
        page.get_by_role("link", name=f"Nominate someone for {ROUND}", exact=True).click()

        # Then the nomination form asks about a colleague
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Nominate a colleague or a team"
        )
        expect(
            page.get_by_role("group", name="Who are you recognising?").get_by_label(
                "A colleague", exact=True
            )
        ).to_be_checked()
        axe_check(page)

        # When they type part of the nurse's name into the picker
        colleague = page.get_by_role("combobox", name=re.compile(r"^Colleague"))
        colleague.press_sequentially("Zara")

        # Then both people called Zara are suggested
        listbox = page.get_by_role("listbox")
        expect(
            listbox.get_by_role("option"), "the picker suggests staff to every member of staff"
        ).to_have_count(2)
        expect(listbox.get_by_role("option", name=NURSE_LABEL, exact=True)).to_be_visible()
        axe_check(page)  # The whole form, with the picker's suggestions showing

        # When they pick the nurse, choose the category and write the case
        listbox.get_by_role("option", name=NURSE_LABEL, exact=True).click()
        expect(colleague).to_have_value(NURSE_LABEL)
        choose(page, "Category", CATEGORY)
        case = page.get_by_label("Why do they deserve it?", exact=True)
        counter = page.locator(".nhsuk-character-count__status")
        expect(counter).to_have_text(f"You have {WORD_LIMIT} words remaining")
        case.press_sequentially("Zara stayed late ")

        # Then the counter says how many words remain, as they type
        expect(counter).to_have_text(f"You have {WORD_LIMIT - 3} words remaining")
        case.fill(CASE)
        expect(counter).to_have_text(f"You have {WORD_LIMIT - len(CASE.split())} words remaining")

        # When they send the nomination
        press(page.get_by_role("main"), "Send nomination")

        # Then they are thanked on the round's page, which lists their nomination
        expect(success_banner(page)).to_contain_text(
            f"{NURSE} nominated for {CATEGORY}. Thank you."
        )
        expect(nomination_row(page)).to_contain_text("Nominated")
        nomination = Nomination.objects.get(round=award_round)
        assert nomination.nominee == nurse
        assert nomination.category.name == CATEGORY
        assert nomination.case == CASE
        assert nomination.nominated_by == nominator


class TestScoring:
    def test_a_member_scores_blind_then_sees_the_panels_scores_and_the_mean(
        self, page, live_server, medicine, nurse, chair
    ):
        # Given a round being judged, with a nomination another member has already scored
        member = UserFactory(role=Role.AWARDS_PANEL_MEMBER, first_name="Priya", last_name="Shah")
        other = UserFactory(role=Role.AWARDS_PANEL_MEMBER, first_name="Tom", last_name="Baker")
        award_round = judging_round(chair=chair, panel=[member, other])
        nomination = nominate_in_window(
            award_round, by=colleague_user(medicine, name="Sam Okafor"), nominee=nurse
        )
        criteria = list(nomination.category.criteria.order_by("position"))
        assert [c.text for c in criteria] == list(CRITERIA)
        score_submit(
            nomination=nomination,
            member=other,
            scores={criteria[0].pk: 5, criteria[1].pk: 4},
            comment="Tom's view: outstanding",
        )

        # When the member opens the round
        sign_in(page, live_server, member.username, TEST_PASSWORD)
        open_round_page(page)

        # Then the nomination asks to be scored, with no mean shown
        row = nomination_row(page)
        expect(row).to_contain_text("you see others' scores once you have")
        expect(row).not_to_contain_text("Mean")

        # When they open the nomination
        open_nomination(page)

        # Then they see the case and the scoring form, but not the other member's scores
        expect(page.locator(".nhsuk-inset-text")).to_contain_text(CASE)
        main = page.get_by_role("main")
        expect(main).not_to_contain_text(str(other))
        expect(main).not_to_contain_text("Tom's view")
        expect(page.get_by_role("table")).to_have_count(0)
        for criterion in CRITERIA:
            expect(
                page.get_by_role("group", name=criterion, exact=True).get_by_role("radio")
            ).to_have_count(5)
        axe_check(page)

        # When they score every criterion and save
        choose(page, CRITERIA[0], "4")
        choose(page, CRITERIA[1], "5")
        page.get_by_label("Comment (optional)", exact=True).fill("Priya's view: a model to us")
        press(main, "Save my scores")

        # Then both members' scores are shown, theirs marked
        expect(success_banner(page)).to_contain_text(f"Your scores for {NURSE} are saved")
        table = page.get_by_role("table", name="Each panel member's scores")
        rows = table.locator("tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.filter(has_text=str(other)).locator("td")).to_have_text(
            [str(other), "5", "4", "Tom's view: outstanding"]
        )
        expect(rows.filter(has_text=str(member)).locator("td")).to_have_text(
            [f"{member} (you)", "4", "5", "Priya's view: a model to us"]
        )

        # And the round's page shows the mean of both members' scores
        page.get_by_role("navigation", name="Back link").get_by_role("link").click()
        expect(nomination_row(page)).to_contain_text("Mean 4.5 from 2 scores")


class TestChairing:
    def test_the_chair_shortlists_picks_the_winner_and_publishes_with_a_certificate(
        self, page, live_server, medicine, nurse, chair, tmp_path, mailoutbox
    ):
        # Given a round being judged, with a scored nomination for the nurse
        member = UserFactory(role=Role.AWARDS_PANEL_MEMBER)
        award_round = judging_round(chair=chair, panel=[member])
        nomination = nominate_in_window(
            award_round, by=colleague_user(medicine, name="Sam Okafor"), nominee=nurse
        )
        criteria = nomination.category.criteria.all()
        score_submit(nomination=nomination, member=member, scores={c.pk: 4 for c in criteria})

        # When the chair opens the nomination
        sign_in(page, live_server, chair.username, TEST_PASSWORD)
        open_round_page(page)
        open_nomination(page)

        # Then consent is still to be asked, so it cannot be shortlisted yet
        expect(summary_value(page, "Nominee's consent")).to_have_text("Not yet asked")
        expect(page.get_by_role("main")).to_contain_text(
            f"{NURSE} can be shortlisted once their consent is recorded as given"
        )

        # When they record the nurse's consent
        press(page.get_by_role("main"), "Record consent given")

        # Then it is recorded, and they may shortlist her
        expect(success_banner(page)).to_contain_text(f"{NURSE}'s consent recorded: given")
        expect(summary_value(page, "Nominee's consent")).to_contain_text("Given, recorded")
        expect(summary_value(page, "Nominee's consent")).to_contain_text(f"by {chair}")

        # When they shortlist her
        press(page.get_by_role("main"), f"Shortlist {NURSE}")

        # Then the round's page shows her shortlisted
        expect(success_banner(page)).to_contain_text(f"{NURSE} shortlisted")
        expect(nomination_row(page).locator(".nhsuk-tag")).to_have_text("Shortlisted")

        # When they open her nomination again and choose her as the category's winner
        open_nomination(page)
        press(page.get_by_role("main"), f"Choose as the winner of {CATEGORY}")

        # Then she is the winner
        expect(success_banner(page)).to_contain_text(f"{NURSE} is the winner of {CATEGORY}")
        expect(nomination_row(page).locator(".nhsuk-tag")).to_have_text("Winner")

        # When they publish the results
        press(page.get_by_role("main"), "Publish the results")

        # Then the round's page celebrates the winner
        expect(success_banner(page)).to_contain_text(
            f"{ROUND}: results published, certificates on their way"
        )
        expect(page.get_by_role("main").locator(".nhsuk-tag").first).to_have_text(
            "Results published"
        )
        expect(page.get_by_role("heading", level=2, name="Winners")).to_be_visible()
        winner = page.locator(".app-winner")
        expect(winner).to_have_count(1)
        expect(winner).to_contain_text(CATEGORY)
        expect(winner.get_by_role("heading", level=3)).to_have_text(NURSE)
        expect(page.get_by_role("button", name="Publish the results")).to_have_count(0)
        axe_check(page)
        nomination.refresh_from_db()
        assert nomination.consent == Consent.GIVEN
        assert nomination.stage == Stage.WINNER

        # When they download the winner's certificate
        with page.expect_download() as download_info:
            # Chromium puts a space before the visually hidden part of the link's name.
            winner.get_by_role(
                "link", name=re.compile(rf"^Certificate \(PDF\) ?: {NURSE}, winner of {CATEGORY}$")
            ).click()
        download = download_info.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)

        # Then it is a PDF naming the nurse, the category and the round
        assert download.suggested_filename.endswith(".pdf")
        assert saved.read_bytes().startswith(b"%PDF")
        text = pdf_text(saved)
        assert NURSE in text
        assert f"Winner of {CATEGORY}" in text
        assert ROUND in text

        # And the nurse was emailed the same certificate
        certificates = [m for m in mailoutbox if m.to == [nurse.email]]
        assert len(certificates) == 1
        assert certificates[0].attachments[0][2] == "application/pdf"

        # And the round's page no longer asks the chair to score: scoring closed with the results
        page.reload()
        expect(nomination_row(page)).not_to_contain_text("Score it")
