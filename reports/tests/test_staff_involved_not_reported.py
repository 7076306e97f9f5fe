"""What staff said about a complaint about them (StaffInvolvement) is seen only on its own page
in the register: never in a board pack, the annual report, its CSV or the KO41a return."""

import json
from datetime import date

from careprog.tests.factories import StaffMemberFactory
from feedback import reference
from feedback.models import FeedbackItem, LearningAction
from feedback.models.choices import Status
from feedback.services.staff import staff_involvement_add, staff_involvement_update
from feedback.tests.factories import make_item
from reports.annual.export import annual_csv
from reports.annual.figures import annual_snapshot
from reports.content import pack_content
from reports.ko41a import FinancialYear, ko41a_csv, ko41a_return

COMMENTS = "Zebedee regrets raising her voice on the night shift"
SUPPORT = "Occupational health referral for Quillon Ashdown-Pryce"
STAFF_NAME = "Quillon Ashdown-Pryce"


def test_staff_involved_is_in_no_report_or_export(medicine, pals_officer, medicine_manager):
    reference.load()
    item = make_item(csc=medicine, by=pals_officer, received_on=date(2025, 6, 2))
    nurse = StaffMemberFactory(name=STAFF_NAME, csc=medicine)
    involvement = staff_involvement_add(
        item=item, by=pals_officer, staff=nurse, told_on=date(2025, 6, 3), support_offered=SUPPORT
    )
    staff_involvement_update(
        involvement=involvement,
        by=medicine_manager,
        told_on=date(2025, 6, 3),
        comments=COMMENTS,
        support_offered=SUPPORT,
        told_outcome_on=None,
    )
    FeedbackItem.objects.filter(pk=item.pk).update(
        status=Status.CLOSED,
        acknowledged_on=date(2025, 6, 4),
        response_sent_on=date(2025, 6, 20),
        outcome="upheld",
    )
    LearningAction.objects.create(
        item=item,
        action="Night staffing reviewed at the ward huddle",
        owner="Ward manager",
        due_on=date(2025, 6, 25),
        done_on=date(2025, 6, 24),
    )
    year = FinancialYear.starting(2025)
    snapshot = annual_snapshot(year)
    outputs = {
        "annual report": json.dumps(snapshot, default=str),
        "annual CSV": "".join(annual_csv(snapshot)),
        "KO41a CSV": ko41a_csv(ko41a_return(year)),
        "board pack": repr(pack_content(date(2025, 6, 1))),
    }
    # The complaint is counted in each of them (so the check is not of an empty report) ...
    assert snapshot["received"]["formal_complaints"] == 1
    assert "Night staffing reviewed" in outputs["board pack"]
    for name, text in outputs.items():
        for secret in (COMMENTS, SUPPORT, STAFF_NAME, "Zebedee", "Quillon"):
            assert secret not in text, f"{secret!r} found in the {name}"
