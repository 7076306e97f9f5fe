"""The register pages newest first by key (careprog/pagination.py): every item once, in order,
forwards and back; a hand-edited key shows the first page; the count stops at its cap."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careprog import pagination
from careprog.pagination import KeysetPaginator, capped_count
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from feedback.tests.factories import make_item

NEXT_LINK = re.compile(r'nhsuk-pagination__link--next" href="([^"]+)"')
PREVIOUS_LINK = re.compile(r'nhsuk-pagination__link--prev" href="([^"]+)"')


@pytest.fixture
def seven_items(medicine):
    """Seven items over four days, three of them on one day: ties are broken by id."""
    today = timezone.localdate()
    days_back = [1, 3, 3, 3, 5, 8, 8]
    return [
        make_item(kind=Kind.PALS, csc=medicine, received_on=today - timedelta(days=back))
        for back in days_back
    ]


def newest_first(items):
    return sorted(items, key=lambda item: (item.received_on, item.pk), reverse=True)


def pages(query: str = "", per_page: int = 3, *, searched=False):
    paginator = KeysetPaginator(
        FeedbackItem.objects.all(), per_page, field="received_on", searched=searched
    )
    return paginator.get_page(QueryDict(query))


def follow(page, direction: str) -> str:
    """The query string of the next ("after") or previous ("before") page's link."""
    key = page.next_key if direction == "after" else page.previous_key
    number = page.next_page_number if direction == "after" else page.previous_page_number
    return urlencode({direction: key, "page": number})


class TestKeysetPaginator:
    def test_walking_forwards_shows_every_item_once_newest_first(self, seven_items):
        seen, page = [], pages()
        numbers = [page.number]
        seen += page.object_list
        while page.has_next:
            page = pages(follow(page, "after"))
            numbers.append(page.number)
            seen += page.object_list
        assert [item.pk for item in seen] == [item.pk for item in newest_first(seven_items)]
        assert numbers == [1, 2, 3]
        assert len(page.object_list) == 1
        assert not page.has_next

    def test_walking_back_shows_the_same_pages(self, seven_items):
        first = pages()
        second = pages(follow(first, "after"))
        third = pages(follow(second, "after"))
        back_to_second = pages(follow(third, "before"))
        assert back_to_second.object_list == second.object_list
        assert back_to_second.number == 2
        assert back_to_second.has_previous
        assert back_to_second.has_next
        back_to_first = pages(follow(back_to_second, "before"))
        assert back_to_first.object_list == first.object_list
        assert back_to_first.number == 1
        assert not back_to_first.has_previous

    def test_the_first_page_has_no_previous_and_the_last_no_next(self, seven_items):
        first = pages()
        assert first.has_next
        assert not first.has_previous
        assert first.count == 7
        assert not first.count_is_capped
        assert first.num_pages == 3

    def test_a_page_of_exactly_the_remaining_rows_has_no_next(self, seven_items):
        page = pages(per_page=7)
        assert len(page.object_list) == 7
        assert not page.has_next
        assert not page.has_other_pages

    def test_a_previous_key_at_the_newest_row_shows_the_first_page(self, seven_items):
        newest = newest_first(seven_items)[0]
        page = pages(f"before={newest.received_on.isoformat()}_{newest.pk}&page=5")
        assert page.number == 1
        assert not page.has_previous
        assert page.object_list[0] == newest

    @pytest.mark.parametrize(
        "query",
        ["after=yesterday_3", "after=2026-02-30_3", "after=2026-01-01_x", "after=12", "page=4"],
    )
    def test_a_key_we_did_not_write_shows_the_first_page(self, seven_items, query):
        page = pages(query)
        assert page.number == 1
        assert page.object_list == newest_first(seven_items)[:3]

    def test_only_dates_and_date_times_can_key_a_page(self):
        with pytest.raises(TypeError):
            KeysetPaginator(FeedbackItem.objects.all(), 3, field="summary")


class TestCappedCount:
    @pytest.mark.parametrize(
        ("cap", "expected"), [(6, (6, True)), (7, (7, False)), (8, (7, False))]
    )
    def test_counts_up_to_the_cap_and_says_when_there_are_more(self, seven_items, cap, expected):
        assert capped_count(FeedbackItem.objects.all(), cap) == expected

    def test_counts_with_one_query_that_reads_at_most_cap_plus_one_rows(self, seven_items):
        with CaptureQueriesContext(connection) as captured:
            capped_count(FeedbackItem.objects.all(), 4)
        assert len(captured) == 1
        assert "LIMIT 5" in captured[0]["sql"]


