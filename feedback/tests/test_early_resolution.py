"""Early resolution (NHS Complaint Standards): a complaint or PALS concern put right at first
contact, inside the trust's window of working days, closed with what was done and its learning,
counted apart in the register and never in the KO41a return."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careprog.models import ClosureDay
from careprog.roles import Role
from careprog.tests.factories import UserFactory
from careprog.working_days import trust_calendar
from feedback.actions import ACTIONS_BY_NAME, actions_for
from feedback.models import FeedbackItem, LearningAction
from feedback.models.choices import Kind, Status
from feedback.services import complaints
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.early_resolution import (
    LEARNING_DUE_WORKING_DAYS,
    TEXT_MAX_LENGTH,
    can_resolve_early,
    early_resolution_ends,
    resolve_early,
)
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)
DONE = "Ward sister phoned, apologised and rebooked the appointment"
# Tuesday 23 December 2025: Christmas Thursday, Boxing Day Friday, New Year's Day Thursday.
BEFORE_CHRISTMAS = date(2025, 12, 23)


@pytest.fixture
def complaint(medicine, pals_officer):
    return make_item(csc=medicine, by=pals_officer, received_on=YESTERDAY)


@pytest.fixture
def contact(medicine, pals_officer):
    return make_item(kind=Kind.PALS, csc=medicine, by=pals_officer, received_on=YESTERDAY)


def resolve(item, by, **given):
    answers = {"on": TODAY, "what_was_done": DONE, **given}
    return resolve_early(item=item, by=by, **answers)


class TestResolving:
    def test_a_complaint_is_closed_as_resolved_early(self, complaint, pals_officer):
        item = resolve(complaint, pals_officer, learning="Call back the same day")
        assert item.status == Status.CLOSED
        assert (item.resolved_early_on, item.closed_on) == (TODAY, TODAY)
        assert item.resolution == DONE
        assert item.early_learning == "Call back the same day"
        assert item.version == complaint.version + 1
        event = item.events.latest("pk")
        assert (event.action, event.description, event.by) == (
            "resolved_early",
            f"Resolved early: {DONE}",
            pals_officer,
        )

    def test_an_acknowledged_complaint_may_still_be_resolved_early(self, complaint, pals_officer):
        item = complaints.complaint_acknowledge(
            item=complaint, by=pals_officer, on=TODAY, contact_preference="phone", update_every=5
        )
        assert item.next_update_due is not None
        item = resolve(item, pals_officer)
        assert (item.status, item.resolved_early_on) == (Status.CLOSED, TODAY)
        # Put right: no further update is due.
        assert item.next_update_due is None

    def test_a_pals_contact_is_resolved_not_closed(self, contact, pals_officer):
        item = resolve(contact, pals_officer, on=YESTERDAY)
        assert (item.status, item.resolved_early_on) == (Status.RESOLVED, YESTERDAY)
        assert item.closed_on is None
        assert item.resolution == DONE

    def test_the_csc_manager_may_resolve_their_cscs_concern(self, contact, medicine_manager):
        assert medicine_manager.has_perm("feedback.resolve_early", contact)
        assert resolve(contact, medicine_manager).status == Status.RESOLVED

    def test_what_was_done_is_kept_without_surrounding_space(self, contact, pals_officer):
        assert resolve(contact, pals_officer, what_was_done=f"  {DONE}\n").resolution == DONE


class TestLearningAction:
    def test_one_click_makes_the_learning_an_action_owned_by_whoever_resolved_it(
        self, contact, pals_officer
    ):
        item = resolve(
            contact, pals_officer, learning="Call back the same day", make_learning_action=True
        )
        action = LearningAction.objects.get(item=item)
        assert action.action == "Call back the same day"
        assert action.owner == pals_officer.get_full_name()
        assert action.due_on == early_due(TODAY)
        assert item.events.filter(action="learning").exists()

    def test_due_twenty_working_days_after_the_resolution_across_closures(self, pals_officer):
        # Resolved on Monday 5 January 2026: 20 working days on is Monday 2 February; a closure
        # day in between moves it to Tuesday 3 February.
        ClosureDay.objects.create(date=date(2026, 1, 14), reason="Trust closure")
        item = make_item(kind=Kind.PALS, received_on=date(2025, 12, 31))
        resolve(
            item,
            pals_officer,
            on=date(2026, 1, 5),
            learning="Explain waits at the desk",
            make_learning_action=True,
        )
        assert LEARNING_DUE_WORKING_DAYS == 20
        assert LearningAction.objects.get().due_on == date(2026, 2, 3)

    def test_learning_without_the_box_ticked_makes_no_action(self, contact, pals_officer):
        item = resolve(contact, pals_officer, learning="Call back the same day")
        assert item.early_learning == "Call back the same day"
        assert not LearningAction.objects.exists()

    @pytest.mark.parametrize("learning", ["", "   "])
    def test_the_box_ticked_without_learning_is_refused_at_the_field(
        self, contact, pals_officer, learning
    ):
        with pytest.raises(ProcessError) as refused:
            resolve(contact, pals_officer, learning=learning, make_learning_action=True)
        assert refused.value.message_dict == {
            "learning": ["Enter the learning to make it a learning action"]
        }
        assert_unchanged(contact)


def early_due(day: date) -> date:
    return trust_calendar().add_working_days(day, 20)


def assert_unchanged(item: FeedbackItem) -> None:
    before_version = item.version
    item.refresh_from_db()
    assert item.version == before_version
    assert item.resolved_early_on is None
    assert not item.events.filter(action="resolved_early").exists()
    assert not LearningAction.objects.filter(item=item).exists()


class TestRefusals:
    @pytest.mark.parametrize("field", ["what_was_done", "learning"])
    def test_text_over_the_limit_is_refused_at_its_field_and_the_limit_itself_saved(
        self, contact, pals_officer, field
    ):
        with pytest.raises(ProcessError) as refused:
            resolve(contact, pals_officer, **{field: "x" * (TEXT_MAX_LENGTH + 1)})
        assert list(refused.value.message_dict) == [field]
        contact.refresh_from_db()
        assert contact.resolved_early_on is None
        item = resolve(contact, pals_officer, **{field: "x" * TEXT_MAX_LENGTH})
        assert item.resolved_early_on == TODAY

    @pytest.mark.parametrize("kind", [Kind.COMPLIMENT, Kind.COMMENT])
    def test_compliments_and_comments_are_not_resolved_early(self, medicine, pals_officer, kind):
        item = make_item(kind=kind, csc=medicine, received_on=YESTERDAY)
        with pytest.raises(ProcessError) as refused:
            resolve(item, pals_officer)
        assert refused.value.code == "wrong_kind"
        assert_unchanged(item)

    @pytest.mark.parametrize(
        "status",
        [
            Status.UNDER_INVESTIGATION,
            Status.RESPONSE_DRAFTED,
            Status.AWAITING_SIGN_OFF,
            Status.CLOSED,
            Status.WITHDRAWN,
        ],
    )
    def test_a_complaint_past_first_contact_is_refused(self, complaint, pals_officer, status):
        FeedbackItem.objects.filter(pk=complaint.pk).update(status=status)
        complaint.refresh_from_db()
        with pytest.raises(ProcessError) as refused:
            resolve(complaint, pals_officer)
        assert refused.value.code == "wrong_status"
        assert_unchanged(complaint)

    @pytest.mark.parametrize("status", [Status.RESOLVED, Status.ESCALATED])
    def test_a_pals_contact_no_longer_open_is_refused(self, contact, pals_officer, status):
        FeedbackItem.objects.filter(pk=contact.pk).update(status=status)
        contact.refresh_from_db()
        with pytest.raises(ProcessError) as refused:
            resolve(contact, pals_officer)
        assert refused.value.code == "wrong_status"
        assert_unchanged(contact)

    def test_resolving_twice_is_refused(self, contact, pals_officer):
        item = resolve(contact, pals_officer)
        with pytest.raises(ProcessError) as refused:
            resolve(item, pals_officer)
        assert refused.value.code == "wrong_status"

    @pytest.mark.parametrize("what", ["", "  \n "])
    def test_blank_what_was_done_is_refused_at_the_field(self, contact, pals_officer, what):
        with pytest.raises(ProcessError) as refused:
            resolve(contact, pals_officer, what_was_done=what)
        assert refused.value.message_dict == {
            "what_was_done": ["Enter what was done to resolve it"]
        }
        assert_unchanged(contact)

    def test_a_date_in_the_future_is_refused_at_the_field(self, contact, pals_officer):
        with pytest.raises(ProcessError) as refused:
            resolve(contact, pals_officer, on=TODAY + timedelta(days=1))
        assert refused.value.message_dict == {"on": ["Date resolved must be today or in the past"]}
        assert_unchanged(contact)

    def test_a_date_before_it_was_received_is_refused_at_the_field(self, contact, pals_officer):
        with pytest.raises(ProcessError) as refused:
            resolve(contact, pals_officer, on=YESTERDAY - timedelta(days=1))
        assert list(refused.value.message_dict) == ["on"]
        assert "on or after the date received" in refused.value.message_dict["on"][0]
        assert_unchanged(contact)

    def test_the_day_received_is_allowed(self, contact, pals_officer):
        assert resolve(contact, pals_officer, on=YESTERDAY).resolved_early_on == YESTERDAY

    def test_a_stale_form_is_refused(self, contact, pals_officer):
        with pytest.raises(StaleEdit):
            resolve(contact, pals_officer, expected_version=contact.version - 1)
        assert_unchanged(contact)


class TestWindow:
    """Five working days after receipt (the setting), the day of receipt not counted."""

    def test_the_window_skips_christmas_boxing_day_and_new_year(self):
        item = make_item(kind=Kind.PALS, received_on=BEFORE_CHRISTMAS)
        # 24 Dec, 29 Dec, 30 Dec, 31 Dec, 2 Jan.
        assert early_resolution_ends(item) == date(2026, 1, 2)

    def test_a_closure_day_moves_the_windows_end(self):
        ClosureDay.objects.create(date=date(2025, 12, 29), reason="Trust closure")
        item = make_item(kind=Kind.PALS, received_on=BEFORE_CHRISTMAS)
        assert early_resolution_ends(item) == date(2026, 1, 5)

    def test_the_last_day_is_allowed_and_the_next_working_day_refused(self, pals_officer):
        ClosureDay.objects.create(date=date(2025, 12, 29), reason="Trust closure")
        late = make_item(kind=Kind.PALS, received_on=BEFORE_CHRISTMAS)
        with pytest.raises(ProcessError) as refused:
            resolve(late, pals_officer, on=date(2026, 1, 6))  # Tuesday
        assert refused.value.message_dict == {
            "on": [
                "Date resolved must be within 5 working days of the date received, by "
                "5 January 2026: after that it is not early resolution"
            ]
        }
        assert_unchanged(late)
        on_time = make_item(kind=Kind.PALS, received_on=BEFORE_CHRISTMAS)
        assert resolve(on_time, pals_officer, on=date(2026, 1, 5)).resolved_early_on == date(
            2026, 1, 5
        )

    def test_the_weekend_after_the_last_day_is_already_outside(self, pals_officer):
        # Without the closure day the window ends on Friday 2 January; Saturday is too late.
        item = make_item(kind=Kind.PALS, received_on=BEFORE_CHRISTMAS)
        with pytest.raises(ProcessError) as refused:
            resolve(item, pals_officer, on=date(2026, 1, 3))
        assert refused.value.message_dict["on"][0].startswith("Date resolved must be within 5")

    def test_the_window_is_the_trusts_setting(self, settings, pals_officer):
        settings.EARLY_RESOLUTION_WORKING_DAYS = 2
        item = make_item(kind=Kind.PALS, received_on=BEFORE_CHRISTMAS)
        assert early_resolution_ends(item) == date(2025, 12, 29)
        with pytest.raises(ProcessError):
            resolve(item, pals_officer, on=date(2025, 12, 30))
        assert resolve(item, pals_officer, on=date(2025, 12, 29)).status == Status.RESOLVED

    def test_offered_only_while_the_window_is_open(self, medicine, pals_officer):
        action = ACTIONS_BY_NAME["resolve-early"]
        open_one = make_item(kind=Kind.PALS, csc=medicine, received_on=YESTERDAY)
        closed_one = make_item(kind=Kind.PALS, csc=medicine, received_on=TODAY - timedelta(30))
        assert action.applies_to(open_one)
        assert can_resolve_early(open_one)
        assert not action.applies_to(closed_one)
        assert action not in actions_for(closed_one, pals_officer)
        assert action in actions_for(open_one, pals_officer)

    def test_the_window_ends_on_its_last_day_for_the_offer_too(self):
        item = make_item(kind=Kind.PALS, received_on=BEFORE_CHRISTMAS)
        assert can_resolve_early(item, today=date(2026, 1, 2))
        assert not can_resolve_early(item, today=date(2026, 1, 5))


def action_url(item, name="resolve-early"):
    return reverse("feedback:action", args=[item.reference_slug, name])


def detail_url(item):
    return reverse("feedback:detail", args=[item.reference_slug])


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


class TestPages:
    def test_the_form_opens_on_today(self, client, contact, pals_officer):
        client.force_login(pals_officer)
        page = client.get(action_url(contact)).text
        assert "What was done to resolve it?" in page
        for part, value in enumerate((TODAY.day, TODAY.month, TODAY.year)):
            assert re.search(rf'name="on_{part}" type="text" [^>]*value="{value}"', page)

    def test_posting_resolves_and_the_item_page_shows_the_summary(
        self, client, complaint, pals_officer
    ):
        client.force_login(pals_officer)
        response = client.post(
            action_url(complaint),
            {
                "version": complaint.version,
                **date_fields("on", TODAY),
                "what_was_done": DONE,
                "learning": "Call back the same day",
                "make_learning_action": "on",
            },
        )
        assert response.status_code == 302
        complaint.refresh_from_db()
        assert complaint.resolved_early_on == TODAY
        assert LearningAction.objects.filter(item=complaint).count() == 1
        page = client.get(detail_url(complaint)).text
        assert "Resolved early on" in page
        assert DONE in page
        assert "Call back the same day" in page
        assert 'nhsuk-tag--green">Resolved early' in page

    def test_ticked_without_learning_shows_the_error_at_the_field(
        self, client, contact, pals_officer
    ):
        client.force_login(pals_officer)
        response = client.post(
            action_url(contact),
            {
                "version": contact.version,
                **date_fields("on", TODAY),
                "what_was_done": DONE,
                "make_learning_action": "on",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "learning": ["Enter the learning to make it a learning action"]
        }
        assert_unchanged(contact)

    def test_a_late_date_shows_the_services_refusal_at_the_date(
        self, client, medicine, pals_officer
    ):
        item = make_item(kind=Kind.PALS, csc=medicine, received_on=TODAY - timedelta(days=30))
        client.force_login(pals_officer)
        response = client.post(
            action_url(item),
            {"version": item.version, **date_fields("on", TODAY), "what_was_done": DONE},
        )
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["on"]
        assert_unchanged(item)

    def test_after_the_window_the_page_says_it_does_not_apply(self, client, medicine, pals_officer):
        item = make_item(kind=Kind.PALS, csc=medicine, received_on=TODAY - timedelta(days=30))
        client.force_login(pals_officer)
        response = client.get(action_url(item))
        assert response.status_code == 302
        assert action_url(item) not in client.get(detail_url(item)).text

    def test_another_cscs_manager_and_the_board_get_404(
        self, client, contact, surgery, board_member
    ):
        for user in (UserFactory(role=Role.CSC_MANAGER, cscs=[surgery]), board_member):
            client.force_login(user)
            assert client.get(action_url(contact)).status_code == 404
            data = {"version": contact.version, **date_fields("on", TODAY), "what_was_done": DONE}
            assert client.post(action_url(contact), data).status_code == 404
        assert_unchanged(contact)


class TestCountedApart:
    def test_the_register_filters_resolved_early(self, client, medicine, pals_officer):
        early = resolve(
            make_item(kind=Kind.PALS, csc=medicine, received_on=YESTERDAY), pals_officer
        )
        other = make_item(kind=Kind.PALS, csc=medicine, received_on=YESTERDAY, summary="Parking")
        assert list(FeedbackItem.objects.resolved_early()) == [early]
        assert list(FeedbackItem.objects.not_resolved_early()) == [other]
        client.force_login(pals_officer)
        listed = {}
        for answer in ("yes", "no", ""):
            page = client.get(reverse("feedback:list"), {"resolved_early": answer})
            listed[answer] = {item.pk for item in page.context["page"].object_list}
        assert listed == {"yes": {early.pk}, "no": {other.pk}, "": {early.pk, other.pk}}

    def test_the_register_filter_offers_yes_and_no(self, client, pals_officer):
        client.force_login(pals_officer)
        page = client.get(reverse("feedback:list")).text
        assert 'name="resolved_early"' in page
