"""Case handlers: who is given a case when it is logged, who may be given one, and reassigning.

Each rule is tested on both sides: the person it lets handle a case and the person it refuses.
"""

import pytest
from django.urls import reverse

from careprog.roles import Role
from careprog.tests.factories import UserFactory
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from feedback.selectors import eligible_case_handlers
from feedback.services.base import ProcessError, StaleEdit
from feedback.services.handlers import can_handle, case_handler_assign, default_case_handler
from feedback.tests.factories import make_item


@pytest.fixture
def surgery_manager(surgery):
    return UserFactory(role=Role.CSC_MANAGER, cscs=[surgery])


@pytest.fixture
def other_officer(db):
    return UserFactory(role=Role.PALS_OFFICER, first_name="Priya", last_name="Shah")


@pytest.fixture
def complaint(medicine, pals_officer):
    return make_item(csc=medicine, by=pals_officer)


def refused_handler(name, *, medicine, surgery_manager, board_member):
    """Each person who may not handle a Medicine case, by name."""
    return {
        "board_member": lambda: board_member,
        "manager_of_another_csc": lambda: surgery_manager,
        "inactive_pals_officer": lambda: UserFactory(role=Role.PALS_OFFICER, is_active=False),
        "inactive_manager_of_the_csc": lambda: UserFactory(
            role=Role.CSC_MANAGER, cscs=[medicine], is_active=False
        ),
        "administrator": lambda: UserFactory(role=Role.ADMINISTRATOR),
        "no_role": lambda: UserFactory(),
    }[name]()


REFUSED = [
    "board_member",
    "manager_of_another_csc",
    "inactive_pals_officer",
    "inactive_manager_of_the_csc",
    "administrator",
    "no_role",
]


def field_errors(error: ProcessError) -> dict:
    return error.message_dict


class TestDefaultCaseHandler:
    @pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.PALS])
    def test_pals_officer_who_logs_a_complaint_or_pals_contact_handles_it(
        self, medicine, pals_officer, kind
    ):
        item = make_item(kind=kind, csc=medicine, by=pals_officer)
        assert item.case_handler == pals_officer

    @pytest.mark.parametrize("kind", [Kind.COMPLIMENT, Kind.COMMENT])
    def test_compliments_and_comments_have_no_handler(self, medicine, pals_officer, kind):
        item = make_item(kind=kind, csc=medicine, by=pals_officer)
        assert item.case_handler is None

    def test_item_logged_by_nobody_has_no_handler(self, medicine):
        item = make_item(csc=medicine, by=None)
        assert item.case_handler is None

    def test_administrator_who_logs_a_complaint_is_not_made_its_handler(
        self, medicine, administrator
    ):
        item = make_item(csc=medicine, by=administrator)
        assert item.case_handler is None

    def test_explicit_handler_in_details_is_kept(self, medicine, pals_officer, other_officer):
        item = make_item(csc=medicine, by=pals_officer, case_handler=other_officer)
        assert item.case_handler == other_officer

    def test_manager_of_the_items_csc_is_its_default_handler(
        self, medicine, medicine_manager, surgery_manager
    ):
        item = FeedbackItem(kind=Kind.COMPLAINT, csc=medicine)
        assert default_case_handler(item, medicine_manager) == medicine_manager
        assert default_case_handler(item, surgery_manager) is None


class TestWhoMayHandle:
    def test_pals_officer_and_manager_of_the_csc_may_handle(
        self, complaint, pals_officer, medicine_manager
    ):
        assert can_handle(pals_officer, complaint)
        assert can_handle(medicine_manager, complaint)

    def test_nobody_is_not_a_handler(self, complaint):
        assert not can_handle(None, complaint)

    @pytest.mark.parametrize("name", REFUSED)
    def test_logging_with_a_refused_handler_saves_nothing(
        self, medicine, pals_officer, surgery_manager, board_member, name
    ):
        handler = refused_handler(
            name, medicine=medicine, surgery_manager=surgery_manager, board_member=board_member
        )
        with pytest.raises(ProcessError) as refused:
            make_item(csc=medicine, by=pals_officer, case_handler=handler)
        assert "case_handler" in field_errors(refused.value)
        assert not FeedbackItem.objects.exists()

    @pytest.mark.parametrize("kind", [Kind.COMPLIMENT, Kind.COMMENT])
    def test_a_handler_on_a_compliment_or_comment_is_refused(self, medicine, pals_officer, kind):
        with pytest.raises(ProcessError) as refused:
            make_item(kind=kind, csc=medicine, by=pals_officer, case_handler=pals_officer)
        assert field_errors(refused.value) == {
            "case_handler": [f"A {Kind(kind).label.lower()} has no case handler."]
        }
        assert not FeedbackItem.objects.exists()


