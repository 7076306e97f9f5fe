"""The item page shows a stored NHS number 3-3-4, as the NHS writes it."""

import pytest
from django.urls import reverse

from feedback.tests.factories import make_item


@pytest.mark.django_db
def test_the_item_page_shows_it_spaced(client, pals_officer, medicine):
    item = make_item(csc=medicine, nhs_number="9434765919")
    client.force_login(pals_officer)
    page = client.get(reverse("feedback:detail", args=[item.reference_slug])).text
    assert "943 476 5919" in page
    assert "9434765919" not in page
