"""Reads of the feedback register. Every list a user sees starts from visible_to(user)."""

from datetime import date

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from careprog.models.base import NeverDeleteQuerySet
from careprog.permissions import scope_to_cscs
from feedback.models.choices import OPEN_COMPLAINT_STATUSES, Kind, Status


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


class FeedbackItemQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        return scope_to_cscs(self, user, csc_field="csc")

    def for_list(self):
        """What a list row shows, fetched in a fixed number of queries."""
        return self.select_related("csc", "department", "tier").prefetch_related("subjects")

    def for_export(self):
        """What a CSV row needs, in a fixed number of queries however many rows."""
        return self.select_related("csc", "tier").prefetch_related("subjects").order_by("pk")

    def for_detail(self):
        return self.select_related(
            "csc", "department", "tier", "service_area", "signed_off_by", "escalated_from"
        ).prefetch_related(
            "subjects", "professions", "staff_named", "standards__criterion", "behaviours"
        )

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def complaints(self):
        return self.filter(kind=Kind.COMPLAINT)

    def open_complaints(self):
        return self.filter(kind=Kind.COMPLAINT, status__in=OPEN_COMPLAINT_STATUSES)

    def acknowledgement_overdue(self, today: date):
        return self.filter(
            kind=Kind.COMPLAINT,
            status=Status.RECEIVED,
            acknowledge_by__lt=today,
        )

    def response_overdue(self, today: date):
        return self.open_complaints().filter(respond_by__lt=today)

    def overdue(self, today: date):
        return self.filter(
            Q(pk__in=self.acknowledgement_overdue(today).values("pk"))
            | Q(pk__in=self.response_overdue(today).values("pk"))
        )

    def due_soon(self, today: date, horizon: date):
        """Open complaints whose next deadline falls between today and ``horizon``."""
        ack_soon = Q(status=Status.RECEIVED, acknowledge_by__gte=today, acknowledge_by__lte=horizon)
        response_soon = Q(respond_by__gte=today, respond_by__lte=horizon)
        return self.open_complaints().filter(ack_soon | response_soon)

    def open_longer_than(self, cutoff: date):
        return self.open_complaints().filter(received_on__lt=cutoff)

    def received_between(self, start: date | None, end: date | None):
        queryset = self
        if start:
            queryset = queryset.filter(received_on__gte=start)
        if end:
            queryset = queryset.filter(received_on__lte=end)
        return queryset

    def about_subject(self, subject):
        return self.filter(subjects=subject).distinct()

    def about_standard(self, standard):
        return self.filter(standards=standard).distinct()

    def search(self, text: str):
        """Full-text search on Postgres; a plain contains search on SQLite."""
        text = text.strip()
        if not text:
            return self
        reference = Q(reference__iexact=text) | Q(reference__iexact=text.replace("-", "/"))
        if is_postgres():
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = SearchVector(
                "summary", "description", "patient_name", "contact_name", config="english"
            )
            query = SearchQuery(text, search_type="websearch", config="english")
            matching = self.annotate(search_document=vector).filter(search_document=query)
            return self.filter(reference | Q(pk__in=matching.values("pk")))
        words = Q()
        for word in text.split():
            words &= (
                Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(patient_name__icontains=word)
                | Q(contact_name__icontains=word)
            )
        return self.filter(reference | words)

    def counts_by_standard(self) -> dict[tuple[int, str], int]:
        """{(care standard id, kind): items} in one query. An item tagged with several standards
        counts once under each."""
        rows = (
            self.order_by()
            .filter(standards__isnull=False)
            .values("standards", "kind")
            .annotate(n=Count("pk", distinct=True))
        )
        return {(row["standards"], row["kind"]): row["n"] for row in rows}

    def counts_by_subject_and_month(self) -> dict[tuple[str, date], int]:
        """{(KO41a subject name, first day of the month received): items} in one query. An
        item about several subjects counts once under each."""
        rows = (
            self.order_by()
            .filter(subjects__isnull=False)
            .annotate(month=TruncMonth("received_on"))
            .values("subjects__name", "month")
            .annotate(n=Count("pk", distinct=True))
        )
        return {(row["subjects__name"], row["month"]): row["n"] for row in rows}

    def counts_by_kind_and_status(self) -> dict:
        """{kind: {status: n}} in one query."""
        rows = self.order_by().values("kind", "status").annotate(n=Count("pk"))
        counts: dict = {}
        for row in rows:
            counts.setdefault(row["kind"], {})[row["status"]] = row["n"]
        return counts
