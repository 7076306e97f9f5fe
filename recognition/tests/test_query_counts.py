"""The recognition pages keep the same number of queries however many rows they show.

Each test measures a page over a small data set, grows every kind of row the page shows
(thank-yous to people and teams, anonymous and hidden ones; nominations of colleagues and teams
in each category, from the public and from compliments; score sheets from several members;
conflicts), and measures again.
"""

import re
from dataclasses import dataclass, field
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careprog.models import ExpectedBehaviour, User
from careprog.reference.loaders import load_care_standards
from careprog.roles import Role
from careprog.tests.factories import DepartmentFactory, StaffMemberFactory, UserFactory
from feedback import reference
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from recognition.models import AwardRound, Consent, Nomination, ThankYou
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

PANEL_SIZE = 8  # besides the chair and the member under test: enough to grow a nomination's sheets


def measure(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured)


@dataclass
class World:
    """Medicine and Surgery, a colleague who is thanked and nominates (the reader), an open
    round with a big panel, and the nomination whose page is measured."""

    cscs: list
    clerk: User
    pals: User
    administrator: User
    reader: User
    chair: User
    member: User
    others: list[User]  # the rest of the panel, who score and declare conflicts
    award_round: AwardRound
    target: Nomination
    made: int = 0
    scored_target: list = field(default_factory=list)

    def person(self, n: int):
        self.made += 1
        return StaffMemberFactory(csc=self.cscs[n % 2], name=f"Colleague {self.made:03d}")

    def team(self, n: int):
        self.made += 1
        return DepartmentFactory(csc=self.cscs[n % 2], name=f"Ward {self.made:03d}")


def scores(nomination: Nomination, value: int) -> dict[int, int]:
    return {c.pk: value for c in nomination.category.criteria.all()}


def thank_yous(world: World, n: int) -> None:
    """Six shapes of thank-you: to a colleague, to a team, anonymous, with an expected
    behaviour, to the reader, and hidden."""
    senders = [world.clerk, world.pals, world.member, *world.others]
    sender = senders[n % len(senders)]
    care = ThankYou.Value.BEST_CARE
    behaviour = ExpectedBehaviour.objects.filter(value=care).order_by("position").first()
    thank_you_send(by=sender, recipient=world.person(n), value=care, message=f"Person {n}")
    thank_you_send(
        by=sender, team=world.team(n), value=ThankYou.Value.BEST_PEOPLE, message=f"Team {n}"
    )
    thank_you_send(
        by=sender,
        recipient=world.person(n),
        value=care,
        message=f"Quiet {n}",
        show_sender=False,
    )
    thank_you_send(
        by=sender, recipient=world.person(n), value=care, behaviour=behaviour, message=f"B {n}"
    )
    thank_you_send(
        by=sender, recipient=world.reader.staff_member, value=care, message=f"For you {n}"
    )
    hidden = thank_you_send(
        by=sender, recipient=world.person(n), value=care, message=f"Unsuitable {n}"
    )
    thank_you_hide(thank_you=hidden, by=world.administrator, reason="Names a patient")


def nominations(world: World, award_round: AwardRound, n: int) -> list[Nomination]:
    """A colleague (by the reader), a team (from the public, through PALS), and a colleague
    named on a compliment (passed on by PALS), across the round's categories."""
    best_care, best_people = award_round.categories.order_by("position")
    compliment_person = world.person(n)
    compliment = make_item(
        kind=Kind.COMPLIMENT,
        csc=compliment_person.csc,
        staff_named=[compliment_person],
        by=world.pals,
    )
    return [
        nomination_make(
            by=world.reader,
            award_round=award_round,
            category=best_care,
            nominee=world.person(n),
            case=f"Case {n}",
        ),
        nomination_make(
            by=world.pals,
            award_round=award_round,
            category=best_people,
            team=world.team(n),
            case=f"Team case {n}",
            on_behalf_of_name=f"Member of the public {n}",
            on_behalf_of_contact=f"0770090{n:04d}",
        ),
        nomination_make(
            by=world.pals,
            award_round=award_round,
            category=best_care if n % 2 else best_people,
            nominee=compliment_person,
            case=f"From a compliment {n}",
            compliment=compliment,
        ),
    ]


