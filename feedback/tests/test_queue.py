"""The work queue: which group each case falls in, whose cases it shows, and what it costs.

Dates are fixed (November 2026 has no bank holidays), and the queue is asked about a chosen
"today", so each boundary day is tested on purpose, not by the day the tests happen to run.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careprog.models import ClosureDay
from careprog.roles import Role
from careprog.tests.factories import StaffMemberFactory, UserFactory
from careprog.working_days import trust_calendar
from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Outcome
from feedback.presenters import due_text
from feedback.selectors import QUEUE_GROUPS, work_queue
from feedback.services import complaints, compliments, pals, plan
from feedback.services.deadlines import due_soon_horizon
from feedback.services.handlers import case_handler_assign
from feedback.tests.factories import make_item

RECEIVED = date(2026, 10, 1)  # a Thursday, before every deadline below
MON_2, THU_5, FRI_6, MON_9, TUE_10 = (date(2026, 11, d) for d in (2, 5, 6, 9, 10))
THU_12, FRI_13 = date(2026, 11, 12), date(2026, 11, 13)
GROUP_KEYS = [key for key, *_words in QUEUE_GROUPS]


def complaint_due(on: date, *, csc, by, received_on: date = RECEIVED, **details):
    """An acknowledged complaint whose response is due ``on`` (agreed with the complainant)."""
    item = make_item(csc=csc, by=by, received_on=received_on, **details)
    item = complaints.complaint_acknowledge(item=item, by=by, on=received_on)
    return complaints.complaint_change_deadline(item=item, by=by, new_date=on, reason="Agreed")


def update_due(on: date, *, csc, by):
    """A complaint whose next agreed update is due ``on`` (a Tuesday to Friday here): a plan of
    one working day agreed the day before. Its response is due well after the horizon."""
    item = complaint_due(date(2026, 11, 30), csc=csc, by=by)
    return plan.complaint_agree_plan(
        item=item,
        by=by,
        contact_preference="phone",
        update_every=1,
        agreed_on=on - timedelta(days=1),
    )


def awaiting_sign_off(*, csc, by, due: date):
    item = complaint_due(due, csc=csc, by=by)
    item = complaints.complaint_start_investigation(item=item, by=by)
    item = complaints.complaint_record_outcome(item=item, by=by, outcome=Outcome.UPHELD)
    item = complaints.complaint_record_draft(item=item, by=by)
    return complaints.complaint_submit_for_sign_off(item=item, by=by)


def queue_on(today: date, user, *, everyone: bool = False, limit: int = 50):
    horizon = due_soon_horizon(today, trust_calendar())
    return work_queue(user, everyone=everyone, today=today, horizon=horizon, limit=limit)


def references(queue, key: str) -> list[str]:
    return [item.reference for item in queue.group(key).items]


def where(queue, item) -> list[str]:
    """The groups an item is listed in."""
    return [key for key in GROUP_KEYS if item.reference in references(queue, key)]


def due_words(queue, key: str, item, today: date) -> str:
    listed = next(i for i in queue.group(key).items if i.pk == item.pk)
    return due_text(listed, today=today, calendar=trust_calendar())


@pytest.fixture
def colleague(db):
    return UserFactory(role=Role.PALS_OFFICER, first_name="Priya", last_name="Shah")


class TestDeadlineGroups:
    def test_due_today_is_due_today_not_overdue(self, medicine, pals_officer):
        item = complaint_due(THU_5, csc=medicine, by=pals_officer)
        queue = queue_on(THU_5, pals_officer)
        assert where(queue, item) == ["due-today"]
        assert due_words(queue, "due-today", item, THU_5) == "Due today"

    def test_due_yesterday_is_one_working_day_overdue(self, medicine, pals_officer):
        item = complaint_due(THU_5 - timedelta(days=1), csc=medicine, by=pals_officer)
        queue = queue_on(THU_5, pals_officer)
        assert where(queue, item) == ["overdue"]
        assert due_words(queue, "overdue", item, THU_5) == "1 working day overdue"

    def test_due_tomorrow_is_due_soon_with_one_working_day_left(self, medicine, pals_officer):
        item = complaint_due(FRI_6, csc=medicine, by=pals_officer)
        queue = queue_on(THU_5, pals_officer)
        assert where(queue, item) == ["due-soon"]
        assert due_words(queue, "due-soon", item, THU_5) == "Fri 6 Nov, 1 working day left"

    def test_five_working_days_ahead_is_due_soon(self, medicine, pals_officer):
        item = complaint_due(THU_12, csc=medicine, by=pals_officer)
        queue = queue_on(THU_5, pals_officer)
        assert where(queue, item) == ["due-soon"]
        assert due_words(queue, "due-soon", item, THU_5) == "Thu 12 Nov, 5 working days left"

    def test_six_working_days_ahead_is_not_in_the_queue(self, medicine, pals_officer):
        item = complaint_due(FRI_13, csc=medicine, by=pals_officer)
        assert where(queue_on(THU_5, pals_officer), item) == []

    def test_friday_deadline_is_one_working_day_overdue_on_monday(self, medicine, pals_officer):
        item = complaint_due(FRI_6, csc=medicine, by=pals_officer)
        queue = queue_on(MON_9, pals_officer)
        assert where(queue, item) == ["overdue"]
        assert due_words(queue, "overdue", item, MON_9) == "1 working day overdue"

    def test_monday_deadline_seen_on_friday_has_one_working_day_left(self, medicine, pals_officer):
        item = complaint_due(MON_9, csc=medicine, by=pals_officer)
        queue = queue_on(FRI_6, pals_officer)
        assert due_words(queue, "due-soon", item, FRI_6) == "Mon 9 Nov, 1 working day left"

    def test_closure_day_moves_the_end_of_due_soon(self, medicine, pals_officer):
        # Five working days from Monday 2 November end on Monday 9th: Tuesday 10th is outside,
        # until a closure day on the Wednesday pushes the fifth working day to the Tuesday.
        item = complaint_due(TUE_10, csc=medicine, by=pals_officer)
        assert where(queue_on(MON_2, pals_officer), item) == []
        ClosureDay.objects.create(date=date(2026, 11, 4), reason="Trust closure")
        queue = queue_on(MON_2, pals_officer)
        assert where(queue, item) == ["due-soon"]
        assert due_words(queue, "due-soon", item, MON_2) == "Tue 10 Nov, 5 working days left"

    def test_closure_day_is_not_counted_in_working_days_overdue(self, medicine, pals_officer):
        item = complaint_due(FRI_6, csc=medicine, by=pals_officer)
        words = due_words(queue_on(TUE_10, pals_officer), "overdue", item, TUE_10)
        assert words == "2 working days overdue"
        ClosureDay.objects.create(date=MON_9, reason="Trust closure")
        words = due_words(queue_on(TUE_10, pals_officer), "overdue", item, TUE_10)
        assert words == "1 working day overdue"

    def test_received_complaint_is_due_by_its_acknowledgement_date(self, medicine, pals_officer):
        # Received Thursday 1 October: acknowledge by Tuesday 6th, respond weeks later.
        item = make_item(csc=medicine, by=pals_officer, received_on=RECEIVED)
        assert item.acknowledge_by == date(2026, 10, 6) < item.respond_by
        queue = queue_on(date(2026, 10, 7), pals_officer)
        assert where(queue, item) == ["overdue"]
        assert due_words(queue, "overdue", item, date(2026, 10, 7)).endswith(
            "1 working day overdue"
        )
        assert where(queue_on(date(2026, 10, 6), pals_officer), item) == ["due-today"]

    def test_acknowledged_complaint_is_due_by_its_response_date(self, medicine, pals_officer):
        # Its acknowledgement date has long passed: only the response date counts now.
        item = complaint_due(FRI_6, csc=medicine, by=pals_officer)
        assert item.acknowledge_by < THU_5
        assert where(queue_on(THU_5, pals_officer), item) == ["due-soon"]

    def test_answered_complaint_leaves_the_deadline_groups(self, medicine, pals_officer):
        item = awaiting_sign_off(csc=medicine, by=pals_officer, due=THU_5)
        item = complaints.complaint_sign_off(item=item, by=pals_officer)
        item = complaints.complaint_send_response(item=item, by=pals_officer, on=RECEIVED)
        assert where(queue_on(THU_5, pals_officer), item) == []

    def test_pals_contacts_have_no_deadline_and_are_listed_as_open(self, medicine, pals_officer):
        contact = make_item(kind=Kind.PALS, csc=medicine, by=pals_officer, received_on=RECEIVED)
        queue = queue_on(THU_5, pals_officer)
        assert where(queue, contact) == ["open-pals"]
        assert due_words(queue, "open-pals", contact, THU_5) == "Received Thu 1 Oct"
        pals.pals_resolve(item=contact, by=pals_officer, resolution="Explained by phone")
        assert where(queue_on(THU_5, pals_officer), contact) == []

    def test_overdue_lists_the_most_overdue_first(self, medicine, pals_officer):
        later = complaint_due(THU_5 - timedelta(days=1), csc=medicine, by=pals_officer)
        earlier = complaint_due(MON_2, csc=medicine, by=pals_officer)
        queue = queue_on(THU_5, pals_officer)
        assert references(queue, "overdue") == [earlier.reference, later.reference]


class TestSignOffAndCompliments:
    def test_awaiting_sign_off_is_listed_with_its_deadline(self, medicine, pals_officer):
        item = awaiting_sign_off(csc=medicine, by=pals_officer, due=FRI_6)
        queue = queue_on(THU_5, pals_officer)
        # Urgent by its date and waiting for a manager: it is listed under both.
        assert where(queue, item) == ["due-soon", "awaiting-sign-off"]
        assert due_words(queue, "awaiting-sign-off", item, THU_5).startswith("Fri 6 Nov")

    def test_manager_sees_responses_to_sign_off_for_their_csc_among_their_cases(
        self, medicine, surgery, pals_officer, medicine_manager
    ):
        ours = awaiting_sign_off(csc=medicine, by=pals_officer, due=FRI_13)
        theirs = awaiting_sign_off(csc=surgery, by=pals_officer, due=FRI_13)
        queue = queue_on(THU_5, medicine_manager)
        assert references(queue, "awaiting-sign-off") == [ours.reference]
        assert theirs.reference not in references(
            queue_on(THU_5, medicine_manager, everyone=True), "awaiting-sign-off"
        )

    def test_pals_officer_sees_only_their_own_cases_awaiting_sign_off(
        self, medicine, pals_officer, colleague
    ):
        awaiting_sign_off(csc=medicine, by=colleague, due=FRI_13)
        assert references(queue_on(THU_5, pals_officer), "awaiting-sign-off") == []
        assert (
            len(references(queue_on(THU_5, pals_officer, everyone=True), "awaiting-sign-off")) == 1
        )

    def test_compliments_waiting_to_be_shared(self, medicine, pals_officer, colleague):
        waiting = make_item(kind=Kind.COMPLIMENT, csc=medicine, by=pals_officer)
        others = make_item(kind=Kind.COMPLIMENT, csc=medicine, by=colleague)
        shared = make_item(
            kind=Kind.COMPLIMENT,
            csc=medicine,
            by=pals_officer,
            staff_named=[StaffMemberFactory(csc=medicine)],
        )
        compliments.compliment_share(item=shared, by=pals_officer)
        comment = make_item(kind=Kind.COMMENT, csc=medicine, by=pals_officer)
        # Compliments have no handler: "mine" are those I logged.
        mine = queue_on(THU_5, pals_officer)
        assert references(mine, "compliments") == [waiting.reference]
        everyone = queue_on(THU_5, pals_officer, everyone=True)
        assert set(references(everyone, "compliments")) == {waiting.reference, others.reference}
        assert where(everyone, shared) == where(everyone, comment) == []


class TestWhoseCases:
    def test_my_cases_are_those_i_handle(self, medicine, pals_officer, colleague):
        mine = complaint_due(THU_5, csc=medicine, by=pals_officer)
        theirs = complaint_due(THU_5, csc=medicine, by=colleague)
        given_to_me = complaint_due(THU_5, csc=medicine, by=colleague)
        case_handler_assign(
            item=given_to_me, by=colleague, handler=pals_officer, expected_version=None
        )
        queue = queue_on(THU_5, pals_officer)
        assert references(queue, "due-today") == [mine.reference, given_to_me.reference]
        assert theirs.reference not in references(queue, "due-today")

    def test_everyones_cases_include_other_handlers_and_nobodys(
        self, medicine, pals_officer, colleague
    ):
        mine = complaint_due(THU_5, csc=medicine, by=pals_officer)
        theirs = complaint_due(THU_5, csc=medicine, by=colleague)
        nobodys = complaint_due(THU_5, csc=medicine, by=colleague)
        case_handler_assign(item=nobodys, by=colleague, handler=None, expected_version=None)
        queue = queue_on(THU_5, pals_officer, everyone=True)
        assert references(queue, "due-today") == [m.reference for m in (mine, theirs, nobodys)]

    def test_managers_everyone_is_only_their_cscs(
        self, medicine, surgery, pals_officer, medicine_manager
    ):
        ours = complaint_due(THU_5, csc=medicine, by=pals_officer)
        theirs = complaint_due(THU_5, csc=surgery, by=pals_officer)
        surgery_contact = make_item(kind=Kind.PALS, csc=surgery, by=pals_officer)
        queue = queue_on(THU_5, medicine_manager, everyone=True)
        listed = {ref for key in GROUP_KEYS for ref in references(queue, key)}
        assert listed == {ours.reference}
        assert theirs.reference not in listed
        assert surgery_contact.reference not in listed

    def test_managers_own_cases_never_include_another_cscs(
        self, medicine, surgery, pals_officer, medicine_manager
    ):
        ours = complaint_due(THU_5, csc=medicine, by=pals_officer)
        case_handler_assign(
            item=ours, by=pals_officer, handler=medicine_manager, expected_version=None
        )
        # A surgery case still in this manager's name (say they managed Surgery until last
        # week) stays hidden: their cases start from what they may see.
        theirs = complaint_due(THU_5, csc=surgery, by=pals_officer)
        FeedbackItem.objects.filter(pk=theirs.pk).update(case_handler=medicine_manager)
        queue = queue_on(THU_5, medicine_manager)
        assert references(queue, "due-today") == [ours.reference]


class TestCounts:
    def test_counts_match_the_lists(self, medicine, pals_officer):
        for day in (MON_2, MON_2, THU_5, FRI_6, THU_12, FRI_13):
            complaint_due(day, csc=medicine, by=pals_officer)
        awaiting_sign_off(csc=medicine, by=pals_officer, due=FRI_13)
        make_item(kind=Kind.PALS, csc=medicine, by=pals_officer)
        make_item(kind=Kind.COMPLIMENT, csc=medicine, by=pals_officer)
        update_due(date(2026, 11, 3), csc=medicine, by=pals_officer)
        update_due(THU_5, csc=medicine, by=pals_officer)
        update_due(FRI_6, csc=medicine, by=pals_officer)
        queue = queue_on(THU_5, pals_officer)
        counts = {group.key: group.count for group in queue.groups}
        assert counts == {
            "overdue": 2,
            "due-today": 1,
            "due-soon": 2,
            "updates-overdue": 1,
            "updates-due": 2,
            "awaiting-sign-off": 1,
            "compliments": 1,
            "open-pals": 1,
        }
        assert all(group.count == len(group.items) for group in queue.groups)

    def test_a_long_group_shows_its_first_cases_and_counts_them_all(self, medicine, pals_officer):
        for _ in range(3):
            complaint_due(MON_2, csc=medicine, by=pals_officer)
        group = queue_on(THU_5, pals_officer, limit=2).group("overdue")
        assert (group.count, len(group.items), group.more) == (3, 2, 1)

    def test_the_page_shows_25_of_a_groups_cases_and_says_how_many_in_all(
        self, client, medicine, pals_officer
    ):
        for _ in range(26):
            complaint_due(timezone.localdate(), csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        response = client.get(reverse("feedback:index"))
        assert len(response.context["queue"].group("due-today").items) == 25
        assert "Showing the first 25 of 26." in response.text

    def test_counts_sit_above_the_groups_and_link_to_them(self, client, medicine, pals_officer):
        complaint_due(timezone.localdate(), csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        text = client.get(reverse("feedback:index")).text
        assert '<span class="app-queue-counts__number">1</span> due today' in text
        assert text.index('href="#due-today"') < text.index('id="due-today"')
        assert (
            text.index('id="overdue"')
            < text.index('id="due-today"')
            < text.index('id="due-soon"')
            < text.index('id="awaiting-sign-off"')
            < text.index('id="compliments"')
        )


class TestQueuePage:
    def test_opens_on_my_cases_and_switches_to_everyones(
        self, client, medicine, pals_officer, colleague
    ):
        today = timezone.localdate()
        mine = complaint_due(today, csc=medicine, by=pals_officer, summary="Mine")
        theirs = complaint_due(today, csc=medicine, by=colleague, summary="Theirs")
        client.force_login(pals_officer)
        response = client.get(reverse("feedback:index"))
        assert not response.context["queue"].everyone
        assert mine.reference in response.text
        assert theirs.reference not in response.text
        assert "Case handler</th>" not in response.text
        response = client.get(reverse("feedback:index"), {"who": "all"})
        assert response.context["queue"].everyone
        assert theirs.reference in response.text
        assert "Case handler</th>" in response.text
        assert "Priya Shah" in response.text

    def test_plain_english_days(self, client, medicine, pals_officer):
        calendar = trust_calendar()
        today = timezone.localdate()
        complaint_due(calendar.add_working_days(today, 1), csc=medicine, by=pals_officer)
        complaint_due(calendar.add_working_days(today, 3), csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        text = client.get(reverse("feedback:index")).text
        assert "1 working day left" in text
        assert "3 working days left" in text
        assert "(s)" not in text

    @staticmethod
    def add_cases(n: int, *, csc, handlers):
        """n cases of every shape the queue shows, spread across handlers."""
        today = timezone.localdate()
        received = today - timedelta(days=90)
        shapes = [
            lambda by: complaint_due(
                today - timedelta(days=3), csc=csc, by=by, received_on=received
            ),
            lambda by: complaint_due(today, csc=csc, by=by, received_on=received),
            lambda by: complaint_due(
                today + timedelta(days=2), csc=csc, by=by, received_on=received
            ),
            lambda by: make_item(csc=csc, by=by),
            lambda by: make_item(kind=Kind.PALS, csc=csc, by=by),
            lambda by: make_item(kind=Kind.COMPLIMENT, csc=csc, by=by),
        ]
        for n_ in range(n):
            shapes[n_ % len(shapes)](handlers[n_ % len(handlers)])
        return

    @pytest.mark.parametrize("who", [None, "all"], ids=["mine", "everyone"])
    @pytest.mark.parametrize("role", [Role.PALS_OFFICER, Role.CSC_MANAGER])
    def test_query_count_does_not_grow_with_cases(
        self, client, medicine, surgery, pals_officer, colleague, user_with_role, role, who
    ):
        viewer = user_with_role(role)
        handlers = [pals_officer, colleague] + ([viewer] if role == Role.CSC_MANAGER else [])
        data = {"who": who} if who else {}
        client.force_login(pals_officer if role == Role.PALS_OFFICER else viewer)

        def measure():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(reverse("feedback:index"), data)
            assert response.status_code == 200
            shown = sum(len(group.items) for group in response.context["queue"].groups)
            return len(captured), shown

        self.add_cases(3, csc=medicine, handlers=handlers)
        self.add_cases(3, csc=surgery, handlers=[pals_officer])
        few, shown_few = measure()
        assert shown_few
        self.add_cases(27, csc=medicine, handlers=handlers)
        self.add_cases(27, csc=surgery, handlers=[pals_officer])
        many, shown_many = measure()
        assert shown_many > shown_few
        assert many == few
