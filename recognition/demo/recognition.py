"""A year of staff recognition for the demo, every record made through the real services.

A year of thank-yous across the CSCs (some passed on from compliments, some from "a colleague",
one hidden by an administrator); two finished award rounds (last year's annual awards and a
recent monthly customer care award) with nominations, conflicts, scores, shortlists, winners
and certificates to download; and this month's round, open for nominations, with a few in.
Each demo sign-in gets a staff record, so thank-yous and nominations can reach them.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from careprog.demo import quiet_emails
from careprog.models import Department, ExpectedBehaviour, StaffMember, User
from careprog.roles import Role
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from recognition.demo.texts import CASES, THANKS
from recognition.models import AwardRound, Nomination, ThankYou
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import (
    conflict_declare,
    nomination_pick_winner,
    nomination_shortlist,
    round_publish_results,
    score_submit,
)
from recognition.services.rounds import CategoryPlan, RoundPlan, award_round_open
from recognition.services.thanks import thank_you_hide, thank_you_send, thank_yous_from_compliment

SEED = 20261129
THANK_YOUS = 300
STAFF_USERS = 40
JOB_OF_ROLE = {
    Role.PALS_OFFICER: "PALS Officer",
    Role.CSC_MANAGER: "Clinical Service Centre Manager",
    Role.BOARD_MEMBER: "Non-executive Director",
    Role.AWARDS_PANEL_MEMBER: "Head of Organisational Development",
    Role.ADMINISTRATOR: "Systems Administrator",
}
ANNUAL_CATEGORIES = [
    CategoryPlan("Best Care", ["Difference made to patients", "Going beyond the expected"]),
    CategoryPlan("Best People", ["Support for colleagues", "Living the trust's values"]),
    CategoryPlan("Best Hospital", ["Improvement achieved", "Lasting change"]),
    CategoryPlan("Excellent customer care", ["Listening to patients", "Keeping people informed"]),
    CategoryPlan(
        "Patients' choice",
        ["Difference made to the patient", "Kindness shown"],
        "Nominated by patients, families and the public, through PALS.",
    ),
]
MONTHLY_CATEGORIES = [
    CategoryPlan(
        "Customer care award of the month",
        ["Listening to patients", "Keeping people informed", "Going beyond the expected"],
    )
]


@dataclass
class People:
    users: list[User]
    staff: list[StaffMember]
    pals: User
    admin: User
    board: User
    panel: User
    managers: list[User]


class DemoRecognition:
    def __init__(self, today: date):
        self.today = today
        self.rng = random.Random(SEED)
        self.people = self.gather_people()
        self.teams = list(Department.objects.active().select_related("csc").order_by("pk"))
        self.behaviours = list(ExpectedBehaviour.objects.active().order_by("position"))

    # --- people

    def gather_people(self) -> People:
        names = ["pals", "admin", "board", "panel", "manager.medicine", "manager.surgery"]
        demo = {u.username: u for u in User.objects.filter(username__in=names)}
        for user in demo.values():
            self.give_staff_record(user)
        staff = list(StaffMember.objects.active().select_related("csc").order_by("email"))
        users = [*demo.values(), *self.staff_users(staff)]
        return People(
            users=users,
            staff=staff,
            pals=demo["pals"],
            admin=demo["admin"],
            board=demo["board"],
            panel=demo["panel"],
            managers=[demo["manager.medicine"], demo["manager.surgery"]],
        )

    def give_staff_record(self, user: User) -> None:
        """A staff record for a demo sign-in, so thank-yous and nominations can reach them."""
        if user.staff_member_id:
            return
        role = next(iter(sorted(user.roles)), None)
        csc = user.managed_cscs.order_by("name").first()
        person = StaffMember.objects.create(
            name=user.get_full_name(),
            job_title=JOB_OF_ROLE.get(role, "Member of staff"),
            staff_group=StaffMember.StaffGroup.MANAGEMENT,
            csc=csc,
            email=user.email,
        )
        user.staff_member = person
        user.save(update_fields=["staff_member"])

    def staff_users(self, staff: list[StaffMember]) -> list[User]:
        """Colleagues who use the service to say thank you (they cannot sign in to the demo)."""
        users = []
        taken = set(User.objects.exclude(staff_member=None).values_list("staff_member", flat=True))
        for person in [p for p in staff if p.pk not in taken][:STAFF_USERS]:
            first, _, last = person.name.partition(" ")
            user = User.objects.create(
                username=f"staff.{person.pk}",
                first_name=first,
                last_name=last,
                email=person.email,
                staff_member=person,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            users.append(user)
        return users

    # --- thank-yous

    def build(self) -> None:
        self.thank_yous()
        self.from_compliments()
        self.annual_round()
        self.monthly_round()
        self.open_round()

    def thank_yous(self) -> None:
        made = []
        for _ in range(THANK_YOUS):
            sender = self.rng.choice(self.people.users)
            value = self.rng.choice(list(THANKS))
            team = self.rng.choice(self.teams) if self.rng.random() < 0.15 else None
            recipient = None
            if team is None:
                recipient = self.rng.choice(
                    [p for p in self.people.staff[:200] if p.pk != sender.staff_member_id]
                )
            ward = (team or self.rng.choice(self.teams)).name
            behaviour = self.rng.choice(
                [b for b in self.behaviours if b.value == value] + [None, None]
            )
            made.append(
                thank_you_send(
                    by=sender,
                    recipient=recipient,
                    team=team,
                    value=value,
                    behaviour=behaviour,
                    message=self.rng.choice(THANKS[value]).format(ward=ward),
                    show_sender=self.rng.random() > 0.2,
                )
            )
        self.spread_over_the_year(made)
        thank_you_hide(
            thank_you=made[7],
            by=self.people.admin,
            reason="It named a patient; the sender has been asked to send it again without.",
        )

    def spread_over_the_year(self, made: list[ThankYou]) -> None:
        """The demo makes everything today; date the thank-yous across the last year, as they
        would have come in (a demo-only rewrite of when, not of what)."""
        for thank_you in made:
            day = self.today - timedelta(days=self.rng.randrange(365))
            moment = datetime.combine(day, time(9 + self.rng.randrange(9), self.rng.randrange(60)))
            thank_you.created_at = timezone.make_aware(moment)
        ThankYou.objects.bulk_update(made, ["created_at"], batch_size=500)

    def from_compliments(self) -> None:
        compliments = FeedbackItem.objects.filter(kind=Kind.COMPLIMENT, staff_named__isnull=False)
        for item in compliments.distinct().order_by("-received_on")[:10]:
            thank_yous_from_compliment(
                by=self.people.pals,
                compliment=item,
                people=list(item.staff_named.all()),
                value=ExpectedBehaviour.Value.BEST_CARE,
                message=f"We received a compliment about you: “{item.summary}”",
            )

    # --- award rounds

    def panel_of(self, *users) -> list[User]:
        group = Group.objects.get(name=Role.AWARDS_PANEL_MEMBER.label)
        for user in users:
            user.groups.add(group)
        return list(users)

    def annual_round(self) -> None:
        opens = self.today - timedelta(days=300)
        award_round = award_round_open(
            plan=RoundPlan(
                name=f"Staff awards {opens.year}",
                frequency=AwardRound.Frequency.ANNUAL,
                opens=opens,
                closes=opens + timedelta(days=30),
                chair=self.people.board,
                panel=self.panel_of(self.people.panel, self.people.managers[0]),
                categories=ANNUAL_CATEGORIES,
            ),
            by=self.people.admin,
        )
        self.run_round(award_round, per_category=3, published=opens + timedelta(days=60))

    def monthly_round(self) -> None:
        month = (self.today.replace(day=1) - timedelta(days=35)).replace(day=1)
        award_round = award_round_open(
            plan=RoundPlan(
                name=f"Customer care award, {month:%B %Y}",
                frequency=AwardRound.Frequency.MONTHLY,
                opens=month,
                closes=month + timedelta(days=19),
                chair=self.people.panel,
                panel=[self.people.managers[0], self.people.managers[1]],
                categories=MONTHLY_CATEGORIES,
            ),
            by=self.people.admin,
        )
        self.run_round(award_round, per_category=4, published=month + timedelta(days=35))

    def open_round(self) -> None:
        award_round = award_round_open(
            plan=RoundPlan(
                name=f"Customer care award, {self.today:%B %Y}",
                frequency=AwardRound.Frequency.MONTHLY,
                opens=self.today - timedelta(days=14),
                closes=self.today + timedelta(days=14),
                chair=self.people.panel,
                panel=[self.people.board, self.people.managers[1]],
                categories=MONTHLY_CATEGORIES,
            ),
            by=self.people.admin,
        )
        self.nominate(award_round, per_category=3, on=self.today - timedelta(days=3))

    def nominate(self, award_round: AwardRound, *, per_category: int, on: date) -> list:
        made = []
        chosen = set()
        # The panel judges the round: they do not nominate in it.
        judges = set(award_round.panel.values_list("pk", flat=True)) | {award_round.chair_id}
        nominators = [u for u in self.people.users if u.pk not in judges]
        for category in award_round.categories.order_by("position"):
            public = "choice" in category.name
            for _ in range(per_category):
                nominee = self.rng.choice([p for p in self.people.staff if p.pk not in chosen])
                chosen.add(nominee.pk)
                by = (
                    self.people.pals
                    if public
                    else self.rng.choice([u for u in nominators if u.staff_member_id != nominee.pk])
                )
                ward = nominee.csc.name if nominee.csc_id else "the trust"
                made.append(
                    nomination_make(
                        by=by,
                        award_round=award_round,
                        category=category,
                        nominee=nominee,
                        case=self.rng.choice(CASES).format(name=nominee.name, ward=ward),
                        on_behalf_of_name="Mrs J. Example" if public else "",
                        on_behalf_of_contact="07700 900123" if public else "",
                        today=on,
                    )
                )
        return made

    def run_round(self, award_round: AwardRound, *, per_category: int, published: date) -> None:
        """Nominations, consent, conflicts and scores, the chair's shortlist and winners, then
        the results (certificates to download; the demo sends none)."""
        made = self.nominate(
            award_round, per_category=per_category, on=award_round.nominations_open_on
        )
        chair = award_round.chair
        members = list(award_round.panel.order_by("username"))
        for index, nomination in enumerate(made):
            # The last nominee of each round declines: they are not listed or sent anything.
            given = index != len(made) - 1
            nomination_record_consent(nomination=nomination, by=chair, given=given)
        # A member (not the chair) declares a conflict on the first nomination.
        conflicted = ([m for m in members if m.pk != chair.pk][-1], made[0])
        conflict_declare(
            nomination=conflicted[1], member=conflicted[0], reason="Works on the same ward"
        )
        for nomination in made:
            criteria = list(nomination.category.criteria.all())
            for member in members:
                if (member, nomination) == conflicted:
                    continue
                score_submit(
                    nomination=nomination,
                    member=member,
                    scores={c.pk: self.rng.randint(2, 5) for c in criteria},
                    comment=self.rng.choice(["", "", "A strong case.", "Well evidenced."]),
                )
        for category in award_round.categories.order_by("position"):
            ranked = list(
                Nomination.objects.filter(category=category, consent="given")
                .with_scores()
                .order_by("-mean_score", "pk")
            )
            for nomination in ranked[:2]:
                nomination_shortlist(nomination=nomination, by=chair)
            if ranked:
                tie = len(ranked) > 1 and ranked[1].mean_score >= ranked[0].mean_score
                nomination_pick_winner(
                    nomination=ranked[0],
                    by=chair,
                    reason="The panel agreed the difference made to patients was greater."
                    if tie
                    else "",
                )
        round_publish_results(award_round=award_round, by=chair, email_certificates=False)
        # Dated when the panel met (a demo-only rewrite of when, not of what).
        AwardRound.objects.filter(pk=award_round.pk).update(
            results_published_at=timezone.make_aware(datetime.combine(published, time(12)))
        )


def load() -> str:
    if ThankYou.objects.exists() or AwardRound.objects.exists():
        return "none added: recognition already has records (the demo fills an empty one only)"
    if not StaffMember.objects.exists():
        return "none added: load the staff directory first"
    today = timezone.localdate()
    with quiet_emails(), transaction.atomic():
        DemoRecognition(today).build()
    return (
        f"{ThankYou.objects.count()} thank-yous, {AwardRound.objects.count()} award rounds, "
        f"{Nomination.objects.count()} nominations"
    )
