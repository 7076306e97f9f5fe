"""Updates given as agreed in the handling plan: each logged with the date it was due, the next
due that many working days after the latest; a changed response date schedules one; the work
queue lists those due and overdue while the complaint is open; the item page lists them all."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from careprog.models import ClosureDay
from careprog.roles import Role
from careprog.tests.factories import UserFactory
from careprog.working_days import trust_calendar
from feedback.models import ComplaintUpdate, DeadlineChange, FeedbackItem
from feedback.models.choices import Kind, Outcome, Status
from feedback.presenters import flags_for
from feedback.selectors import work_queue
from feedback.services import complaints
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.deadlines import due_soon_horizon
from feedback.services.plan import complaint_give_update
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

WED_23_DEC, THU_24_DEC, WED_30_DEC = date(2026, 12, 23), date(2026, 12, 24), date(2026, 12, 30)
MON_2_NOV, TUE_3_NOV, WED_4_NOV, THU_5_NOV, FRI_6_NOV = (date(2026, 11, d) for d in range(2, 7))
MON_9_NOV, TUE_10_NOV = date(2026, 11, 9), date(2026, 11, 10)


@pytest.fixture
def today_is(monkeypatch):
    """Make ``day`` today for the services, models and pages."""
    original = timezone.localdate

    def set_today(day: date):
        def localdate(value=None, timezone=None):
            return day if value is None else original(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_today


def planned(by, *, agreed_on: date, update_every: int, csc=None, received_on=None, **details):
    """An acknowledged complaint with a plan agreed on ``agreed_on``."""
    item = make_item(by=by, csc=csc, received_on=received_on or agreed_on, **details)
    return complaints.complaint_acknowledge(
        item=item,
        by=by,
        on=agreed_on,
        contact_preference="phone",
        response_writer=by,
        update_every=update_every,
    )


def give(item, by, given_on: date, **changes):
    arguments = {"method": "phone", "note": "Statements requested from the ward", **changes}
    return complaint_give_update(item=item, by=by, given_on=given_on, **arguments)


def refused(excinfo) -> dict:
    return excinfo.value.message_dict


class TestGivingAnUpdate:
    def test_keeps_the_date_it_was_due_and_moves_the_next_on(self, pals_officer):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)
        assert item.next_update_due == THU_5_NOV
        update = give(item, pals_officer, WED_4_NOV)
        item.refresh_from_db()
        assert (update.due_on, update.on_time) == (THU_5_NOV, True)
        assert update.created_by == pals_officer
        # The next is due 3 working days after the update: Thursday, Friday, Monday.
        assert item.next_update_due == MON_9_NOV
        event = item.events.get(action="update")
        assert "Update given by phone on 4 November 2026" in event.description

    def test_given_on_the_day_due_is_on_time(self, pals_officer):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)
        assert give(item, pals_officer, THU_5_NOV).on_time

    def test_given_the_day_after_it_was_due_is_late(self, pals_officer):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)
        update = give(item, pals_officer, FRI_6_NOV)
        assert (update.due_on, update.on_time) == (THU_5_NOV, False)
        item.refresh_from_db()
        assert item.next_update_due == date(2026, 11, 11)
        assert "(due 5 November 2026)" in item.events.get(action="update").description

    def test_next_update_skips_christmas_and_boxing_day(self, pals_officer, today_is):
        today_is(WED_23_DEC)
        item = planned(pals_officer, agreed_on=date(2026, 12, 21), update_every=3)
        give(item, pals_officer, WED_23_DEC)
        item.refresh_from_db()
        assert item.next_update_due == WED_30_DEC

    def test_next_update_skips_a_closure_day(self, pals_officer):
        ClosureDay.objects.create(date=MON_9_NOV, reason="Trust closure")
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)
        give(item, pals_officer, WED_4_NOV)
        item.refresh_from_db()
        assert item.next_update_due == TUE_10_NOV

    def test_an_update_logged_late_does_not_pull_the_next_one_earlier(self, pals_officer):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)
        give(item, pals_officer, THU_5_NOV)
        item.refresh_from_db()
        give(item, pals_officer, TUE_3_NOV, note="Forgot to log the call on Tuesday")
        item.refresh_from_db()
        assert item.next_update_due == TUE_10_NOV
        assert item.updates.count() == 2


class TestRefusals:
    @pytest.fixture
    def item(self, pals_officer):
        return planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)

    def assert_nothing_saved(self, item):
        version = item.version
        item.refresh_from_db()
        assert item.version == version
        assert item.next_update_due == THU_5_NOV
        assert not ComplaintUpdate.objects.exists()

    def test_a_date_in_the_future_is_refused(self, item, pals_officer):
        with pytest.raises(ProcessError) as excinfo:
            give(item, pals_officer, timezone.localdate() + timedelta(days=1))
        assert refused(excinfo) == {"given_on": ["Date given must be today or in the past."]}
        self.assert_nothing_saved(item)

    def test_today_is_accepted(self, item, pals_officer):
        assert give(item, pals_officer, timezone.localdate()).given_on == timezone.localdate()

    def test_a_date_before_receipt_is_refused(self, item, pals_officer):
        with pytest.raises(ProcessError) as excinfo:
            give(item, pals_officer, MON_2_NOV - timedelta(days=1))
        assert "on or after the date received" in refused(excinfo)["given_on"][0]
        self.assert_nothing_saved(item)

    def test_a_date_before_the_plan_was_agreed_is_refused(self, pals_officer):
        # Received Monday 2 November, plan agreed Wednesday 4th: an "update" on the 3rd was
        # given before any was due, and must not count as given as agreed.
        item = planned(pals_officer, agreed_on=WED_4_NOV, update_every=3, received_on=MON_2_NOV)
        with pytest.raises(ProcessError) as excinfo:
            give(item, pals_officer, TUE_3_NOV)
        assert "on or after the handling plan was agreed" in refused(excinfo)["given_on"][0]
        assert not ComplaintUpdate.objects.exists()
        assert give(item, pals_officer, WED_4_NOV).given_on == WED_4_NOV

    @pytest.mark.parametrize("note", ["", "   \n "])
    def test_a_blank_note_is_refused(self, item, pals_officer, note):
        with pytest.raises(ProcessError) as excinfo:
            give(item, pals_officer, WED_4_NOV, note=note)
        assert refused(excinfo) == {"note": ["Enter what they were told"]}
        self.assert_nothing_saved(item)

    def test_a_note_over_500_characters_is_refused(self, item, pals_officer):
        with pytest.raises(ProcessError) as excinfo:
            give(item, pals_officer, WED_4_NOV, note="x" * 501)
        assert "500 characters or fewer" in refused(excinfo)["note"][0]
        self.assert_nothing_saved(item)

    @pytest.mark.parametrize("method", ["", "fax"])
    def test_a_method_not_in_the_list_is_refused(self, item, pals_officer, method):
        with pytest.raises(ProcessError) as excinfo:
            give(item, pals_officer, WED_4_NOV, method=method)
        assert refused(excinfo) == {"method": ["Select how they were updated"]}
        self.assert_nothing_saved(item)

    def test_a_complaint_without_a_plan_is_refused(self, pals_officer):
        item = make_item(by=pals_officer, received_on=MON_2_NOV)
        item = complaints.complaint_acknowledge(item=item, by=pals_officer, on=MON_2_NOV)
        with pytest.raises(ProcessError, match="Agree the handling plan first"):
            give(item, pals_officer, WED_4_NOV)
        assert not ComplaintUpdate.objects.exists()

    def test_a_received_complaint_is_refused(self, pals_officer):
        item = make_item(by=pals_officer, received_on=MON_2_NOV)
        with pytest.raises(ProcessError, match="while it is received"):
            give(item, pals_officer, WED_4_NOV)

    @pytest.mark.parametrize("status", [Status.RESPONSE_SENT, Status.CLOSED, Status.WITHDRAWN])
    def test_an_answered_or_closed_complaint_is_refused(self, item, pals_officer, status):
        FeedbackItem.objects.filter(pk=item.pk).update(status=status)
        with pytest.raises(ProcessError, match="cannot be given an update"):
            give(item, pals_officer, WED_4_NOV)
        assert not ComplaintUpdate.objects.exists()

    def test_a_pals_contact_is_refused(self, pals_officer):
        item = make_item(kind=Kind.PALS, by=pals_officer, received_on=MON_2_NOV)
        with pytest.raises(ProcessError, match="not a formal complaint"):
            give(item, pals_officer, WED_4_NOV)

    def test_a_stale_form_is_refused(self, item, pals_officer):
        with pytest.raises(StaleEdit):
            give(item, pals_officer, WED_4_NOV, expected_version=item.version - 1)
        self.assert_nothing_saved(item)


def change_deadline_url(item) -> str:
    return reverse("feedback:action", args=[item.reference_slug, "change-deadline"])


class TestChangingTheResponseDate:
    def test_the_form_asks_whether_they_agreed(self, client, pals_officer):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=20)
        client.force_login(pals_officer)
        data = {
            "version": item.version,
            "new_date": (item.respond_by + timedelta(days=10)).isoformat(),
            "reason": "Statements are late",
        }
        response = client.post(change_deadline_url(item), data)
        assert response.status_code == 200
        assert response.context["form"].errors["person_agreed"] == [
            "Select whether they agreed the new date"
        ]
        assert not DeadlineChange.objects.exists()

    @pytest.mark.parametrize(("answer", "agreed"), [("yes", True), ("no", False)])
    def test_their_answer_is_kept_with_the_change(self, client, pals_officer, answer, agreed):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=20)
        client.force_login(pals_officer)
        data = {
            "version": item.version,
            "new_date": (item.respond_by + timedelta(days=10)).isoformat(),
            "reason": "Statements are late",
            "person_agreed": answer,
        }
        assert client.post(change_deadline_url(item), data).status_code == 302
        assert DeadlineChange.objects.get(item=item).person_agreed is agreed

    def test_a_reason_is_still_required_beside_its_field(self, client, pals_officer):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=20)
        client.force_login(pals_officer)
        data = {
            "version": item.version,
            "new_date": (item.respond_by + timedelta(days=10)).isoformat(),
            "reason": " ",
            "person_agreed": "yes",
        }
        response = client.post(change_deadline_url(item), data)
        assert response.status_code == 200
        assert response.context["form"].errors["reason"]
        assert not DeadlineChange.objects.exists()

    def test_an_update_is_due_the_next_working_day(self, pals_officer, today_is):
        # Changed on Christmas Eve: the next working day is Tuesday 29 December.
        today_is(THU_24_DEC)
        item = planned(pals_officer, agreed_on=date(2026, 12, 21), update_every=20)
        assert item.next_update_due > date(2026, 12, 29)
        item = complaints.complaint_change_deadline(
            item=item,
            by=pals_officer,
            new_date=item.respond_by + timedelta(days=14),
            reason="Consultant on leave",
            person_agreed=False,
        )
        assert item.next_update_due == date(2026, 12, 29)

    def test_an_update_due_sooner_stays_as_it_was(self, pals_officer, today_is):
        today_is(THU_5_NOV)
        item = planned(pals_officer, agreed_on=WED_4_NOV, update_every=1)
        assert item.next_update_due == THU_5_NOV
        item = complaints.complaint_change_deadline(
            item=item,
            by=pals_officer,
            new_date=item.respond_by + timedelta(days=14),
            reason="Consultant on leave",
            person_agreed=True,
        )
        assert item.next_update_due == THU_5_NOV

    def test_without_a_plan_no_update_is_scheduled(self, pals_officer):
        item = make_item(by=pals_officer)
        item = complaints.complaint_change_deadline(
            item=item,
            by=pals_officer,
            new_date=item.respond_by + timedelta(days=14),
            reason="Consultant on leave",
            person_agreed=True,
        )
        assert item.next_update_due is None


def queue_on(today: date, user):
    horizon = due_soon_horizon(today, trust_calendar())
    return work_queue(user, everyone=True, today=today, horizon=horizon)


def groups_of(item, today: date, user) -> list[str]:
    queue = queue_on(today, user)
    return [group.key for group in queue.groups if item.pk in {i.pk for i in group.items}]


UPDATE_GROUPS = {"updates-overdue", "updates-due"}


def update_groups_of(item, today: date, user) -> list[str]:
    return [key for key in groups_of(item, today, user) if key in UPDATE_GROUPS]


class TestWorkQueue:
    @pytest.fixture
    def item(self, pals_officer):
        # Next update due Thursday 5 November; the response is due weeks later.
        return planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)

    def test_due_on_the_day_it_is_due(self, item, pals_officer):
        assert update_groups_of(item, THU_5_NOV, pals_officer) == ["updates-due"]

    def test_overdue_the_day_after(self, item, pals_officer):
        assert update_groups_of(item, FRI_6_NOV, pals_officer) == ["updates-overdue"]

    @pytest.mark.parametrize(
        ("today", "flag"),
        [(WED_4_NOV, None), (THU_5_NOV, "Update due today"), (FRI_6_NOV, "Update overdue")],
    )
    def test_the_item_page_flags_the_update_on_the_day_and_after(self, item, today, flag):
        horizon = due_soon_horizon(today, trust_calendar())
        texts = {f.text for f in flags_for(item, today=today, horizon=horizon)}
        assert {"Update due today", "Update overdue"} & texts == ({flag} if flag else set())

    def test_due_within_five_working_days_and_not_beyond(self, item, pals_officer):
        # Five working days before Thursday 5 November is Thursday 29 October.
        assert update_groups_of(item, date(2026, 10, 29), pals_officer) == ["updates-due"]
        assert update_groups_of(item, date(2026, 10, 28), pals_officer) == []

    def test_a_queue_row_says_when_and_how(self, client, pals_officer, item, today_is):
        today_is(FRI_6_NOV)
        client.force_login(pals_officer)
        text = client.get(reverse("feedback:index"), {"who": "all"}).text
        assert '<span class="app-queue-counts__number">1</span> updates overdue' in text
        assert "Give an update by phone" in text

    def test_an_update_given_moves_it_from_overdue_to_due(self, item, pals_officer):
        assert update_groups_of(item, FRI_6_NOV, pals_officer) == ["updates-overdue"]
        give(item, pals_officer, FRI_6_NOV)
        # The next is due on Wednesday 11th, within five working days: due, no longer overdue.
        assert update_groups_of(item, FRI_6_NOV, pals_officer) == ["updates-due"]

    @pytest.mark.parametrize("finish", ["withdraw", "send", "close"])
    def test_no_updates_are_due_once_answered_withdrawn_or_closed(
        self, item, pals_officer, administrator, finish
    ):
        if finish == "withdraw":
            item = complaints.complaint_withdraw(item=item, by=pals_officer, reason="Resolved")
        else:
            item = answer(item, pals_officer, administrator)
            if finish == "close":
                item = complaints.complaint_close(item=item, by=pals_officer)
        assert item.next_update_due is None
        assert update_groups_of(item, FRI_6_NOV, pals_officer) == []

    def test_a_closed_complaint_with_a_date_left_is_not_listed(self, item, pals_officer):
        # As a complaint resolved early is: closed by another service, the date left behind.
        FeedbackItem.objects.filter(pk=item.pk).update(status=Status.CLOSED)
        assert FeedbackItem.objects.get(pk=item.pk).next_update_due == THU_5_NOV
        assert update_groups_of(item, FRI_6_NOV, pals_officer) == []
        assert not FeedbackItem.objects.updates_overdue(FRI_6_NOV).exists()

    def test_reopening_sets_the_next_update_from_the_reopening(
        self, item, pals_officer, administrator
    ):
        item = answer(item, pals_officer, administrator)
        item = complaints.complaint_reopen(
            item=item,
            by=pals_officer,
            reason="Questions unanswered",
            respond_by=timezone.localdate() + timedelta(days=30),
        )
        expected = trust_calendar().add_working_days(timezone.localdate(), 3)
        assert item.next_update_due == expected

    def test_queryset_methods(self, item):
        items = FeedbackItem.objects
        assert list(items.updates_overdue(THU_5_NOV)) == []
        assert list(items.updates_overdue(FRI_6_NOV)) == [item]
        assert list(items.updates_due_between(THU_5_NOV, THU_5_NOV)) == [item]
        assert list(items.updates_due_between(FRI_6_NOV, MON_9_NOV)) == []

    def test_query_count_does_not_grow_with_updates_due(self, client, pals_officer, today_is):
        today_is(THU_5_NOV)
        client.force_login(pals_officer)

        def add(n):
            for _ in range(n):
                planned(pals_officer, agreed_on=MON_2_NOV, update_every=2, large_print=True)
                planned(pals_officer, agreed_on=WED_4_NOV, update_every=1, advocate="Sam")

        def measure():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(reverse("feedback:index"), {"who": "all"})
            queue = response.context["queue"]
            shown = [len(queue.group(key).items) for key in ("updates-overdue", "updates-due")]
            return len(captured), shown

        add(1)
        few, shown_few = measure()
        add(8)
        many, shown_many = measure()
        assert shown_few == [1, 1]
        assert shown_many == [9, 9]
        assert many == few


def answer(item, by, signer):
    """Run an acknowledged complaint to its response sent."""
    item = complaints.complaint_start_investigation(item=item, by=by)
    item = complaints.complaint_record_outcome(item=item, by=by, outcome=Outcome.UPHELD)
    item = complaints.complaint_record_draft(item=item, by=by)
    item = complaints.complaint_submit_for_sign_off(item=item, by=by)
    item = complaints.complaint_sign_off(item=item, by=signer)
    return complaints.complaint_send_response(item=item, by=by, on=timezone.localdate())


def detail_url(item) -> str:
    return reverse("feedback:detail", args=[item.reference_slug])


def add_update_url(item) -> str:
    return reverse("feedback:add_update", args=[item.reference_slug])


class TestItemPage:
    @pytest.mark.parametrize("role", [Role.PALS_OFFICER, Role.CSC_MANAGER])
    def test_officer_and_the_cscs_manager_see_the_updates_and_may_log_one(
        self, client, pals_officer, medicine, user_with_role, role
    ):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3, csc=medicine)
        give(item, pals_officer, WED_4_NOV, note="Told them the ward is gathering statements")
        item.refresh_from_db()
        give(item, pals_officer, date(2026, 11, 11), method="email", note="Statements in")
        client.force_login(user_with_role(role))
        text = client.get(detail_url(item)).text
        assert "Updates given" in text
        assert "Told them the ward is gathering statements" in text
        assert "Late (due 9 Nov 2026)" in text
        assert "On time" in text
        assert add_update_url(item) in text
        assert client.get(add_update_url(item)).status_code == 200

    def test_logging_an_update_through_the_page(self, client, pals_officer):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)
        client.force_login(pals_officer)
        data = {
            "version": item.version,
            "given_on": WED_4_NOV.isoformat(),
            "method": "letter",
            "note": "Letter: investigation under way",
        }
        response = client.post(add_update_url(item), data)
        assert response.status_code == 302
        update = ComplaintUpdate.objects.get()
        assert (update.method, update.given_on, update.note) == (
            "letter",
            WED_4_NOV,
            "Letter: investigation under way",
        )

    def test_a_refused_update_shows_beside_its_field_and_saves_nothing(self, client, pals_officer):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)
        client.force_login(pals_officer)
        data = {
            "version": item.version,
            "given_on": (MON_2_NOV - timedelta(days=1)).isoformat(),
            "method": "phone",
            "note": "Called",
        }
        response = client.post(add_update_url(item), data)
        assert response.status_code == 200
        assert "on or after the date received" in response.context["form"].errors["given_on"][0]
        assert not ComplaintUpdate.objects.exists()

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_another_cscs_manager_and_the_board_get_404(
        self, client, pals_officer, surgery, medicine_manager, board_member, method
    ):
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3, csc=surgery)
        data = {"version": item.version, "given_on": WED_4_NOV.isoformat(), "method": "phone"}
        for user in (medicine_manager, board_member):
            client.force_login(user)
            response = getattr(client, method)(add_update_url(item), {**data, "note": "x"})
            assert response.status_code == 404
            assert client.get(detail_url(item)).status_code == 404
        assert not ComplaintUpdate.objects.exists()

    def test_no_log_link_without_a_plan_and_the_page_sends_you_back(self, client, pals_officer):
        item = make_item(by=pals_officer, received_on=MON_2_NOV)
        item = complaints.complaint_acknowledge(item=item, by=pals_officer, on=MON_2_NOV)
        client.force_login(pals_officer)
        text = client.get(detail_url(item)).text
        assert "No handling plan has been agreed with them yet" in text
        assert add_update_url(item) not in text
        response = client.get(add_update_url(item))
        assert response.status_code == 302
        assert response.url == detail_url(item)

    def test_query_count_does_not_grow_with_updates(self, client, pals_officer):
        other = UserFactory(role=Role.PALS_OFFICER)
        item = planned(pals_officer, agreed_on=MON_2_NOV, update_every=3)
        client.force_login(pals_officer)

        def add(n, start):
            nonlocal item
            for i in range(start, start + n):
                give(item, other if i % 2 else pals_officer, WED_4_NOV, note=f"Update {i}")
                item.refresh_from_db()

        def measure():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(detail_url(item))
            assert response.status_code == 200
            return len(captured), response.text

        add(1, 0)
        few, _ = measure()
        add(12, 1)
        many, text = measure()
        assert "Update 12" in text
        assert escape(str(other)) in text  # a name such as O'Neill is escaped
        assert many == few
