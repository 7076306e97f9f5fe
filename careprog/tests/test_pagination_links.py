"""The one pagination include serves Django's numbered pages as well as keyed ones."""

import re
from html import unescape

import pytest
from django.urls import reverse

from careprog.tests.factories import StaffMemberFactory

NEXT = re.compile(r'nhsuk-pagination__link--next" href="([^"]+)"')
PREVIOUS = re.compile(r'nhsuk-pagination__link--prev" href="([^"]+)"')


@pytest.mark.django_db
def test_the_staff_list_links_its_numbered_pages(client, pals_officer):
    StaffMemberFactory.create_batch(51)  # the list shows 50 a page
    client.force_login(pals_officer)
    first = client.get(reverse("careprog:staff_list"))
    assert "Page 2 of 2" in first.text
    assert unescape(NEXT.search(first.text).group(1)) == "?page=2"
    assert not PREVIOUS.search(first.text)
    second = client.get(reverse("careprog:staff_list") + "?page=2")
    assert second.context["page"].number == 2
    assert unescape(PREVIOUS.search(second.text).group(1)) == "?page=1"
    assert "Page 1 of 2" in second.text