def judge(world: World, made: list[Nomination], n: int) -> None:
    """Consent for each; scores from the member (some), the chair and two others; a conflict
    from a third."""
    for i, nomination in enumerate(made):
        nomination_record_consent(nomination=nomination, by=world.administrator, given=i != 2)
        if i == 0:
            score_submit(nomination=nomination, member=world.member, scores=scores(nomination, 4))
        elif i == 1:
            conflict_declare(nomination=nomination, member=world.member, reason="My own ward")
        score_submit(nomination=nomination, member=world.chair, scores=scores(nomination, 3))
        for other in world.others[n % 3 : n % 3 + 2]:
            score_submit(nomination=nomination, member=other, scores=scores(nomination, 5))
        conflict_declare(
            nomination=nomination, member=world.others[(n % 3) + 3], reason="Works with them"
        )


def score_target(world: World, members: int) -> None:
    """More of the panel score the measured nomination, each with a comment."""
    for other in world.others:
        if members == 0:
            break
        if other in world.scored_target:
            continue
        score_submit(
            nomination=world.target,
            member=other,
            scores=scores(world.target, 2 + len(world.scored_target) % 4),
            comment=f"Comment from {other}",
        )
        world.scored_target.append(other)
        members -= 1


def grow(world: World, *, rounds: int, sheets: int) -> None:
    for _ in range(rounds):
        n = world.made
        thank_yous(world, n)
        judge(world, nominations(world, world.award_round, n), n)
    score_target(world, sheets)


@pytest.fixture
def world(db, medicine, surgery) -> World:
    reference.load()
    load_care_standards()  # the expected behaviours a thank-you may name
    clerk = UserFactory(role=Role.ADMINISTRATOR)
    chair = UserFactory(role=Role.AWARDS_PANEL_MEMBER)
    member = UserFactory(role=Role.AWARDS_PANEL_MEMBER)
    others = [UserFactory(role=Role.AWARDS_PANEL_MEMBER) for _ in range(PANEL_SIZE)]
    award_round = open_round(chair=chair, panel=[member, *others], by=clerk)
    reader = colleague_user(medicine, name="Rowan Reader")
    best_care = award_round.categories.order_by("position").first()
    target = nomination_make(
        by=reader,
        award_round=award_round,
        category=best_care,
        nominee=StaffMemberFactory(csc=medicine, name="Tess Target"),
        case="The one whose page is measured",
    )
    nomination_record_consent(nomination=target, by=clerk, given=True)
    # The member and the chair have scored it, so they see every sheet on its page.
    score_submit(nomination=target, member=member, scores=scores(target, 4), comment="Mine")
    score_submit(nomination=target, member=chair, scores=scores(target, 3), comment="Chair's")
    return World(
        cscs=[medicine, surgery],
        clerk=clerk,
        pals=UserFactory(role=Role.PALS_OFFICER),
        administrator=UserFactory(role=Role.ADMINISTRATOR),
        reader=reader,
        chair=chair,
        member=member,
        others=others,
        award_round=award_round,
        target=target,
    )


def published_round(world: World, *, name: str, size: int) -> AwardRound:
    """A round judged and published: ``size`` rounds of nominations, scored, with a winner in
    each category."""
    award_round = open_round(
        chair=world.chair, panel=[world.member, *world.others], by=world.clerk, name=name
    )
    for _ in range(size):
        n = world.made
        judge(world, nominations(world, award_round, n), n)
    for category in award_round.categories.all():
        given = list(category.nominations.filter(consent=Consent.GIVEN).order_by("pk"))
        for nomination in given:
            nomination_shortlist(nomination=nomination, by=world.chair)
        nomination_pick_winner(nomination=given[0], by=world.chair, reason="The chair's call")
    round_publish_results(
        award_round=award_round,
        by=world.chair,
        email_certificates=False,
    )
    return award_round


def wall(world: World) -> str:
    return reverse("recognition:wall")


def wall_filtered(world: World) -> str:
    return reverse("recognition:wall") + "?csc=med&value=best_care"


def wall_second_page(client) -> str:
    """The wall's "Next" link, as a person would follow it (it carries the last card's key)."""
    first = client.get(reverse("recognition:wall"))
    link = re.search(r'nhsuk-pagination__link--next" href="([^"]+)"', first.text)
    return reverse("recognition:wall") + unescape(link.group(1))


def index(world: World) -> str:
    return reverse("recognition:index")


def round_page(world: World) -> str:
    return reverse("recognition:round", args=[world.award_round.pk])


def nomination_page(world: World) -> str:
    return reverse("recognition:nomination", args=[world.target.pk])


