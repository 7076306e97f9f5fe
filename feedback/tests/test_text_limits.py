"""Every free-text box has a limit, shown in the form as people type and checked again by the
service, so no caller can store a pasted document (issue 14). At the limit the text is kept;
one character more is refused with the limit and how many characters it has, and nothing is
half-saved. The limits are written out here, not imported: the test is the rule."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback import importing
from feedback.forms import actions as action_forms
from feedback.forms.early import EarlyResolutionForm
from feedback.forms.items import FeedbackItemForm, clarifying_fields
from feedback.forms.letters import LetterTemplateForm
from feedback.forms.plan import PlanFields
from feedback.forms.staff import StaffInvolvedAddForm, StaffInvolvedForm
from feedback.forms.surveys import SurveyAnswersForm, SurveyRecordForm
from feedback.models import (
    FeedbackItem,
    InvestigationNote,
    LearningAction,
    LetterKind,
    LetterTemplate,
)
from feedback.models.choices import Kind, Status
from feedback.services import complaints, pals
from feedback.services.base import ProcessError
from feedback.services.early_resolution import resolve_early
from feedback.services.items import feedback_update
from feedback.services.learning import investigation_note_add, learning_action_add
from feedback.services.letters import letter_template_save
from feedback.services.plan import complaint_agree_plan
from feedback.services.surveys import survey_record
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOTE_LIMIT = 10_000
LEARNING_LIMIT = 2_000
OWNER_LIMIT = 120
REASON_LIMIT = 2_000


def over(limit: int) -> str:
    return "x" * (limit + 1)


def message(name: str, limit: int) -> str:
    return f"{name} must be {limit:,} characters or fewer (it has {limit + 1:,})"


def refused(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.fixture
def complaint(medicine, pals_officer):
    return make_item(csc=medicine, by=pals_officer, received_on=TODAY - timedelta(days=14))


class TestInvestigationNote:
    def test_a_note_at_the_limit_is_kept(self, complaint, pals_officer):
        note = investigation_note_add(item=complaint, by=pals_officer, text="x" * NOTE_LIMIT)
        assert len(note.text) == NOTE_LIMIT

    @pytest.mark.parametrize("length", [NOTE_LIMIT + 1, 1_000_000])
    def test_a_longer_note_is_refused_and_nothing_is_saved(self, complaint, pals_officer, length):
        events = complaint.events.count()
        with pytest.raises(ProcessError) as excinfo:
            investigation_note_add(item=complaint, by=pals_officer, text="x" * length)
        assert refused(excinfo) == {
            "text": [f"Investigation note must be 10,000 characters or fewer (it has {length:,})"]
        }
        assert not InvestigationNote.objects.exists()
        assert complaint.events.count() == events

    def test_the_page_shows_the_limit_and_saves_nothing(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        url = reverse("feedback:add_note", args=[complaint.reference_slug])
        response = client.post(url, {"text": over(NOTE_LIMIT)})
        assert response.status_code == 200
        assert message("Investigation note", NOTE_LIMIT) in response.text
        assert not InvestigationNote.objects.exists()


class TestLearningAction:
    def add(self, item, by, **changes):
        arguments = {"action": "Explain waits", "owner": "Matron", "due_on": TODAY, **changes}
        return learning_action_add(item=item, by=by, **arguments)

    def test_an_action_and_owner_at_their_limits_are_kept(self, complaint, pals_officer):
        learning = self.add(
            complaint, pals_officer, action="x" * LEARNING_LIMIT, owner="o" * OWNER_LIMIT
        )
        assert (len(learning.action), len(learning.owner)) == (LEARNING_LIMIT, OWNER_LIMIT)

    @pytest.mark.parametrize(
        ("changes", "field", "words"),
        [
            ({"action": over(LEARNING_LIMIT)}, "action", message("What will be done", 2_000)),
            ({"owner": over(OWNER_LIMIT)}, "owner", message("Owner", OWNER_LIMIT)),
            ({"action": "  \n "}, "action", "Enter what will be done differently"),
            ({"owner": "   "}, "owner", "Enter who will make sure it happens"),
        ],
    )
    def test_too_long_or_blank_is_refused_and_nothing_is_saved(
        self, complaint, pals_officer, changes, field, words
    ):
        events = complaint.events.count()
        with pytest.raises(ProcessError) as excinfo:
            self.add(complaint, pals_officer, **changes)
        assert refused(excinfo) == {field: [words]}
        assert not LearningAction.objects.exists()
        assert complaint.events.count() == events

    def test_the_page_shows_the_limit_and_saves_nothing(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        url = reverse("feedback:add_learning", args=[complaint.reference_slug])
        data = {"action": over(LEARNING_LIMIT), "owner": "Matron", "due_on": TODAY.isoformat()}
        response = client.post(url, data)
        assert response.status_code == 200
        assert message("What will be done", LEARNING_LIMIT) in response.text
        assert not LearningAction.objects.exists()

    def test_early_learning_too_long_for_a_learning_action_is_refused_at_its_field(
        self, medicine, pals_officer
    ):
        complaint = make_item(csc=medicine, by=pals_officer, received_on=TODAY)
        arguments = {"item": complaint, "by": pals_officer, "on": TODAY, "what_was_done": "Sorry"}
        with pytest.raises(ProcessError) as excinfo:
            resolve_early(**arguments, learning=over(LEARNING_LIMIT), make_learning_action=True)
        assert refused(excinfo) == {
            "learning": [
                "To make it a learning action, the learning must be 2,000 characters or fewer "
                "(it has 2,001)"
            ]
        }
        complaint.refresh_from_db()
        assert complaint.status == Status.RECEIVED
        assert not LearningAction.objects.exists()

        # Kept as the early resolution's learning, it may be longer.
        item = resolve_early(**arguments, learning=over(LEARNING_LIMIT))
        assert len(item.early_learning) == LEARNING_LIMIT + 1


def run_to_awaiting_sign_off(item, by):
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    item = complaints.complaint_start_investigation(item=item, by=by)
    item = complaints.complaint_record_draft(item=item, by=by)
    return complaints.complaint_submit_for_sign_off(item=item, by=by)


def withdraw(item, by, reason):
    return complaints.complaint_withdraw(item=item, by=by, reason=reason)


def return_for_changes(item, by, reason):
    item = run_to_awaiting_sign_off(item, by)
    return complaints.complaint_return_for_changes(item=item, by=by, reason=reason)


def change_deadline(item, by, reason):
    new_date = item.respond_by + timedelta(days=7)
    return complaints.complaint_change_deadline(item=item, by=by, new_date=new_date, reason=reason)


def late_decision(item, by, reason):
    FeedbackItem.objects.filter(pk=item.pk).update(event_on=item.received_on - timedelta(400))
    item.refresh_from_db()
    return complaints.complaint_record_late_decision(item=item, by=by, accept=True, reason=reason)


def replan(item, by, reason):
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    return complaint_agree_plan(
        item=item,
        by=by,
        agreed_on=TODAY,
        contact_preference="phone",
        update_every=10,
        respond_by=item.respond_by + timedelta(days=7),
        date_change_reason=reason,
    )


class TestReasons:
    """Each step that asks why keeps a paragraph or two, however it is called."""

    STEPS = [
        (withdraw, "reason"),
        (return_for_changes, "reason"),
        (change_deadline, "reason"),
        (late_decision, "reason"),
        (replan, "date_change_reason"),
    ]

    @pytest.mark.parametrize(("step", "field"), STEPS)
    def test_a_reason_at_the_limit_is_kept(self, complaint, pals_officer, step, field):
        step(complaint, pals_officer, "x" * REASON_LIMIT)

    @pytest.mark.parametrize(("step", "field"), STEPS)
    def test_one_character_more_is_refused_beside_its_field(
        self, complaint, pals_officer, step, field
    ):
        with pytest.raises(ProcessError) as excinfo:
            step(complaint, pals_officer, over(REASON_LIMIT))
        assert refused(excinfo) == {field: [message("Reason", REASON_LIMIT)]}

    @pytest.mark.parametrize(
        ("step", "words"),
        [
            (withdraw, "Enter why the complaint is withdrawn"),
            (return_for_changes, "Enter what needs to change in the response"),
        ],
    )
    def test_a_blank_reason_is_refused_by_the_service(self, complaint, pals_officer, step, words):
        with pytest.raises(ProcessError) as excinfo:
            step(complaint, pals_officer, "  \n ")
        assert refused(excinfo) == {"reason": [words]}

    def test_a_refused_withdrawal_changes_nothing(self, complaint, pals_officer):
        events = complaint.events.count()
        with pytest.raises(ProcessError):
            withdraw(complaint, pals_officer, over(REASON_LIMIT))
        complaint.refresh_from_db()
        assert (complaint.status, complaint.withdrawn_reason) == (Status.RECEIVED, "")
        assert complaint.events.count() == events


class TestPalsResolution:
    def test_at_the_limit_kept_and_one_more_refused(self, medicine, pals_officer):
        contact = make_item(kind=Kind.PALS, csc=medicine)
        with pytest.raises(ProcessError) as excinfo:
            pals.pals_resolve(item=contact, by=pals_officer, resolution=over(5_000))
        assert refused(excinfo) == {"resolution": [message("How it was resolved", 5_000)]}
        contact.refresh_from_db()
        assert contact.status == Status.OPEN

        item = pals.pals_resolve(item=contact, by=pals_officer, resolution="x" * 5_000)
        assert item.status == Status.RESOLVED


class TestSurveyComment:
    def test_at_the_limit_kept_and_one_more_refused(self, complaint, pals_officer):
        FeedbackItem.objects.filter(pk=complaint.pk).update(
            status=Status.RESPONSE_SENT, response_sent_on=TODAY
        )
        complaint.refresh_from_db()
        answers = {
            "listened_to": 3,
            "kept_informed": 3,
            "understood_outcome": 3,
            "source": "phone",
            "received_on": TODAY,
        }
        with pytest.raises(ProcessError) as excinfo:
            survey_record(item=complaint, by=pals_officer, comment=over(2_000), **answers)
        assert refused(excinfo) == {"comment": [message("Comment", 2_000)]}
        assert not complaint.surveys.exists()

        survey = survey_record(item=complaint, by=pals_officer, comment="x" * 2_000, **answers)
        assert len(survey.comment) == 2_000


class TestItemText:
    """An item's description and contact address are limited by the model, so logging,
    editing, escalating and importing all refuse the same way."""

    @pytest.mark.parametrize(
        ("field", "name", "limit"),
        [("description", "Description", 20_000), ("contact_address", "Contact address", 1_000)],
    )
    def test_logged_at_the_limit_and_refused_one_more(self, medicine, field, name, limit):
        with pytest.raises(ValidationError) as excinfo:
            make_item(csc=medicine, **{field: over(limit)})
        assert refused(excinfo) == {field: [message(name, limit)]}
        assert not FeedbackItem.objects.exists()

        item = make_item(csc=medicine, **{field: "x" * limit})
        assert len(getattr(item, field)) == limit

    def test_an_edit_over_the_limit_is_refused(self, complaint, pals_officer):
        with pytest.raises(ValidationError) as excinfo:
            feedback_update(
                item=complaint,
                by=pals_officer,
                details={"description": over(20_000)},
                expected_version=complaint.version,
            )
        assert refused(excinfo) == {"description": [message("Description", 20_000)]}
        complaint.refresh_from_db()
        assert complaint.description == ""

    def test_an_imported_description_over_the_limit_is_refused_by_row(self, medicine):
        row = {
            "kind": "pals",
            "received_on": (TODAY - timedelta(days=3)).isoformat(),
            "channel": "email",
            "csc": medicine.code,
            "summary": "Parking",
            "raised_by": "patient",
            "description": over(20_000),
            **dict.fromkeys(["reference", "subject", "nhs_number", "patient_name", "tier"], ""),
        }
        header = ",".join(row)
        text = f"{header}\n" + ",".join(row.values()) + "\n"
        result = importing.import_feedback(text)
        assert not result.ok
        assert [(e.row, e.column, e.message) for e in result.errors] == [
            (2, "description", "must be at most 20000 characters (this has 20001)")
        ]
        assert not FeedbackItem.objects.exists()


class TestLetterTemplateBody:
    BODY = "Dear {person_name},\n\nWe have your complaint about {summary}.\n\n"

    def test_at_the_limit_kept_and_one_more_refused(self, administrator):
        body = self.BODY + "x" * (20_000 - len(self.BODY))
        arguments = {"kind": LetterKind.ACKNOWLEDGEMENT, "subject": "Complaint {reference}"}
        with pytest.raises(ProcessError) as excinfo:
            letter_template_save(**arguments, body=body + "x", by=administrator)
        assert refused(excinfo) == {"body": [message("Text of the letter", 20_000)]}
        assert not LetterTemplate.objects.exists()

        assert len(letter_template_save(**arguments, body=body, by=administrator).body) == 20_000

    def test_the_form_counts_line_breaks_as_the_service_does(self):
        body = self.BODY.replace("\n", "\r\n") + "x" * (20_000 - len(self.BODY))
        data = {"subject": "Complaint {reference}", "opened_at": ""}
        kind = LetterKind.ACKNOWLEDGEMENT
        assert LetterTemplateForm({**data, "body": body}, kind=kind).is_valid()
        form = LetterTemplateForm({**data, "body": body + "x"}, kind=kind)
        assert form.errors == {"body": [message("Text of the letter", 20_000)]}


# Every free-text box in the feedback forms, its limit, and what its message calls it.
FORM_FIELDS = [
    (action_forms.NoteForm, "text", NOTE_LIMIT, "Investigation note"),
    (action_forms.LearningForm, "action", LEARNING_LIMIT, "What will be done"),
    (action_forms.FindingsForm, "findings", 20_000, "Findings"),
    (action_forms.ReasonForm, "reason", REASON_LIMIT, "Reason"),
    (action_forms.DeadlineForm, "reason", REASON_LIMIT, "Reason"),
    (action_forms.ReopenForm, "reason", REASON_LIMIT, "Reason"),
    (action_forms.LateDecisionForm, "reason", REASON_LIMIT, "Reason"),
    (action_forms.OutcomeForm, "reason", 5_000, "Reason"),
    (action_forms.ResolveForm, "resolution", 5_000, "How it was resolved"),
    (PlanFields, "date_change_reason", REASON_LIMIT, "Reason"),
    (StaffInvolvedAddForm, "support_offered", 5_000, "Support offered"),
    (StaffInvolvedForm, "comments", 5_000, "Their comments"),
    (StaffInvolvedForm, "support_offered", 5_000, "Support offered"),
    (EarlyResolutionForm, "what_was_done", 5_000, "What was done to resolve it?"),
    (EarlyResolutionForm, "learning", 5_000, "Learning"),
    (SurveyAnswersForm, "comment", 2_000, "Your comment"),
    (SurveyRecordForm, "comment", 2_000, "Their comment"),
    (FeedbackItemForm, "description", 20_000, "Description"),
    (FeedbackItemForm, "contact_address", 1_000, "Contact address"),
]


class TestFormLimits:
    @pytest.mark.parametrize(("form", "name", "limit", "words"), FORM_FIELDS)
    def test_at_the_limit_accepted_and_one_more_refused_naming_the_limit(
        self, form, name, limit, words
    ):
        field = form.base_fields[name]
        assert len(field.clean("x" * limit)) == limit
        with pytest.raises(ValidationError) as excinfo:
            field.clean(over(limit))
        assert excinfo.value.messages == [message(words, limit)]

    @pytest.mark.parametrize(("form", "name", "limit", "words"), FORM_FIELDS)
    def test_the_character_count_shows_the_limit_without_cutting_people_off(
        self, form, name, limit, words
    ):
        attrs = form.base_fields[name].widget.attrs
        assert attrs["data-maxlength"] == limit
        assert "maxlength" not in attrs

    def test_a_line_break_counts_as_one_character_as_the_count_shows(self):
        field = action_forms.NoteForm.base_fields["text"]
        assert field.clean("x\r\n" * (NOTE_LIMIT // 2)) == "x\n" * (NOTE_LIMIT // 2 - 1) + "x"

    def test_the_issues_box_as_a_whole_is_limited(self):
        field = clarifying_fields()["issues"]
        assert field.clean("x" * 20_000)
        with pytest.raises(ValidationError) as excinfo:
            field.clean(over(20_000))
        assert excinfo.value.messages == [message("Issues to answer", 20_000)]

    def test_the_learning_owner_is_limited_as_the_model_is(self):
        field = action_forms.LearningForm.base_fields["owner"]
        assert field.clean("o" * OWNER_LIMIT)
        with pytest.raises(ValidationError) as excinfo:
            field.clean(over(OWNER_LIMIT))
        assert excinfo.value.messages == [message("Owner", OWNER_LIMIT)]
