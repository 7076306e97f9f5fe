"""Page speed at scale, run by `make bench` (not part of `make test`).

Each benchmark fills the database with a realistic volume, then times repeated requests and
prints the median and the query count. It fails only if a page's queries grow with its rows.
"""

import pytest
from django.urls import reverse

from benchmarks.timing import measure
from careprog.tests.factories import ClinicalServiceCentreFactory, StaffMemberFactory


@pytest.mark.django_db
class TestStaffDirectorySpeed:
    def test_staff_directory_with_5000_staff(self, client, pals_officer):
        cscs = [ClinicalServiceCentreFactory() for _ in range(9)]
        for csc in cscs:
            StaffMemberFactory.create_batch(555, csc=csc)
        client.force_login(pals_officer)
        median_ms, queries = measure(client, reverse("careprog:staff_list"))
        search_ms, search_queries = measure(client, reverse("careprog:staff_list") + "?q=Nurse")
        print(f"\nstaff directory, 4995 staff: median {median_ms:.1f} ms, {queries} queries")
        print(f"staff search 'Nurse', 4995 staff: median {search_ms:.1f} ms, {search_queries} q")
        assert queries == search_queries
