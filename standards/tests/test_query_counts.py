"""The standards pages keep the same number of queries however many rows they show.

Each test measures a page over a small data set, grows every kind of row the page shows (CSCs,
standards, evidence files, linked items, actions), and measures again.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careprog.tests.factories import ClinicalServiceCentreFactory, StaffMemberFactory
from feedback import reference
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from standards.models import Rating
from standards.services.actions import improvement_action_add
from standards.services.evidence import (
    evidence_add_file,
    evidence_add_link,
    evidence_add_note,
    evidence_link_item,
)
from standards.services.lines import line_rate, line_update
from standards.tests.factories import (
    few_standards,
    make_assessment,
    signed_off_assessment,
    this_period,
)

PNG = (  # a real 1x1 PNG: the smallest file the upload checker accepts
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a"
    b"\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def measure(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


def fill(assessment, *, by, owner, items, rounds: int) -> None:
    """Rate every line and give each ``rounds`` of every kind of evidence and an action."""
    for line in assessment.lines.all():
        line = line_rate(line=line, rating=Rating.PARTIAL, by=by, expected_version=None)
        line_update(
            line=line, by=by, owner=owner, review_on=assessment.period_start, expected_version=None
        )
        for n in range(rounds):
            evidence_add_note(line=line, by=by, text=f"Note {n}")
            evidence_add_link(line=line, by=by, url=f"https://intranet.example/{n}")
            evidence_add_file(line=line, by=by, upload=SimpleUploadedFile(f"{n}.png", PNG))
            improvement_action_add(
                line=line,
                by=by,
                description=f"Action {n}",
                owner=owner,
                due_on=line.assessment.period_start,
            )
        for item in items:
            if not line.evidence.filter(item=item).exists():
                evidence_link_item(line=line, by=by, item=item)


@pytest.fixture
def world(db, medicine, medicine_manager, pals_officer, evidence_storage):
    """Medicine's assessment for this period, started from the last one (signed off), with
    feedback tagged with each standard; grown by ``grow``."""
    reference.load()
    few_standards(2)
    owner = StaffMemberFactory(csc=medicine)
    previous = signed_off_assessment(
        csc=medicine, by=medicine_manager, owner=owner, period=this_period().previous()
    )
    current = make_assessment(csc=medicine, by=medicine_manager)
    state = {"items": [], "owner": owner, "current": current, "previous": previous, "cscs": 0}

    def tagged_items(count):
        standards = [line.standard for line in current.lines.all()]
        day = max(current.period_start, this_period().start)
        for kind in (Kind.COMPLAINT, Kind.COMPLIMENT):
            for _ in range(count):
                state["items"].append(
                    make_item(
                        csc=medicine,
                        kind=kind,
                        received_on=day,
                        standards=standards,
                        by=pals_officer,
                    )
                )

    def other_csc():
        state["cscs"] += 1
        csc = ClinicalServiceCentreFactory(code=f"x{state['cscs']}", name=f"Centre {state['cscs']}")
        signed_off_assessment(
            csc=csc, by=medicine_manager, owner=owner, period=this_period().previous()
        )
        made = make_assessment(csc=csc, by=medicine_manager)
        for line in made.lines.all():
            line_rate(
                line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None
            )

    def grow(*, standards: int, items: int, rounds: int, cscs: int):
        few_standards(standards)  # joins the assessments in progress
        tagged_items(items)
        fill(current, by=medicine_manager, owner=owner, items=state["items"], rounds=rounds)
        for _ in range(cscs):
            other_csc()

    state["grow"] = grow
    return state


PAGES = [
    ("checklist", lambda w: reverse("standards:assessment", args=[w["current"].pk])),
    ("line", lambda w: reverse("standards:line", args=[w["current"].lines.first().pk])),
    ("sign-off", lambda w: reverse("standards:sign_off", args=[w["current"].pk])),
    ("matrix", lambda w: reverse("standards:matrix")),
    ("overdue", lambda w: reverse("standards:overdue")),
    ("my CSCs", lambda w: reverse("standards:index")),
    ("CSC", lambda w: reverse("standards:csc", args=["med"])),
    ("assessment CSV", lambda w: reverse("standards:assessment_csv", args=[w["current"].pk])),
    ("matrix CSV", lambda w: reverse("standards:matrix_csv")),
]


# The manager sees every page; PALS officers and board members read the shared ones, whose
# rendering differs for them (links to items and files are left out for the board).
READ_ONLY_PAGES = {"checklist", "line", "matrix", "overdue", "assessment CSV"}
CASES = [
    (who, name, url)
    for who in ("medicine_manager", "pals_officer", "board_member")
    for name, url in PAGES
    if who == "medicine_manager" or name in READ_ONLY_PAGES
]


class TestConstantQueries:
    @pytest.mark.parametrize(
        ("who", "name", "url"), CASES, ids=[f"{who}-{name}" for who, name, _ in CASES]
    )
    def test_a_page_costs_the_same_whatever_it_shows(self, client, world, request, who, name, url):
        client.force_login(request.getfixturevalue(who))
        world["grow"](standards=1, items=1, rounds=1, cscs=1)
        few = measure(client, url(world))
        world["grow"](standards=3, items=2, rounds=2, cscs=2)
        more = measure(client, url(world))
        assert more == few, f"{name}: {few} queries with few rows, {more} with more"
