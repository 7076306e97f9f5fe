"""Thank-yous for the volume seed: about one for every ten items, over the same years.

The seeded officers and managers thank the staff the seeder made (now and then a whole team),
for one of the trust's values and often a behaviour that shows it, in the words the demo uses.
Each card to a colleague is marked emailed, as the send task marks it, so the resend task never
mails seeded cards; a few are hidden, as an administrator hides one. Written in batches without
history, like the items.
"""

import random
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from careprog.models import Department, ExpectedBehaviour, StaffMember
from recognition.demo.texts import THANKS
from recognition.models import ThankYou
from reports.volume.stamps import dated_as_given, day_in_years, moment

if TYPE_CHECKING:
    from reports.volume.seed import Summary

BATCH = 5_000
TO_A_TEAM = 0.1
HIDDEN = 1 / 400
ANONYMOUS = 0.2
OPENINGS = [
    "",
    "",
    "",
    "Just a quick note. ",
    "Hello! ",
    "I wanted to say this properly. ",
]
CLOSINGS = ["", "", "", " Much appreciated.", " You are a star.", " We are lucky to have you."]


class ThanksSeeder:
    def __init__(self, *, total: int, years: int, seed: int, staff: dict, senders: list, hider):
        self.rng = random.Random(seed + 3)
        self.total, self.years = total, years
        self.today, self.now = timezone.localdate(), timezone.now()
        self.senders, self.hider = senders, hider
        staff_ids = [pk for pks in staff.values() for pk in pks]
        self.people = list(
            StaffMember.objects.filter(pk__in=staff_ids)
            .order_by("pk")
            .values_list("pk", "csc", "email")
        )
        self.teams = list(
            Department.objects.active()
            .filter(csc__in=list(staff))
            .order_by("pk")
            .values_list("pk", "csc", "name")
        )
        self.wards = {}
        for _, csc_id, name in self.teams:
            self.wards.setdefault(csc_id, []).append(name)
        behaviours = ExpectedBehaviour.objects.active().order_by("position")
        self.behaviours = {value: [None, None] for value in THANKS}
        for pk, value in behaviours.values_list("pk", "value"):
            self.behaviours.setdefault(value, [None, None]).append(pk)

    def run(self, summary: "Summary") -> None:
        written = 0
        with dated_as_given(ThankYou):
            while written < self.total:
                rows = [self.thank_you() for _ in range(min(BATCH, self.total - written))]
                with transaction.atomic():
                    ThankYou.objects.bulk_create(rows, batch_size=BATCH)
                written += len(rows)
        summary.thank_yous += written

    def thank_you(self) -> ThankYou:
        rng = self.rng
        value = rng.choice(list(THANKS))
        recipient = email = team = None
        if rng.random() < TO_A_TEAM and self.teams:
            team, csc_id, ward = rng.choice(self.teams)
        else:
            recipient, csc_id, email = rng.choice(self.people)
            ward = rng.choice(self.wards.get(csc_id, ["the ward"]))
        text = rng.choice(THANKS[value]).format(ward=ward)
        sent = moment(day_in_years(rng, today=self.today, years=self.years), rng, now=self.now)
        thank_you = ThankYou(
            sender_id=rng.choice(self.senders),
            show_sender=rng.random() >= ANONYMOUS,
            recipient_id=recipient,
            team_id=team,
            csc_id=csc_id,
            value=value,
            behaviour_id=rng.choice(self.behaviours[value]),
            message=f"{rng.choice(OPENINGS)}{text}{rng.choice(CLOSINGS)}",
            created_at=sent,
            updated_at=sent,
        )
        thank_you.created_by_id = thank_you.updated_by_id = thank_you.sender_id
        if email:
            thank_you.emailed_at = min(sent + timedelta(minutes=2), self.now)
            thank_you.email_attempts = 1
        if rng.random() < HIDDEN:
            thank_you.hidden_at = min(sent + timedelta(hours=20), self.now)
            thank_you.hidden_by_id = thank_you.updated_by_id = self.hider
            thank_you.updated_at = thank_you.hidden_at
            thank_you.hidden_reason = "It named a patient; the sender was asked to send it again."
        return thank_you
