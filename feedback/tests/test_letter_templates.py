"""The letters' wording an administrator edits: every refusal (unknown placeholders, broken
braces, HTML, a final response without the Ombudsman paragraph or the issues), loading the
defaults without overwriting an edit, and who may reach the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.letters import render_letter
from feedback.letters.defaults import DEFAULT_TEMPLATES
from feedback.letters.placeholders import ALLOWED, OMBUDSMAN_PARAGRAPH, template_errors
from feedback.models import LetterKind, LetterTemplate
from feedback.reference import load, load_letter_templates
from feedback.services import complaints
from feedback.services.base import ProcessError
from feedback.services.letters import letter_template_save, template_version
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

FINAL = LetterKind.FINAL_RESPONSE
FINAL_BODY = "Dear {person_name},\n\n{issues}\n\n{ombudsman_paragraph}"
ACK_LIST = (
    "{person_name}, {reference}, {received_on}, {acknowledged_on}, {respond_by}, {today}, "
    "{csc}, {summary}, {issues}, {case_handler}, {ombudsman_paragraph}"
)


def save(
    kind=FINAL, subject="Your complaint {reference}", body=FINAL_BODY, by=None, opened_at=None
):
    return letter_template_save(kind=kind, subject=subject, body=body, by=by, opened_at=opened_at)


def refusal(**arguments) -> dict:
    with pytest.raises(ProcessError) as caught:
        save(**arguments)
    assert not LetterTemplate.objects.exists()
    return caught.value.message_dict


class TestDefaults:
    @pytest.mark.parametrize("kind", list(LetterKind))
    def test_each_default_template_passes_its_own_check(self, kind):
        subject, body = DEFAULT_TEMPLATES[kind]
        assert template_errors(kind, subject, body) == {}

    def test_loading_adds_the_four_templates_once_and_never_overwrites_an_edit(self, administrator):
        assert load_letter_templates() == 4
        edited = save(body="Dear {person_name},\n\nEdited.\n\n{issues}\n\n{ombudsman_paragraph}")
        assert load_letter_templates() == 0
        load()  # the whole of feedback's reference data, as load_reference_data runs it
        assert LetterTemplate.objects.count() == 4
        edited.refresh_from_db()
        assert "Edited." in edited.body

    def test_a_letter_uses_the_edited_wording(self, administrator, pals_officer, medicine):
        letter_template_save(
            kind=LetterKind.ACKNOWLEDGEMENT,
            subject="Complaint {reference} received",
            body="Hello {person_name}.\n\nWe have your complaint about {summary}.",
            by=administrator,
        )
        item = make_item(by=pals_officer, csc=medicine, contact_name="Ottoline Frisk")
        item = complaints.complaint_acknowledge(item=item, by=pals_officer, on=item.received_on)
        letter = render_letter(item, LetterKind.ACKNOWLEDGEMENT, by=pals_officer)
        assert letter.subject == f"Complaint {item.reference} received"
        assert letter.paragraphs == (
            "Hello Ottoline Frisk.",
            f"We have your complaint about {item.summary}.",
        )


class TestSaving:
    def test_a_good_template_is_saved_with_who_changed_it(self, administrator):
        template = save(
            body="Dear {person_name},\r\n\r\n{issues}\r\n\r\n{ombudsman_paragraph}\r\n",
            by=administrator,
        )
        assert template.kind == FINAL
        assert template.body == FINAL_BODY  # browser line endings made plain
        assert template.updated_by == administrator
        assert template.history.count() == 1

    def test_saving_again_changes_the_one_template_and_keeps_the_history(self, administrator):
        save(by=administrator)
        save(subject="Our answer, {reference}", by=administrator)
        template = LetterTemplate.objects.get()
        assert template.subject == "Our answer, {reference}"
        assert template.history.count() == 2


class TestTwoAdministratorsAtOnce:
    def test_a_save_from_a_form_opened_before_anothers_save_is_refused(self, administrator):
        first = save(by=administrator)
        opened_at = template_version(first)
        save(subject="Our answer, {reference}", by=administrator, opened_at=opened_at)
        with pytest.raises(ProcessError) as caught:
            save(subject="My answer, {reference}", by=administrator, opened_at=opened_at)
        assert caught.value.code == "stale"
        assert "Someone else saved the final response template" in caught.value.messages[0]
        assert LetterTemplate.objects.get().subject == "Our answer, {reference}"

    def test_the_first_save_of_a_default_wording_is_checked_too(self, administrator):
        save(by=administrator)  # someone saved it while this form showed the default
        with pytest.raises(ProcessError):
            save(subject="Mine, {reference}", by=administrator, opened_at="")

    def test_the_page_refuses_a_stale_form_and_keeps_the_others_wording(
        self, client, administrator
    ):
        client.force_login(administrator)
        url = reverse("feedback:letter_template_edit", args=["holding"])
        opened = client.get(url).context["form"].initial
        save(
            kind=LetterKind.HOLDING,
            subject="Their subject {reference}",
            body="Dear {person_name},\n\nBy {new_date}.",
            by=administrator,
        )
        response = client.post(
            url,
            {
                "subject": "My subject {reference}",
                "body": "Dear {person_name},\n\nBy {new_date}.",
                "opened_at": opened["opened_at"],
            },
        )
        assert response.status_code == 200
        assert "Someone else saved" in response.text
        assert LetterTemplate.objects.get().subject == "Their subject {reference}"

    def test_two_first_saves_at_once_the_second_is_told_not_failed(
        self, administrator, monkeypatch
    ):
        save(by=administrator)
        # As if the other save had not yet committed when this one looked for the template.
        monkeypatch.setattr(
            LetterTemplate.objects, "select_for_update", lambda: LetterTemplate.objects.none()
        )
        with pytest.raises(ProcessError) as caught:
            save(subject="Mine, {reference}", by=administrator, opened_at="")
        assert caught.value.code == "stale"
        monkeypatch.undo()
        assert LetterTemplate.objects.get().subject == "Your complaint {reference}"


@pytest.mark.django_db(transaction=True)
def test_a_template_is_saved_outside_any_outer_transaction(administrator):
    """A page's save is not wrapped in a request transaction: the service's own must hold the
    row lock (Postgres refuses select_for_update outside one)."""
    save(by=administrator)
    save(subject="Our answer, {reference}", by=administrator)
    assert LetterTemplate.objects.get().subject == "Our answer, {reference}"


class TestRefusals:
    def test_an_unknown_placeholder_is_named(self):
        errors = refusal(
            kind=LetterKind.ACKNOWLEDGEMENT, body="Dear {person_name},\n\n{nhs_number}"
        )
        assert errors == {"body": [f"Unknown placeholder {{nhs_number}}: use one of {ACK_LIST}"]}

    def test_a_placeholder_of_another_letter_is_refused(self):
        errors = refusal(kind=LetterKind.ACKNOWLEDGEMENT, body="By {new_date}.")
        assert errors == {
            "body": [f"{{new_date}} cannot be used in the acknowledgement: use one of {ACK_LIST}"]
        }

    def test_an_unknown_placeholder_in_the_subject_stands_at_the_subject(self):
        errors = refusal(subject="Complaint {ref}")
        assert list(errors) == ["subject"]
        assert errors["subject"][0].startswith("Unknown placeholder {ref}: use one of")

    @pytest.mark.parametrize(
        "body",
        [
            "Dear {person_name,\n\n{issues}\n\n{ombudsman_paragraph}",
            "Dear person_name},\n\n{issues}\n\n{ombudsman_paragraph}",
            "Dear {{person_name}},\n\n{issues}\n\n{ombudsman_paragraph}",
        ],
    )
    def test_broken_braces_are_refused(self, body):
        assert refusal(body=body) == {
            "body": [
                "Check the curly brackets: write each placeholder as a name inside one pair of "
                "them, like {reference}, and use them for nothing else"
            ]
        }

    def test_a_final_response_without_the_ombudsman_paragraph_is_refused(self):
        errors = refusal(body="Dear {person_name},\n\n{issues}")
        assert errors == {
            "body": [
                "The final response must include {ombudsman_paragraph}, in a paragraph of its "
                "own: the fixed paragraph on the right to go to the Parliamentary and Health "
                "Service Ombudsman"
            ]
        }

    def test_a_final_response_without_the_issues_is_refused(self):
        errors = refusal(body="Dear {person_name},\n\n{ombudsman_paragraph}")
        assert len(errors["body"]) == 1
        assert errors["body"][0].startswith("The final response must include {issues}")

    def test_the_ombudsman_paragraph_typed_out_is_not_enough(self):
        # The fixed text is what always prints; a copy typed in can be edited away later.
        errors = refusal(body=f"{{issues}}\n\n{OMBUDSMAN_PARAGRAPH}")
        assert "{ombudsman_paragraph}" in errors["body"][0]

    def test_a_block_placeholder_must_stand_alone(self):
        errors = refusal(body="Our findings: {issues}\n\n{ombudsman_paragraph}")
        assert errors == {
            "body": [
                "Put {issues} in a paragraph of its own, with a blank line before and after it"
            ]
        }

    @pytest.mark.parametrize(
        "html", ["<b>", "<script>alert(1)</script>", "</p>", "<!-- note -->", '<a href="x">']
    )
    def test_html_is_refused(self, html):
        errors = refusal(
            body=f"Dear {{person_name}},\n\n{html}\n\n{{issues}}\n\n{{ombudsman_paragraph}}"
        )
        [message] = errors["body"]
        assert message.startswith("Remove <")
        assert "letters are plain text, not HTML" in message

    def test_html_in_the_subject_is_refused(self):
        assert list(refusal(subject="<i>Your complaint</i>")) == ["subject"]

    def test_a_less_than_sign_in_words_is_plain_text(self, administrator):
        template = save(
            body="Under 5 < 6 hours.\n\n{issues}\n\n{ombudsman_paragraph}", by=administrator
        )
        assert template.pk

    def test_blank_subject_and_body_are_refused(self):
        assert refusal(subject=" ", body="") == {
            "subject": ["Enter the subject of the letter"],
            "body": ["Enter the text of the letter"],
        }

    def test_an_unknown_kind_is_refused(self):
        assert refusal(kind="apology") == {"kind": ["Select which letter"]}

    def test_every_kind_allows_only_its_own_placeholders(self):
        assert "new_date" in ALLOWED[LetterKind.HOLDING]
        assert "months_open" in ALLOWED[LetterKind.SIX_MONTH]
        assert "survey_link" in ALLOWED[FINAL]
        assert "survey_link" not in ALLOWED[LetterKind.ACKNOWLEDGEMENT]


class TestPages:
    def test_the_page_lists_the_four_templates_and_the_placeholders(self, client, administrator):
        client.force_login(administrator)
        page = client.get(reverse("feedback:letter_templates")).text
        for name in (
            "Acknowledgement letter",
            "Holding letter",
            "Six-month letter",
            "Final response",
        ):
            assert name in page
        assert "{ombudsman_paragraph}" in page
        assert "The date the complaint was received" in page

    def test_the_page_keeps_its_query_count(self, client, administrator):
        client.force_login(administrator)
        url = reverse("feedback:letter_templates")
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        load_letter_templates()
        with CaptureQueriesContext(connection) as after:
            client.get(url)
        assert len(after) == len(before)

    def test_a_refused_template_shows_the_message_at_its_field(self, client, administrator):
        client.force_login(administrator)
        url = reverse("feedback:letter_template_edit", args=["final-response"])
        response = client.post(
            url, {"subject": "Our response", "body": "Dear {person_name},\n\n{issues}"}
        )
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["body"]
        assert "There is a problem" in response.text
        assert "<title>Edit the final response template - Error - " in response.text
        assert not LetterTemplate.objects.exists()

    def test_a_good_template_is_saved_from_the_page(self, client, administrator):
        client.force_login(administrator)
        url = reverse("feedback:letter_template_edit", args=["holding"])
        response = client.post(
            url,
            {
                "subject": "New date for {reference}",
                "body": "Dear {person_name},\n\nBy {new_date}.",
            },
        )
        assert response.status_code == 302
        assert response.url == reverse("feedback:letter_templates")
        template = LetterTemplate.objects.get()
        assert (template.kind, template.updated_by) == (LetterKind.HOLDING, administrator)

    def test_the_edit_page_opens_with_the_current_wording(self, client, administrator):
        client.force_login(administrator)
        response = client.get(reverse("feedback:letter_template_edit", args=["six-month"]))
        assert (
            response.context["form"].initial["body"] == DEFAULT_TEMPLATES[LetterKind.SIX_MONTH][1]
        )

    @pytest.mark.parametrize(
        "who", ["pals_officer", "medicine_manager", "board_member", "panel_member"]
    )
    def test_only_administrators_may_edit_the_wording(self, client, request, who):
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("feedback:letter_templates")).status_code == 403
        url = reverse("feedback:letter_template_edit", args=["final-response"])
        assert client.post(url, {"subject": "S", "body": FINAL_BODY}).status_code == 403
        assert not LetterTemplate.objects.exists()

    def test_the_administrators_home_page_links_to_it(self, client, administrator):
        client.force_login(administrator)
        assert reverse("feedback:letter_templates") in client.get(reverse("home")).text
