"""Who may do what in staff recognition: every user against every page and action.

Anyone signed in thanks a colleague or a team, reads the wall and nominates. Administrators hide
an unsuitable thank-you (it is kept) and see who sent an anonymous one. Nominations are read by
administrators, PALS officers, the round's panel and chair, and whoever made them; by everyone
once the results are published. Only the round's panel scores and declares conflicts; the chair
and administrators record consent; only the chair shortlists, picks winners and publishes.
A refused request must change nothing.

The expectations below are written out here, not read from careprog.permissions, so a change
there that loosens access makes these tests fail.
"""

import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from careprog.models import StaffMember, User
from careprog.roles import Role
from careprog.tests.factories import StaffMemberFactory, UserFactory
from feedback import reference
from feedback.models import FeedbackEvent, FeedbackItem
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from recognition.models import (
    AwardCategory,
    AwardRound,
    ConflictDeclaration,
    Consent,
    CriterionScore,
    Nomination,
    ScoreSheet,
    Stage,
    ThankYou,
)
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import (
    conflict_declare,
    nomination_pick_winner,
    nomination_shortlist,
    round_publish_results,
    score_submit,
)
from recognition.services.thanks import thank_you_hide, thank_you_send
from recognition.tests.factories import colleague_user, open_round
from recognition.urls import urlpatterns

# Who is asking. A sits on award panels, but not this round's; M and H sit on this round's
# panel (H chairs it). D is an administrator who is not on the panel.
P = "pals_officer"
C = "csc_manager"  # manages Medicine, where the compliment and the nominees are
B = "board_member"
A = "other_panel_member"
M = "round_panel_member"
H = "round_chair"
D = "administrator"
N = "no_role"
EVERYONE = (P, C, B, A, M, H, D, N)

OK, FORBIDDEN, HIDDEN = 200, 403, 404
REFUSED = "refused"  # asked by someone allowed, but the rules say no: a message, no change


def expect(*, ok=(), refused=(), forbidden=(), hidden=()) -> dict[str, object]:
    """What each user gets: 200 (or, for a change, done and redirected), refused by the rules,
    403, or 404."""
    table = {
        **dict.fromkeys(ok, OK),
        **dict.fromkeys(refused, REFUSED),
        **dict.fromkeys(forbidden, FORBIDDEN),
        **dict.fromkeys(hidden, HIDDEN),
    }
    assert sorted(table) == sorted(EVERYONE), "every user must be listed exactly once"
    assert len(ok) + len(refused) + len(forbidden) + len(hidden) == len(EVERYONE)
    # In EVERYONE's order, not the sets': test ids must come out the same in every process.
    return {who: table[who] for who in EVERYONE}


# Pages (GET) while the round is open and its results unpublished.
PAGES = {
    "index": expect(ok={P, C, B, A, M, H, D, N}),
    "thank": expect(ok={P, C, B, A, M, H, D, N}),
    "wall": expect(ok={P, C, B, A, M, H, D, N}),
    "thank_you": expect(ok={P, C, B, A, M, H, D, N}),
    "from_compliment": expect(ok={P, C, D}, hidden={B, A, M, H, N}),
    "round": expect(ok={P, C, B, A, M, H, D, N}),
    "nominate": expect(ok={P, C, B, A, M, H, D, N}),
    "nominate_from_compliment": expect(ok={P, C, D}, hidden={B, A, M, H, N}),
    "nomination": expect(ok={P, M, H, D}, hidden={C, B, A, N}),
    "certificate": expect(ok={H, D}, forbidden={P, M}, hidden={C, B, A, N}),
}
# Changes (POST) while the round is open; OK means "done, and redirected".
ACTIONS = {
    "thank": expect(ok={P, C, B, A, M, H, D, N}),
    "hide": expect(ok={D}, forbidden={P, C, B, A, M, H, N}),
    "from_compliment": expect(ok={P, C, D}, hidden={B, A, M, H, N}),
    "nominate": expect(ok={P, C, B, A, M, H, D, N}),
    "nominate_from_compliment": expect(ok={P, C, D}, hidden={B, A, M, H, N}),
    "score": expect(ok={M, H}, forbidden={P, D}, hidden={C, B, A, N}),
    "conflict": expect(ok={M, H}, forbidden={P, D}, hidden={C, B, A, N}),
    "consent": expect(ok={H, D}, forbidden={P, M}, hidden={C, B, A, N}),
    # The chair decides: administrators are refused too.
    "shortlist": expect(ok={H}, forbidden={P, M, D}, hidden={C, B, A, N}),
    "winner": expect(ok={H}, forbidden={P, M, D}, hidden={C, B, A, N}),
    "publish": expect(ok={H}, forbidden={P, C, B, A, M, D, N}),
}
# Once the results are published every nomination of the round is everyone's to read, and every
# certificate everyone's to download, but for a nominee who declined to be put forward: only
# those who could see it before (PALS, the panel, administrators) still find it, and are refused
# its certificate.
PAGES_AFTER_RESULTS = {
    "round": expect(ok={P, C, B, A, M, H, D, N}),
    "nomination": expect(ok={P, C, B, A, M, H, D, N}),
    "certificate": expect(ok={P, C, B, A, M, H, D, N}),
    "declined_certificate": expect(forbidden={P, M, H, D}, hidden={C, B, A, N}),
}
# ... and nothing about the round can change any more.
ACTIONS_AFTER_RESULTS = {
    "score": expect(refused={M, H}, forbidden={P, C, B, A, D, N}),
    "conflict": expect(refused={M, H}, forbidden={P, C, B, A, D, N}),
    "consent": expect(refused={H, D}, forbidden={P, C, B, A, M, N}),
    "shortlist": expect(refused={H}, forbidden={P, C, B, A, M, D, N}),
    "winner": expect(refused={H}, forbidden={P, C, B, A, M, D, N}),
    "publish": expect(refused={H}, forbidden={P, C, B, A, M, D, N}),
}
AFTER_RESULTS_REFUSAL = "are published"
# A hidden thank-you: only administrators still see it (and cannot hide it twice).
HIDDEN_CARD = expect(ok={D}, hidden={P, C, B, A, M, H, N})
# Who sees through "a colleague" to an anonymous thank-you's sender.
SEES_ANONYMOUS_SENDER = {D}
# Who may nominate on behalf of a patient or member of the public, and read their details.
NOMINATES_ON_BEHALF = {P, D}
SEES_PUBLIC_CONTACT = {P, D}
# Who sees the panel's scores of a nomination they are not scoring themselves.
OVERSEES_SCORES = {D}

