"""The register warns that its CSV holds patient-identifiable data, before the download link."""

import pytest
from django.urls import reverse

from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

WARNING = "The file holds patient-identifiable data:"


def test_the_warning_comes_before_the_link_and_names_the_count(client, pals_officer, medicine):
    make_item(csc=medicine)
    make_item(csc=medicine)
    client.force_login(pals_officer)

    page = client.get(reverse("feedback:list")).text

    link = f'<a href="{reverse("feedback:export")}?">Download 2 items as CSV</a>'
    assert link in page
    assert WARNING in page
    assert page.index(WARNING) < page.index(link)


def test_no_download_is_offered_when_nothing_matches(client, pals_officer):
    client.force_login(pals_officer)
    page = client.get(reverse("feedback:list")).text
    assert reverse("feedback:export") not in page
    assert WARNING not in page