class TestRegisterPage:
    def test_the_next_and_previous_links_walk_the_register(
        self, client, pals_officer, seven_items, monkeypatch
    ):
        monkeypatch.setattr("feedback.views.register.PAGE_SIZE", 3)
        client.force_login(pals_officer)
        url = reverse("feedback:list")
        shown, response = [], client.get(url)
        shown += response.context["page"].object_list
        assert "Page 2 of 3" in response.text
        while link := NEXT_LINK.search(response.text):
            response = client.get(url + unescape(link.group(1)))
            shown += response.context["page"].object_list
        assert shown == newest_first(seven_items)
        back = client.get(url + unescape(PREVIOUS_LINK.search(response.text).group(1)))
        assert back.context["page"].number == 2
        assert "7 items, page 2 of 3" in " ".join(back.text.split()).replace(
            "<strong>", ""
        ).replace("</strong>", "")

    def test_a_long_list_says_more_than_the_cap(
        self, client, pals_officer, seven_items, monkeypatch
    ):
        monkeypatch.setattr(pagination, "COUNT_CAP", 5)
        client.force_login(pals_officer)
        response = client.get(reverse("feedback:list"))
        text = " ".join(response.text.split())
        assert "More than <strong>5</strong> items" in text
        assert "Download all of these items as CSV" in text

    def test_a_deep_page_costs_the_same_queries_as_the_first(
        self, client, pals_officer, seven_items, monkeypatch
    ):
        monkeypatch.setattr("feedback.views.register.PAGE_SIZE", 2)
        client.force_login(pals_officer)
        url = reverse("feedback:list")
        with CaptureQueriesContext(connection) as first:
            response = client.get(url)
        link = unescape(NEXT_LINK.search(response.text).group(1))
        with CaptureQueriesContext(connection) as second:
            client.get(url + link)
        assert len(second) == len(first)
        # The deep page is asked for by key, never by OFFSET.
        assert not any("OFFSET" in query["sql"] for query in second)

    def test_another_cscs_items_are_not_reached_by_key(
        self, client, medicine_manager, surgery, seven_items
    ):
        theirs = make_item(kind=Kind.PALS, csc=surgery, received_on=timezone.localdate())
        client.force_login(medicine_manager)
        key = f"{theirs.received_on.isoformat()}_{theirs.pk + 1}"
        response = client.get(reverse("feedback:list"), {"after": key, "page": 2})
        assert theirs not in response.context["page"].object_list
        assert response.context["page"].count == 7


class TestReadingThroughTheCountedIds:
    """A search of up to the cap is read through the ids its count found (so Postgres finds
    its matches from their own indexes); filters alone, and longer lists, straight from the
    list."""

    def page_sql(self, *, searched):
        with CaptureQueriesContext(connection) as captured:
            page = pages(searched=searched)
        items = [q["sql"] for q in captured if 'FROM "feedback_feedbackitem"' in q["sql"]]
        return page, items[-1]

    def test_a_search_under_the_cap_through_the_ids(self, seven_items):
        page, sql = self.page_sql(searched=True)
        assert "IN (SELECT" in sql
        assert page.object_list == newest_first(seven_items)[:3]

    def test_filters_alone_straight_from_the_list(self, seven_items):
        page, sql = self.page_sql(searched=False)
        assert "IN (SELECT" not in sql
        assert page.object_list == newest_first(seven_items)[:3]

    def test_a_search_over_the_cap_straight_from_the_list(self, seven_items, monkeypatch):
        monkeypatch.setattr(pagination, "COUNT_CAP", 5)
        page, sql = self.page_sql(searched=True)
        assert page.count_is_capped
        assert "IN (SELECT" not in sql
        assert page.object_list == newest_first(seven_items)[:3]

    @pytest.mark.parametrize("cap", [5, 10_000])
    def test_the_same_pages_either_way(self, seven_items, monkeypatch, cap):
        monkeypatch.setattr(pagination, "COUNT_CAP", cap)
        second = pages(follow(pages(searched=True), "after"), searched=True)
        assert second.object_list == newest_first(seven_items)[3:6]
        back = pages(follow(second, "before"), searched=True)
        assert back.object_list == newest_first(seven_items)[:3]

    def test_the_register_says_when_it_searched(self, client, pals_officer, seven_items):
        client.force_login(pals_officer)
        with CaptureQueriesContext(connection) as searched:
            client.get(reverse("feedback:list"), {"q": "pain"})
        with CaptureQueriesContext(connection) as filtered:
            client.get(reverse("feedback:list"), {"kind": "pals"})
        assert any("IN (SELECT" in q["sql"] for q in searched)
        assert not any("IN (SELECT" in q["sql"] for q in filtered)