# URL names the tables use under another key (the same view, another object).
URL_NAME = {
    "nominate_from_compliment": "nominate",
    "declined_certificate": "certificate",
}
POST_ONLY = ["hide", "publish", "score", "conflict", "consent", "shortlist", "winner"]

MESSAGE = "Stayed late to settle a frightened patient on ward 7"
CASE = "Calm, kind and quick: she turned a frightening night into a safe one."
PUBLIC_NAME = "Edna Marchbanks"
PUBLIC_CONTACT = "07700 900123"
OTHER_MEMBERS_COMMENT = "Outstanding under pressure, by every account"
MEAN = re.compile(r"Mean \d")


@dataclass
class World:
    """An open round with a nomination (and one from the public, through PALS), two thank-yous
    on the wall (one anonymous) and a Medicine compliment naming staff; none of it made by the
    user under test."""

    people: dict[str, User]
    clerk: User  # the administrator who opened the round; not the user under test
    pals_clerk: User  # the PALS officer who took the public's nomination
    second_member: User  # on the panel, besides M and H
    third_member: User  # on the panel, besides M and H
    award_round: AwardRound
    best_care: AwardCategory
    best_people: AwardCategory
    nominator: User  # made the nomination below; no role
    nominee: StaffMember
    nomination: Nomination  # in Best Care
    public_nomination: Nomination  # in Best People, on behalf of a member of the public
    colleague: StaffMember  # neither thanked nor nominated yet
    recipient: User  # a colleague with a sign-in, thanked twice
    sender: User  # sent the anonymous thank-you
    named_sender: User  # sent the other
    thank_you: ThankYou
    anonymous_thank_you: ThankYou
    compliment: FeedbackItem
    declined: Nomination | None = None  # made by publish(): a nominee who declined

    def fresh(self, record):
        record.refresh_from_db()
        return record


@pytest.fixture
def people(medicine_manager) -> dict[str, User]:
    """The signed-in user for each letter of the tables above."""
    return {
        P: UserFactory(role=Role.PALS_OFFICER),
        C: medicine_manager,
        B: UserFactory(role=Role.BOARD_MEMBER),
        A: UserFactory(role=Role.AWARDS_PANEL_MEMBER),
        M: UserFactory(role=Role.AWARDS_PANEL_MEMBER),
        H: UserFactory(role=Role.AWARDS_PANEL_MEMBER),
        D: UserFactory(role=Role.ADMINISTRATOR),
        N: UserFactory(),
    }


