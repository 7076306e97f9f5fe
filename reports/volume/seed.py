"""Synthetic feedback at scale, for the benchmarks (`manage.py seed_volume`).

A large trust logs tens of thousands of items a year and keeps them ten years; an integrated
care system's shared instance holds millions. This fills the register to that size quickly and
deterministically: batched bulk inserts (no per-row saves, signals or history), deadlines from
the one working-day calendar (memoised: a million items share a few thousand received dates),
and text varied enough that full-text search is as selective as in life. Around them it writes
each CSC's standards checklists, thank-yous and the staff awards (standards.py, thanks.py,
rounds.py and awards.py here), each from its own Random so the items stay the same.

It lives in reports because reports may read every app and nothing imports it (ADR 0007).
Seeded items are logged by the "volume-seed" user, which is how a database holding anything
else is recognised and refused.
"""

import random
from array import array
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from careprog.models import (
    CareStandard,
    ClinicalServiceCentre,
    Department,
    StaffMember,
    User,
)
from careprog.roles import Role, ensure_role_groups
from careprog.working_days import trust_calendar
from feedback.demo.comment_texts import COMMENTS
from feedback.demo.complaint_texts import COMPLAINTS
from feedback.demo.compliment_texts import COMPLIMENTS
from feedback.demo.pals_texts import PALS
from feedback.demo.people import LAST_NAMES, MEN, WOMEN
from feedback.demo.register import nhs_number
from feedback.models import (
    FeedbackEvent,
    FeedbackItem,
    LearningAction,
    ReferenceCounter,
    ResponseTier,
    Subject,
)
from feedback.models.choices import Kind, Outcome, Status
from feedback.services.references import format_reference
from reports.volume.awards import AwardsSeeder
from reports.volume.standards import StandardsSeeder
from reports.volume.thanks import ThanksSeeder

SEED_USERNAME = "volume-seed"
# Shares of the register by kind, as a trust's PALS and complaints team sees them.
KIND_SHARES = {Kind.PALS: 45, Kind.COMPLAINT: 25, Kind.COMPLIMENT: 22, Kind.COMMENT: 8}
TEMPLATES = {Kind.COMPLAINT: COMPLAINTS, Kind.PALS: PALS, Kind.COMPLIMENT: COMPLIMENTS}
TEMPLATES[Kind.COMMENT] = COMMENTS
# What is still open: a few weeks' worth of recent items, as a working team's backlog.
OPEN_WITHIN_DAYS = 60
OPEN_SHARE = {Kind.COMPLAINT: 0.45, Kind.PALS: 0.3, Kind.COMPLIMENT: 0.2, Kind.COMMENT: 0.2}
OPEN_COMPLAINT_STAGES = [
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.UNDER_INVESTIGATION,
    Status.UNDER_INVESTIGATION,
    Status.RESPONSE_DRAFTED,
    Status.AWAITING_SIGN_OFF,
]
OUTCOMES = [Outcome.UPHELD, Outcome.PARTIALLY_UPHELD, Outcome.PARTIALLY_UPHELD, Outcome.NOT_UPHELD]
# Words people use, mixed into each text so that no two descriptions are alike and a word
# search finds a realistic few, not a template's thousands.
VOCABULARY = [
    "appointment",
    "bandage",
    "bleep",
    "breakfast",
    "catheter",
    "chaplain",
    "clinic",
    "dementia",
    "dialysis",
    "discharge",
    "dressing",
    "endoscopy",
    "fracture",
    "glasses",
    "hearing",
    "hoist",
    "infusion",
    "interpreter",
    "kettle",
    "leaflet",
    "mattress",
    "medication",
    "midwife",
    "morphine",
    "nebuliser",
    "oxygen",
    "parking",
    "pharmacy",
    "physiotherapy",
    "porter",
    "prescription",
    "pressure",
    "radiology",
    "referral",
    "scan",
    "shower",
    "sling",
    "stitches",
    "telephone",
    "transfer",
    "transport",
    "ultrasound",
    "visiting",
    "wheelchair",
    "wristband",
    "x-ray",
]
BATCH = 5_000


@dataclass
class Summary:
    items: int = 0
    by_kind: dict = field(default_factory=dict)
    open_items: int = 0
    events: int = 0
    learning_actions: int = 0
    assessments: int = 0
    assessment_lines: int = 0
    evidence: int = 0
    improvement_actions: int = 0
    thank_yous: int = 0
    award_rounds: int = 0
    nominations: int = 0
    score_sheets: int = 0


class RealDataPresent(Exception):
    """The database holds items this seeder did not make."""


