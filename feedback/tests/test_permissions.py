"""Who may do what in the feedback register: every role against every feedback page and action.

PALS officers and administrators run the register; a CSC manager sees only their CSCs' items,
may add investigation notes and learning and sign off responses there, and nothing else; board
members, awards panel members and users without a role are refused the register (403) and never
see an item (404). A refused request must change nothing.

The expectations below are written out here, not read from careprog.permissions or the ACTIONS
table, so a change to either that loosens access makes these tests fail.
"""

import csv
import io
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from careprog.roles import Role
from careprog.tests.factories import StaffMemberFactory, UserFactory
from feedback.actions import ACTIONS, ACTIONS_BY_NAME
from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Outcome
from feedback.services import complaints
from feedback.services.learning import learning_action_add
from feedback.tests.factories import make_item, tier

P, C, B, A, D = (
    Role.PALS_OFFICER,
    Role.CSC_MANAGER,
    Role.BOARD_MEMBER,
    Role.AWARDS_PANEL_MEMBER,
    Role.ADMINISTRATOR,
)
ROLES = [*Role, None]

# Register pages (no item): who gets in; everyone else gets 403.
REGISTER_ALLOWED = {
    "feedback:index": {P, C, D},
    "feedback:list": {P, C, D},
    "feedback:export": {P, C, D},
    "feedback:choose_kind": {P, D},
    "feedback:log": {P, D},
}
# Item pages: who sees items at all (the rest get 404), then who may do what (the rest 403).
SEES_ITEMS = {P, C, D}
RUN_PROCESS = {P, D}
EDIT = {P, D}
SIGN_OFF = {C, D}
NOTES = {P, C, D}
LEARNING = {P, C, D}
SIGN_OFF_ACTIONS = {"sign-off", "return-for-changes"}
# The CSC investigates: its manager records findings and marks the draft done, as officers can.
INVESTIGATE = {P, C, D}
INVESTIGATE_ACTIONS = {"findings", "record-draft"}
# Anyone running the case may resolve it early at first contact, a CSC's manager included.
RESOLVE_EARLY = {P, C, D}
RESOLVE_EARLY_ACTIONS = {"resolve-early"}
# Whoever keeps the person informed, a CSC's manager included, may change the handling plan.
GIVE_UPDATE = {P, C, D}
GIVE_UPDATE_ACTIONS = {"handling-plan"}


def role_id(role):
    return role.value if role else "no_role"


def expected_refusal(role, allowed: set) -> int | None:
    """The status an item page answers this role with, or None if the role may use it."""
    if role not in SEES_ITEMS:
        return 404
    return None if role in allowed else 403


def today():
    return timezone.localdate()


def iso(day) -> str:
    return day.isoformat()


def item_url(name: str, item: FeedbackItem, *args) -> str:
    return reverse(f"feedback:{name}", args=[item.reference_slug, *args])


def action_url(item: FeedbackItem, action: str) -> str:
    return reverse("feedback:action", args=[item.reference_slug, action])


def snapshot(item: FeedbackItem) -> tuple:
    """What a refused request must leave as it was."""
    item.refresh_from_db()
    return (
        item.status,
        item.version,
        item.events.count(),
        item.investigation_notes.count(),
        item.learning_actions.count(),
        FeedbackItem.objects.count(),
    )


# Building items in each status, through the real services.
COMPLAINT_STAGES = [
    "received",
    "acknowledged",
    "under_investigation",
    "response_drafted",
    "awaiting_sign_off",
    "signed_off",
    "response_sent",
    "referred_to_phso",
]


