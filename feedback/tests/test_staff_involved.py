"""Staff a complaint is about: told early, heard, supported, told the outcome; seen only by PALS
officers and the manager of the item's CSC, and every view recorded in the timeline."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careprog.roles import Role
from careprog.tests.factories import StaffMemberFactory, UserFactory
from feedback.models import FeedbackEvent, StaffInvolvement
from feedback.models.choices import Kind
from feedback.services import complaints
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.staff import (
    TEXT_MAX_LENGTH,
    staff_involvement_add,
    staff_involvement_update,
)
from feedback.tests.factories import make_item

TODAY = timezone.localdate()
RECEIVED = TODAY - timedelta(days=20)
COMMENTS = "I explained the delay to the family at the time and apologised"
SUPPORT = "Meeting with the ward sister; occupational health offered"


@pytest.fixture
def complaint(medicine, pals_officer):
    return make_item(csc=medicine, by=pals_officer, received_on=RECEIVED)


@pytest.fixture
def nurse(medicine):
    return StaffMemberFactory(name="Grace Okafor", csc=medicine)


@pytest.fixture
def involvement(complaint, nurse, pals_officer):
    return staff_involvement_add(item=complaint, by=pals_officer, staff=nurse, told_on=RECEIVED)


def answered(item, by, manager):
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    item = complaints.complaint_start_investigation(item=item, by=by)
    item = complaints.complaint_record_draft(item=item, by=by)
    item = complaints.complaint_submit_for_sign_off(item=item, by=by)
    item = complaints.complaint_record_outcome(item=item, by=by, outcome="upheld")
    item = complaints.complaint_sign_off(item=item, by=manager)
    return complaints.complaint_send_response(item=item, by=by, on=TODAY)


def update(involvement, by, **changes):
    values = {
        "told_on": involvement.told_on,
        "comments": involvement.comments,
        "support_offered": involvement.support_offered,
        "told_outcome_on": involvement.told_outcome_on,
        **changes,
    }
    return staff_involvement_update(involvement=involvement, by=by, **values)


def errors_of(caught) -> dict:
    return caught.value.message_dict


class TestAdding:
    def test_adds_the_person_with_the_date_told_and_support(self, complaint, nurse, pals_officer):
        added = staff_involvement_add(
            item=complaint, by=pals_officer, staff=nurse, told_on=TODAY, support_offered=SUPPORT
        )
        assert (added.staff, added.told_on, added.support_offered) == (nurse, TODAY, SUPPORT)
        assert added.created_by == pals_officer
        event = complaint.events.get(action="staff_involved")
        # The timeline says something changed, never who or what was said.
        assert nurse.name not in event.description

    def test_the_same_person_twice_is_refused(self, involvement, complaint, nurse, pals_officer):
        with pytest.raises(ProcessError) as caught:
            staff_involvement_add(item=complaint, by=pals_officer, staff=nurse)
        assert "already listed" in errors_of(caught)["staff"][0]
        assert StaffInvolvement.objects.count() == 1

    @pytest.mark.parametrize("kind", [Kind.PALS, Kind.COMPLIMENT, Kind.COMMENT])
    def test_only_complaints_have_staff_involved(self, kind, medicine, nurse, pals_officer):
        item = make_item(kind=kind, csc=medicine, by=pals_officer)
        with pytest.raises(ProcessError, match="not a formal complaint"):
            staff_involvement_add(item=item, by=pals_officer, staff=nurse)
        assert not StaffInvolvement.objects.exists()

    def test_told_on_the_day_received_is_accepted(self, complaint, nurse, pals_officer):
        added = staff_involvement_add(
            item=complaint, by=pals_officer, staff=nurse, told_on=RECEIVED
        )
        assert added.told_on == RECEIVED

    def test_told_the_day_before_it_was_received_is_refused(self, complaint, nurse, pals_officer):
        with pytest.raises(ProcessError) as caught:
            staff_involvement_add(
                item=complaint, by=pals_officer, staff=nurse, told_on=RECEIVED - timedelta(days=1)
            )
        assert "on or after the date the complaint was received" in errors_of(caught)["told_on"][0]
        assert not StaffInvolvement.objects.exists()

    def test_told_tomorrow_is_refused(self, complaint, nurse, pals_officer):
        with pytest.raises(ProcessError) as caught:
            staff_involvement_add(
                item=complaint, by=pals_officer, staff=nurse, told_on=TODAY + timedelta(days=1)
            )
        assert "today or in the past" in errors_of(caught)["told_on"][0]

    def test_a_stale_page_is_refused(self, complaint, nurse, pals_officer):
        shown = complaint.version
        complaints.complaint_acknowledge(item=complaint, by=pals_officer, on=RECEIVED)
        with pytest.raises(StaleEdit):
            staff_involvement_add(
                item=complaint, by=pals_officer, staff=nurse, expected_version=shown
            )
        assert not StaffInvolvement.objects.exists()

    def test_support_longer_than_the_limit_is_refused(self, complaint, nurse, pals_officer):
        with pytest.raises(ProcessError) as caught:
            staff_involvement_add(
                item=complaint,
                by=pals_officer,
                staff=nurse,
                support_offered="x" * (TEXT_MAX_LENGTH + 1),
            )
        assert "support_offered" in errors_of(caught)
        at_limit = staff_involvement_add(
            item=complaint, by=pals_officer, staff=nurse, support_offered="x" * TEXT_MAX_LENGTH
        )
        assert len(at_limit.support_offered) == TEXT_MAX_LENGTH


class TestUpdating:
    def test_comments_and_support_are_recorded_by_the_manager(self, involvement, medicine_manager):
        saved = update(involvement, medicine_manager, comments=COMMENTS, support_offered=SUPPORT)
        saved.refresh_from_db()
        assert (saved.comments, saved.support_offered) == (COMMENTS, SUPPORT)
        assert saved.updated_by == medicine_manager
        assert saved.history.count() == 2

    def test_outcome_cannot_be_told_before_the_response_is_sent(self, involvement, pals_officer):
        with pytest.raises(ProcessError) as caught:
            update(involvement, pals_officer, told_outcome_on=TODAY)
        assert "once the response has been sent" in errors_of(caught)["told_outcome_on"][0]
        involvement.refresh_from_db()
        assert involvement.told_outcome_on is None

    def test_outcome_told_once_the_response_is_sent(
        self, involvement, complaint, pals_officer, medicine_manager
    ):
        answered(complaint, pals_officer, medicine_manager)
        saved = update(involvement, pals_officer, told_outcome_on=TODAY)
        assert saved.told_outcome_on == TODAY

    def test_outcome_told_before_the_response_was_sent_is_refused(
        self, involvement, complaint, pals_officer, medicine_manager
    ):
        item = answered(complaint, pals_officer, medicine_manager)  # sent today
        with pytest.raises(ProcessError) as caught:
            update(involvement, pals_officer, told_outcome_on=TODAY - timedelta(days=1))
        assert "on or after the response was sent" in errors_of(caught)["told_outcome_on"][0]
        assert item.response_sent_on == TODAY

    def test_outcome_told_before_they_were_told_of_the_complaint_is_refused(
        self, involvement, complaint, pals_officer, medicine_manager
    ):
        answered(complaint, pals_officer, medicine_manager)
        with pytest.raises(ProcessError) as caught:
            update(
                involvement,
                pals_officer,
                told_on=TODAY,
                told_outcome_on=TODAY - timedelta(days=1),
            )
        assert "on or after the date told about" in errors_of(caught)["told_outcome_on"][0]
        same_day = update(involvement, pals_officer, told_on=TODAY, told_outcome_on=TODAY)
        assert same_day.told_outcome_on == TODAY

    def test_outcome_told_with_no_date_told_of_the_complaint_is_refused(
        self, involvement, complaint, pals_officer, medicine_manager
    ):
        answered(complaint, pals_officer, medicine_manager)
        with pytest.raises(ProcessError) as caught:
            update(involvement, pals_officer, told_on=None, told_outcome_on=TODAY)
        assert (
            "date they were told about the complaint first"
            in (errors_of(caught)["told_outcome_on"][0])
        )

    def test_comments_longer_than_the_limit_are_refused(self, involvement, pals_officer):
        with pytest.raises(ProcessError) as caught:
            update(involvement, pals_officer, comments="x" * (TEXT_MAX_LENGTH + 1))
        assert "comments" in errors_of(caught)
        involvement.refresh_from_db()
        assert involvement.comments == ""

    def test_records_are_never_deleted(self, involvement):
        with pytest.raises(Exception, match="never deleted"):
            involvement.delete()


def signed_in(client, user):
    client.force_login(user)
    return client


def page(item):
    return reverse("feedback:staff_involved", args=[item.reference_slug])


def views_recorded(item) -> int:
    return FeedbackEvent.objects.filter(item=item, action="staff_viewed").count()


class TestWhoSeesIt:
    @pytest.fixture
    def filled(self, involvement, medicine_manager):
        return update(involvement, medicine_manager, comments=COMMENTS, support_offered=SUPPORT)

    @pytest.mark.parametrize("viewer", ["pals_officer", "medicine_manager"])
    def test_pals_officers_and_the_csc_manager_see_it_and_each_view_is_recorded(
        self, client, request, viewer, filled, complaint
    ):
        user = request.getfixturevalue(viewer)
        signed_in(client, user)
        for visit in (1, 2):
            response = client.get(page(complaint))
            assert response.status_code == 200
            assert COMMENTS in response.content.decode()
            assert views_recorded(complaint) == visit
        event = complaint.events.filter(action="staff_viewed").first()
        assert event.by == user

    @pytest.mark.parametrize("viewer", ["board_member", "administrator", "surgery_manager"])
    def test_everyone_else_gets_not_found_and_nothing_is_recorded(
        self, client, request, viewer, filled, complaint, surgery
    ):
        if viewer == "surgery_manager":
            user = UserFactory(role=Role.CSC_MANAGER, cscs=[surgery])
        else:
            user = request.getfixturevalue(viewer)
        signed_in(client, user)
        assert client.get(page(complaint)).status_code == 404
        edit = reverse("feedback:staff_involved_edit", args=[complaint.reference_slug, filled.pk])
        assert client.get(edit).status_code == 404
        assert client.post(edit, {"version": complaint.version, "comments": "x"}).status_code == 404
        assert views_recorded(complaint) == 0
        filled.refresh_from_db()
        assert filled.comments == COMMENTS

    def test_item_page_shows_the_link_only_to_those_who_may_see_it(
        self, client, filled, complaint, pals_officer, administrator
    ):
        signed_in(client, pals_officer)
        body = client.get(reverse("feedback:detail", args=[complaint.reference_slug])).content
        assert page(complaint).encode() in body
        assert COMMENTS.encode() not in body  # the comments are only on their own page
        client.logout()
        signed_in(client, administrator)
        body = client.get(reverse("feedback:detail", args=[complaint.reference_slug])).content
        assert page(complaint).encode() not in body
        assert views_recorded(complaint) == 0

    def test_not_in_the_register_export(self, client, filled, complaint, pals_officer):
        signed_in(client, pals_officer)
        response = client.get(reverse("feedback:export"))
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert complaint.reference in body
        assert COMMENTS not in body
        assert SUPPORT not in body
        assert "Grace Okafor" not in body


class TestPages:
    def test_officer_adds_a_person_through_the_page(self, client, complaint, nurse, pals_officer):
        signed_in(client, pals_officer)
        response = client.post(
            page(complaint),
            {
                "version": complaint.version,
                "staff": nurse.email,
                "told_on_0": RECEIVED.day,
                "told_on_1": RECEIVED.month,
                "told_on_2": RECEIVED.year,
                "support_offered": SUPPORT,
            },
        )
        assert response.status_code == 302
        assert complaint.staff_involved.get().staff == nurse

    def test_a_refusal_stands_beside_its_field_and_nothing_is_saved(
        self, client, complaint, nurse, pals_officer
    ):
        signed_in(client, pals_officer)
        tomorrow = TODAY + timedelta(days=1)
        response = client.post(
            page(complaint),
            {
                "version": complaint.version,
                "staff": nurse.email,
                "told_on_0": tomorrow.day,
                "told_on_1": tomorrow.month,
                "told_on_2": tomorrow.year,
            },
        )
        assert response.status_code == 200
        assert "told_on" in response.context["form"].errors
        assert not StaffInvolvement.objects.exists()
        # The page shown again with its error still shows the block: a view, recorded.
        assert views_recorded(complaint) == 1

    def test_manager_records_comments_through_the_page(
        self, client, involvement, complaint, medicine_manager
    ):
        signed_in(client, medicine_manager)
        complaint.refresh_from_db()
        edit = reverse(
            "feedback:staff_involved_edit", args=[complaint.reference_slug, involvement.pk]
        )
        response = client.post(edit, {"version": complaint.version, "comments": COMMENTS})
        assert response.status_code == 302
        involvement.refresh_from_db()
        assert involvement.comments == COMMENTS

    def test_query_count_does_not_grow_with_the_people_listed(
        self, client, complaint, medicine, pals_officer
    ):
        signed_in(client, pals_officer)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page(complaint)).status_code == 200
            return len(captured)

        staff_involvement_add(
            item=complaint, by=pals_officer, staff=StaffMemberFactory(csc=medicine)
        )
        one = queries()
        for _ in range(4):
            complaint.refresh_from_db()
            staff_involvement_add(
                item=complaint, by=pals_officer, staff=StaffMemberFactory(csc=medicine)
            )
        assert queries() == one