def refuse_real_data(*, allow_existing: bool) -> None:
    others = FeedbackItem.objects.exclude(created_by__username=SEED_USERNAME)
    if others.exists() and not allow_existing:
        raise RealDataPresent(
            f"This database holds {others.count():,} feedback items that seed_volume did not "
            "make. Seeding adds a large volume of synthetic items beside them: run it only on a "
            "benchmark database, or pass --allow-existing-data if you mean it."
        )


class Seeder:
    def __init__(self, *, items: int, years: int, seed: int):
        self.total, self.years, self.seed = items, years, seed
        self.rng = random.Random(seed)
        # Staff are made only the first time: their own Random keeps the items' the same
        # whether or not they were made in this run.
        self.staff_rng = random.Random(seed + 1)
        self.today = timezone.localdate()
        self.calendar = trust_calendar()
        self.cscs = list(ClinicalServiceCentre.objects.active().order_by("code"))
        if not self.cscs:
            raise ValueError("Load the reference data first: manage.py load_reference_data")
        self.departments = {
            csc.pk: list(Department.objects.filter(csc=csc).order_by("pk")) for csc in self.cscs
        }
        self.subjects = {s.name: s.pk for s in Subject.objects.all()}
        self.standard_ids = list(CareStandard.objects.order_by("pk").values_list("pk", flat=True))
        self.tiers = list(ResponseTier.objects.active().order_by("working_days"))
        self.seed_user, self.handlers, self.managers = self._users()
        self.staff = self._staff()
        self.dates, self.next_date = self.received_dates(seed), 0
        self.next_number: dict[tuple[str, int], int] = {}
        for counter in ReferenceCounter.objects.all():
            self.next_number[(counter.kind, counter.year)] = counter.last_number

    # --- who and where

    def _users(self):
        ensure_role_groups()
        seed_user, _ = User.objects.get_or_create(
            username=SEED_USERNAME, defaults={"first_name": "Volume", "last_name": "Seed"}
        )
        officers = Group.objects.get(name=Role.PALS_OFFICER.label)
        handlers = []
        for n in range(8):
            user, created = User.objects.get_or_create(
                username=f"volume-officer-{n}",
                defaults={"first_name": "Officer", "last_name": str(n), "email": ""},
            )
            if created:
                user.groups.add(officers)
            handlers.append(user.pk)
        managers_group = Group.objects.get(name=Role.CSC_MANAGER.label)
        managers = {}
        for csc in self.cscs:
            user, created = User.objects.get_or_create(
                username=f"volume-manager-{csc.code}",
                defaults={"first_name": "Manager", "last_name": csc.code.upper()},
            )
            if created:
                user.groups.add(managers_group)
                user.managed_cscs.add(csc)
            managers[csc.pk] = user.pk
        return seed_user, handlers, managers

    def _staff(self) -> dict[int, list[int]]:
        """A ward's worth of staff for each CSC (made once), to be named in feedback."""
        wanted = []
        for csc in self.cscs:
            have = StaffMember.objects.filter(csc=csc).count()
            for n in range(have, 60):
                rng = self.staff_rng
                name = f"{rng.choice(WOMEN + MEN)} {rng.choice(LAST_NAMES)}"
                wanted.append(
                    StaffMember(
                        name=name,
                        job_title=rng.choice(["Staff Nurse", "Consultant", "Ward Clerk"]),
                        staff_group=StaffMember.StaffGroup.NURSING,
                        csc=csc,
                        email=f"volume.{csc.code}.{n}@trust.nhs.invalid",
                    )
                )
        StaffMember.objects.bulk_create(wanted, batch_size=BATCH)
        return {
            csc.pk: list(
                StaffMember.objects.filter(csc=csc).order_by("pk").values_list("pk", flat=True)
            )
            for csc in self.cscs
        }

    # --- dates

    @cache  # noqa: B019 - one seeder per run; a few thousand dates
    def working_days_after(self, day: date, days: int) -> date:
        return self.calendar.add_working_days(day, days)

    def received_dates(self, seed: int) -> array:
        """Every item's received date, oldest first, as day numbers (4 bytes each: a million
        take 4 MB). Items are written in this order, so their ids follow the date they came
        in, as a register's do; Postgres's plans and the heap's layout depend on it (a year's
        items sit together on disk, not scattered over the whole table)."""
        rng = random.Random(seed + 5)
        days = self.years * 365
        found = []
        while len(found) < self.total:
            # More recent years are busier (the register grows), and weekends quieter.
            back = int(days * (1 - rng.random() ** 0.8))
            day = self.today - timedelta(days=min(back, days - 1))
            if day.weekday() < 5 or rng.random() < 0.2:
                found.append(day.toordinal())
        found.sort()
        return array("l", found)

    def received_on(self) -> date:
        day = date.fromordinal(self.dates[self.next_date])
        self.next_date += 1
        return day

    def reference(self, kind: str, year: int) -> str:
        # Numbered on from the counters, which are saved at the end: later logging carries on.
        number = self.next_number.get((kind, year), 0) + 1
        self.next_number[(kind, year)] = number
        return format_reference(kind, year, number)

    # --- an item

    def text(self, template) -> tuple[str, str]:
        words = " ".join(self.rng.sample(VOCABULARY, k=3))
        place = {"name": "the ward", "place": "the ward", "at": "on the ward", "staff": "staff"}
        summary = template.summary.format(**place)[:200]
        description = f"{template.description.format(**place)} Also mentioned: {words}."
        return summary, description

    def item(self, kind: str) -> tuple[FeedbackItem, dict]:
        rng = self.rng
        csc = rng.choice(self.cscs)
        departments = self.departments[csc.pk]
        template = rng.choice(TEMPLATES[kind])
        received = self.received_on()
        summary, description = self.text(template)
        anonymous = kind == Kind.COMPLIMENT and rng.random() < 0.2
        first, last = rng.choice(WOMEN + MEN), rng.choice(LAST_NAMES)
        item = FeedbackItem(
            kind=kind,
            reference=self.reference(kind, received.year),
            received_on=received,
            event_on=received - timedelta(days=rng.choice([0, 1, 3, 7])),
            channel=rng.choice(["phone", "email", "letter", "web_form", "in_person"]),
            raised_by="anonymous" if anonymous else rng.choice(["patient", "relative"]),
            contact_name="" if anonymous else f"{first} {last}",
            patient_name="" if anonymous else f"{first} {last}",
            nhs_number="" if anonymous else nhs_number(rng),
            csc_id=csc.pk,
            department_id=rng.choice(departments).pk if departments else None,
            summary=summary,
            description=description,
            created_by_id=self.seed_user.pk,
            updated_by_id=self.seed_user.pk,
        )
        links = {
            "subjects": [self.subjects[s] for s in template.subjects if s in self.subjects],
            "standards": rng.sample(self.standard_ids, k=min(len(self.standard_ids), 1)),
            "staff": rng.sample(self.staff[csc.pk], k=1) if rng.random() < 0.3 else [],
        }
        is_open = (self.today - received).days < OPEN_WITHIN_DAYS and (
            rng.random() < OPEN_SHARE[kind]
        )
        self.progress(item, is_open)
        return item, links

    def progress(self, item: FeedbackItem, is_open: bool) -> None:
        rng, kind, received = self.rng, item.kind, item.received_on
        if kind in (Kind.COMPLAINT, Kind.PALS):
            item.case_handler_id = rng.choice(self.handlers)
        if kind == Kind.COMPLAINT:
            tier = rng.choice(self.tiers)
            item.tier_id = tier.pk
            item.severity = rng.choice(["green", "green", "amber", "red"])
            item.acknowledge_by = self.working_days_after(received, 3)
            item.respond_by = self.working_days_after(received, tier.working_days)
            stage = rng.choice(OPEN_COMPLAINT_STAGES) if is_open else Status.CLOSED
            item.status = stage
            if stage != Status.RECEIVED:
                item.acknowledged_on = self.working_days_after(received, rng.choice([1, 2, 3, 4]))
            if stage == Status.CLOSED:
                slip = rng.choice([-5, -2, 0, 0, 3, 10])
                sent = self.working_days_after(received, max(1, tier.working_days + slip))
                item.response_sent_on = min(sent, self.today)
                # As save_item keeps it for a response sent through the service.
                item.response_working_days = self.calendar.working_days_between(
                    received, item.response_sent_on
                )
                item.outcome = rng.choice(OUTCOMES)
                item.closed_on = min(item.response_sent_on + timedelta(days=14), self.today)
        elif kind == Kind.PALS:
            item.status = Status.OPEN if is_open else Status.RESOLVED
            if not is_open:
                item.resolution = "Spoke to the ward and called them back."
        elif kind == Kind.COMPLIMENT:
            item.status = Status.RECEIVED if is_open else Status.SHARED
            if not is_open:
                item.shared_on = received + timedelta(days=2)
        else:
            item.status = Status.RECEIVED if is_open else Status.CLOSED

    # --- writing

    def kinds(self) -> list[str]:
        return self.rng.choices(list(KIND_SHARES), weights=list(KIND_SHARES.values()), k=BATCH)

    def run(self, stdout=None) -> Summary:
        summary = Summary()
        written = 0
        while written < self.total:
            size = min(BATCH, self.total - written)
            with transaction.atomic():
                self.write_batch(self.kinds()[:size], summary)
            written += size
            if stdout:
                stdout.write(f"{written:,} of {self.total:,} items")
        self.save_counters()
        self.seed_people(summary)
        return summary

    def seed_people(self, summary: Summary) -> None:
        """Standards checklists, thank-yous and award rounds, each from its own Random so the
        items stay the same as before they were added."""
        StandardsSeeder(
            cscs=self.cscs,
            managers=self.managers,
            staff=self.staff,
            years=self.years,
            seed=self.seed,
        ).run(summary)
        officers, managers = self.handlers, list(self.managers.values())
        awards = AwardsSeeder(
            total=self.total // 100,
            years=self.years,
            seed=self.seed,
            staff=self.staff,
            officers=officers,
            managers=managers,
        )
        ThanksSeeder(
            total=self.total // 10,
            years=self.years,
            seed=self.seed,
            staff=self.staff,
            senders=[*officers, *managers],
            hider=awards.admin,
        ).run(summary)
        awards.run(summary)

    def write_batch(self, kinds: list[str], summary: Summary) -> None:
        made = [self.item(kind) for kind in kinds]
        items = FeedbackItem.objects.bulk_create([item for item, _ in made], batch_size=BATCH)
        subjects, standards, staff, events, learning = [], [], [], [], []
        for item, links in zip(items, (links for _, links in made), strict=True):
            subjects += [
                FeedbackItem.subjects.through(feedbackitem_id=item.pk, subject_id=pk)
                for pk in links["subjects"]
            ]
            standards += [
                FeedbackItem.standards.through(feedbackitem_id=item.pk, carestandard_id=pk)
                for pk in links["standards"]
            ]
            staff += [
                FeedbackItem.staff_named.through(feedbackitem_id=item.pk, staffmember_id=pk)
                for pk in links["staff"]
            ]
            events += self.events(item)
            if item.kind == Kind.COMPLAINT and item.outcome and self.rng.random() < 0.3:
                learning.append(self.learning(item))
            summary.by_kind[item.kind] = summary.by_kind.get(item.kind, 0) + 1
            summary.open_items += item.status in (*OPEN_COMPLAINT_STAGES, Status.OPEN) or (
                item.kind in (Kind.COMPLIMENT, Kind.COMMENT) and item.status == Status.RECEIVED
            )
        for model, rows in (
            (FeedbackItem.subjects.through, subjects),
            (FeedbackItem.standards.through, standards),
            (FeedbackItem.staff_named.through, staff),
            (FeedbackEvent, events),
            (LearningAction, learning),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)
        summary.items += len(items)
        summary.events += len(events)
        summary.learning_actions += len(learning)

    def events(self, item: FeedbackItem) -> list[FeedbackEvent]:
        """The timeline the services would have written: logged, and for a complaint when it
        was acknowledged and answered."""
        happened = [("logged", f"{item.get_kind_display()} logged")]
        if item.acknowledged_on:
            happened.append(("acknowledged", f"Acknowledged on {item.acknowledged_on:%-d %B %Y}"))
        if item.response_sent_on:
            happened.append(("sent", f"Response sent on {item.response_sent_on:%-d %B %Y}"))
        return [
            FeedbackEvent(item_id=item.pk, by_id=self.seed_user.pk, action=action, description=text)
            for action, text in happened
        ]

    def learning(self, item: FeedbackItem) -> LearningAction:
        due = item.response_sent_on + timedelta(days=60)
        return LearningAction(
            item_id=item.pk,
            action="Shared at the ward's team meeting; checks added to the safety huddle.",
            owner="Ward manager",
            due_on=due,
            done_on=due - timedelta(days=5) if due <= self.today else None,
            created_by_id=self.seed_user.pk,
            updated_by_id=self.seed_user.pk,
        )

    def save_counters(self) -> None:
        for (kind, year), number in self.next_number.items():
            ReferenceCounter.objects.update_or_create(
                kind=kind, year=year, defaults={"last_number": number}
            )


def seed_volume(
    *, items: int, years: int = 10, seed: int = 1, allow_existing: bool = False, stdout=None
) -> Summary:
    if items < 1:
        raise ValueError("--items must be at least 1")
    if not 1 <= years <= 20:
        raise ValueError("--years must be from 1 to 20")
    refuse_real_data(allow_existing=allow_existing)
    return Seeder(items=items, years=years, seed=seed).run(stdout=stdout)
