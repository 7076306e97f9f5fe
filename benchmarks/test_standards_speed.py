"""The standards pages at a large trust's volume, run by `make bench`.

30 CSCs, each with eight quarters of assessments of the 45 standards (10,800 lines), evidence
on every line and open actions on a fifth of them; plus 10,000 feedback items tagged with
standards. Rows are bulk-created (the services would take minutes); the pages read them as
they read real ones. Prints median times and query counts.
"""

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from benchmarks.timing import measure
from careprog.models import CareStandard
from careprog.tests.factories import ClinicalServiceCentreFactory, StaffMemberFactory
from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.services.references import format_reference
from standards.models import (
    RATING_SCALE,
    Assessment,
    AssessmentLine,
    Evidence,
    ImprovementAction,
)
from standards.periods import current_period
from standards.tests.factories import the_45_standards

CSCS = 30
PERIODS = 8
ITEMS = 10_000


def fill():
    rng = random.Random(11)
    standards = the_45_standards()
    cscs = [ClinicalServiceCentreFactory() for _ in range(CSCS)]
    owner = StaffMemberFactory(csc=cscs[0])
    periods = [current_period()]
    while len(periods) < PERIODS:
        periods.insert(0, periods[0].previous())
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                csc=csc,
                period_start=p.start,
                period_end=p.end,
                status=Assessment.Status.SIGNED_OFF if p != periods[-1] else "in_progress",
            )
            for csc in cscs
            for p in periods
        ]
    )
    lines = AssessmentLine.objects.bulk_create(
        [
            AssessmentLine(
                assessment=a,
                standard=s,
                criterion_number=s.criterion.number,
                criterion_title=s.criterion.title,
                numeral=s.numeral,
                position=s.position,
                standard_text=s.text,
                rating=rng.choice(RATING_SCALE),
                owner=owner,
                review_on=a.period_end,
            )
            for a in assessments
            for s in standards
        ],
        batch_size=2000,
    )
    Evidence.objects.bulk_create(
        [Evidence(line=line, kind="note", text="FFT reviewed monthly") for line in lines],
        batch_size=2000,
    )
    ImprovementAction.objects.bulk_create(
        [
            ImprovementAction(line=line, description="Fix", owner=owner, due_on=line.review_on)
            for line in lines
            if rng.random() < 0.2
        ],
        batch_size=2000,
    )
    today = timezone.localdate()
    items = FeedbackItem.objects.bulk_create(
        [
            FeedbackItem(
                kind=Kind.COMPLAINT,
                reference=format_reference(Kind.COMPLAINT, today.year, n),
                status=Status.CLOSED,
                received_on=today - timedelta(days=rng.randrange(700)),
                channel="email",
                raised_by="patient",
                csc=rng.choice(cscs),
                summary="Waited a long time",
            )
            for n in range(1, ITEMS + 1)
        ],
        batch_size=2000,
    )
    through = FeedbackItem.standards.through
    through.objects.bulk_create(
        [through(feedbackitem_id=i.pk, carestandard_id=rng.choice(standards).pk) for i in items],
        batch_size=2000,
    )
    return [a for a in assessments if a.csc_id == cscs[0].pk][-1]


@pytest.mark.django_db
class TestStandardsSpeed:
    def test_checklist_matrix_and_overdue_list_at_scale(self, client, pals_officer):
        assessment = fill()
        assert CareStandard.objects.count() == 45
        client.force_login(pals_officer)
        pages = {
            "checklist (45 standards)": reverse("standards:assessment", args=[assessment.pk]),
            "standard's page": reverse("standards:line", args=[assessment.lines.first().pk]),
            f"trust matrix ({CSCS} CSCs)": reverse("standards:matrix"),
            "overdue actions and reviews": reverse("standards:overdue"),
            "assessment CSV": reverse("standards:assessment_csv", args=[assessment.pk]),
            "matrix CSV": reverse("standards:matrix_csv"),
        }
        print(f"\n{CSCS} CSCs x {PERIODS} periods x 45 standards, {ITEMS} tagged items")
        for name, url in pages.items():
            median_ms, queries = measure(client, url)
            print(f"{name}: median {median_ms:.1f} ms, {queries} queries")