@pytest.fixture
def world(people, medicine) -> World:
    reference.load()
    clerk = UserFactory(role=Role.ADMINISTRATOR)
    pals_clerk = UserFactory(role=Role.PALS_OFFICER)
    second_member = UserFactory(role=Role.AWARDS_PANEL_MEMBER, first_name="Second")
    third_member = UserFactory(role=Role.AWARDS_PANEL_MEMBER, first_name="Third")
    award_round = open_round(
        chair=people[H], panel=[people[M], second_member, third_member], by=clerk
    )
    best_care, best_people = award_round.categories.order_by("position")
    nominator = colleague_user(medicine, name="Nina Nominator")
    nominee = StaffMemberFactory(csc=medicine, name="Norah Nightingale")
    recipient = colleague_user(medicine, name="Rory Recipient")
    sender = UserFactory(first_name="Ottoline", last_name="Quarrie")
    named_sender = UserFactory(first_name="Wendell", last_name="Openshaw")
    public_nominee = StaffMemberFactory(csc=medicine, name="Percy Porter")
    return World(
        people=people,
        clerk=clerk,
        pals_clerk=pals_clerk,
        second_member=second_member,
        third_member=third_member,
        award_round=award_round,
        best_care=best_care,
        best_people=best_people,
        nominator=nominator,
        nominee=nominee,
        nomination=nomination_make(
            by=nominator, award_round=award_round, category=best_care, nominee=nominee, case=CASE
        ),
        public_nomination=nomination_make(
            by=pals_clerk,
            award_round=award_round,
            category=best_people,
            nominee=public_nominee,
            case="He found my mother's glasses and read her the menu.",
            on_behalf_of_name=PUBLIC_NAME,
            on_behalf_of_contact=PUBLIC_CONTACT,
        ),
        colleague=StaffMemberFactory(csc=medicine, name="Colin Colleague"),
        recipient=recipient,
        sender=sender,
        named_sender=named_sender,
        thank_you=thank_you_send(
            by=named_sender,
            recipient=recipient.staff_member,
            value=ThankYou.Value.BEST_PEOPLE,
            message="Covered my shift at no notice",
        ),
        anonymous_thank_you=thank_you_send(
            by=sender,
            recipient=recipient.staff_member,
            value=ThankYou.Value.BEST_CARE,
            message="Always the calmest voice on the ward",
            show_sender=False,
        ),
        compliment=make_item(
            kind=Kind.COMPLIMENT,
            csc=medicine,
            staff_named=[nominee, StaffMemberFactory(csc=medicine, name="Hal Healthcare")],
            summary="Thank you to the night staff on ward 7",
            by=clerk,
        ),
    )


def url(name: str, world: World) -> str:
    round_pk, nomination_pk = world.award_round.pk, world.nomination.pk
    slug = world.compliment.reference_slug
    return {
        "index": lambda: reverse("recognition:index"),
        "thank": lambda: reverse("recognition:thank"),
        "wall": lambda: reverse("recognition:wall"),
        "thank_you": lambda: reverse("recognition:thank_you", args=[world.thank_you.pk]),
        "hide": lambda: reverse("recognition:hide", args=[world.thank_you.pk]),
        "from_compliment": lambda: reverse("recognition:from_compliment", args=[slug]),
        "round": lambda: reverse("recognition:round", args=[round_pk]),
        "nominate": lambda: reverse("recognition:nominate", args=[round_pk]),
        "nominate_from_compliment": lambda: (
            reverse("recognition:nominate", args=[round_pk]) + f"?compliment={slug}"
        ),
        "publish": lambda: reverse("recognition:publish", args=[round_pk]),
        "declined_certificate": lambda: reverse(
            "recognition:certificate", args=[world.declined.pk]
        ),
    }.get(name, lambda: reverse(f"recognition:{name}", args=[nomination_pk]))()


def nomination_url(nomination: Nomination) -> str:
    return reverse("recognition:nomination", args=[nomination.pk])


def certificate_url(nomination: Nomination) -> str:
    return reverse("recognition:certificate", args=[nomination.pk])


def action_data(name: str, world: World) -> dict:
    """A valid POST for each action, so a refusal can only be about who is asking."""
    nominate = {
        "who": "person",
        "person": world.colleague.email,
        "category": str(world.best_care.pk),
        "case": CASE,
    }
    return {
        "thank": lambda: {
            "who": "person",
            "person": world.colleague.email,
            "value": ThankYou.Value.BEST_CARE,
            "message": MESSAGE,
            "show_sender": "yes",
        },
        "hide": lambda: {"hidden_reason": "It names a patient"},
        "from_compliment": lambda: {
            "people": [str(world.nominee.pk)],
            "value": ThankYou.Value.BEST_CARE,
            "message": MESSAGE,
        },
        "nominate": lambda: nominate,
        # From a compliment, the nominee is someone it names (and not yet nominated).
        "nominate_from_compliment": lambda: {
            **nominate,
            "person": world.compliment.staff_named.get(name="Hal Healthcare").email,
        },
        "score": lambda: {
            **{f"criterion_{c.pk}": "4" for c in world.best_care.criteria.all()},
            "comment": "A clear case",
        },
        "conflict": lambda: {"reason": "I line-manage her"},
        "consent": lambda: {"given": "yes"},
        "shortlist": dict,
        "winner": lambda: {"reason": "The chair's call"},
        "publish": dict,
    }[name]()


def make_winner(nomination: Nomination, world: World) -> None:
    chair = world.people[H]
    if nomination.consent != Consent.GIVEN:
        nomination_record_consent(nomination=nomination, by=world.clerk, given=True)
    if nomination.stage == Stage.NOMINATED:
        nomination_shortlist(nomination=nomination, by=chair)
    # Unscored here: the chair's call, so a reason is recorded.
    nomination_pick_winner(nomination=nomination, by=chair, reason="The chair's call")