# Who looks at which page of the open round. The reader is an ordinary colleague: they see their
# own nominations on the round's page and the thank-yous they have had on the index.
CASES = [
    ("reader", "wall", wall),
    ("reader", "wall filtered", wall_filtered),
    ("administrator", "wall", wall),  # hidden thank-yous too
    ("administrator", "wall filtered", wall_filtered),
    ("reader", "index", index),
    ("member", "index", index),
    ("member", "round", round_page),
    ("chair", "round", round_page),
    ("pals", "round", round_page),
    ("administrator", "round", round_page),
    ("reader", "round", round_page),
    ("member", "nomination", nomination_page),
    ("chair", "nomination", nomination_page),
    ("administrator", "nomination", nomination_page),
    ("pals", "nomination", nomination_page),
    ("reader", "nomination", nomination_page),
]


class TestConstantQueries:
    @pytest.mark.parametrize(
        ("who", "name", "url"), CASES, ids=[f"{who}-{name}" for who, name, _ in CASES]
    )
    def test_a_page_costs_the_same_whatever_it_shows(self, client, world, who, name, url):
        client.force_login(getattr(world, who))
        grow(world, rounds=1, sheets=1)
        few = measure(client, url(world))
        grow(world, rounds=4, sheets=PANEL_SIZE)
        more = measure(client, url(world))
        assert more == few, f"{who} {name}: {few} queries with few rows, {more} with more"

    def test_the_walls_second_page_costs_the_same_as_its_first(self, client, world):
        client.force_login(world.reader)
        grow(world, rounds=5, sheets=0)
        assert ThankYou.objects.shown().count() > 20  # more than a page
        second_page = wall_second_page(client)
        assert client.get(second_page).context["page"].number == 2
        assert measure(client, second_page) == measure(client, wall(world))

    def test_the_data_grows_in_every_shape(self, world):
        """What the test above relies on: every kind of row is there, and many of them."""
        grow(world, rounds=5, sheets=PANEL_SIZE)
        shown = ThankYou.objects.shown()
        assert shown.filter(team__isnull=False).count() >= 5
        assert shown.filter(show_sender=False).count() >= 5
        assert shown.filter(behaviour__isnull=False).count() >= 5
        assert ThankYou.objects.filter(hidden_at__isnull=False).count() >= 5
        assert shown.filter(recipient=world.reader.staff_member).count() >= 5
        in_round = Nomination.objects.in_round(world.award_round)
        assert in_round.values("category").distinct().count() == 2
        assert in_round.filter(team__isnull=False).count() >= 5
        assert in_round.filter(compliment__isnull=False).count() >= 5
        assert in_round.filter(nominated_by=world.reader).count() >= 5
        assert world.target.sheets.count() == PANEL_SIZE + 2
        assert world.member.conflicts_declared.count() >= 5


# Once the results are out: a small round and a big one, read by each kind of user.
PUBLISHED_CASES = [
    ("reader", "round"),
    ("reader", "nomination"),
    ("member", "round"),
    ("pals", "round"),
    ("administrator", "round"),
]


class TestConstantQueriesOncePublished:
    @pytest.mark.parametrize(
        ("who", "page"), PUBLISHED_CASES, ids=[f"{who}-{page}" for who, page in PUBLISHED_CASES]
    )
    def test_a_published_rounds_page_costs_the_same_whatever_it_holds(
        self, client, world, who, page
    ):
        client.force_login(getattr(world, who))

        def url(award_round):
            if page == "round":
                return reverse("recognition:round", args=[award_round.pk])
            winner = Nomination.objects.in_round(award_round).winners().first()
            return reverse("recognition:nomination", args=[winner.pk])

        small = published_round(world, name="Small round", size=1)
        few = measure(client, url(small))
        big = published_round(world, name="Big round", size=5)
        assert Nomination.objects.in_round(big).count() == 15
        more = measure(client, url(big))
        assert more == few, f"{who} {page}: {few} queries with few rows, {more} with more"


class TestWallPages:
    def test_following_next_shows_every_card_once_newest_first(self, client, world, monkeypatch):
        """The wall is keyed by date-time (with its time zone): each card once, in order."""
        monkeypatch.setattr("recognition.views.thanks.WALL_PAGE_SIZE", 7)
        client.force_login(world.reader)
        grow(world, rounds=3, sheets=0)
        url, shown = reverse("recognition:wall"), []
        response = client.get(url)
        while True:
            shown += response.context["page"].object_list
            link = re.search(r'nhsuk-pagination__link--next" href="([^"]+)"', response.text)
            if not link:
                break
            response = client.get(url + unescape(link.group(1)))
        expected = list(ThankYou.objects.shown().order_by("-created_at", "-pk"))
        assert len(expected) > 14  # three pages or more
        assert shown == expected
