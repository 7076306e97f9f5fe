"""The feedback pages keep the same number of queries however many rows they show.

Each test measures a page over a small data set, adds many more rows of the same shapes, and
measures again. The small set already has one item of every shape (every deadline flag, every
kind, items in two CSCs), so the counts differ only if something queries once per row.
"""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careprog.models import CareCriterion, CareStandard, ExpectedBehaviour
from careprog.roles import Role
from careprog.tests.factories import DepartmentFactory, StaffMemberFactory, UserFactory
from careprog.tests.query_budget import MOST_QUERIES_A_PAGE, page_queries
from careprog.tests.test_uploads import make_pdf
from feedback.models import DocumentKind, FeedbackItem, Profession, ServiceArea, Subject
from feedback.models.choices import Kind, Outcome
from feedback.presenters import flags_for
from feedback.services import complaints, pals
from feedback.services.documents import document_add
from feedback.services.issues import issue_add, issue_record_finding
from feedback.services.learning import investigation_note_add, learning_action_add
from feedback.services.plan import complaint_give_update
from feedback.services.staff import staff_involvement_add
from feedback.services.surveys import survey_record
from feedback.tests.factories import make_item, tier
from feedback.views.common import today_context

ROUNDS_FEW = 1
ROUNDS_MORE = 4  # added to the few: 5 rounds of about 11 items, 55 in all
RELATED_FEW = 1


def today():
    return timezone.localdate()


