"""The feedback register at a busy trust's volume: 10,000 items, run by `make bench`.

Rows are bulk-created (the services would take minutes to log this many); the pages read them
exactly as they read real ones. Prints median times and query counts.
"""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from benchmarks.timing import measure
from careprog.tests.factories import ClinicalServiceCentreFactory
from feedback.models import FeedbackItem, Subject
from feedback.models.choices import OPEN_COMPLAINT_STATUSES, Kind, Status
from feedback.reference import load as load_feedback_reference
from feedback.services.references import format_reference

ITEMS = 10_000


def fill_register():
    load_feedback_reference()
    rng = random.Random(7)
    cscs = [ClinicalServiceCentreFactory() for _ in range(9)]
    subjects = list(Subject.objects.all())
    today = timezone.localdate()
    items = []
    for number in range(1, ITEMS + 1):
        kind = rng.choice([Kind.COMPLAINT, Kind.PALS, Kind.PALS, Kind.COMPLIMENT])
        received = today - timedelta(days=rng.randrange(365))
        complaint = kind == Kind.COMPLAINT
        items.append(
            FeedbackItem(
                kind=kind,
                reference=format_reference(kind, received.year, number),
                status=rng.choice(OPEN_COMPLAINT_STATUSES) if complaint else Status.OPEN,
                received_on=received,
                channel="email",
                raised_by="patient",
                csc=rng.choice(cscs),
                summary=rng.choice(["Delay in pain relief", "Appointment cancelled twice",
                                    "Thank you to the ward", "Lost property on transfer"]),
                description="Patient waited a long time and felt nobody listened.",
                acknowledge_by=received + timedelta(days=4) if complaint else None,
                respond_by=received + timedelta(days=35) if complaint else None,
            )
        )  # fmt: skip
    created = FeedbackItem.objects.bulk_create(items, batch_size=1000)
    Through = FeedbackItem.subjects.through
    Through.objects.bulk_create(
        [Through(feedbackitem_id=i.pk, subject_id=rng.choice(subjects).pk) for i in created],
        batch_size=2000,
    )
    return created


@pytest.mark.django_db
def test_feedback_pages_with_10000_items(client, pals_officer):
    items = fill_register()
    client.force_login(pals_officer)
    pages = {
        "work queue": reverse("feedback:index"),
        "register, first page": reverse("feedback:list"),
        "register, search 'pain relief'": reverse("feedback:list") + "?q=pain+relief",
        "register, overdue complaints": reverse("feedback:list") + "?kind=complaint&overdue=on",
        "item page": reverse("feedback:detail", args=[items[0].reference_slug]),
        "CSV export, all 10000": reverse("feedback:export"),
    }
    print(f"\n{connection.vendor}, {ITEMS} items:")
    for name, url in pages.items():
        median_ms, queries = measure(client, url)
        print(f"  {name:<34} median {median_ms:8.1f} ms  {queries:3d} queries")