def prepare(name: str, world: World) -> None:
    """Bring the round to where the action is the next step, so only who asks can refuse it."""
    if name == "shortlist":
        nomination_record_consent(nomination=world.nomination, by=world.clerk, given=True)
    elif name == "winner":
        nomination_record_consent(nomination=world.nomination, by=world.clerk, given=True)
        nomination_shortlist(nomination=world.nomination, by=world.people[H])
    elif name == "publish":
        make_winner(world.nomination, world)
        make_winner(world.public_nomination, world)


def action_done(name: str, world: World, user) -> bool:
    """Whether the action's change is really there, made by this user."""
    nomination = world.fresh(world.nomination)
    if name == "thank":
        return ThankYou.objects.filter(
            sender=user, recipient=world.colleague, message=MESSAGE, show_sender=True
        ).exists()
    if name == "hide":
        thank_you = world.fresh(world.thank_you)
        return thank_you.is_hidden and thank_you.hidden_by == user
    if name == "from_compliment":
        return ThankYou.objects.filter(
            sender=user, recipient=world.nominee, compliment=world.compliment
        ).exists()
    if name == "nominate":
        return Nomination.objects.filter(
            nominated_by=user, nominee=world.colleague, compliment=None
        ).exists()
    if name == "nominate_from_compliment":
        return Nomination.objects.filter(
            nominated_by=user, nominee__name="Hal Healthcare", compliment=world.compliment
        ).exists()
    if name == "score":
        sheet = ScoreSheet.objects.filter(nomination=nomination, member=user).first()
        return sheet is not None and sheet.scores.count() == world.best_care.criteria.count()
    if name == "conflict":
        return ConflictDeclaration.objects.filter(nomination=nomination, member=user).exists()
    if name == "consent":
        return nomination.consent == Consent.GIVEN and nomination.consent_recorded_by == user
    if name == "shortlist":
        return nomination.stage == Stage.SHORTLISTED and nomination.updated_by == user
    if name == "winner":
        return nomination.stage == Stage.WINNER and nomination.updated_by == user
    if name == "publish":
        award_round = world.fresh(world.award_round)
        return award_round.results_published and award_round.results_published_by == user
    raise ValueError(name)


def snapshot() -> dict:
    """Everything a refused request must leave as it was."""
    audited = (
        ThankYou,
        AwardRound,
        Nomination,
        ScoreSheet,
        CriterionScore,
        ConflictDeclaration,
    )
    return {
        "thank_yous": list(
            ThankYou.objects.order_by("pk").values_list(
                "pk", "hidden_at", "hidden_by", "hidden_reason", "compliment"
            )
        ),
        "rounds": list(
            AwardRound.objects.order_by("pk").values_list(
                "pk", "results_published_at", "results_published_by"
            )
        ),
        "nominations": list(
            Nomination.objects.order_by("pk").values_list(
                "pk", "stage", "consent", "consent_recorded_by", "winner_reason", "updated_at"
            )
        ),
        "sheets": list(ScoreSheet.objects.order_by("pk").values_list("pk", "nomination", "member")),
        "scores": CriterionScore.objects.count(),
        "conflicts": list(
            ConflictDeclaration.objects.order_by("pk").values_list("pk", "nomination", "member")
        ),
        "history": [model.history.count() for model in audited],
        "compliment_timeline": FeedbackEvent.objects.count(),
        "emails": len(mail.outbox),
    }


def publish(world: World) -> World:
    """Winners in both categories, a third nominee who declined, and the results out."""
    world.declined = nomination_make(
        by=world.nominator,
        award_round=world.award_round,
        category=world.best_people,
        nominee=StaffMemberFactory(csc=world.nominee.csc, name="Dora Declined"),
        case=CASE,
    )
    nomination_record_consent(nomination=world.declined, by=world.clerk, given=False)
    make_winner(world.nomination, world)
    make_winner(world.public_nomination, world)
    round_publish_results(award_round=world.award_round, by=world.people[H])
    world.fresh(world.award_round)
    return world


@pytest.fixture
def published(world) -> World:
    return publish(world)


def form_errors(response):
    """For a failure message: why a change was not accepted."""
    context = response.context.flatten() if response.context else {}
    forms = {k: v.errors for k, v in context.items() if k.endswith("_form") or k == "form"}
    return {k: v for k, v in forms.items() if v} or response.status_code


