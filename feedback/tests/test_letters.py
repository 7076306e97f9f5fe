"""A complaint's letters, read back from the real files: the PDF with pdftotext, the Word
document with python-docx. When each may be produced, what each says and leaves out, the
polished Word version that sign-off approves, the lock after sign-off, and who may do it."""

import io
import subprocess
from datetime import date, timedelta

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careprog.roles import Role
from careprog.tests.factories import StaffMemberFactory, UserFactory
from feedback.letters import render_letter
from feedback.letters.output import letter_html
from feedback.letters.render import SURVEY_LINK_MARKER, template_for
from feedback.models import DocumentKind, FeedbackDocument, FeedbackItem, LetterKind
from feedback.services import complaints, issues
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.documents import document_add, document_supersede
from feedback.services.letters import letter_generate, letter_template_save, letter_word
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECENT = TODAY - timedelta(days=14)
OMBUDSMAN_PHONE = "0345 015 4033"
OMBUDSMAN_WEB = "www.ombudsman.org.uk"

# The person whose letters these are, and someone else whose details must never appear in them.
PHILIPPA = {
    "contact_name": "Philippa Quenby-Marsh",
    "patient_name": "Philippa Quenby-Marsh",
    "contact_address": "7 Tamarisk Row\nSouthsea\nPO5 2XY",
    "contact_email": "philippa.qm@example.invalid",
    "contact_phone": "07700 900111",
    "nhs_number": "4010232137",
    "patient_date_of_birth": date(1950, 4, 9),
    "hospital_number": "RHU0001234",
    "summary": "Waited four hours for pain relief on Ward 7",
}
BARNABY = {
    "contact_name": "Barnaby Oxenholme",
    "patient_name": "Barnaby Oxenholme",
    "contact_address": "99 Quince Lane\nCosham\nPO6 9ZZ",
    "nhs_number": "4857773457",
    "patient_date_of_birth": date(1961, 8, 30),
    "summary": "Parking fine at the Zanzibar entrance",
}
ISSUES = [
    "Nobody answered the call bell for two hours",
    "The pain relief prescribed was not given",
    "Staff were rude when asked why",
]
FINDINGS = [
    ("upheld", "The ward was two nurses short that night.", "A second nurse is now rostered."),
    ("partially_upheld", "The dose was given, but 90 minutes late.", "Pain scores are checked."),
    ("not_upheld", "Witnesses describe the staff as polite.", ""),
]


def unwrapped(text: str) -> str:
    """A PDF's text without spaces or line ends: a long link wraps wherever its random token
    lets the line break, so pdftotext shows "…8000/ survey/…" on some runs."""
    return "".join(text.split())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_text(document: FeedbackDocument) -> str:
    """The stored PDF's text with every run of whitespace made one space."""
    path = document.file.path
    result = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def docx_text(content: bytes) -> str:
    return " ".join(" ".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs).split())


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def log(by, *, received_on=RECENT, issue_texts=(), **details) -> FeedbackItem:
    item = make_item(by=by, received_on=received_on, **{**PHILIPPA, **details})
    for text in issue_texts:
        issues.issue_add(item=item, by=by, description=text)
    return FeedbackItem.objects.get(pk=item.pk)


def acknowledge(item, by, **plan):
    plan = {"contact_preference": "letter", "update_every": 20, **plan}
    return complaints.complaint_acknowledge(item=item, by=by, on=item.received_on, **plan)


def investigate(item, by, findings=FINDINGS):
    item = complaints.complaint_start_investigation(item=item, by=by)
    for issue, (finding, why, change) in zip(issues.current_issues(item), findings, strict=False):
        issues.issue_record_finding(
            issue=issue, by=by, finding=finding, explanation=why, what_will_change=change
        )
    return FeedbackItem.objects.get(pk=item.pk)


def to_sign_off(item, by):
    item = complaints.complaint_record_draft(item=item, by=by)
    return complaints.complaint_submit_for_sign_off(item=item, by=by)


@pytest.fixture
def signer(medicine):
    staff = StaffMemberFactory(name="Gwendolyn Achterberg", job_title="Chief Nurse", csc=medicine)
    return UserFactory(
        role=Role.CSC_MANAGER,
        cscs=[medicine],
        first_name="Gwendolyn",
        last_name="Achterberg",
        staff_member=staff,
    )


@pytest.fixture
def complaint(medicine, pals_officer):
    return acknowledge(log(pals_officer, csc=medicine, issue_texts=ISSUES), pals_officer)


@pytest.fixture
def ready(complaint, pals_officer):
    """A complaint with a finding on each of its three issues, awaiting sign-off."""
    return to_sign_off(investigate(complaint, pals_officer), pals_officer)


