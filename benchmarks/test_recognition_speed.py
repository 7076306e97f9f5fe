"""Recognition at a large trust's volume, run by `make bench`: 20,000 thank-yous on the wall
and a round of 300 nominations scored by a panel of 8. Rows are bulk-created; the pages read
them as they read real ones."""

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from benchmarks.timing import measure
from careprog.roles import Role
from careprog.tests.factories import ClinicalServiceCentreFactory, StaffMemberFactory, UserFactory
from recognition.models import CriterionScore, Nomination, ScoreSheet, ThankYou
from recognition.tests.factories import open_round

THANK_YOUS = 20_000
NOMINATIONS = 300
PANEL = 8


def fill(chair, panel):
    rng = random.Random(3)
    cscs = [ClinicalServiceCentreFactory() for _ in range(9)]
    staff = [StaffMemberFactory(csc=rng.choice(cscs)) for _ in range(NOMINATIONS + 50)]
    senders = [UserFactory() for _ in range(50)]
    now = timezone.now()
    ThankYou.objects.bulk_create(
        [
            ThankYou(
                sender=rng.choice(senders),
                recipient=(person := rng.choice(staff)),
                csc_id=person.csc_id,
                value=rng.choice(["best_care", "best_people", "best_hospital"]),
                message="Thank you for staying late for the family.",
                created_at=now - timedelta(minutes=n),
            )
            for n in range(THANK_YOUS)
        ],
        batch_size=2000,
    )
    award_round = open_round(chair=chair, panel=panel)
    categories = list(award_round.categories.all())
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                round=award_round,
                category=rng.choice(categories),
                nominee=person,
                csc_id=person.csc_id,
                case="Kind to every patient, every shift.",
                nominated_by=rng.choice(senders),
            )
            for person in staff[:NOMINATIONS]
        ]
    )
    sheets = ScoreSheet.objects.bulk_create(
        [ScoreSheet(nomination=n, member=m) for n in nominations for m in [chair, *panel]]
    )
    criteria = {c.pk: list(c.criteria.all()) for c in categories}
    by_nomination = {n.pk: n for n in nominations}
    CriterionScore.objects.bulk_create(
        [
            CriterionScore(sheet=s, criterion=c, value=rng.randint(1, 5))
            for s in sheets
            for c in criteria[by_nomination[s.nomination_id].category_id]
        ],
        batch_size=5000,
    )
    return award_round, nominations[0]


@pytest.mark.django_db
def test_recognition_pages_at_scale(client):
    chair = UserFactory(role=Role.AWARDS_PANEL_MEMBER)
    panel = [UserFactory(role=Role.AWARDS_PANEL_MEMBER) for _ in range(PANEL - 1)]
    award_round, nomination = fill(chair, panel)
    client.force_login(chair)
    pages = {
        f"wall, first page of {THANK_YOUS}": reverse("recognition:wall"),
        "wall, filtered by value": reverse("recognition:wall") + "?value=best_care",
        "wall, page 500": reverse("recognition:wall") + "?page=500",
        f"round page, {NOMINATIONS} nominations scored by {PANEL}": reverse(
            "recognition:round", args=[award_round.pk]
        ),
        "nomination page": reverse("recognition:nomination", args=[nomination.pk]),
        "recognition home": reverse("recognition:index"),
    }
    print(f"\n{THANK_YOUS} thank-yous, {NOMINATIONS} nominations, panel of {PANEL}")
    for name, url in pages.items():
        median_ms, queries = measure(client, url)
        print(f"{name}: median {median_ms:.1f} ms, {queries} queries")
