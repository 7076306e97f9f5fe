"""Nominations for the volume seed: about one for every hundred items, over the staff awards.

Nominations go to the rounds (reports/volume/rounds.py) that have opened, more to recent years,
each of a colleague or team not yet nominated in that round. That is the model's rule (one
category a nominee a round), and it caps a round at the staff and teams there are: what a round
cannot take goes to another with room, and what no round can take is not made. Closed rounds
have consent recorded, each panel member's scores and a shortlist of each category's three
best; published rounds a winner in each category still without one, and certificates marked
sent (the resend task must not mail seeded ones). Written in bulk without history, like the
items.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from careprog.models import Department, StaffMember
from recognition.demo.texts import CASES
from recognition.models import (
    AwardCategory,
    AwardRound,
    Consent,
    CriterionScore,
    Nomination,
    ScoreSheet,
    ScoringCriterion,
    Stage,
)
from reports.volume.rounds import annual_rounds, recognition_people
from reports.volume.stamps import dated_as_given, moment

if TYPE_CHECKING:
    from reports.volume.seed import Summary

BATCH = 5_000
SHORTLIST = 3
DECLINED = 0.12
TIE_REASON = "The panel agreed the difference made to patients was greater."


@dataclass
class RoundState:
    """What a round holds already, and what is being added to it."""

    award_round: AwardRound
    categories: list[AwardCategory]
    criteria: dict[int, list[int]]
    panel: list[int]
    with_winner: set[int]
    running: set[int]  # categories with a nomination in the running already
    free: list[tuple]  # who in the pool can still be nominated in it
    made: list[Nomination] = field(default_factory=list)
    scores: dict[int, list[list[int]]] = field(default_factory=dict)  # by index in made
    emailable: set[int] = field(default_factory=set)  # colleagues with an address, by index


class AwardsSeeder:
    def __init__(self, *, total: int, years: int, seed: int, staff: dict, officers, managers):
        self.rng = random.Random(seed + 4)
        self.total = total
        self.today, self.now = timezone.localdate(), timezone.now()
        self.first_year = self.today.year - years + 1
        self.officers, self.nominators = list(officers), [*officers, *managers]
        self.admin, self.panel = recognition_people()
        staff_ids = [pk for pks in staff.values() for pk in pks]
        people = StaffMember.objects.filter(pk__in=staff_ids).order_by("pk")
        teams = Department.objects.active().filter(csc__in=list(staff)).order_by("pk")
        self.wards = {}
        for csc, name in teams.values_list("csc", "name"):
            self.wards.setdefault(csc, []).append(name)
        # ("nominee" or "team", pk, CSC, name, email)
        self.pool = [
            ("nominee", *person) for person in people.values_list("pk", "csc", "name", "email")
        ] + [
            ("team", pk, csc, name, "") for pk, csc, name in teams.values_list("pk", "csc", "name")
        ]

    def run(self, summary: "Summary") -> None:
        models = (AwardRound, AwardCategory, ScoringCriterion, Nomination, ScoreSheet)
        with dated_as_given(*models, CriterionScore):
            with transaction.atomic():
                rounds = annual_rounds(
                    years=range(self.first_year, self.today.year + 1),
                    rng=self.rng,
                    admin=self.admin,
                    panel=self.panel,
                    summary=summary,
                )
            states = [self.state(r) for r in rounds if r.nominations_open_on <= self.today]
            for state, wanted in zip(states, self.shares(states), strict=True):
                with transaction.atomic():
                    self.nominate(state, wanted, summary)

    def state(self, award_round: AwardRound) -> RoundState:
        categories = list(award_round.categories.order_by("position", "pk"))
        criteria = {category.pk: [] for category in categories}
        rows = ScoringCriterion.objects.filter(category__in=categories).order_by("position", "pk")
        for pk, category_id in rows.values_list("pk", "category"):
            criteria[category_id].append(pk)
        earlier = Nomination.objects.in_round(award_round)
        taken = set()
        for nominee, team in earlier.values_list("nominee", "team"):
            taken.add(("nominee", nominee) if nominee else ("team", team))
        return RoundState(
            award_round=award_round,
            categories=categories,
            criteria=criteria,
            panel=list(award_round.panel.order_by("pk").values_list("pk", flat=True)),
            with_winner=set(earlier.filter(stage=Stage.WINNER).values_list("category", flat=True)),
            running=set(earlier.in_the_running().values_list("category", flat=True)),
            free=[entry for entry in self.pool if (entry[0], entry[1]) not in taken],
        )

    def shares(self, states: list[RoundState]) -> list[int]:
        """How many nominations each round takes: more in recent years, none past its pool."""
        if not states:
            return []
        picks = self.rng.choices(
            range(len(states)), [i + 1 for i in range(len(states))], k=self.total
        )
        wanted = Counter(picks)
        room = [len(state.free) for state in states]
        shares = [min(wanted[i], room[i]) for i in range(len(states))]
        over = self.total - sum(shares)
        for i in reversed(range(len(states))):
            extra = min(over, room[i] - shares[i])
            shares[i] += extra
            over -= extra
        return shares

    # --- nominations

    def nominate(self, state: RoundState, wanted: int, summary: "Summary") -> None:
        for entry in self.rng.sample(state.free, wanted):
            self.nomination(state, entry)
        self.decide(state)
        Nomination.objects.bulk_create(state.made, batch_size=BATCH)
        sheets = self.score_sheets(state)
        ScoreSheet.objects.bulk_create([sheet for sheet, _ in sheets], batch_size=BATCH)
        scores = []
        for sheet, values in sheets:
            scores += [
                CriterionScore(
                    sheet_id=sheet.pk,
                    criterion_id=criterion,
                    value=value,
                    created_by_id=sheet.member_id,
                    updated_by_id=sheet.member_id,
                    created_at=sheet.created_at,
                    updated_at=sheet.created_at,
                )
                for criterion, value in values
            ]
        CriterionScore.objects.bulk_create(scores, batch_size=BATCH)
        summary.nominations += len(state.made)
        summary.score_sheets += len(sheets)

    def nomination(self, state: RoundState, entry: tuple) -> None:
        rng, award_round = self.rng, state.award_round
        kind, pk, csc_id, name, email = entry
        place = name if kind == "team" else rng.choice(self.wards.get(csc_id, ["the ward"]))
        category = rng.choice(state.categories)
        public = "choice" in category.name.lower()
        last = min(award_round.nominations_close_on, self.today)
        on = award_round.nominations_open_on + timedelta(
            days=rng.randrange((last - award_round.nominations_open_on).days + 1)
        )
        at = moment(on, rng, now=self.now)
        by = rng.choice(self.officers if public else self.nominators)
        nomination = Nomination(
            round=award_round,
            category=category,
            csc_id=csc_id,
            case=rng.choice(CASES).format(name=name, ward=place),
            nominated_by_id=by,
            on_behalf_of_name=f"Mrs {rng.choice('ABCDEFGHJKLMNPRSTW')}. Example" if public else "",
            on_behalf_of_contact=f"07700 900{rng.randrange(1000):03d}" if public else "",
            created_by_id=by,
            updated_by_id=by,
            created_at=at,
            updated_at=at,
        )
        setattr(nomination, f"{kind}_id", pk)
        self.consent(nomination, on)
        if kind == "nominee" and email:
            state.emailable.add(len(state.made))
        state.made.append(nomination)

    def consent(self, nomination: Nomination, on: date) -> None:
        award_round, roll = nomination.round, self.rng.random()
        if award_round.nominations_close_on < self.today:
            asked = award_round.nominations_close_on + timedelta(days=self.rng.randrange(1, 15))
            answer = Consent.DECLINED if roll < DECLINED else Consent.GIVEN
        else:
            asked = on + timedelta(days=self.rng.randrange(1, 8))
            answer = Consent.GIVEN if roll < 0.35 else Consent.DECLINED if roll < 0.4 else None
        if answer is None or asked > self.today:
            return
        nomination.consent, nomination.consent_recorded_on = answer, asked
        nomination.consent_recorded_by_id = nomination.updated_by_id = award_round.chair_id
        nomination.updated_at = max(moment(asked, self.rng, now=self.now), nomination.created_at)

    def decide(self, state: RoundState) -> None:
        """Scores for a closed round, then each category's shortlist and (once the results are
        out) its winner, the best scored unless the chair said why."""
        award_round = state.award_round
        if award_round.nominations_close_on >= self.today:
            return
        by_category = {}
        for index, nomination in enumerate(state.made):
            if nomination.consent != Consent.GIVEN:
                continue
            criteria = state.criteria[nomination.category_id]
            state.scores[index] = [[self.rng.randint(2, 5) for _ in criteria] for _ in state.panel]
            by_category.setdefault(nomination.category_id, []).append(index)
        for category_id, indexes in by_category.items():
            ranked = sorted(indexes, key=lambda i: (-mean(state.scores[i]), i))
            for i in ranked[:SHORTLIST]:
                state.made[i].stage = Stage.SHORTLISTED
            if award_round.results_published and category_id not in state.with_winner:
                winner = state.made[ranked[0]]
                winner.stage = Stage.WINNER
                tied = len(ranked) > 1 and mean(state.scores[ranked[1]]) >= mean(
                    state.scores[ranked[0]]
                )
                if tied or category_id in state.running:
                    winner.winner_reason = TIE_REASON
        if award_round.results_published:
            sent = award_round.results_published_at + timedelta(hours=1)
            for index in state.emailable:
                if state.made[index].consent == Consent.GIVEN:
                    state.made[index].certificate_emailed_at = min(sent, self.now)
                    state.made[index].certificate_attempts = 1

    def score_sheets(self, state: RoundState) -> list[tuple[ScoreSheet, list]]:
        """Each panel member's sheet for each nomination scored, with its (criterion, score)."""
        sheets = []
        closes = state.award_round.nominations_close_on
        for index, rows in state.scores.items():
            nomination = state.made[index]
            criteria = state.criteria[nomination.category_id]
            for member, values in zip(state.panel, rows, strict=True):
                day = closes + timedelta(days=self.rng.randrange(1, 30))
                at = max(moment(day, self.rng, now=self.now), nomination.created_at)
                sheet = ScoreSheet(
                    nomination_id=nomination.pk,
                    member_id=member,
                    comment=self.rng.choice(["", "", "A strong case.", "Well evidenced."]),
                    created_by_id=member,
                    updated_by_id=member,
                    created_at=at,
                    updated_at=at,
                )
                sheets.append((sheet, list(zip(criteria, values, strict=True))))
        return sheets


def mean(rows: list[list[int]]) -> float:
    values = [value for row in rows for value in row]
    return sum(values) / len(values) if values else 0.0
