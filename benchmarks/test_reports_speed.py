"""Reports at a busy trust's volume, run by `make bench`: two years of feedback (40,000 items,
10,000 complaints answered) across 9 CSCs. Prints the median time and queries of the
dashboard, the packs page and the KO41a page, and the time to build one month's pack."""

import random
import time
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.timing import measure
from careprog.tests.factories import ClinicalServiceCentreFactory
from feedback.models import FeedbackItem, Subject
from feedback.models.choices import Kind, Outcome, Status
from feedback.reference import load as load_feedback_reference
from feedback.services.references import format_reference
from reports.content import pack_content
from reports.ko41a import FinancialYear
from reports.services import pack_build, pack_request

ITEMS = 40_000
DAYS = 730


def fill_two_years():
    load_feedback_reference()
    rng = random.Random(11)
    cscs = [ClinicalServiceCentreFactory() for _ in range(9)]
    subjects = list(Subject.objects.all())
    today = timezone.localdate()
    items = []
    for number in range(1, ITEMS + 1):
        kind = rng.choice([Kind.COMPLAINT, Kind.PALS, Kind.PALS, Kind.COMPLIMENT])
        received = today - timedelta(days=rng.randrange(DAYS))
        complaint = kind == Kind.COMPLAINT
        answered = complaint and (today - received).days > 60
        status = Status.RECEIVED if complaint else Status.OPEN
        sent = received + timedelta(days=rng.randint(20, 55)) if answered else None
        items.append(
            FeedbackItem(
                kind=kind,
                reference=format_reference(kind, received.year, number),
                status=Status.RESPONSE_SENT if answered else status,
                received_on=received,
                channel="email",
                raised_by="patient",
                csc=rng.choice(cscs),
                summary="Delay in pain relief",
                acknowledge_by=received + timedelta(days=4) if complaint else None,
                acknowledged_on=received + timedelta(days=rng.randint(1, 6)) if complaint else None,
                respond_by=received + timedelta(days=35) if complaint else None,
                response_sent_on=sent,
                outcome=rng.choice(Outcome.values) if answered else "",
            )
        )  # fmt: skip
    created = FeedbackItem.objects.bulk_create(items, batch_size=2000)
    through = FeedbackItem.subjects.through
    through.objects.bulk_create(
        [through(feedbackitem_id=i.pk, subject_id=rng.choice(subjects).pk) for i in created],
        batch_size=5000,
    )
    return cscs


@pytest.mark.django_db
def test_reports_with_two_years_of_feedback(client, board_member, pals_officer):
    cscs = fill_two_years()
    last_month = timezone.localdate().replace(day=1) - relativedelta(months=1)
    year = FinancialYear.starting(last_month.year if last_month.month >= 4 else last_month.year - 1)
    print(f"\n{connection.vendor}, {ITEMS} items over {DAYS} days:")
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        pack_content(last_month)
        took = (time.perf_counter() - start) * 1000
    print(f"  {'figures of a pack (24 months)':<34} {took:8.1f} ms  {len(queries):3d} queries")
    pack, _ = pack_request(month=last_month, queue=False)
    start = time.perf_counter()
    pack_build(pack.pk)
    print(f"  {'build the trust pack (PDF)':<34} {(time.perf_counter() - start) * 1000:8.1f} ms")
    client.force_login(board_member)
    pages = {
        "dashboard, whole trust": reverse("reports:dashboard"),
        "dashboard, one CSC": reverse("reports:dashboard") + f"?csc={cscs[0].code}",
        "board packs": reverse("reports:index"),
    }
    for name, url in pages.items():
        median_ms, count = measure(client, url, repeats=5)
        print(f"  {name:<34} median {median_ms:8.1f} ms  {count:3d} queries")
    client.force_login(pals_officer)
    url = reverse("reports:ko41a") + f"?year={year.label}"
    median_ms, count = measure(client, url, repeats=5)
    print(f"  {'KO41a page ' + year.label:<34} median {median_ms:8.1f} ms  {count:3d} queries")