def measure(client, url, data=None):
    """Queries for one GET, including the streamed body of a CSV export."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
        assert response.status_code == 200
        if response.streaming:
            body = b"".join(response.streaming_content)
            response.rows = body.decode("utf-8-sig").strip().splitlines()[1:]
    return page_queries(captured), response


class Reference:
    """A few of each reference record, made once per test."""

    def __init__(self, medicine, surgery):
        self.medicine, self.surgery = medicine, surgery
        self.ward = DepartmentFactory(csc=medicine, name="Ward 7")
        self.theatres = DepartmentFactory(csc=surgery, name="Theatres")
        self.criterion = CareCriterion.objects.create(number=1, title="Customer insight")
        self.subjects = [Subject.objects.create(name=f"Subject {n}", position=n) for n in range(3)]
        self.standards = [
            CareStandard.objects.create(
                criterion=self.criterion, numeral=str(n), position=n, text=f"Standard {n}"
            )
            for n in range(2)
        ]
        self.service_area = ServiceArea.objects.create(name="Inpatients")

    def details(self, csc) -> dict:
        return {
            "csc": csc,
            "department": self.ward if csc == self.medicine else self.theatres,
            "subjects": self.subjects,
            "standards": self.standards,
            "service_area": self.service_area,
            "summary": "Waited four hours for pain relief",
        }


def make_round(ref: Reference, by) -> list[FeedbackItem]:
    """One item of every shape the queue and the list show, across two CSCs."""
    med, surg = ref.details(ref.medicine), ref.details(ref.surgery)
    yesterday = today() - timedelta(days=1)
    items = []

    # Acknowledgement and response overdue, open over 6 months.
    items.append(make_item(by=by, received_on=today() - timedelta(days=200), **med))
    # Acknowledgement due soon (received yesterday, 3 working days to acknowledge).
    items.append(make_item(by=by, received_on=yesterday, **surg))
    # Response overdue only: acknowledged long ago, response date passed.
    received = today() - timedelta(days=60)
    item = make_item(by=by, received_on=received, **med)
    items.append(
        complaints.complaint_acknowledge(item=item, by=by, on=received + timedelta(days=1))
    )
    # Response due soon: acknowledged, response date agreed for tomorrow.
    item = make_item(by=by, received_on=yesterday, **surg)
    item = complaints.complaint_acknowledge(item=item, by=by, on=today())
    items.append(
        complaints.complaint_change_deadline(
            item=item, by=by, new_date=today() + timedelta(days=1), reason="Agreed by phone"
        )
    )
    # Late complaint awaiting a decision, and one declined (closed).
    late = {"received_on": yesterday, "event_on": yesterday - relativedelta(months=13)}
    items.append(make_item(by=by, **late, **med))
    item = make_item(by=by, **late, **med)
    items.append(
        complaints.complaint_record_late_decision(
            item=item, by=by, accept=False, reason="No reason for the delay"
        )
    )
    # Answered, then reopened; answered, then referred to the PHSO.
    for then in ("reopen", "phso"):
        item = make_item(by=by, received_on=today() - timedelta(days=20), **med)
        item = complaints.complaint_acknowledge(item=item, by=by, on=today())
        item = complaints.complaint_start_investigation(item=item, by=by)
        item = complaints.complaint_record_outcome(item=item, by=by, outcome=Outcome.UPHELD)
        item = complaints.complaint_record_draft(item=item, by=by)
        item = complaints.complaint_submit_for_sign_off(item=item, by=by)
        item = complaints.complaint_sign_off(item=item, by=by)
        item = complaints.complaint_send_response(item=item, by=by, on=today())
        if then == "reopen":
            item = complaints.complaint_reopen(
                item=item, by=by, reason="Not answered", respond_by=today() + timedelta(days=30)
            )
        else:
            item = complaints.complaint_refer_to_phso(item=item, by=by, on=today())
        items.append(item)
    # An open PALS contact, a compliment and a comment.
    items.append(make_item(kind=Kind.PALS, by=by, **med))
    items.append(make_item(kind=Kind.COMPLIMENT, by=by, **surg))
    items.append(make_item(kind=Kind.COMMENT, by=by, **med))
    return items


EVERY_FLAG = {
    "Acknowledgement overdue",
    "Acknowledgement due soon",
    "Response overdue",
    "Response due soon",
    "Open over 6 months",
    "Over 12 months after the event: decision needed",
    "Late complaint declined",
    "Reopened",
    "Referred to PHSO",
}


@pytest.fixture
def clerk(db):
    return UserFactory(role=Role.PALS_OFFICER)


@pytest.fixture
def reference(medicine, surgery):
    return Reference(medicine, surgery)


@pytest.fixture
def data(reference, clerk):
    """Grows the register by rounds of every shape; returns how many items there now are."""

    def add(rounds: int) -> int:
        for _ in range(rounds):
            make_round(reference, clerk)
        return FeedbackItem.objects.count()

    return add


@pytest.fixture(params=[Role.PALS_OFFICER, Role.CSC_MANAGER], ids=["pals_officer", "csc_manager"])
def viewer(request, client, user_with_role):
    client.force_login(user_with_role(request.param))
    return request.param


class TestDataShapes:
    def test_one_round_shows_every_flag(self, reference, clerk):
        now = today_context()
        shown = {
            flag.text
            for item in make_round(reference, clerk)
            for flag in flags_for(item, today=now.today, horizon=now.horizon)
        }
        assert shown == EVERY_FLAG


class TestRegisterQueryCounts:
    def test_work_queue_query_count_does_not_grow_with_items(self, client, viewer, data):
        # Everyone's cases: the clerk handles every item, so the viewer's own queue is empty.
        url = f"{reverse('feedback:index')}?who=all"
        data(ROUNDS_FEW)
        few, response = measure(client, url)
        lists = ("overdue", "due-soon", "open-pals")
        sizes_few = [len(response.context["queue"].group(name).items) for name in lists]
        assert all(sizes_few), f"every queue list must have rows: {sizes_few}"

        data(ROUNDS_MORE)
        many, response = measure(client, url)
        sizes_many = [len(response.context["queue"].group(name).items) for name in lists]
        assert all(m > f for m, f in zip(sizes_many, sizes_few, strict=True)), sizes_many
        assert many == few <= MOST_QUERIES_A_PAGE

    @pytest.mark.parametrize(
        "query",
        [
            {},
            {"kind": "complaint", "status": "received"},
            {"csc": "med"},
            {"subject": "first"},
            {"standard": "first"},
            {"received_from": "past", "received_to": "today"},
            {"overdue": "on"},
            {"q": "pain relief"},
            {"q": "pain", "kind": "complaint", "csc": "med", "subject": "first", "overdue": "on"},
        ],
        ids=[
            "none",
            "kind_status",
            "csc",
            "subject",
            "standard",
            "dates",
            "overdue",
            "search",
            "combined",
        ],
    )
    @pytest.mark.parametrize("url_name", ["feedback:list", "feedback:export"])
    def test_list_and_export_query_counts_do_not_grow_with_items(
        self, client, viewer, data, reference, url_name, query
    ):
        placeholders = {
            ("subject", "first"): reference.subjects[0].pk,
            ("standard", "first"): reference.standards[0].pk,
            ("received_from", "past"): (today() - timedelta(days=400)).isoformat(),
            ("received_to", "today"): today().isoformat(),
        }
        params = {key: placeholders.get((key, value), value) for key, value in query.items()}
        url = reverse(url_name)

        data(ROUNDS_FEW)
        few, response = measure(client, url, params)
        rows_few = self.rows(response)
        assert rows_few, "the filter must match some items"

        data(ROUNDS_MORE)
        many, response = measure(client, url, params)
        assert self.rows(response) > rows_few
        assert many == few

    @staticmethod
    def rows(response) -> int:
        if response.streaming:
            return len(response.rows)
        return len(response.context["page"].object_list)


ITEM_ROWS_MANY = 8  # of every row the page shows, on the larger of two items of each shape


class ItemPages:
    """Items of one shape with n of every row their page shows, made through the services."""

    def __init__(self, reference: Reference, clerk):
        self.ward, self.clerk = reference.ward, clerk
        self.criterion = CareCriterion.objects.create(number=9, title="Timeliness")

    def tags(self, item, n: int):
        for label in self.labels(item, n):
            item.subjects.add(Subject.objects.create(name=f"Detail subject {label}"))
            item.professions.add(Profession.objects.create(name=f"Profession {label}"))
            item.behaviours.add(
                ExpectedBehaviour.objects.create(
                    value=ExpectedBehaviour.Value.BEST_CARE, text=f"Behaviour {label}", position=0
                )
            )
            item.standards.add(
                CareStandard.objects.create(
                    criterion=self.criterion, numeral=label, position=0, text=f"Standard {label}"
                )
            )
            item.staff_named.add(StaffMemberFactory(csc=item.csc, name=f"Named {label}"))

    def documents(self, item, n: int):
        for label in self.labels(item, n):
            upload = SimpleUploadedFile(f"letter-{label}.pdf", make_pdf())
            document_add(item=item, by=self.clerk, upload=upload, kind=DocumentKind.RECEIVED)

    def learning(self, item, n: int):
        for label in self.labels(item, n):
            learning_action_add(
                item=item, by=self.clerk, action=f"Learning {label}", owner="Matron", due_on=today()
            )

    @staticmethod
    def labels(item, n: int) -> list[str]:
        return [f"{item.pk}.{i}" for i in range(n)]

    def log(self, kind, n: int):
        item = make_item(kind=kind, by=self.clerk, csc=self.ward.csc, department=self.ward)
        self.tags(item, n)
        self.documents(item, n)
        return item

    def pals(self, n: int):
        item = self.log(Kind.PALS, n)
        self.learning(item, n)
        return item

    def compliment(self, n: int):
        return self.log(Kind.COMPLIMENT, n)

    def comment(self, n: int):
        return self.log(Kind.COMMENT, n)

    def open_complaint(self, n: int):
        """Escalated from a PALS contact, under investigation, with a handling plan."""
        contact = self.log(Kind.PALS, n)
        by = self.clerk
        item = pals.pals_escalate(
            item=contact, by=by, received_on=today(), tier=tier(), severity="amber"
        )
        self.tags(item, n)
        item = complaints.complaint_acknowledge(
            item=item, by=by, on=today(), contact_preference="phone", update_every=5
        )
        item = complaints.complaint_start_investigation(item=item, by=by)
        self.documents(item, n)
        self.learning(item, n)
        for label in self.labels(item, n):
            issue_add(item=item, by=by, description=f"Issue {label}")
            complaint_give_update(
                item=item, by=by, given_on=today(), method="phone", note=f"Update {label}"
            )
            investigation_note_add(item=item, by=by, text=f"Note {label}")
            staff_involvement_add(item=item, by=by, staff=StaffMemberFactory(csc=item.csc))
            item = complaints.complaint_change_deadline(
                item=item, by=by, new_date=today() + timedelta(days=40), reason=f"Change {label}"
            )
        return item

    def answered_complaint(self, n: int):
        """The open complaint, each issue found upheld, signed off, sent, and surveyed."""
        item = self.open_complaint(n)
        by = self.clerk
        for issue in item.issues.all():
            issue_record_finding(issue=issue, by=by, finding="upheld", explanation="It was so")
        item = complaints.complaint_record_draft(item=item, by=by)
        item = complaints.complaint_submit_for_sign_off(item=item, by=by)
        item = complaints.complaint_sign_off(item=item, by=by)
        item = complaints.complaint_send_response(item=item, by=by, on=today())
        for label in self.labels(item, n):
            survey_record(
                item=item,
                by=by,
                listened_to=4,
                kept_informed=4,
                understood_outcome=4,
                comment=f"Survey {label}",
                source="phone",
                received_on=today(),
            )
        return item


class TestItemPageQueryCount:
    """The item's page: at most MOST_QUERIES_A_PAGE for each role that opens it and each kind
    of item, and the same number with one of every row it shows as with many."""

    # What the larger item's page must show of its last row of each kind, to the PALS officer.
    SHOWN = {
        "pals": ["Detail subject {}", "Profession {}", "Behaviour {}", "Named {}", "Learning {}"],
        "compliment": ["Detail subject {}", "Named {}", "letter-{}.pdf"],
        "comment": ["Detail subject {}", "Standard {}", "letter-{}.pdf"],
        "open_complaint": [
            "Issue {}",
            "Update {}",
            "Note {}",
            "Learning {}",
            "Change {}",
            "letter-{}.pdf",
            "Standard {}",
        ],
        "answered_complaint": ["Issue {}", "Update {}", "Note {}", "Survey {}", "Named {}"],
    }
    VIEWERS = (Role.PALS_OFFICER, Role.CSC_MANAGER, Role.ADMINISTRATOR)

    @pytest.mark.parametrize("shape", list(SHOWN))
    def test_item_page_queries_are_few_and_do_not_grow_with_its_rows(
        self, client, settings, tmp_path, reference, clerk, user_with_role, shape
    ):
        settings.MEDIA_ROOT = tmp_path
        pages = ItemPages(reference, clerk)
        few, many = (getattr(pages, shape)(n) for n in (RELATED_FEW, ITEM_ROWS_MANY))
        counts = {}
        for role in self.VIEWERS:
            client.force_login(user_with_role(role))
            measured = [
                measure(client, reverse("feedback:detail", args=[item.reference_slug]))
                for item in (few, many)
            ]
            counts[role.name] = [count for count, _ in measured]
            if role == Role.PALS_OFFICER:
                last = ItemPages.labels(many, ITEM_ROWS_MANY)[-1]
                page = measured[1][1].text
                assert [text for text in self.SHOWN[shape] if text.format(last) not in page] == []
        assert all(few == many for few, many in counts.values()), counts
        assert max(max(pair) for pair in counts.values()) <= MOST_QUERIES_A_PAGE, counts