def _advance(item, stage: str, by):
    if stage == "acknowledged":
        return complaints.complaint_acknowledge(item=item, by=by, on=today())
    if stage == "under_investigation":
        return complaints.complaint_start_investigation(item=item, by=by)
    if stage == "response_drafted":
        # The outcome is recorded on the way, so a signed-off response can be sent.
        item = complaints.complaint_record_outcome(item=item, by=by, outcome=Outcome.UPHELD)
        return complaints.complaint_record_draft(item=item, by=by)
    if stage == "awaiting_sign_off":
        return complaints.complaint_submit_for_sign_off(item=item, by=by)
    if stage == "signed_off":
        return complaints.complaint_sign_off(item=item, by=by)
    if stage == "response_sent":
        return complaints.complaint_send_response(item=item, by=by, on=today())
    if stage == "referred_to_phso":
        return complaints.complaint_refer_to_phso(item=item, by=by, on=today())
    raise ValueError(stage)


def complaint_at(stage: str, *, csc, by) -> FeedbackItem:
    item = make_item(csc=csc, by=by)
    for step in COMPLAINT_STAGES[1 : COMPLAINT_STAGES.index(stage) + 1]:
        item = _advance(item, step, by)
    return item


def item_in_state(state: str, *, csc, by) -> FeedbackItem:
    if state == "late":
        received = today() - timedelta(days=1)
        return make_item(
            csc=csc, by=by, received_on=received, event_on=received - relativedelta(months=13)
        )
    if state == "pals":
        return make_item(kind=Kind.PALS, csc=csc, by=by)
    if state == "compliment":
        return make_item(
            kind=Kind.COMPLIMENT, csc=csc, by=by, staff_named=[StaffMemberFactory(csc=csc)]
        )
    if state == "comment":
        return make_item(kind=Kind.COMMENT, csc=csc, by=by)
    return complaint_at(state, csc=csc, by=by)


# Each action: the state its item must be in, and a valid POST (without the version).
ACTION_CASES = {
    "late-decision": ("late", lambda: {"accept": "yes", "reason": "In hospital until May"}),
    "acknowledge": ("received", lambda: {"on": iso(today()), **plan_data()}),
    "start-investigation": ("acknowledged", dict),
    "findings": (
        "under_investigation",
        lambda: {"findings": "Two nurses were off sick and the bank shift was not filled."},
    ),
    "record-draft": ("under_investigation", dict),
    "submit-for-sign-off": ("response_drafted", dict),
    "sign-off": ("awaiting_sign_off", dict),
    "return-for-changes": ("awaiting_sign_off", lambda: {"reason": "Answer every point"}),
    "outcome": ("under_investigation", lambda: {"outcome": Outcome.PARTIALLY_UPHELD}),
    "consent": ("received", lambda: {"consent": "obtained"}),
    "send-response": ("signed_off", lambda: {"on": iso(today())}),
    "close": ("response_sent", dict),
    "change-deadline": (
        "received",
        lambda: {
            "new_date": iso(today() + timedelta(days=60)),
            "reason": "Agreed by phone",
            "person_agreed": "yes",
        },
    ),
    "handling-plan": ("acknowledged", lambda: {"agreed_on": iso(today()), **plan_data()}),
    "reopen": (
        "response_sent",
        lambda: {"reason": "Not every point answered", "respond_by": iso(today() + timedelta(30))},
    ),
    "refer-to-phso": ("response_sent", lambda: {"on": iso(today())}),
    "phso-outcome": ("referred_to_phso", lambda: {"outcome": "upheld"}),
    "withdraw": ("received", lambda: {"reason": "Resolved informally"}),
    "resolve": ("pals", lambda: {"resolution": "Ward sister called back"}),
    "escalate": (
        "pals",
        lambda: {"received_on": iso(today()), "severity": "amber", "tier": tier().pk},
    ),
    "share": ("compliment", dict),
    "close-comment": ("comment", dict),
    "resolve-early": (
        "pals",
        lambda: {"on": iso(today()), "what_was_done": "Ward sister called back and apologised"},
    ),
}


def plan_data() -> dict:
    """A handling plan, as acknowledging a complaint or changing its plan asks it."""
    return {
        "contact_preference": "phone",
        "response_writer": UserFactory(role=Role.PALS_OFFICER).pk,
        "respond_by": iso(today() + timedelta(days=40)),
        "date_change_reason": "Agreed with them by phone",
        "update_every": "10",
    }


