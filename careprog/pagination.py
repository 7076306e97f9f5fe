"""Keyset pagination for long lists: newest first, any page as fast as the first.

Django's Paginator asks the database for page N with OFFSET, which walks and throws away every
row before it (page 2,000 of a million-row register walks 100,000 rows), and counts the whole
list exactly on every view. Here a page is asked for by the key of the row it follows:
"rows older than (3 March 2026, 81234)", which the (date, id) index finds directly, so every
page costs what the first does. The total is counted only up to COUNT_CAP: past that the page
says "more than 10,000", which is all a person scanning a list needs to know.

The key travels in the query string as ``after`` (the next page) or ``before`` (the previous
one); ``page`` only numbers the page for people. A key that does not parse (edited by hand,
or from an older link) shows the first page rather than an error.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.db.models import DateField, DateTimeField, Q, QuerySet, Subquery

COUNT_CAP = 10_000
KEY_SEPARATOR = "_"


@dataclass
class KeysetPage:
    object_list: list
    number: int
    per_page: int
    count: int
    count_is_capped: bool
    next_key: str | None
    previous_key: str | None

    @property
    def has_next(self) -> bool:
        return self.next_key is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_key is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def num_pages(self) -> int | None:
        """None when the count was capped: the last page's number is not known."""
        if self.count_is_capped:
            return None
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return max(1, self.number - 1)


def capped_count(queryset: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(count, capped): counts at most cap + 1 rows, so a huge list costs what 10,000 do."""
    cap = COUNT_CAP if cap is None else cap
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


class KeysetPaginator:
    """Pages through ``queryset`` newest first by ``field`` (a date or date-time), then by id."""

    def __init__(self, queryset: QuerySet, per_page: int, *, field: str, searched=False):
        self.queryset = queryset
        self.per_page = per_page
        self.field = field
        # Whether the list is narrowed by a costly test of each row (a text search), which
        # decides how a page's rows are best found: see _rows_from.
        self.searched = searched
        model_field = queryset.model._meta.get_field(field)
        if not isinstance(model_field, DateField | DateTimeField):
            raise TypeError(f"{field} must be a date or date-time field")
        self.parse_value = (
            datetime.fromisoformat if isinstance(model_field, DateTimeField) else date.fromisoformat
        )

    # --- keys

    def key_of(self, row) -> str:
        return f"{getattr(row, self.field).isoformat()}{KEY_SEPARATOR}{row.pk}"

    def parse_key(self, text: str | None):
        """(value, pk) from a key, or None when it is missing or not a key we wrote."""
        if not text or KEY_SEPARATOR not in text:
            return None
        value, _, pk = text.rpartition(KEY_SEPARATOR)
        try:
            return self.parse_value(value), int(pk)
        except ValueError:
            return None

    def _older_than(self, key) -> Q:
        value, pk = key
        # "field <= value" first: it is the part an index on (field, id) can seek to.
        return Q(**{f"{self.field}__lte": value}) & (
            Q(**{f"{self.field}__lt": value}) | Q(pk__lt=pk)
        )

    def _newer_than(self, key) -> Q:
        value, pk = key
        return Q(**{f"{self.field}__gte": value}) & (
            Q(**{f"{self.field}__gt": value}) | Q(pk__gt=pk)
        )

    # --- pages

    def get_page(self, query) -> KeysetPage:
        """The page that ``query`` (request.GET) asks for."""
        after, before = self.parse_key(query.get("after")), self.parse_key(query.get("before"))
        number = _page_number(query.get("page")) if (after or before) else 1
        count, capped = capped_count(self.queryset)
        rows_from = self._rows_from(capped)
        newest_first = (f"-{self.field}", "-pk")
        page = partial(self._page, count=count, capped=capped)
        if before:
            rows = list(
                rows_from.filter(self._newer_than(before)).order_by(self.field, "pk")[
                    : self.per_page + 1
                ]
            )
            if len(rows) <= self.per_page:
                # Back at the newest rows: that is the first page, whatever its number said.
                return page(rows_from.order_by(*newest_first), number=1, first=True)
            rows = rows[: self.per_page]
            rows.reverse()
            return self._finish(rows, count, capped, number=max(2, number), more_older=True)
        if after:
            older = rows_from.filter(self._older_than(after)).order_by(*newest_first)
            return page(older, number=max(2, number), first=False)
        return page(rows_from.order_by(*newest_first), number=1, first=True)

    def _rows_from(self, capped: bool) -> QuerySet:
        """Where a page's rows are read from.

        Newest first, Postgres would rather walk the (date, id) index from the newest row and
        test each row against the filters until it has a page: quick when matches are many or
        the test is cheap, slow for a search with few matches: to_tsvector on 50,000 rows to
        find 51 took 1.2 s at a million items. So a search of up to COUNT_CAP matches is read
        through the ids its count found (from the search's own indexes, a BitmapOr), and only
        those are sorted. Filters alone, and searches with more matches, keep the walk, which
        finds dense matches at once (sorting 10,000 rows would cost more: 30 ms).
        docs/performance.md says where the walk is still slow: over 10,000 matches, all old.
        """
        if capped or not self.searched:
            return self.queryset
        found = self.queryset.order_by().values("pk")[: COUNT_CAP + 1]
        return self.queryset.filter(pk__in=Subquery(found))

    def _page(self, queryset, count, capped, *, number: int, first: bool) -> KeysetPage:
        rows = list(queryset[: self.per_page + 1])
        more_older = len(rows) > self.per_page
        return self._finish(
            rows[: self.per_page], count, capped, number=number, more_older=more_older, first=first
        )

    def _finish(self, rows, count, capped, *, number, more_older, first=False) -> KeysetPage:
        return KeysetPage(
            object_list=rows,
            number=number,
            per_page=self.per_page,
            count=count,
            count_is_capped=capped,
            next_key=self.key_of(rows[-1]) if rows and more_older else None,
            previous_key=self.key_of(rows[0]) if rows and not first else None,
        )


def _page_number(text) -> int:
    try:
        return max(1, int(text))
    except (TypeError, ValueError):
        return 1