class TestCaseHandlerAssign:
    def test_records_the_change_with_both_names(self, complaint, pals_officer, other_officer):
        item = case_handler_assign(
            item=complaint, by=pals_officer, handler=other_officer, expected_version=1
        )
        item.refresh_from_db()
        assert item.case_handler == other_officer
        event = item.events.get(action="reassigned")
        assert event.description == f"Case handler changed from {pals_officer} to Priya Shah"
        assert event.by == pals_officer

    def test_bumps_the_version(self, complaint, pals_officer, other_officer):
        before = complaint.version
        item = case_handler_assign(
            item=complaint, by=pals_officer, handler=other_officer, expected_version=before
        )
        assert item.version == before + 1
        complaint.refresh_from_db()
        assert complaint.version == before + 1

    def test_manager_of_the_items_csc_may_be_given_the_case(
        self, complaint, pals_officer, medicine_manager
    ):
        case_handler_assign(
            item=complaint, by=pals_officer, handler=medicine_manager, expected_version=None
        )
        complaint.refresh_from_db()
        assert complaint.case_handler == medicine_manager

    def test_giving_the_case_to_nobody_says_so(self, complaint, pals_officer):
        item = case_handler_assign(
            item=complaint, by=pals_officer, handler=None, expected_version=None
        )
        assert item.case_handler is None
        description = item.events.get(action="reassigned").description
        assert description == f"Case handler changed from {pals_officer} to nobody"

    def test_a_stale_version_is_refused_and_changes_nothing(
        self, complaint, pals_officer, other_officer
    ):
        with pytest.raises(StaleEdit):
            case_handler_assign(
                item=complaint,
                by=pals_officer,
                handler=other_officer,
                expected_version=complaint.version - 1,
            )
        complaint.refresh_from_db()
        assert complaint.case_handler == pals_officer
        assert complaint.version == 1
        assert not complaint.events.filter(action="reassigned").exists()

    def test_assigning_the_same_handler_records_nothing(self, complaint, pals_officer):
        item = case_handler_assign(
            item=complaint, by=pals_officer, handler=pals_officer, expected_version=1
        )
        assert item.version == 1
        assert not complaint.events.filter(action="reassigned").exists()

    @pytest.mark.parametrize("name", REFUSED)
    def test_a_refused_handler_changes_nothing(
        self, complaint, medicine, pals_officer, surgery_manager, board_member, name
    ):
        handler = refused_handler(
            name, medicine=medicine, surgery_manager=surgery_manager, board_member=board_member
        )
        with pytest.raises(ProcessError) as refused:
            case_handler_assign(
                item=complaint, by=pals_officer, handler=handler, expected_version=1
            )
        assert "case_handler" in field_errors(refused.value)
        complaint.refresh_from_db()
        assert (complaint.case_handler, complaint.version) == (pals_officer, 1)
        assert not complaint.events.filter(action="reassigned").exists()

    def test_a_compliment_cannot_be_given_a_handler(self, medicine, pals_officer):
        compliment = make_item(kind=Kind.COMPLIMENT, csc=medicine, by=pals_officer)
        with pytest.raises(ProcessError):
            case_handler_assign(
                item=compliment, by=pals_officer, handler=pals_officer, expected_version=1
            )
        compliment.refresh_from_db()
        assert compliment.case_handler is None
        assert compliment.version == 1


def assign_url(item) -> str:
    return reverse("feedback:assign_case_handler", args=[item.reference_slug])


def detail_url(item) -> str:
    return reverse("feedback:detail", args=[item.reference_slug])


def handler_row(name) -> str:
    """The item page's summary-list row naming the case handler."""
    key = '<dt class="nhsuk-summary-list__key">Case handler</dt>'
    return f'{key}<dd class="nhsuk-summary-list__value">{name}</dd>'


def snapshot(item) -> tuple:
    item.refresh_from_db()
    return (item.case_handler_id, item.version, item.events.count())


class TestEligibleHandlers:
    def test_active_pals_officers_and_managers_of_the_csc_only(
        self,
        complaint,
        pals_officer,
        other_officer,
        medicine_manager,
        surgery_manager,
        board_member,
    ):
        UserFactory(role=Role.PALS_OFFICER, is_active=False)
        UserFactory(role=Role.CSC_MANAGER, cscs=[complaint.csc], is_active=False)
        UserFactory(role=Role.ADMINISTRATOR)
        eligible = set(eligible_case_handlers(complaint))
        assert eligible == {pals_officer, other_officer, medicine_manager}
        assert all(can_handle(user, complaint) for user in eligible)

    def test_read_in_one_query(self, complaint, django_assert_num_queries):
        for _ in range(5):
            UserFactory(role=Role.PALS_OFFICER)
        with django_assert_num_queries(1):
            list(eligible_case_handlers(complaint))


