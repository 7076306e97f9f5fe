"""The compliment emails' admin list: what it costs, and what it leaves out (the failures an
administrator sees are tested with the mail server down, in tests/test_faults_mail_down.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careprog.tests.factories import StaffMemberFactory
from feedback.models import ComplimentEmail
from feedback.models.choices import Kind
from feedback.tests.factories import make_item


def shared(count: int, csc) -> None:
    for _ in range(count):
        item = make_item(kind=Kind.COMPLIMENT, csc=csc)
        person = StaffMemberFactory(csc=csc)
        ComplimentEmail.objects.create(item=item, person=person, address=person.email)


def list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("admin:feedback_complimentemail_changelist"))
    assert page.status_code == 200
    return len(captured), page.content.decode()


def test_the_list_costs_the_same_queries_for_one_email_or_many(client, administrator, medicine):
    client.force_login(administrator)
    shared(1, medicine)
    one, _ = list_queries(client)
    shared(8, medicine)
    nine, text = list_queries(client)

    assert nine == one
    for email in ComplimentEmail.objects.select_related("item"):
        assert email.item.reference in text