@pytest.fixture
def signed(ready, signer):
    return complaints.complaint_sign_off(item=ready, by=signer)


def refused(**arguments) -> ProcessError:
    with pytest.raises(ProcessError) as caught:
        letter_generate(**arguments)
    return caught.value


class TestAcknowledgementLetter:
    def test_refused_before_the_complaint_is_acknowledged(self, medicine, pals_officer):
        item = log(pals_officer, csc=medicine)
        error = refused(item=item, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert error.messages == [
            "Acknowledge the complaint first: the acknowledgement letter follows it."
        ]
        assert not FeedbackDocument.objects.exists()

    def test_the_pdf_is_kept_in_the_documents_with_the_persons_details(
        self, complaint, pals_officer, media, settings
    ):
        document = letter_generate(item=complaint, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert document.kind == DocumentKind.ACKNOWLEDGEMENT
        assert document.description == "Acknowledgement letter, generated"
        assert document.file_type == "application/pdf"
        assert document.file.name.startswith("feedback/documents/med/")
        assert (media / document.file.name).read_bytes().startswith(b"%PDF")
        text = pdf_text(document)
        for expected in (
            settings.TRUST_NAME,
            "Queen Alexandra Hospital",
            "Dear Philippa Quenby-Marsh,",
            "7 Tamarisk Row Southsea PO5 2XY",
            complaint.reference,
            f"contacting us on {complaint.received_on.day} {complaint.received_on:%B %Y}",
            *ISSUES,
        ):
            assert expected in text
        event = complaint.events.get(action="letter generated")
        assert event.by == pals_officer
        assert event.description == "Acknowledgement letter produced as a PDF"

    def test_producing_it_again_supersedes_the_previous_one_and_keeps_it(
        self, complaint, pals_officer, media
    ):
        first = letter_generate(item=complaint, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        second = letter_generate(item=complaint, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        first.refresh_from_db()
        assert first.superseded_at is not None
        assert first.superseded_by == pals_officer
        assert second.superseded_at is None
        assert (media / first.file.name).exists()
        assert complaint.documents.count() == 2

    def test_an_uploaded_letter_of_the_same_kind_is_not_superseded(self, complaint, pals_officer):
        from careprog.tests.test_uploads import make_pdf

        uploaded = document_add(
            item=complaint,
            by=pals_officer,
            upload=upload("signed copy.pdf", make_pdf()),
            kind=DocumentKind.ACKNOWLEDGEMENT,
        )
        letter_generate(item=complaint, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        uploaded.refresh_from_db()
        assert uploaded.superseded_at is None

    def test_the_word_version_is_not_kept_but_its_download_is_recorded(
        self, complaint, pals_officer
    ):
        word = letter_word(item=complaint, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert word.filename == f"{complaint.reference_slug} acknowledgement letter.docx"
        text = docx_text(word.content)
        assert "Dear Philippa Quenby-Marsh," in text
        assert all(issue in text for issue in ISSUES)
        assert not FeedbackDocument.objects.exists()
        assert complaint.events.filter(action="letter downloaded").count() == 1


class TestWhatEveryLetterShows:
    def test_a_letter_preference_prints_the_postal_address(self, complaint, pals_officer):
        letter = render_letter(complaint, LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert letter.address_block == (
            "Philippa Quenby-Marsh",
            "7 Tamarisk Row",
            "Southsea",
            "PO5 2XY",
        )

    def test_an_email_preference_says_it_goes_by_email(self, medicine, pals_officer):
        item = acknowledge(
            log(pals_officer, csc=medicine), pals_officer, contact_preference="email"
        )
        letter = render_letter(item, LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert letter.address_block == (
            "Philippa Quenby-Marsh",
            "By email: philippa.qm@example.invalid",
        )

    def test_a_phone_preference_notes_the_letter_follows_a_phone_call(self, medicine, pals_officer):
        item = acknowledge(
            log(pals_officer, csc=medicine), pals_officer, contact_preference="phone"
        )
        letter = render_letter(item, LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert letter.address_block[-1] == "This letter follows our phone call with you."

    def test_the_agreed_adjustments_are_a_line_on_the_letter(self, medicine, pals_officer):
        item = acknowledge(
            log(pals_officer, csc=medicine),
            pals_officer,
            large_print=True,
            interpreter_language="Polish",
        )
        document = letter_generate(item=item, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert "Agreed adjustments: Large print; Interpreter (Polish)" in pdf_text(document)
        word = letter_word(item=item, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert "Agreed adjustments: Large print; Interpreter (Polish)" in docx_text(word.content)

    def test_what_staff_typed_is_printed_as_text_never_as_html(self, medicine, pals_officer):
        item = acknowledge(
            log(pals_officer, csc=medicine, summary="<script>alert(1)</script> & <b>bold</b>"),
            pals_officer,
        )
        html = letter_html(render_letter(item, LetterKind.ACKNOWLEDGEMENT, by=pals_officer))
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
        assert "<script>" not in html
        assert "<b>" not in html


def word_heights(path, word: str) -> list[float]:
    """The heights of each occurrence of a word in a PDF, from pdftotext's bounding boxes."""
    import re

    result = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    boxes = re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + word + "</word>",
        result.stdout,
    )
    return [float(y_max) - float(y_min) for y_min, y_max in boxes]


class TestLargePrint:
    def test_large_print_is_at_least_16pt_in_the_pdf(self, medicine, pals_officer):
        ordinary = acknowledge(log(pals_officer, csc=medicine), pals_officer)
        large = acknowledge(log(pals_officer, csc=medicine), pals_officer, large_print=True)
        small_pdf = letter_generate(item=ordinary, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        large_pdf = letter_generate(item=large, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        # "Dear" opens the body: its box is as tall as the body's font (1.15 x its size).
        [small] = word_heights(small_pdf.file.path, "Dear")
        [big] = word_heights(large_pdf.file.path, "Dear")
        assert big / small == pytest.approx(16 / 11, rel=0.02)
        assert big >= 16  # points: the box is at least the font size

    def test_large_print_is_16pt_in_the_word_document(self, medicine, pals_officer):
        large = acknowledge(log(pals_officer, csc=medicine), pals_officer, large_print=True)
        ordinary = acknowledge(log(pals_officer, csc=medicine), pals_officer)
        sizes = {}
        for name, item in (("large", large), ("ordinary", ordinary)):
            word = letter_word(item=item, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
            sizes[name] = docx.Document(io.BytesIO(word.content)).styles["Normal"].font.size.pt
        assert sizes == {"large": 16, "ordinary": 11}


class TestHoldingLetter:
    def test_refused_without_a_change_to_the_response_date(self, complaint, pals_officer):
        error = refused(item=complaint, kind=LetterKind.HOLDING, by=pals_officer)
        assert "change the response date first" in error.messages[0]
        with pytest.raises(ProcessError):
            letter_word(item=complaint, kind=LetterKind.HOLDING, by=pals_officer)

    def test_gives_the_reason_and_new_date_of_the_latest_change(self, complaint, pals_officer):
        first = complaint.respond_by + timedelta(days=7)
        complaints.complaint_change_deadline(
            item=complaint, by=pals_officer, new_date=first, reason="Waiting for a statement"
        )
        latest = complaint.respond_by + timedelta(days=21)
        complaints.complaint_change_deadline(
            item=complaint,
            by=pals_officer,
            new_date=latest,
            reason="The consultant is on leave until next month",
            person_agreed=True,
        )
        document = letter_generate(item=complaint, kind=LetterKind.HOLDING, by=pals_officer)
        text = pdf_text(document)
        assert "The reason is: The consultant is on leave until next month" in text
        assert f"by {latest.day} {latest:%B %Y}" in text
        assert "Waiting for a statement" not in text
        assert document.kind == DocumentKind.HOLDING


# A fixed today where six calendar months back is a plain date: 15 April 2026.
SIX_MONTH_TODAY = date(2026, 10, 15)


@pytest.fixture
def on_fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: SIX_MONTH_TODAY)
    return SIX_MONTH_TODAY


class TestSixMonthLetter:
    @pytest.mark.parametrize(
        ("received_on", "allowed"),
        [
            (date(2026, 4, 16), False),  # six months tomorrow: the day before
            (date(2026, 4, 15), False),  # six months today: not yet more than six
            (date(2026, 4, 14), True),  # six months yesterday: the day after
        ],
    )
    def test_only_after_six_months(
        self, on_fixed_today, medicine, pals_officer, received_on, allowed
    ):
        item = acknowledge(log(pals_officer, csc=medicine, received_on=received_on), pals_officer)
        arguments = {
            "item": item,
            "kind": LetterKind.SIX_MONTH,
            "by": pals_officer,
            "reason": "We are waiting for an independent clinical review.",
        }
        if allowed:
            document = letter_generate(**arguments)
            text = pdf_text(document)
            assert "We are waiting for an independent clinical review." in text
            assert "6 months ago" in text
            assert OMBUDSMAN_PHONE in text
        else:
            error = refused(**arguments)
            assert error.messages == [
                "A six-month letter is for a complaint open more than six months: this one was "
                f"received on {received_on.day} April 2026, so it can have one from "
                f"{received_on.day + 1} October 2026."
            ]
        assert FeedbackItem.objects.six_month_letter_due().filter(pk=item.pk).exists() == (
            allowed and not FeedbackDocument.objects.exists()
        )

    def test_the_reason_is_required(self, on_fixed_today, medicine, pals_officer):
        item = acknowledge(
            log(pals_officer, csc=medicine, received_on=date(2026, 1, 5)), pals_officer
        )
        error = refused(item=item, kind=LetterKind.SIX_MONTH, by=pals_officer, reason="  ")
        assert error.message_dict == {
            "reason": ["Enter why the complaint has taken more than six months"]
        }
        assert not FeedbackDocument.objects.exists()

    def test_due_until_one_is_produced_and_again_if_it_is_superseded(
        self, on_fixed_today, medicine, pals_officer
    ):
        item = acknowledge(
            log(pals_officer, csc=medicine, received_on=date(2026, 1, 5)), pals_officer
        )
        closed = log(pals_officer, csc=medicine, received_on=date(2026, 1, 5))
        complaints.complaint_withdraw(item=closed, by=pals_officer, reason="Resolved by phone")
        due = FeedbackItem.objects.six_month_letter_due
        assert list(due()) == [item]
        document = letter_generate(
            item=item, kind=LetterKind.SIX_MONTH, by=pals_officer, reason="Awaiting review"
        )
        assert list(due()) == []
        document_supersede(document=document, by=pals_officer, reason="Sent in error")
        assert list(due()) == [item]

    def test_the_item_page_flags_it_until_one_is_produced(
        self, client, on_fixed_today, medicine, pals_officer
    ):
        item = acknowledge(
            log(pals_officer, csc=medicine, received_on=date(2026, 1, 5)), pals_officer
        )
        client.force_login(pals_officer)
        detail = reverse("feedback:detail", args=[item.reference_slug])
        assert "Six-month letter due" in client.get(detail).text
        letter_generate(item=item, kind=LetterKind.SIX_MONTH, by=pals_officer, reason="Review")
        assert "Six-month letter due" not in client.get(detail).text

    def test_the_page_asks_why_and_refuses_a_blank_reason(
        self, client, on_fixed_today, medicine, pals_officer
    ):
        item = acknowledge(
            log(pals_officer, csc=medicine, received_on=date(2026, 1, 5)), pals_officer
        )
        client.force_login(pals_officer)
        url = reverse("feedback:produce_letter", args=[item.reference_slug, "six-month"])
        response = client.post(url, {"output": "pdf", "reason": ""})
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "reason": ["Enter why the complaint has taken more than six months"]
        }
        assert not FeedbackDocument.objects.exists()
        response = client.post(url, {"output": "pdf", "reason": "Awaiting a clinical review"})
        assert response.status_code == 302
        assert FeedbackDocument.objects.get().kind == DocumentKind.SIX_MONTH


class TestFinalResponseRefusals:
    def test_refused_for_a_complaint_without_issues(self, medicine, pals_officer):
        item = acknowledge(log(pals_officer, csc=medicine), pals_officer)
        message = (
            "Record the issues the complaint raises first: the final response answers each one."
        )
        with pytest.raises(ProcessError) as caught:
            letter_word(item=item, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        assert caught.value.messages == [message]
        assert refused(item=item, kind=LetterKind.FINAL_RESPONSE, by=pals_officer).messages == [
            message
        ]

    def test_refused_until_every_issue_has_a_finding(self, complaint, pals_officer):
        item = investigate(complaint, pals_officer, findings=FINDINGS[:1])
        with pytest.raises(ProcessError) as caught:
            letter_word(item=item, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        assert caught.value.messages == [
            "Record a finding on every issue first: issues 2, 3 have no finding yet."
        ]

    def test_the_pdf_is_refused_before_sign_off(self, ready, pals_officer):
        error = refused(item=ready, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        assert error.messages == [
            "The final response can be produced only after it has been signed off."
        ]
        assert not FeedbackDocument.objects.exists()


class TestFinalResponse:
    def test_the_draft_answers_each_issue_and_marks_where_the_survey_link_goes(
        self, ready, pals_officer
    ):
        word = letter_word(item=ready, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        assert word.filename == f"{ready.reference_slug} final response draft.docx"
        text = docx_text(word.content)
        for number, (issue, (_, why, _)) in enumerate(zip(ISSUES, FINDINGS, strict=True), 1):
            assert f"Issue {number}: {issue}" in text
            assert why in text
        assert SURVEY_LINK_MARKER in text
        assert OMBUDSMAN_PHONE in text
        assert not FeedbackDocument.objects.exists()

    def test_the_signed_off_pdf_answers_each_issue_names_the_signatory_and_the_ombudsman(
        self, signed, pals_officer, medicine, settings
    ):
        someone_else = log(pals_officer, csc=medicine, **BARNABY, issue_texts=["Zanzibar fine"])
        document = letter_generate(item=signed, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        assert document.kind == DocumentKind.FINAL_RESPONSE
        text = pdf_text(document)
        expected = [
            "Issue 1: Nobody answered the call bell for two hours",
            "Our finding: Upheld. The ward was two nurses short that night.",
            "What will change: A second nurse is now rostered.",
            "Issue 2: The pain relief prescribed was not given",
            "Our finding: Partly upheld. The dose was given, but 90 minutes late.",
            "What will change: Pain scores are checked.",
            "Issue 3: Staff were rude when asked why",
            "Our finding: Not upheld. Witnesses describe the staff as polite.",
            "Parliamentary and Health Service Ombudsman",
            OMBUDSMAN_PHONE,
            OMBUDSMAN_WEB,
            "within 12 months",
            "Gwendolyn Achterberg Chief Nurse",
        ]
        for line in expected:
            assert line in text
        assert f"{settings.SITE_URL}/survey/" in unwrapped(text)
        # Nobody else's details, and not even this person's identifiers.
        for absent in (
            someone_else.contact_name,
            someone_else.summary,
            someone_else.reference,
            "Zanzibar",
            "4857773457",
            "485 777 3457",
            "4010232137",
            "401 023 2137",
            "RHU0001234",
            "1950",
            "09/04",
            SURVEY_LINK_MARKER,
        ):
            assert absent not in text
        assert signed.survey_invitations.count() == 1

    def test_it_cannot_be_produced_again(self, signed, pals_officer):
        letter_generate(item=signed, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        error = refused(item=signed, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        assert "cannot be produced again" in error.messages[0]
        assert FeedbackDocument.objects.filter(kind=DocumentKind.FINAL_RESPONSE).count() == 1

    def test_a_reopened_complaint_signed_off_again_gets_a_new_one(
        self, signed, pals_officer, signer
    ):
        first = letter_generate(item=signed, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        item = complaints.complaint_send_response(item=signed, by=pals_officer, on=TODAY)
        item = complaints.complaint_reopen(
            item=item,
            by=pals_officer,
            reason="They are not satisfied with the answer to issue 2",
            respond_by=TODAY + timedelta(days=20),
        )
        item = to_sign_off(item, pals_officer)
        # Reopened and not yet signed off again: still refused.
        assert (
            "only after it has been signed off"
            in refused(item=item, kind=LetterKind.FINAL_RESPONSE, by=pals_officer).messages[0]
        )
        item = complaints.complaint_sign_off(item=item, by=signer)
        second = letter_generate(item=item, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        first.refresh_from_db()
        assert first.superseded_at is not None
        assert second.superseded_at is None

    def test_the_draft_is_locked_after_sign_off(self, signed, pals_officer):
        with pytest.raises(ProcessError) as caught:
            letter_word(item=signed, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        assert "signed off, so its draft is locked" in caught.value.messages[0]


def polished_version(item, by, *, keep_ombudsman: bool) -> bytes:
    """What the team sends back: the Word draft with a paragraph rewritten, a sentence added,
    and (perhaps) the Ombudsman paragraph deleted by mistake."""
    draft = docx.Document(io.BytesIO(letter_word(item=item, kind="final_response", by=by).content))
    for paragraph in list(draft.paragraphs):
        if paragraph.text.startswith("I hope this response answers your concerns"):
            paragraph.text = "We have met the ward team and shared your letter with them."
        if OMBUDSMAN_PHONE in paragraph.text and not keep_ombudsman:
            paragraph._element.getparent().remove(paragraph._element)
    draft.add_paragraph("The ward manager would like to apologise to you in person.")
    out = io.BytesIO()
    draft.save(out)
    return out.getvalue()


def polished_draft(item, by, name: str):
    """A polished .docx of the final response, keeping the Ombudsman paragraph, uploaded as
    the draft."""
    polished = upload(name, polished_version(item, by, keep_ombudsman=True))
    return document_add(item=item, by=by, upload=polished, kind=DocumentKind.DRAFT_RESPONSE)


class TestPolishedVersion:
    def test_sign_off_approves_the_latest_polished_upload_and_supersedes_earlier_ones(
        self, ready, pals_officer, signer
    ):
        first = polished_draft(ready, pals_officer, "response v1.docx")
        latest = polished_draft(ready, pals_officer, "response v2.docx")
        item = complaints.complaint_sign_off(item=ready, by=signer)
        assert item.approved_response == latest
        first.refresh_from_db()
        assert first.superseded_at is not None
        assert first.superseded_reason == "Replaced by response v2.docx, signed off"
        event = item.events.get(action="signed_off")
        assert event.description == f"Response signed off by {signer}, approving response v2.docx"

    def test_sign_off_without_an_upload_approves_nothing(self, ready, signer):
        item = complaints.complaint_sign_off(item=ready, by=signer)
        assert item.approved_response is None
        assert (
            item.events.get(action="signed_off").description == f"Response signed off by {signer}"
        )

    def test_the_final_pdf_is_printed_from_the_approved_version_with_the_ombudsman_paragraph(
        self, ready, pals_officer, signer
    ):
        polished = polished_version(ready, pals_officer, keep_ombudsman=False)
        assert OMBUDSMAN_PHONE not in docx_text(polished)
        document_add(
            item=ready,
            by=pals_officer,
            upload=upload("response polished.docx", polished),
            kind=DocumentKind.DRAFT_RESPONSE,
        )
        item = complaints.complaint_sign_off(item=ready, by=signer)
        document = letter_generate(item=item, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        text = pdf_text(document)
        assert "We have met the ward team and shared your letter with them." in text
        assert "The ward manager would like to apologise to you in person." in text
        assert "I hope this response answers your concerns" not in text
        assert "Issue 2: The pain relief prescribed was not given" in text
        # Dropped in Word, printed all the same; the survey marker became the link.
        assert OMBUDSMAN_PHONE in text
        assert text.count(OMBUDSMAN_PHONE) == 1
        assert SURVEY_LINK_MARKER not in text
        assert "/survey/" in unwrapped(text)
        # The frame (address, subject, signature) is printed once, not again from the body.
        assert text.count("7 Tamarisk Row") == 1
        assert text.count("Yours sincerely") == 1
        assert (
            "from the approved Word version"
            in item.events.get(action="letter generated").description
        )


class TestLockedAfterSignOff:
    def test_the_item_page_offers_no_supersede_for_the_locked_response(
        self, client, ready, pals_officer, signer
    ):
        from careprog.tests.test_uploads import make_pdf

        draft = polished_draft(ready, pals_officer, "response.docx")
        consent = document_add(
            item=ready,
            by=pals_officer,
            upload=upload("consent.pdf", make_pdf()),
            kind=DocumentKind.CONSENT,
        )
        client.force_login(pals_officer)

        def supersede_links() -> set[int]:
            page = client.get(reverse("feedback:detail", args=[ready.reference_slug])).text
            return {
                d.pk
                for d in (draft, consent)
                if reverse("feedback:supersede_document", args=[ready.reference_slug, d.pk]) in page
            }

        assert supersede_links() == {draft.pk, consent.pk}
        complaints.complaint_sign_off(item=FeedbackItem.objects.get(pk=ready.pk), by=signer)
        assert supersede_links() == {consent.pk}

    @pytest.mark.parametrize("kind", [DocumentKind.DRAFT_RESPONSE])
    def test_no_draft_response_can_be_added(self, signed, pals_officer, kind):
        polished = docx.Document()
        polished.add_paragraph("A late change")
        out = io.BytesIO()
        polished.save(out)
        with pytest.raises(ProcessError) as caught:
            document_add(
                item=signed, by=pals_officer, upload=upload("late.docx", out.getvalue()), kind=kind
            )
        [message] = caught.value.message_dict["kind"]
        assert message.startswith("The response was signed off on ")
        assert message.endswith("cannot be added now.")
        assert not FeedbackDocument.objects.filter(kind=kind).exists()

    def test_the_approved_version_cannot_be_superseded(self, ready, pals_officer, signer):
        approved = polished_draft(ready, pals_officer, "response.docx")
        complaints.complaint_sign_off(item=ready, by=signer)
        with pytest.raises(ProcessError) as caught:
            document_supersede(document=approved, by=pals_officer, reason="Changed my mind")
        assert "is locked" in caught.value.messages[0]
        approved.refresh_from_db()
        assert approved.superseded_at is None

    def test_other_documents_can_still_be_added(self, signed, pals_officer):
        from careprog.tests.test_uploads import make_pdf

        document = document_add(
            item=signed,
            by=pals_officer,
            upload=upload("consent.pdf", make_pdf()),
            kind=DocumentKind.CONSENT,
        )
        assert document.pk

    def test_returned_for_changes_it_is_unlocked_and_approves_nothing(
        self, ready, pals_officer, signer
    ):
        polished_draft(ready, pals_officer, "response.docx")
        item = complaints.complaint_sign_off(item=ready, by=signer)
        item = complaints.complaint_return_for_changes(
            item=item, by=signer, reason="Say more about issue 2"
        )
        assert item.approved_response is None
        redone = document_add(
            item=item,
            by=pals_officer,
            upload=upload(
                "response v2.docx", polished_version(item, pals_officer, keep_ombudsman=True)
            ),
            kind=DocumentKind.DRAFT_RESPONSE,
        )
        assert redone.pk


def letter_url(item, kind: str) -> str:
    return reverse("feedback:produce_letter", args=[item.reference_slug, kind])


class TestPages:
    def test_the_item_page_offers_the_letters_that_can_be_produced_now(
        self, client, complaint, pals_officer
    ):
        client.force_login(pals_officer)
        page = client.get(reverse("feedback:detail", args=[complaint.reference_slug])).text
        assert "Create acknowledgement letter (PDF)" in page
        assert "Download as Word" in page
        assert "Create holding letter (PDF)" not in page  # no date change yet
        assert "Record a finding on every issue first" in page

    def test_creating_the_pdf_keeps_it_and_returns_to_the_letters(
        self, client, complaint, pals_officer
    ):
        client.force_login(pals_officer)
        response = client.post(letter_url(complaint, "acknowledgement"), {"output": "pdf"})
        detail = reverse("feedback:detail", args=[complaint.reference_slug])
        assert response.status_code == 302
        assert response.url == f"{detail}#letters"
        document = FeedbackDocument.objects.get()
        page = client.get(detail).text
        assert (
            reverse("feedback:download_document", args=[complaint.reference_slug, document.pk])
            in page
        )
        download = client.get(
            reverse("feedback:download_document", args=[complaint.reference_slug, document.pk])
        )
        assert b"".join(download.streaming_content).startswith(b"%PDF")

    def test_the_word_download_is_an_attachment_never_cached(self, client, ready, pals_officer):
        client.force_login(pals_officer)
        response = client.post(letter_url(ready, "final-response"), {"output": "word"})
        assert response.status_code == 200
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert response["Content-Disposition"].startswith("attachment;")
        assert "final response draft.docx" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        content = b"".join(response.streaming_content)
        assert "Issue 1: Nobody answered" in docx_text(content)

    def test_a_refusal_is_shown_on_the_page(self, client, ready, pals_officer):
        client.force_login(pals_officer)
        response = client.post(letter_url(ready, "final-response"), {"output": "pdf"})
        assert response.status_code == 200
        assert "There is a problem" in response.text
        assert "only after it has been signed off" in response.text
        assert not FeedbackDocument.objects.exists()

    def test_the_csc_manager_may_produce_letters(self, client, complaint, medicine_manager):
        client.force_login(medicine_manager)
        response = client.post(letter_url(complaint, "acknowledgement"), {"output": "pdf"})
        assert response.status_code == 302
        assert FeedbackDocument.objects.get().uploaded_by == medicine_manager

    @pytest.mark.parametrize("who", ["board_member", "surgery_manager", "panel_member"])
    @pytest.mark.parametrize("output", ["pdf", "word"])
    def test_others_get_not_found_and_nothing_is_made(
        self, client, complaint, board_member, panel_member, surgery, who, output
    ):
        users = {
            "board_member": board_member,
            "panel_member": panel_member,
            "surgery_manager": UserFactory(role=Role.CSC_MANAGER, cscs=[surgery]),
        }
        client.force_login(users[who])
        events = complaint.events.count()
        assert client.get(letter_url(complaint, "acknowledgement")).status_code == 404
        response = client.post(letter_url(complaint, "acknowledgement"), {"output": output})
        assert response.status_code == 404
        assert not FeedbackDocument.objects.exists()
        assert complaint.events.count() == events

    def test_the_letters_block_is_not_shown_to_those_who_cannot_produce_them(
        self, complaint, board_member
    ):
        from feedback.views.letters import detail_context

        assert detail_context(complaint, board_member) == {"letter_choices": None}

    def test_an_unknown_letter_is_not_found(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        assert client.get(letter_url(complaint, "apology")).status_code == 404


def measure(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


class TestQueryCounts:
    def test_the_item_page_with_letters_keeps_its_query_count(
        self, client, complaint, pals_officer
    ):
        client.force_login(pals_officer)
        url = reverse("feedback:detail", args=[complaint.reference_slug])
        # Every shape from the start: a superseded letter too (its user is fetched only then).
        for _ in range(2):
            letter_generate(item=complaint, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        complaints.complaint_change_deadline(
            item=complaint,
            by=pals_officer,
            new_date=complaint.respond_by + timedelta(days=7),
            reason="Waiting for a statement",
        )
        letter_generate(item=complaint, kind=LetterKind.HOLDING, by=pals_officer)
        few = measure(client, url)
        for _ in range(5):
            letter_generate(item=complaint, kind=LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
            letter_generate(item=complaint, kind=LetterKind.HOLDING, by=pals_officer)
            complaints.complaint_change_deadline(
                item=complaint,
                by=pals_officer,
                new_date=complaint.respond_by + timedelta(days=14),
                reason="Still waiting",
            )
            issues.issue_add(item=complaint, by=pals_officer, description="Another question")
        assert measure(client, url) == few


class TestNothingLeftOut:
    def test_a_polished_version_that_dropped_an_issue_prints_every_issue_after_it(
        self, ready, pals_officer, signer
    ):
        draft = docx.Document(
            io.BytesIO(letter_word(item=ready, kind="final_response", by=pals_officer).content)
        )
        for paragraph in list(draft.paragraphs):
            if paragraph.text.startswith("Issue 3:"):
                paragraph._element.getparent().remove(paragraph._element)
        out = io.BytesIO()
        draft.save(out)
        document_add(
            item=ready,
            by=pals_officer,
            upload=upload("response trimmed.docx", out.getvalue()),
            kind=DocumentKind.DRAFT_RESPONSE,
        )
        item = complaints.complaint_sign_off(item=ready, by=signer)
        text = pdf_text(letter_generate(item=item, kind=LetterKind.FINAL_RESPONSE, by=signer))
        assert "Each issue you raised, what we found and what will change:" in text
        assert "Issue 3: Staff were rude when asked why" in text
        assert "Our finding: Not upheld. Witnesses describe the staff as polite." in text

    def test_a_polished_version_that_kept_every_issue_is_printed_as_it_is(
        self, ready, pals_officer, signer
    ):
        polished_draft(ready, pals_officer, "response.docx")
        item = complaints.complaint_sign_off(item=ready, by=signer)
        text = pdf_text(letter_generate(item=item, kind=LetterKind.FINAL_RESPONSE, by=signer))
        assert "Each issue you raised" not in text
        assert text.count("Issue 3: Staff were rude when asked why") == 1

    def test_a_template_without_the_survey_link_still_sends_the_link(
        self, signed, pals_officer, administrator, settings
    ):
        subject, body = template_for(LetterKind.FINAL_RESPONSE)
        assert "{survey_link}" in body
        letter_template_save(
            kind=LetterKind.FINAL_RESPONSE,
            subject=subject,
            body=body.replace("{survey_link}", "our website"),
            by=administrator,
        )
        text = pdf_text(
            letter_generate(item=signed, kind=LetterKind.FINAL_RESPONSE, by=pals_officer)
        )
        assert unwrapped(text).count(f"{settings.SITE_URL}/survey/") == 1


class TestWhatSignOffApproves:
    def word_file(self, text: str) -> bytes:
        document = docx.Document()
        document.add_paragraph(text)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    @pytest.mark.parametrize("signed_off", [False, True])
    def test_a_final_response_is_never_uploaded(self, ready, signer, pals_officer, signed_off):
        item = complaints.complaint_sign_off(item=ready, by=signer) if signed_off else ready
        with pytest.raises(ProcessError) as caught:
            document_add(
                item=item,
                by=pals_officer,
                upload=upload("final.docx", self.word_file("Our answer")),
                kind=DocumentKind.FINAL_RESPONSE,
            )
        [message] = caught.value.message_dict["kind"]
        assert "upload your polished version as a draft response" in message
        assert not FeedbackDocument.objects.filter(kind=DocumentKind.FINAL_RESPONSE).exists()

    def test_a_draft_uploaded_after_the_sign_off_page_was_opened_makes_it_stale(
        self, ready, signer, pals_officer
    ):
        opened_at = ready.version
        document_add(
            item=ready,
            by=pals_officer,
            upload=upload("response v2.docx", self.word_file("A late polish")),
            kind=DocumentKind.DRAFT_RESPONSE,
        )
        with pytest.raises(StaleEdit):
            complaints.complaint_sign_off(item=ready, by=signer, expected_version=opened_at)
        ready.refresh_from_db()
        assert ready.signed_off_at is None
        assert ready.approved_response is None

    def test_reopening_undoes_the_approval(self, ready, signer, pals_officer):
        document_add(
            item=ready,
            by=pals_officer,
            upload=upload("response.docx", self.word_file("Our answer")),
            kind=DocumentKind.DRAFT_RESPONSE,
        )
        item = complaints.complaint_sign_off(item=ready, by=signer)
        assert item.approved_response is not None
        item = complaints.complaint_send_response(
            item=item, by=pals_officer, on=timezone.localdate()
        )
        item = complaints.complaint_reopen(
            item=item,
            by=pals_officer,
            reason="Questions unanswered",
            respond_by=timezone.localdate() + timedelta(days=30),
        )
        assert item.approved_response is None
