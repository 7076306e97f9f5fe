"""The handling plan agreed with the person at acknowledgement (NHS Complaint Standards): how
they want to be contacted, the adjustments they need, who writes the response, the agreed
response date and how often they are updated, in working days from the trust's calendar."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from careprog.models import ClosureDay
from careprog.roles import Role
from careprog.tests.factories import UserFactory
from feedback.forms.actions import AcknowledgeForm, HandlingPlanForm
from feedback.models import DeadlineChange, FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.selectors import eligible_case_handlers
from feedback.services import complaints
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.plan import complaint_agree_plan
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

# Christmas 2026: Friday 25 December, and Boxing Day observed on Monday 28 December.
WED_23_DEC, WED_30_DEC = date(2026, 12, 23), date(2026, 12, 30)
MON_2_NOV, WED_4_NOV, THU_5_NOV, FRI_6_NOV = (date(2026, 11, d) for d in (2, 4, 5, 6))


@pytest.fixture
def today_is(monkeypatch):
    """Make ``day`` today for the services, models and pages (dates given to it convert as
    before)."""
    original = timezone.localdate

    def set_today(day: date):
        def localdate(value=None, timezone=None):
            return day if value is None else original(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_today


def received_complaint(by, *, received_on=None, csc=None, **details):
    details = {"contact_email": "pat@example.org", "contact_address": "1 High Street", **details}
    return make_item(by=by, csc=csc, received_on=received_on, **details)


def acknowledged(by, **details):
    item = received_complaint(by, **details)
    return complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)


def plan(by, **changes) -> dict:
    return {
        "contact_preference": "email",
        "response_writer": by,
        "update_every": 20,
        **changes,
    }


def refused_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


def refused_message(excinfo, field: str) -> str:
    return " ".join(excinfo.value.message_dict[field])


class TestAgreedAtAcknowledgement:
    def test_the_plan_is_recorded_with_the_acknowledgement_in_one_save(
        self, pals_officer, medicine
    ):
        item = received_complaint(pals_officer, csc=medicine, received_on=MON_2_NOV)
        version = item.version
        item = complaints.complaint_acknowledge(
            item=item,
            by=pals_officer,
            on=WED_4_NOV,
            **plan(pals_officer, large_print=True, interpreter_language="Polish"),
        )
        item.refresh_from_db()
        assert item.status == Status.ACKNOWLEDGED
        assert item.version == version + 1
        assert (item.contact_preference, item.response_writer) == ("email", pals_officer)
        assert item.adjustments == ["Large print", "Interpreter (Polish)"]
        assert item.plan_agreed_on == WED_4_NOV
        assert item.update_every == 20
        # 20 working days from Wednesday 4 November 2026 (no bank holidays in between).
        assert item.next_update_due == date(2026, 12, 2)
        actions = list(item.events.values_list("action", flat=True))
        assert {"acknowledged", "plan"} <= set(actions)

    def test_acknowledging_without_a_plan_still_works(self, pals_officer):
        item = received_complaint(pals_officer)
        item = complaints.complaint_acknowledge(item=item, by=pals_officer, on=item.received_on)
        assert item.status == Status.ACKNOWLEDGED
        assert item.plan_agreed_on is None
        assert item.next_update_due is None

    def test_first_update_due_skips_christmas_and_boxing_day(self, pals_officer, today_is):
        today_is(WED_23_DEC)
        item = received_complaint(pals_officer, received_on=date(2026, 12, 21))
        item = complaints.complaint_acknowledge(
            item=item, by=pals_officer, on=WED_23_DEC, **plan(pals_officer, update_every=3)
        )
        # Thursday 24th, then (past Christmas Day and Boxing Day observed) Tuesday 29th and
        # Wednesday 30th.
        assert item.next_update_due == WED_30_DEC

    def test_first_update_due_skips_a_closure_day(self, pals_officer):
        item = received_complaint(pals_officer, received_on=MON_2_NOV)
        ack = complaints.complaint_acknowledge(
            item=item, by=pals_officer, on=MON_2_NOV, **plan(pals_officer, update_every=3)
        )
        assert ack.next_update_due == THU_5_NOV
        ClosureDay.objects.create(date=WED_4_NOV, reason="Trust closure")
        replanned = complaint_agree_plan(
            item=ack, by=pals_officer, agreed_on=MON_2_NOV, **plan(pals_officer, update_every=3)
        )
        assert replanned.next_update_due == FRI_6_NOV

    def test_a_refused_plan_leaves_the_complaint_unacknowledged(self, pals_officer):
        item = received_complaint(pals_officer, contact_email="")
        events = item.events.count()
        with pytest.raises(ProcessError) as excinfo:
            complaints.complaint_acknowledge(
                item=item,
                by=pals_officer,
                on=item.received_on,
                **plan(
                    pals_officer,
                    respond_by=item.respond_by + timedelta(days=7),
                    date_change_reason="Agreed",
                ),
            )
        assert refused_fields(excinfo) == {"contact_preference"}
        item.refresh_from_db()
        assert (item.status, item.acknowledged_on, item.plan_agreed_on) == (
            Status.RECEIVED,
            None,
            None,
        )
        assert item.events.count() == events
        assert not DeadlineChange.objects.exists()


class TestUpdateInterval:
    @pytest.mark.parametrize("days", [0, settings.UPDATE_EVERY_MAX + 1, None])
    def test_interval_outside_1_to_60_working_days_is_refused(self, pals_officer, days):
        item = acknowledged(pals_officer)
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on,
                **plan(pals_officer, update_every=days),
            )
        assert refused_fields(excinfo) == {"update_every"}
        assert "between 1 and 60 working days" in refused_message(excinfo, "update_every")
        item.refresh_from_db()
        assert item.plan_agreed_on is None

    @pytest.mark.parametrize(
        ("days", "due"), [(1, date(2026, 11, 3)), (60, date(2027, 1, 28))], ids=["1", "60"]
    )
    def test_interval_of_1_and_60_working_days_is_accepted(self, pals_officer, days, due):
        item = acknowledged(pals_officer, received_on=MON_2_NOV)
        item = complaint_agree_plan(
            item=item, by=pals_officer, agreed_on=MON_2_NOV, **plan(pals_officer, update_every=days)
        )
        # 60 working days from 2 November 2026 skip Christmas Day, Boxing Day observed and New
        # Year's Day.
        assert (item.update_every, item.next_update_due) == (days, due)

    def test_the_maximum_is_the_setting(self):
        assert settings.UPDATE_EVERY_MAX == 60
        assert settings.UPDATE_EVERY_DEFAULT == 20


class TestContactPreference:
    def test_email_without_a_contact_email_is_refused(self, pals_officer):
        item = acknowledged(pals_officer, contact_email="")
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item, by=pals_officer, agreed_on=item.received_on, **plan(pals_officer)
            )
        assert "an email would not reach them" in refused_message(excinfo, "contact_preference")

    def test_letter_without_an_address_is_refused_because_it_would_not_reach_them(
        self, pals_officer
    ):
        item = acknowledged(pals_officer, contact_address="")
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on,
                **plan(pals_officer, contact_preference="letter"),
            )
        assert "a letter would not reach them" in refused_message(excinfo, "contact_preference")

    @pytest.mark.parametrize("preference", ["", "pigeon"])
    def test_a_preference_must_be_chosen_from_the_list(self, pals_officer, preference):
        item = acknowledged(pals_officer)
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on,
                **plan(pals_officer, contact_preference=preference),
            )
        assert refused_message(excinfo, "contact_preference") == (
            "Select how they want to be contacted"
        )

    @pytest.mark.parametrize("preference", ["email", "letter", "phone"])
    def test_each_way_with_its_details_is_accepted(self, pals_officer, preference):
        item = acknowledged(pals_officer)
        item = complaint_agree_plan(
            item=item,
            by=pals_officer,
            agreed_on=item.received_on,
            **plan(pals_officer, contact_preference=preference),
        )
        assert item.contact_preference == preference


class TestResponseWriter:
    def test_officers_and_the_cscs_managers_may_write_it(
        self, pals_officer, medicine, medicine_manager
    ):
        item = acknowledged(pals_officer, csc=medicine)
        for writer in (UserFactory(role=Role.PALS_OFFICER), medicine_manager):
            item = complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on,
                **plan(pals_officer, response_writer=writer),
            )
            assert item.response_writer == writer

    @pytest.mark.parametrize("who", ["other_manager", "board_member", "inactive_officer"])
    def test_anyone_else_is_refused(self, pals_officer, medicine, surgery, who):
        writer = {
            "other_manager": lambda: UserFactory(role=Role.CSC_MANAGER, cscs=[surgery]),
            "board_member": lambda: UserFactory(role=Role.BOARD_MEMBER),
            "inactive_officer": lambda: UserFactory(role=Role.PALS_OFFICER, is_active=False),
        }[who]()
        item = acknowledged(pals_officer, csc=medicine)
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on,
                **plan(pals_officer, response_writer=writer),
            )
        assert "cannot write this response" in refused_message(excinfo, "response_writer")

    def test_the_form_offers_the_case_handler_list(self, pals_officer, medicine):
        item = received_complaint(pals_officer, csc=medicine)
        form = AcknowledgeForm(initial=AcknowledgeForm.initial_for(item), item=item)
        offered = set(form.fields["response_writer"].queryset)
        assert offered == set(eligible_case_handlers(item))
        assert pals_officer in offered


class TestAgreedResponseDate:
    def test_a_new_date_needs_a_reason(self, pals_officer):
        item = acknowledged(pals_officer)
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on,
                **plan(pals_officer, respond_by=item.respond_by + timedelta(days=7)),
            )
        assert refused_fields(excinfo) == {"date_change_reason"}
        assert not DeadlineChange.objects.exists()

    def test_a_new_date_with_a_reason_is_a_deadline_change_the_person_agreed(self, pals_officer):
        item = acknowledged(pals_officer)
        before = item.respond_by
        item = complaint_agree_plan(
            item=item,
            by=pals_officer,
            agreed_on=item.received_on,
            **plan(
                pals_officer,
                respond_by=before + timedelta(days=7),
                date_change_reason="Statements take longer",
            ),
        )
        change = DeadlineChange.objects.get(item=item)
        assert (change.previous_date, change.new_date) == (before, before + timedelta(days=7))
        assert change.person_agreed is True
        assert change.reason == "Statements take longer"
        assert item.respond_by == before + timedelta(days=7)

    def test_the_same_date_is_no_change(self, pals_officer):
        item = acknowledged(pals_officer)
        complaint_agree_plan(
            item=item,
            by=pals_officer,
            agreed_on=item.received_on,
            **plan(pals_officer, respond_by=item.respond_by),
        )
        assert not DeadlineChange.objects.exists()

    def test_a_date_before_receipt_is_refused(self, pals_officer):
        item = acknowledged(pals_officer)
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on,
                **plan(
                    pals_officer,
                    respond_by=item.received_on - timedelta(days=1),
                    date_change_reason="Typo",
                ),
            )
        assert "on or after the date received" in refused_message(excinfo, "respond_by")
        assert not DeadlineChange.objects.exists()


class TestWhenAPlanMayBeAgreed:
    def test_agreed_date_in_the_future_is_refused(self, pals_officer):
        item = acknowledged(pals_officer)
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=timezone.localdate() + timedelta(days=1),
                **plan(pals_officer),
            )
        assert refused_fields(excinfo) == {"agreed_on"}

    def test_agreed_date_before_receipt_is_refused(self, pals_officer):
        item = acknowledged(pals_officer)
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on - timedelta(days=1),
                **plan(pals_officer),
            )
        assert "on or after the date received" in refused_message(excinfo, "agreed_on")

    def test_a_received_complaint_agrees_its_plan_by_being_acknowledged(self, pals_officer):
        item = received_complaint(pals_officer)
        with pytest.raises(ProcessError, match="while it is received"):
            complaint_agree_plan(
                item=item, by=pals_officer, agreed_on=item.received_on, **plan(pals_officer)
            )

    def test_an_answered_complaint_has_no_plan_to_change(self, pals_officer):
        item = acknowledged(pals_officer)
        FeedbackItem.objects.filter(pk=item.pk).update(status=Status.RESPONSE_SENT)
        with pytest.raises(ProcessError, match="while it is response sent"):
            complaint_agree_plan(
                item=item, by=pals_officer, agreed_on=item.received_on, **plan(pals_officer)
            )

    def test_a_pals_contact_has_no_plan(self, pals_officer):
        item = make_item(kind=Kind.PALS, by=pals_officer)
        with pytest.raises(ProcessError, match="not a formal complaint"):
            complaint_agree_plan(
                item=item, by=pals_officer, agreed_on=item.received_on, **plan(pals_officer)
            )

    def test_a_stale_form_is_refused(self, pals_officer):
        item = acknowledged(pals_officer)
        with pytest.raises(StaleEdit):
            complaint_agree_plan(
                item=item,
                by=pals_officer,
                agreed_on=item.received_on,
                expected_version=item.version - 1,
                **plan(pals_officer),
            )
        item.refresh_from_db()
        assert item.plan_agreed_on is None


def plan_post(item, writer, **changes) -> dict:
    return {
        "version": item.version,
        "contact_preference": "email",
        "response_writer": writer.pk,
        "respond_by": item.respond_by.isoformat(),
        "update_every": "20",
        **changes,
    }


def action_url(item, name: str) -> str:
    return reverse("feedback:action", args=[item.reference_slug, name])


class TestAcknowledgeForm:
    def test_opens_with_the_response_date_the_usual_interval_and_the_handler(
        self, client, pals_officer
    ):
        item = received_complaint(pals_officer)
        client.force_login(pals_officer)
        response = client.get(action_url(item, "acknowledge"))
        form = response.context["form"]
        assert form.initial["respond_by"] == item.respond_by
        assert form.initial["update_every"] == settings.UPDATE_EVERY_DEFAULT
        assert form.initial["response_writer"] == pals_officer.pk
        for question in (
            "How do they want to be contacted?",
            "Large print",
            "Interpreter (language)",
            "Advocate (name and organisation)",
            "Who will write the final response?",
            "Agreed response date",
            "Update them every (working days)",
        ):
            assert question in response.text

    def test_acknowledging_through_the_page_records_the_plan(self, client, pals_officer):
        item = received_complaint(pals_officer)
        client.force_login(pals_officer)
        data = plan_post(
            item, pals_officer, on=item.received_on.isoformat(), advocate="Sam, POhWER"
        )
        response = client.post(action_url(item, "acknowledge"), data)
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.status == Status.ACKNOWLEDGED
        assert item.plan_agreed_on == item.received_on
        assert item.adjustments == ["Advocate: Sam, POhWER"]

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"update_every": "61"}, "update_every", "between 1 and 60 working days"),
            ({"update_every": "0"}, "update_every", "between 1 and 60 working days"),
            ({"contact_preference": ""}, "contact_preference", "Select how they want"),
            ({"response_writer": ""}, "response_writer", "Choose who will write"),
        ],
        ids=["61", "0", "no_preference", "no_writer"],
    )
    def test_a_refused_answer_stands_beside_its_question(
        self, client, pals_officer, changes, field, message
    ):
        item = received_complaint(pals_officer)
        client.force_login(pals_officer)
        data = plan_post(item, pals_officer, on=item.received_on.isoformat(), **changes)
        response = client.post(action_url(item, "acknowledge"), data)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field])
        item.refresh_from_db()
        assert item.status == Status.RECEIVED


class TestChangingThePlan:
    @pytest.mark.parametrize("role", [Role.PALS_OFFICER, Role.CSC_MANAGER])
    def test_the_page_opens_and_saves_for_the_officer_and_the_cscs_manager(
        self, client, pals_officer, medicine, user_with_role, role
    ):
        item = acknowledged(pals_officer, csc=medicine)
        user = user_with_role(role)
        client.force_login(user)
        assert client.get(action_url(item, "handling-plan")).status_code == 200
        data = plan_post(
            item, pals_officer, agreed_on=item.received_on.isoformat(), large_print="on"
        )
        response = client.post(action_url(item, "handling-plan"), data)
        assert response.status_code == 302, response.context["form"].errors
        item.refresh_from_db()
        assert item.large_print

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_another_cscs_manager_and_the_board_get_404(
        self, client, pals_officer, surgery, medicine_manager, board_member, method
    ):
        item = acknowledged(pals_officer, csc=surgery)
        for user in (medicine_manager, board_member):
            client.force_login(user)
            data = plan_post(item, pals_officer, agreed_on=item.received_on.isoformat())
            response = getattr(client, method)(action_url(item, "handling-plan"), data)
            assert response.status_code == 404
        item.refresh_from_db()
        assert item.plan_agreed_on is None

    def test_the_plan_form_opens_on_the_plan_agreed(self, pals_officer):
        item = acknowledged(pals_officer)
        item = complaint_agree_plan(
            item=item,
            by=pals_officer,
            agreed_on=item.received_on,
            **plan(pals_officer, update_every=7, other_adjustments="Calls after 4pm"),
        )
        initial = HandlingPlanForm.initial_for(item)
        assert (initial["update_every"], initial["other_adjustments"]) == (7, "Calls after 4pm")
        assert initial["contact_preference"] == "email"


class TestShownOnPages:
    def test_item_page_shows_the_plan_and_its_adjustments(self, client, pals_officer, today_is):
        today_is(THU_5_NOV)
        item = acknowledged(pals_officer, received_on=MON_2_NOV)
        item = complaint_agree_plan(
            item=item,
            by=pals_officer,
            agreed_on=WED_4_NOV,
            **plan(pals_officer, update_every=1, large_print=True, advocate="Sam, POhWER"),
        )
        client.force_login(pals_officer)
        text = client.get(reverse("feedback:detail", args=[item.reference_slug])).text
        assert "Handling plan" in text
        assert "Large print<br>Advocate: Sam, POhWER" in text
        assert "Every 1 working day, agreed 4 November 2026" in text
        assert "Thursday 5 November 2026" in text
        assert ">Due today</strong>" in text
        assert escape(str(pals_officer)) in text  # a name such as O'Neill is escaped

    def test_queue_rows_show_the_adjustments(self, client, pals_officer):
        item = received_complaint(pals_officer)
        FeedbackItem.objects.filter(pk=item.pk).update(
            large_print=True, interpreter_language="Urdu"
        )
        client.force_login(pals_officer)
        text = client.get(reverse("feedback:index"), {"who": "all"}).text
        assert "Adjustments: Large print; Interpreter (Urdu)" in text