def allowed_for_action(name: str) -> set:
    if name in INVESTIGATE_ACTIONS:
        return INVESTIGATE
    if name in RESOLVE_EARLY_ACTIONS:
        return RESOLVE_EARLY
    if name in GIVE_UPDATE_ACTIONS:
        return GIVE_UPDATE
    return SIGN_OFF if name in SIGN_OFF_ACTIONS else RUN_PROCESS


def ready_for(name: str, *, csc, by) -> FeedbackItem:
    state, _ = ACTION_CASES[name]
    item = item_in_state(state, csc=csc, by=by)
    # Otherwise a refusal could come from the item's state rather than the user's role.
    assert ACTIONS_BY_NAME[name].applies_to(item), f"{name} does not apply to the test item"
    return item


def action_data(name: str, item: FeedbackItem) -> dict:
    _, data = ACTION_CASES[name]
    return {"version": item.version, **data()}


def form_errors(response):
    """For a failure message: why a form was not accepted."""
    form = response.context and response.context.get("form")
    return form.errors if form else response.status_code


def log_data(csc) -> dict:
    return {
        "received_on": iso(today() - timedelta(days=1)),
        "channel": "phone",
        "raised_by": "relative",
        "csc": csc.pk,
        "summary": "Logged through the form",
        "severity": "amber",
        "tier": tier().pk,
        "consent": "not_required",
        "age_band": "unknown",
        "complainant_status": "unknown",
    }


def edit_data(item: FeedbackItem, **changes) -> dict:
    data = {
        "version": item.version,
        "received_on": iso(item.received_on),
        "channel": item.channel,
        "raised_by": item.raised_by,
        "csc": item.csc_id,
        "summary": item.summary,
        "severity": item.severity or "amber",
        "tier": item.tier_id,
        "consent": item.consent,
        "age_band": item.age_band,
        "complainant_status": item.complainant_status,
    }
    data.update(changes)
    return data


def learning_data() -> dict:
    return {
        "action": "Pain relief checked at every handover",
        "owner": "Ward sister",
        "due_on": iso(today() + timedelta(days=30)),
    }


@pytest.fixture
def clerk(db):
    """Whoever set the items up; not the user under test."""
    return UserFactory(role=Role.ADMINISTRATOR)


@pytest.fixture
def complaint(medicine, clerk):
    return make_item(csc=medicine, by=clerk, summary="Medicine complaint")


@pytest.fixture
def learning(complaint, clerk):
    return learning_action_add(
        item=complaint,
        by=clerk,
        action="Explain waits at the front desk",
        owner="Matron",
        due_on=today() + timedelta(days=14),
    )


@pytest.fixture
def surgery_complaint(surgery, clerk):
    return make_item(csc=surgery, by=clerk, summary="Surgery complaint")


class TestCompleteness:
    def test_every_action_in_the_table_is_tested(self):
        assert set(ACTION_CASES) == {action.name for action in ACTIONS}


