"""Opening an item's page, exporting the register and downloading a document are recorded:
who, what, when and from where (issue 14; the record itself: careprog.models.access)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careprog.models import AccessAction, AccessRecord
from careprog.roles import Role
from careprog.tests.factories import UserFactory
from careprog.tests.test_uploads import make_pdf
from feedback.models import DocumentKind
from feedback.services.documents import document_add
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Windows NT 10.0) Ward PC"


@pytest.fixture
def officer(client):
    person = UserFactory(role=Role.PALS_OFFICER)
    client.force_login(person)
    return person


@pytest.fixture
def item(medicine, officer):
    return make_item(csc=medicine, by=officer, summary="Waited four hours")


def only_record():
    records = list(AccessRecord.objects.all())
    assert len(records) == 1, records
    return records[0]


def test_opening_an_item_records_who_what_when_and_from_where(client, officer, item):
    assert not AccessRecord.objects.exists()
    response = client.get(
        reverse("feedback:detail", args=[item.reference_slug]),
        REMOTE_ADDR="10.20.30.40",
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == 200
    record = only_record()
    assert (record.user, record.action, record.what) == (
        officer,
        AccessAction.VIEWED_ITEM,
        item.reference,
    )
    assert (record.address, record.user_agent) == ("10.20.30.40", BROWSER)
    assert record.at is not None


def test_an_item_the_user_may_not_see_records_nothing(client, surgery, item):
    manager = UserFactory(role=Role.CSC_MANAGER, cscs=[surgery])
    client.force_login(manager)
    response = client.get(reverse("feedback:detail", args=[item.reference_slug]))
    assert response.status_code == 404
    assert not AccessRecord.objects.exists()


def test_exporting_the_register_records_the_filters(client, officer, item):
    response = client.get(reverse("feedback:export"), {"kind": "complaint", "q": "waited"})
    b"".join(response.streaming_content)
    record = only_record()
    assert record.action == AccessAction.EXPORTED_REGISTER
    assert "kind=complaint" in record.what
    assert "q=waited" in record.what


def test_downloading_a_document_records_the_item_and_file(
    client, officer, item, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("letter.pdf", make_pdf(), content_type="application/pdf")
    document = document_add(item=item, by=officer, upload=upload, kind=DocumentKind.RECEIVED)
    url = reverse("feedback:download_document", args=[item.reference_slug, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    record = only_record()
    assert record.action == AccessAction.DOWNLOADED_DOCUMENT
    assert record.what == f"{item.reference}: letter.pdf"


def test_an_export_with_filters_the_register_refuses_sends_the_officer_back_and_records_nothing(
    client, officer, item
):
    """Defect 6: a search of hundreds of words gave a file of headers alone and no error."""
    words = " ".join(["waited"] * 300)
    response = client.get(reverse("feedback:export"), {"q": words}, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("feedback:list") + "?q=waited")
    assert "The download needs filters the register can use" in response.text
    assert "Search must be 200 characters or fewer" in response.text
    assert not AccessRecord.objects.exists()


def test_the_longest_search_the_register_takes_still_exports(client, officer, item):
    words = ("waited " * 40)[:200].strip()  # 200 characters at most: the register's limit
    response = client.get(reverse("feedback:export"), {"q": words})
    rows = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert rows[1].startswith(item.reference)
    assert only_record().action == AccessAction.EXPORTED_REGISTER


def test_the_edit_page_is_a_view_of_the_item(client, officer, item):
    response = client.get(reverse("feedback:edit", args=[item.reference_slug]))
    assert response.status_code == 200
    record = only_record()
    assert (record.action, record.what) == (AccessAction.VIEWED_ITEM, f"{item.reference} (edit)")


def test_the_staff_involved_page_is_a_view_of_the_item(client, medicine, item):
    manager = UserFactory(role=Role.CSC_MANAGER, cscs=[medicine])
    client.force_login(manager)
    response = client.get(reverse("feedback:staff_involved", args=[item.reference_slug]))
    assert response.status_code == 200
    record = only_record()
    assert (record.user, record.what) == (manager, f"{item.reference} (staff involved)")