class TestReassignPage:
    def test_item_page_shows_the_handler_and_the_form(
        self, client, complaint, pals_officer, other_officer, surgery_manager
    ):
        client.force_login(pals_officer)
        response = client.get(detail_url(complaint))
        text = response.text
        assert handler_row(pals_officer) in text
        choices = {
            str(user) for user in response.context["handler_form"].fields["case_handler"].queryset
        }
        assert choices == {str(pals_officer), "Priya Shah"}
        assert str(surgery_manager) not in choices

    def test_item_page_says_nobody_when_no_one_handles_it(self, client, medicine, pals_officer):
        item = make_item(csc=medicine, by=None)
        client.force_login(pals_officer)
        text = client.get(detail_url(item)).text
        assert handler_row("Nobody") in text

    def test_compliment_page_has_no_handler(self, client, medicine, pals_officer):
        item = make_item(kind=Kind.COMPLIMENT, csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        response = client.get(detail_url(item))
        assert "Case handler" not in response.text
        assert response.context["handler_form"] is None

    def test_pals_officer_changes_the_handler(self, client, complaint, pals_officer, other_officer):
        client.force_login(pals_officer)
        response = client.post(
            assign_url(complaint),
            {"version": complaint.version, "case_handler": other_officer.pk},
            follow=True,
        )
        assert response.redirect_chain == [(detail_url(complaint), 302)]
        assert "Case handler changed to Priya Shah" in response.text
        complaint.refresh_from_db()
        assert complaint.case_handler == other_officer
        assert complaint.events.get(action="reassigned").by == pals_officer

    def test_manager_gives_their_csc_case_to_themselves(self, client, complaint, medicine_manager):
        client.force_login(medicine_manager)
        response = client.post(
            assign_url(complaint),
            {"version": complaint.version, "case_handler": medicine_manager.pk},
        )
        assert response.status_code == 302
        complaint.refresh_from_db()
        assert complaint.case_handler == medicine_manager

    def test_choosing_the_same_handler_says_nothing_changed(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        before = snapshot(complaint)
        response = client.post(
            assign_url(complaint),
            {"version": complaint.version, "case_handler": pals_officer.pk},
            follow=True,
        )
        assert f"The case handler is still {pals_officer}" in response.text
        assert snapshot(complaint) == before

    def test_stale_form_is_refused_and_changes_nothing(
        self, client, complaint, pals_officer, other_officer
    ):
        client.force_login(pals_officer)
        before = snapshot(complaint)
        response = client.post(
            assign_url(complaint),
            {"version": complaint.version - 1, "case_handler": other_officer.pk},
        )
        assert response.status_code == 200
        assert "changed by someone else" in response.text
        assert snapshot(complaint) == before

    def test_someone_who_may_not_handle_it_cannot_be_chosen(
        self, client, complaint, pals_officer, surgery_manager
    ):
        client.force_login(pals_officer)
        before = snapshot(complaint)
        response = client.post(
            assign_url(complaint),
            {"version": complaint.version, "case_handler": surgery_manager.pk},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["case_handler"]
        assert snapshot(complaint) == before

    def test_service_refusal_is_shown_on_the_form(self, client, medicine, pals_officer):
        compliment = make_item(kind=Kind.COMPLIMENT, csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        before = snapshot(compliment)
        response = client.post(
            assign_url(compliment), {"version": compliment.version, "case_handler": pals_officer.pk}
        )
        assert response.status_code == 200
        assert "has no case handler" in response.text
        assert snapshot(compliment) == before

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            (Role.PALS_OFFICER, 302),
            (Role.ADMINISTRATOR, 302),
            (Role.CSC_MANAGER, 302),  # a manager of the item's CSC (Medicine)
            (Role.BOARD_MEMBER, 404),
            (Role.AWARDS_PANEL_MEMBER, 404),
            (None, 404),
        ],
        ids=lambda value: getattr(value, "value", str(value)),
    )
    def test_who_may_change_the_handler(
        self, client, complaint, other_officer, user_with_role, role, expected
    ):
        client.force_login(user_with_role(role))
        before = snapshot(complaint)
        response = client.post(
            assign_url(complaint), {"version": complaint.version, "case_handler": other_officer.pk}
        )
        assert response.status_code == expected
        if expected != 302:
            assert snapshot(complaint) == before

    def test_manager_of_another_csc_gets_not_found(
        self, client, complaint, surgery_manager, other_officer
    ):
        client.force_login(surgery_manager)
        before = snapshot(complaint)
        response = client.post(
            assign_url(complaint), {"version": complaint.version, "case_handler": other_officer.pk}
        )
        assert response.status_code == 404
        assert snapshot(complaint) == before

    def test_signed_out_visitor_is_sent_to_sign_in(self, client, complaint, other_officer):
        before = snapshot(complaint)
        response = client.post(
            assign_url(complaint), {"version": complaint.version, "case_handler": other_officer.pk}
        )
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert snapshot(complaint) == before

    def test_only_a_post_changes_the_handler(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        assert client.get(assign_url(complaint)).status_code == 405


class TestReassignForm:
    def test_choosing_nobody_is_refused_and_changes_nothing(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        before = snapshot(complaint)
        response = client.post(assign_url(complaint), {"version": complaint.version})
        assert response.status_code == 200
        assert response.context["form"].errors["case_handler"] == [
            "Choose who will handle the case"
        ]
        assert snapshot(complaint) == before