class TestSignInRequired:
    @pytest.mark.parametrize(
        "url_name", ["feedback:index", "feedback:list", "feedback:export", "feedback:choose_kind"]
    )
    def test_anonymous_visitor_is_sent_to_sign_in_from_register_pages(self, client, db, url_name):
        response = client.get(reverse(url_name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_anonymous_visitor_cannot_log_an_item(self, client, medicine, method):
        response = getattr(client, method)(
            reverse("feedback:log", args=[Kind.COMPLAINT]), log_data(medicine)
        )
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert not FeedbackItem.objects.exists()

    @pytest.mark.parametrize(
        ("method", "page"),
        [
            ("get", "detail"),
            ("get", "edit"),
            ("post", "edit"),
            ("post", "add_note"),
            ("get", "add_learning"),
            ("post", "add_learning"),
            ("get", "complete_learning"),
            ("post", "complete_learning"),
        ],
    )
    def test_anonymous_visitor_is_sent_to_sign_in_from_item_pages(
        self, client, complaint, learning, method, page
    ):
        args = [learning.pk] if page == "complete_learning" else []
        before = snapshot(complaint)
        data = {**edit_data(complaint, summary="Changed"), "text": "x", **learning_data()}
        response = getattr(client, method)(item_url(page, complaint, *args), data)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert snapshot(complaint) == before

    @pytest.mark.parametrize("name", ACTION_CASES)
    def test_anonymous_visitor_is_sent_to_sign_in_from_actions(self, client, medicine, clerk, name):
        item = ready_for(name, csc=medicine, by=clerk)
        before = snapshot(item)
        response = client.post(action_url(item, name), action_data(name, item))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert snapshot(item) == before


class TestRegisterPages:
    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    @pytest.mark.parametrize(
        "url_name", ["feedback:index", "feedback:list", "feedback:export", "feedback:choose_kind"]
    )
    def test_each_role_reaches_only_its_register_pages(
        self, client, user_with_role, role, url_name
    ):
        client.force_login(user_with_role(role))
        response = client.get(reverse(url_name))
        assert response.status_code == (200 if role in REGISTER_ALLOWED[url_name] else 403)

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_log_form_opens_only_for_roles_that_log(self, client, user_with_role, role):
        client.force_login(user_with_role(role))
        response = client.get(reverse("feedback:log", args=[Kind.COMPLAINT]))
        assert response.status_code == (200 if role in REGISTER_ALLOWED["feedback:log"] else 403)

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_only_roles_that_log_can_log_an_item(self, client, user_with_role, medicine, role):
        client.force_login(user_with_role(role))
        response = client.post(reverse("feedback:log", args=[Kind.COMPLAINT]), log_data(medicine))
        if role in REGISTER_ALLOWED["feedback:log"]:
            item = FeedbackItem.objects.get()
            assert response.status_code == 302
            assert response.url == item_url("detail", item)
            assert item.summary == "Logged through the form"
        else:
            assert response.status_code == 403
            assert not FeedbackItem.objects.exists()


class TestItemPages:
    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_item_page_is_seen_only_by_roles_that_see_items(
        self, client, user_with_role, complaint, role
    ):
        client.force_login(user_with_role(role))
        response = client.get(item_url("detail", complaint))
        if role in SEES_ITEMS:
            assert response.status_code == 200
            assert complaint.reference in response.text
        else:
            assert response.status_code == 404

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_edit_form_opens_only_for_roles_that_edit(
        self, client, user_with_role, complaint, role
    ):
        client.force_login(user_with_role(role))
        response = client.get(item_url("edit", complaint))
        assert response.status_code == (expected_refusal(role, EDIT) or 200)

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_only_roles_that_edit_can_change_details(self, client, user_with_role, complaint, role):
        client.force_login(user_with_role(role))
        before = snapshot(complaint)
        response = client.post(item_url("edit", complaint), edit_data(complaint, summary="New"))
        refusal = expected_refusal(role, EDIT)
        complaint.refresh_from_db()
        if refusal is None:
            assert response.status_code == 302
            assert complaint.summary == "New"
            assert complaint.version == before[1] + 1
        else:
            assert response.status_code == refusal
            assert complaint.summary == "Medicine complaint"
            assert snapshot(complaint) == before


class TestProcessActions:
    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    @pytest.mark.parametrize("name", ACTION_CASES)
    def test_action_runs_only_for_roles_allowed_and_refusal_changes_nothing(
        self, client, user_with_role, medicine, clerk, name, role
    ):
        item = ready_for(name, csc=medicine, by=clerk)
        client.force_login(user_with_role(role))
        before = snapshot(item)
        response = client.post(action_url(item, name), action_data(name, item))
        refusal = expected_refusal(role, allowed_for_action(name))
        if refusal is None:
            assert response.status_code == 302, form_errors(response)
            item.refresh_from_db()
            assert item.version == before[1] + 1
        else:
            assert response.status_code == refusal
            assert snapshot(item) == before

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    @pytest.mark.parametrize("name", ACTION_CASES)
    def test_action_form_opens_only_for_roles_allowed(
        self, client, user_with_role, medicine, clerk, name, role
    ):
        item = ready_for(name, csc=medicine, by=clerk)
        client.force_login(user_with_role(role))
        response = client.get(action_url(item, name))
        assert response.status_code == (expected_refusal(role, allowed_for_action(name)) or 200)

    @pytest.mark.parametrize(
        ("role", "offered"),
        [(P, False), (C, True), (D, True)],
        ids=["pals_officer", "csc_manager", "administrator"],
    )
    def test_item_page_offers_sign_off_only_to_those_who_sign_off(
        self, client, user_with_role, medicine, clerk, role, offered
    ):
        item = ready_for("sign-off", csc=medicine, by=clerk)
        client.force_login(user_with_role(role))
        html = client.get(item_url("detail", item)).text
        for name in SIGN_OFF_ACTIONS:
            assert (action_url(item, name) in html) is offered

    def test_item_page_offers_a_csc_manager_only_the_investigation(
        self, client, medicine_manager, pals_officer, medicine, clerk
    ):
        item = ready_for("outcome", csc=medicine, by=clerk)  # under investigation
        offered = {}
        for user in (pals_officer, medicine_manager):
            client.force_login(user)
            html = client.get(item_url("detail", item)).text
            offered[user] = {name for name in ACTION_CASES if action_url(item, name) in html}
            offered[user] |= {"edit"} if item_url("edit", item) in html else set()
            offered[user] |= {"learning"} if item_url("add_learning", item) in html else set()
        assert {"outcome", "record-draft", "withdraw", "edit"} <= offered[pals_officer]
        assert offered[medicine_manager] == {
            "learning",
            "findings",
            "record-draft",
            "handling-plan",
        }


class TestNotesAndLearning:
    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_only_roles_allowed_add_investigation_notes(
        self, client, user_with_role, complaint, role
    ):
        client.force_login(user_with_role(role))
        before = snapshot(complaint)
        response = client.post(item_url("add_note", complaint), {"text": "Spoke to the ward"})
        refusal = expected_refusal(role, NOTES)
        if refusal is None:
            assert response.status_code == 302
            assert complaint.investigation_notes.get().text == "Spoke to the ward"
        else:
            assert response.status_code == refusal
            assert snapshot(complaint) == before

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_learning_form_opens_only_for_roles_allowed(
        self, client, user_with_role, complaint, role
    ):
        client.force_login(user_with_role(role))
        response = client.get(item_url("add_learning", complaint))
        assert response.status_code == (expected_refusal(role, LEARNING) or 200)

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_only_roles_allowed_add_learning_actions(self, client, user_with_role, complaint, role):
        client.force_login(user_with_role(role))
        before = snapshot(complaint)
        response = client.post(item_url("add_learning", complaint), learning_data())
        refusal = expected_refusal(role, LEARNING)
        if refusal is None:
            assert response.status_code == 302
            assert complaint.learning_actions.get().owner == "Ward sister"
        else:
            assert response.status_code == refusal
            assert snapshot(complaint) == before

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_learning_done_form_opens_only_for_roles_allowed(
        self, client, user_with_role, complaint, learning, role
    ):
        client.force_login(user_with_role(role))
        response = client.get(item_url("complete_learning", complaint, learning.pk))
        assert response.status_code == (expected_refusal(role, LEARNING) or 200)

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_only_roles_allowed_complete_learning_actions(
        self, client, user_with_role, complaint, learning, role
    ):
        client.force_login(user_with_role(role))
        before = snapshot(complaint)
        response = client.post(
            item_url("complete_learning", complaint, learning.pk), {"done_on": iso(today())}
        )
        learning.refresh_from_db()
        refusal = expected_refusal(role, LEARNING)
        if refusal is None:
            assert response.status_code == 302
            assert learning.done_on == today()
        else:
            assert response.status_code == refusal
            assert learning.done_on is None
            assert snapshot(complaint) == before


ITEM_PERMISSIONS = {
    "feedback.edit_item": EDIT,
    "feedback.run_process": RUN_PROCESS,
    "feedback.sign_off_response": SIGN_OFF,
    "feedback.add_investigation_note": NOTES,
    "feedback.manage_learning": LEARNING,
    "feedback.resolve_early": RESOLVE_EARLY,
    "feedback.clarify_complaint": RUN_PROCESS,
    "feedback.investigate": INVESTIGATE,
    "feedback.give_update": GIVE_UPDATE,
}


class TestItemRulesBehindScoping:
    """The rules hold on their own too, not only because scoping hides the item first."""

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    @pytest.mark.parametrize("permission", ITEM_PERMISSIONS)
    def test_item_rules_allow_only_the_roles_expected(
        self, user_with_role, complaint, role, permission
    ):
        user = user_with_role(role)
        assert user.has_perm(permission, complaint) is (role in ITEM_PERMISSIONS[permission])

    @pytest.mark.parametrize("permission", ITEM_PERMISSIONS)
    def test_manager_holds_no_item_rule_on_another_cscs_item(
        self, medicine_manager, surgery_complaint, permission
    ):
        assert not medicine_manager.has_perm(permission, surgery_complaint)


class TestCscScoping:
    """A CSC manager of Medicine and an item of Surgery: every item URL answers 404."""

    @pytest.mark.parametrize(
        ("method", "page"),
        [
            ("get", "detail"),
            ("get", "edit"),
            ("post", "edit"),
            ("post", "add_note"),
            ("get", "add_learning"),
            ("post", "add_learning"),
            ("get", "complete_learning"),
            ("post", "complete_learning"),
        ],
    )
    def test_manager_gets_404_for_another_cscs_item_pages(
        self, client, medicine_manager, surgery_complaint, clerk, method, page
    ):
        learning = learning_action_add(
            item=surgery_complaint, by=clerk, action="Audit", owner="Matron", due_on=today()
        )
        args = [learning.pk] if page == "complete_learning" else []
        before = snapshot(surgery_complaint)
        client.force_login(medicine_manager)
        data = {
            **edit_data(surgery_complaint, summary="Changed"),
            "text": "A note",
            **learning_data(),
            "done_on": iso(today()),
        }
        response = getattr(client, method)(item_url(page, surgery_complaint, *args), data)
        assert response.status_code == 404
        assert snapshot(surgery_complaint) == before
        learning.refresh_from_db()
        assert learning.done_on is None

    @pytest.mark.parametrize("method", ["get", "post"])
    @pytest.mark.parametrize("name", ACTION_CASES)
    def test_manager_gets_404_for_another_cscs_actions(
        self, client, medicine_manager, surgery, clerk, name, method
    ):
        item = ready_for(name, csc=surgery, by=clerk)
        before = snapshot(item)
        client.force_login(medicine_manager)
        response = getattr(client, method)(action_url(item, name), action_data(name, item))
        assert response.status_code == 404
        assert snapshot(item) == before

    def test_manager_signs_off_for_own_csc_but_not_another(
        self, client, medicine_manager, medicine, surgery, clerk
    ):
        own = ready_for("sign-off", csc=medicine, by=clerk)
        other = ready_for("sign-off", csc=surgery, by=clerk)
        client.force_login(medicine_manager)
        for item, expected in ((own, 302), (other, 404)):
            response = client.post(action_url(item, "sign-off"), action_data("sign-off", item))
            assert response.status_code == expected
        own.refresh_from_db()
        other.refresh_from_db()
        assert own.signed_off_by == medicine_manager
        assert other.signed_off_at is None


def export_rows(response) -> list[dict]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


class TestScopedLists:
    @pytest.fixture
    def items(self, medicine, surgery, clerk):
        long_ago = today() - timedelta(days=60)  # both acknowledgement and response overdue
        return {
            "med": [
                make_item(csc=medicine, by=clerk, received_on=long_ago),
                make_item(kind=Kind.PALS, csc=medicine, by=clerk),
            ],
            "surg": [
                make_item(csc=surgery, by=clerk, received_on=long_ago),
                make_item(kind=Kind.PALS, csc=surgery, by=clerk),
            ],
        }

    @staticmethod
    def references(items) -> set[str]:
        return {item.reference for item in items}

    def test_manager_list_shows_only_own_cscs_items(self, client, medicine_manager, items):
        client.force_login(medicine_manager)
        response = client.get(reverse("feedback:list"))
        shown = {item.reference for item in response.context["page"].object_list}
        assert shown == self.references(items["med"])
        for item in items["surg"]:
            assert item.reference not in response.text

    def test_manager_export_holds_only_own_cscs_items(self, client, medicine_manager, items):
        client.force_login(medicine_manager)
        rows = export_rows(client.get(reverse("feedback:export")))
        assert {row["reference"] for row in rows} == self.references(items["med"])
        assert {row["csc"] for row in rows} == {"med"}

    def test_pals_officer_export_holds_every_cscs_items(self, client, pals_officer, items):
        client.force_login(pals_officer)
        rows = export_rows(client.get(reverse("feedback:export")))
        assert {row["reference"] for row in rows} == self.references(items["med"] + items["surg"])

    @pytest.mark.parametrize("url_name", ["feedback:list", "feedback:export"])
    def test_manager_cannot_reach_another_csc_by_filtering_or_searching(
        self, client, medicine_manager, items, url_name
    ):
        client.force_login(medicine_manager)
        url = reverse(url_name)
        surgery_complaint = items["surg"][0]
        for query in ({"csc": "surg"}, {"q": surgery_complaint.reference}):
            response = client.get(url, query)
            if url_name == "feedback:export" and "csc" in query:
                # Another CSC is not a choice the manager's filter offers: the export sends them
                # back to the register, which says so, and hands out no file.
                assert response.status_code == 302
                assert response.url.startswith(reverse("feedback:list"))
            elif url_name == "feedback:export":
                assert export_rows(response) == []
            else:
                assert list(response.context["page"].object_list) == []
        # The same search finds the manager's own item, so the empty answers above are scoping.
        own = items["med"][0]
        response = client.get(reverse("feedback:list"), {"q": own.reference})
        assert [i.reference for i in response.context["page"].object_list] == [own.reference]

    def test_manager_work_queue_shows_only_own_cscs_items(self, client, medicine_manager, items):
        client.force_login(medicine_manager)
        # Everyone's cases, for a manager, are their CSCs' cases.
        response = client.get(reverse("feedback:index"), {"who": "all"})
        queue = response.context["queue"]
        assert [i.reference for i in queue.group("overdue").items] == [items["med"][0].reference]
        assert [i.reference for i in queue.group("open-pals").items] == [items["med"][1].reference]
        for item in items["surg"]:
            assert item.reference not in response.text
        # Their own cases: the PALS officer handles all of these, so none.
        response = client.get(reverse("feedback:index"))
        assert sum(group.count for group in response.context["queue"].groups) == 0
        for item in items["med"] + items["surg"]:
            assert item.reference not in response.text

    @pytest.mark.parametrize("role", [B, A, None], ids=role_id)
    def test_roles_outside_care_are_refused_the_export(self, client, user_with_role, items, role):
        client.force_login(user_with_role(role))
        response = client.get(reverse("feedback:export"))
        assert response.status_code == 403
        assert not hasattr(response, "streaming_content")
        for item in items["med"] + items["surg"]:
            assert item.reference.encode() not in response.content