def assert_pdf(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('attachment; filename="certificate-')


class TestTables:
    def test_every_recognition_url_is_in_a_table(self):
        names = {URL_NAME.get(name, name) for name in (*PAGES, *ACTIONS)}
        assert names == {p.name for p in urlpatterns}

    def test_post_only_urls_are_the_actions_without_a_page(self):
        assert set(POST_ONLY) == set(ACTIONS) - set(PAGES)


class TestSignInRequired:
    @pytest.mark.parametrize("name", PAGES)
    def test_anonymous_visitor_is_sent_to_sign_in_from_every_page(self, client, world, name):
        response = client.get(url(name, world))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("name", ACTIONS)
    def test_anonymous_visitor_is_sent_to_sign_in_from_every_action(self, client, world, name):
        prepare(name, world)
        before = snapshot()
        response = client.post(url(name, world), action_data(name, world))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert snapshot() == before


class TestPages:
    @pytest.mark.parametrize("who", EVERYONE)
    @pytest.mark.parametrize("name", PAGES)
    def test_each_user_reaches_only_the_pages_expected(self, client, world, name, who):
        if name == "certificate":
            # Certificates are only ever for nominees who agreed to be put forward.
            nomination_record_consent(nomination=world.nomination, by=world.clerk, given=True)
        client.force_login(world.people[who])
        response = client.get(url(name, world))
        assert response.status_code == PAGES[name][who]
        if name == "certificate" and response.status_code == OK:
            assert_pdf(response)

    @pytest.mark.parametrize("name", POST_ONLY)
    @pytest.mark.parametrize("who", [H, D])
    def test_actions_answer_only_a_post(self, client, world, name, who):
        prepare(name, world)
        client.force_login(world.people[who])
        before = snapshot()
        assert client.get(url(name, world)).status_code == 405
        assert snapshot() == before


class TestActions:
    @pytest.mark.parametrize("who", EVERYONE)
    @pytest.mark.parametrize("name", ACTIONS)
    def test_only_the_users_expected_make_each_change_and_a_refusal_changes_nothing(
        self, client, world, name, who
    ):
        prepare(name, world)
        user = world.people[who]
        client.force_login(user)
        before = snapshot()
        response = client.post(url(name, world), action_data(name, world))
        if ACTIONS[name][who] == OK:
            assert response.status_code == 302, form_errors(response)
            assert action_done(name, world, user)
        else:
            assert response.status_code == ACTIONS[name][who]
            assert snapshot() == before


class TestThankYous:
    @pytest.mark.parametrize("who", EVERYONE)
    def test_anyone_signed_in_sends_a_thank_you_and_it_shows_on_the_wall(self, client, world, who):
        client.force_login(world.people[who])
        response = client.post(url("thank", world), action_data("thank", world))
        assert response.status_code == 302, form_errors(response)
        sent = ThankYou.objects.get(sender=world.people[who])
        assert response.url == reverse("recognition:thank_you", args=[sent.pk])
        assert MESSAGE in client.get(url("wall", world)).text
        assert MESSAGE in client.get(response.url).text

    @pytest.mark.parametrize("who", EVERYONE)
    def test_anonymous_thank_you_shows_a_colleague_and_only_administrators_see_who(
        self, client, world, who
    ):
        client.force_login(world.people[who])
        card_url = reverse("recognition:thank_you", args=[world.anonymous_thank_you.pk])
        wall = client.get(url("wall", world)).text
        card = client.get(card_url).text
        sender = str(world.sender)
        assert "From A colleague" in wall
        assert "From A colleague" in card
        assert f"From {world.named_sender}" in wall  # the other thank-you names its sender
        if who in SEES_ANONYMOUS_SENDER:
            assert f"{sender} (shown as “a colleague”)" in card
        else:
            assert sender not in wall
            assert sender not in card

    @pytest.mark.parametrize("who", EVERYONE)
    def test_a_hidden_thank_you_leaves_the_wall_and_its_card_answers_404_but_to_administrators(
        self, client, world, who
    ):
        thank_you_hide(thank_you=world.thank_you, by=world.clerk, reason="Names a patient")
        client.force_login(world.people[who])
        before = snapshot()
        wall = client.get(url("wall", world))
        card = client.get(url("thank_you", world))
        hide_again = client.post(url("hide", world), action_data("hide", world))
        assert card.status_code == HIDDEN_CARD[who]
        if HIDDEN_CARD[who] == OK:
            assert "Covered my shift" in wall.text
            assert "Hidden from the wall" in wall.text
            assert "Names a patient" in card.text
            assert hide_again.status_code == 302  # back to the card, told it is already hidden
        else:
            assert "Covered my shift" not in wall.text
            assert "Always the calmest voice" in wall.text  # the other is still there
            assert hide_again.status_code == 404
        assert snapshot() == before

    def test_hiding_keeps_the_thank_you_with_who_hid_it_and_why(self, client, world):
        administrator = world.people[D]
        client.force_login(administrator)
        count = ThankYou.objects.count()
        response = client.post(url("hide", world), {"hidden_reason": "It names a patient"})
        assert response.status_code == 302, form_errors(response)
        thank_you = world.fresh(world.thank_you)
        assert ThankYou.objects.count() == count
        assert thank_you.hidden_by == administrator
        assert thank_you.hidden_reason == "It names a patient"
        assert thank_you.message == "Covered my shift at no notice"

    def test_hiding_needs_a_reason(self, client, world):
        client.force_login(world.people[D])
        before = snapshot()
        response = client.post(url("hide", world), {"hidden_reason": ""})
        assert response.status_code == 400
        assert snapshot() == before

    def test_the_colleague_thanked_no_longer_sees_a_hidden_thank_you_among_theirs(
        self, client, world
    ):
        client.force_login(world.recipient)
        assert "Covered my shift" in client.get(url("index", world)).text
        thank_you_hide(thank_you=world.thank_you, by=world.clerk, reason="Names a patient")
        index = client.get(url("index", world)).text
        assert "Covered my shift" not in index
        assert "Always the calmest voice" in index


class TestFromCompliment:
    @pytest.fixture
    def surgery_compliment(self, world, surgery) -> FeedbackItem:
        return make_item(
            kind=Kind.COMPLIMENT,
            csc=surgery,
            staff_named=[StaffMemberFactory(csc=surgery, name="Theo Theatres")],
            summary="Thank you to the theatre team",
            by=world.clerk,
        )

    def test_csc_manager_cannot_recognise_staff_from_another_cscs_compliment(
        self, client, world, surgery_compliment
    ):
        client.force_login(world.people[C])
        slug = surgery_compliment.reference_slug
        page = reverse("recognition:from_compliment", args=[slug])
        nominate = url("nominate", world) + f"?compliment={slug}"
        named = surgery_compliment.staff_named.get()
        before = snapshot()
        assert client.get(page).status_code == 404
        assert client.get(nominate).status_code == 404
        thanks = {**action_data("from_compliment", world), "people": [str(named.pk)]}
        assert client.post(page, thanks).status_code == 404
        assert client.post(nominate, action_data("nominate", world)).status_code == 404
        assert snapshot() == before

    @pytest.mark.parametrize("who", [P, C, D])
    def test_those_who_see_the_compliment_thank_its_staff_and_it_is_noted_on_it(
        self, client, world, who
    ):
        client.force_login(world.people[who])
        response = client.post(url("from_compliment", world), action_data("from_compliment", world))
        assert response.status_code == 302, form_errors(response)
        assert response.url == reverse("feedback:detail", args=[world.compliment.reference_slug])
        noted = world.compliment.events.filter(action="recognised", by=world.people[who])
        assert noted.get().description == f"Thank-you sent to {world.nominee.name}"


class TestNominating:
    @pytest.mark.parametrize("who", EVERYONE)
    def test_only_pals_and_administrators_nominate_on_behalf_of_the_public(
        self, client, world, who
    ):
        user = world.people[who]
        client.force_login(user)
        form = client.get(url("nominate", world)).text
        assert ('name="on_behalf_of_name"' in form) is (who in NOMINATES_ON_BEHALF)
        data = {
            **action_data("nominate", world),
            "on_behalf_of_name": "Mo Public",
            "on_behalf_of_contact": "mo@example.com",
        }
        response = client.post(url("nominate", world), data)
        assert response.status_code == 302, form_errors(response)
        made = Nomination.objects.get(nominated_by=user, nominee=world.colleague)
        if who in NOMINATES_ON_BEHALF:
            assert (made.on_behalf_of_name, made.on_behalf_of_contact) == (
                "Mo Public",
                "mo@example.com",
            )
        else:
            assert (made.on_behalf_of_name, made.on_behalf_of_contact) == ("", "")

    @pytest.mark.parametrize("who", [C, B, A, N])
    def test_before_the_results_a_nominator_reads_their_own_nomination_and_no_other(
        self, client, world, who
    ):
        user = world.people[who]
        mine = nomination_make(
            by=user,
            award_round=world.award_round,
            category=world.best_people,
            nominee=world.colleague,
            case=CASE,
        )
        client.force_login(user)
        assert client.get(nomination_url(mine)).status_code == 200
        assert client.get(nomination_url(world.nomination)).status_code == 404
        assert client.get(nomination_url(world.public_nomination)).status_code == 404
        round_page = client.get(url("round", world)).text
        assert world.colleague.name in round_page
        assert world.nominee.name not in round_page
        assert "Percy Porter" not in round_page
        # Their own nominee's certificate waits for the results.
        assert client.get(certificate_url(mine)).status_code == 403

    def test_nominator_without_a_role_reads_their_nomination(self, client, world):
        client.force_login(world.nominator)
        assert client.get(nomination_url(world.nomination)).status_code == 200
        assert client.get(certificate_url(world.nomination)).status_code == 403
        assert client.get(nomination_url(world.public_nomination)).status_code == 404

    @pytest.mark.parametrize("who", [P, M, H, D])
    def test_public_nominators_details_show_only_to_pals_and_administrators(
        self, client, world, who
    ):
        client.force_login(world.people[who])
        page = client.get(nomination_url(world.public_nomination))
        assert page.status_code == 200
        assert "A patient or member of the public, through PALS" in page.text
        shows = who in SEES_PUBLIC_CONTACT
        assert (PUBLIC_NAME in page.text) is shows
        assert (PUBLIC_CONTACT in page.text) is shows
        round_page = client.get(url("round", world)).text
        assert PUBLIC_NAME not in round_page
        assert PUBLIC_CONTACT not in round_page

    def test_pals_officers_round_page_lists_every_nomination(self, client, world):
        """PALS officers see every nomination (Nomination.objects.visible_to): the round's
        list should not narrow them to the ones they took themselves."""
        client.force_login(world.people[P])
        round_page = client.get(url("round", world)).text
        assert world.nominee.name in round_page
        assert "Percy Porter" in round_page


class TestPanel:
    @pytest.fixture
    def scored_by_another(self, world) -> World:
        """The second member has scored the nomination 5 and 5."""
        score_submit(
            nomination=world.nomination,
            member=world.second_member,
            scores={c.pk: 5 for c in world.best_care.criteria.all()},
            comment=OTHER_MEMBERS_COMMENT,
        )
        return world

    @pytest.mark.parametrize("who", [M, H])
    def test_member_who_has_not_scored_sees_no_mean_nor_anyone_elses_scores(
        self, client, scored_by_another, who
    ):
        world = scored_by_another
        client.force_login(world.people[who])
        round_page = client.get(url("round", world)).text
        page = client.get(url("nomination", world)).text
        assert not MEAN.search(round_page)
        assert "you see others' scores once you have" in round_page
        assert OTHER_MEMBERS_COMMENT not in page
        assert escape(str(world.second_member)) not in page
        assert "Save my scores" in page

    @pytest.mark.parametrize("who", [M, H])
    def test_member_sees_every_score_once_they_have_scored(self, client, scored_by_another, who):
        world = scored_by_another
        client.force_login(world.people[who])
        scores = {f"criterion_{c.pk}": "2" for c in world.best_care.criteria.all()}
        response = client.post(url("score", world), {**scores, "comment": "Good"})
        assert response.status_code == 302, form_errors(response)
        round_page = client.get(url("round", world)).text
        page = client.get(url("nomination", world)).text
        assert "Mean 3.5 from 2 scores" in round_page
        assert OTHER_MEMBERS_COMMENT in page
        assert escape(str(world.second_member)) in page
        assert "Save my scores" not in page

    def test_conflicted_member_never_sees_the_scores(self, client, scored_by_another):
        world = scored_by_another
        member = world.people[M]
        conflict_declare(nomination=world.nomination, member=member, reason="My sister")
        score_submit(
            nomination=world.nomination,
            member=world.third_member,
            scores={c.pk: 3 for c in world.best_care.criteria.all()},
        )
        client.force_login(member)
        round_page = client.get(url("round", world)).text
        page = client.get(url("nomination", world)).text
        assert "Conflict declared" in round_page
        assert not MEAN.search(round_page)
        assert "You declared a conflict of interest" in page
        assert OTHER_MEMBERS_COMMENT not in page
        assert "Save my scores" not in page

    def test_conflicted_member_cannot_score(self, client, world):
        member = world.people[M]
        conflict_declare(nomination=world.nomination, member=member, reason="My sister")
        client.force_login(member)
        before = snapshot()
        response = client.post(url("score", world), action_data("score", world), follow=True)
        assert "declared a conflict of interest" in response.text
        assert snapshot() == before

    def test_member_who_has_scored_cannot_then_declare_a_conflict(self, client, world):
        member = world.people[M]
        score_submit(
            nomination=world.nomination,
            member=member,
            scores={c.pk: 4 for c in world.best_care.criteria.all()},
        )
        client.force_login(member)
        before = snapshot()
        response = client.post(url("conflict", world), action_data("conflict", world), follow=True)
        assert "tell the chair about the conflict" in response.text
        assert snapshot() == before

    @pytest.mark.parametrize("who", [P, D])
    def test_off_the_panel_only_administrators_oversee_the_scores(
        self, client, scored_by_another, who
    ):
        world = scored_by_another
        client.force_login(world.people[who])
        round_page = client.get(url("round", world)).text
        page = client.get(url("nomination", world)).text
        oversees = who in OVERSEES_SCORES
        assert bool(MEAN.search(round_page)) is oversees
        assert (escape(str(world.second_member)) in page) is oversees
        assert "Save my scores" not in page

    def test_consent_declined_is_recorded_and_blocks_the_shortlist(self, client, world):
        chair = world.people[H]
        client.force_login(chair)
        response = client.post(url("consent", world), {"given": "no"})
        assert response.status_code == 302
        assert world.fresh(world.nomination).consent == Consent.DECLINED
        before = snapshot()
        response = client.post(url("shortlist", world), follow=True)
        assert "consent before shortlisting" in response.text
        assert snapshot() == before

    def test_a_round_can_be_published_when_a_categorys_only_nominee_declined(self, client, world):
        """A nominee who declines cannot be shortlisted, so their category can have no winner;
        that must not keep the other categories' results from being published."""
        nomination_record_consent(nomination=world.public_nomination, by=world.clerk, given=False)
        make_winner(world.nomination, world)
        client.force_login(world.people[H])
        response = client.post(url("publish", world), follow=True)
        assert response.status_code == 200
        assert world.fresh(world.award_round).results_published, response.text


class TestAfterResults:
    @pytest.mark.parametrize("who", EVERYONE)
    @pytest.mark.parametrize("name", PAGES_AFTER_RESULTS)
    def test_everyone_reads_the_round_and_downloads_certificates_but_a_declined_nominees(
        self, client, published, name, who
    ):
        client.force_login(published.people[who])
        response = client.get(url(name, published))
        assert response.status_code == PAGES_AFTER_RESULTS[name][who]
        if name == "certificate":
            assert_pdf(response)
            assert "winner" in response["Content-Disposition"]

    @pytest.mark.parametrize("who", EVERYONE)
    @pytest.mark.parametrize("name", ACTIONS_AFTER_RESULTS)
    def test_nothing_about_the_round_changes_any_more(self, client, published, name, who):
        client.force_login(published.people[who])
        before = snapshot()
        response = client.post(url(name, published), action_data(name, published))
        if ACTIONS_AFTER_RESULTS[name][who] == REFUSED:
            assert response.status_code in (302, 400)
        else:
            assert response.status_code == ACTIONS_AFTER_RESULTS[name][who]
        assert snapshot() == before

    @pytest.mark.parametrize("who", EVERYONE)
    def test_public_nominators_details_still_show_only_to_pals_and_administrators(
        self, client, world, who
    ):
        public_nomination = world.public_nomination
        publish(world)
        client.force_login(world.people[who])
        page = client.get(nomination_url(public_nomination))
        assert page.status_code == 200
        shows = who in SEES_PUBLIC_CONTACT
        assert (PUBLIC_NAME in page.text) is shows
        assert (PUBLIC_CONTACT in page.text) is shows
        round_page = client.get(url("round", world)).text
        assert PUBLIC_NAME not in round_page
        assert PUBLIC_CONTACT not in round_page

    @pytest.mark.parametrize("who", [P, C, B, A, N])
    def test_off_the_panel_no_one_but_administrators_sees_scores(self, client, world, who):
        score_submit(
            nomination=world.nomination,
            member=world.second_member,
            scores={c.pk: 5 for c in world.best_care.criteria.all()},
            comment=OTHER_MEMBERS_COMMENT,
        )
        publish(world)
        client.force_login(world.people[who])
        assert not MEAN.search(client.get(url("round", world)).text)
        assert OTHER_MEMBERS_COMMENT not in client.get(url("nomination", world)).text

    @pytest.mark.parametrize("who", [P, C, B, A, N])
    def test_a_declined_nominee_is_left_off_the_round_page(self, client, published, who):
        client.force_login(published.people[who])
        round_page = client.get(url("round", published)).text
        assert "Dora Declined" not in round_page
        assert published.nominee.name in round_page


class TestRefusalsAreExplained:
    """A change the rules refuse comes back with the reason, also when it is sent from a page
    opened before things moved on: a second administrator hiding the same thank-you, a member
    scoring in a tab left open, a chair's choice after the results are out."""

    def test_hiding_a_thank_you_already_hidden_says_so(self, client, world):
        thank_you_hide(thank_you=world.thank_you, by=world.clerk, reason="Names a patient")
        client.force_login(world.people[D])
        response = client.post(url("hide", world), action_data("hide", world), follow=True)
        assert "This thank-you is already hidden." in response.text

    def test_declaring_a_conflict_after_scoring_says_to_tell_the_chair(self, client, world):
        member = world.people[M]
        score_submit(
            nomination=world.nomination,
            member=member,
            scores={c.pk: 4 for c in world.best_care.criteria.all()},
        )
        client.force_login(member)
        response = client.post(url("conflict", world), action_data("conflict", world), follow=True)
        assert "tell the chair about the conflict" in response.text

    def test_scoring_twice_says_it_is_already_scored(self, client, world):
        member = world.people[M]
        score_submit(
            nomination=world.nomination,
            member=member,
            scores={c.pk: 4 for c in world.best_care.criteria.all()},
        )
        client.force_login(member)
        before = snapshot()
        response = client.post(url("score", world), action_data("score", world), follow=True)
        assert "You have already scored this nomination." in response.text
        assert snapshot() == before

    @pytest.mark.parametrize(
        ("who", "name"),
        [
            (who, name)
            for name, table in ACTIONS_AFTER_RESULTS.items()
            for who in table
            if table[who] == REFUSED
        ],
    )
    def test_a_change_after_the_results_says_they_are_published(self, client, published, name, who):
        """Someone with a page open from before the results (a member about to score, say) is
        told the results are out, not shown the page again with no reason."""
        client.force_login(published.people[who])
        response = client.post(url(name, published), action_data(name, published), follow=True)
        assert AFTER_RESULTS_REFUSAL in response.text
