"""Pages keep the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careprog.tests.factories import DepartmentFactory, StaffMemberFactory


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


class TestQueryCounts:
    @pytest.mark.parametrize(
        ("url_name", "args"),
        [("careprog:staff_list", []), ("careprog:csc_detail", ["med"]), ("careprog:csc_list", [])],
    )
    def test_query_count_does_not_grow_with_rows(
        self, client, pals_officer, medicine, url_name, args
    ):
        client.force_login(pals_officer)
        url = reverse(url_name, args=args)
        StaffMemberFactory.create_batch(2, csc=medicine)
        DepartmentFactory.create_batch(2, csc=medicine)
        few = count_queries(client, url)
        StaffMemberFactory.create_batch(40, csc=medicine)
        DepartmentFactory.create_batch(10, csc=medicine)
        many = count_queries(client, url)
        assert many == few
