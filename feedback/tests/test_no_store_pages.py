"""The register, an item's page, the work queue and the CSV export are never kept by the
browser: Back on a shared office PC after sign-out must not show a patient's details (issue 14)."""

import pytest
from django.urls import reverse

from feedback.tests.factories import make_item


@pytest.fixture
def item(medicine, pals_officer):
    return make_item(csc=medicine, by=pals_officer)


def page_url(name, item):
    if name == "feedback:detail":
        return reverse(name, args=[item.reference_slug])
    return reverse(name)


class TestPatientPagesAreNotStored:
    @pytest.mark.parametrize(
        "name", ["feedback:list", "feedback:detail", "feedback:index", "feedback:export"]
    )
    def test_a_pals_officer_page_says_no_store(self, client, pals_officer, item, name):
        client.force_login(pals_officer)
        response = client.get(page_url(name, item))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]

    def test_the_streamed_export_still_holds_the_item(self, client, pals_officer, item):
        client.force_login(pals_officer)
        response = client.get(reverse("feedback:export"))
        assert item.reference in b"".join(response.streaming_content).decode()
        assert "no-store" in response["Cache-Control"]

    def test_an_item_page_from_another_csc_answers_404_not_stored(
        self, client, surgery, medicine_manager
    ):
        elsewhere = make_item(csc=surgery)
        client.force_login(medicine_manager)
        response = client.get(reverse("feedback:detail", args=[elsewhere.reference_slug]))
        assert response.status_code == 404
        assert "no-store" in response["Cache-Control"]
