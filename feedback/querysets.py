"""Reads of the feedback register. Every list a user sees starts from visible_to(user)."""

from datetime import date

from django.conf import settings
from django.db.models import Case, Count, DateField, F, Q, When
from django.db.models.functions import TruncMonth

from careprog.models.base import NeverDeleteQuerySet
from careprog.permissions import scope_to_cscs
from feedback.models.choices import OPEN_COMPLAINT_STATUSES, Kind, Status
from feedback.search import (
    SEARCHED_FIELDS,
    SearchDocument,
    clean_search_text,
    nhs_number_in,
    reference_parts,
    search_words,
)


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
            "csc",
            "department",
            "tier",
            "service_area",
            "signed_off_by",
            "escalated_from",
            "case_handler",
        ).prefetch_related(
            "subjects",
            "professions",
            "staff_named",
            "standards__criterion",
            "behaviours",
            # The documents section: a fixed three queries however many documents.
            "documents__uploaded_by",
            "documents__superseded_by",
        )

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def complaints(self):
        return self.filter(kind=Kind.COMPLAINT)

    def open_complaints(self):
        return self.filter(kind=Kind.COMPLAINT, status__in=OPEN_COMPLAINT_STATUSES)

    def open_cases(self):
        """Complaints and PALS contacts still being worked on."""
        return self.filter(
            Q(kind=Kind.COMPLAINT, status__in=OPEN_COMPLAINT_STATUSES)
            | Q(kind=Kind.PALS, status=Status.OPEN)
        )

    def open_for_nhs_number(self, nhs_number: str):
        """Open cases for this NHS number (10 digits, as stored)."""
        if not nhs_number:
            return self.none()
        return self.open_cases().filter(nhs_number=nhs_number)

    def possible_duplicates_of(self, item):
        """Other open cases for the same NHS number: perhaps the same concern logged twice."""
        return self.open_for_nhs_number(item.nhs_number).exclude(pk=item.pk)

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
        """Items matching what was typed in the register's search box, by the rules in
        feedback.search: an NHS number, a whole or partial reference, or words. Words are
        searched in full text on Postgres (websearch syntax) and contained per word on SQLite;
        names match partially on both. Every branch is held by an index on Postgres."""
        text = clean_search_text(text)
        if not text:
            return self
        words = search_words(text)
        found = Q()
        if nhs_number := nhs_number_in(text):
            found |= Q(nhs_number=nhs_number)
        elif parts := reference_parts(text):
            found |= parts.condition()
        if is_postgres():
            from django.contrib.postgres.search import SearchQuery

            query = SearchQuery(" ".join(words), search_type="websearch", config="english")
            in_names = Q()
            for word in words:
                in_names &= Q(patient_name__icontains=word) | Q(contact_name__icontains=word)
            return self.alias(search_document=SearchDocument()).filter(
                found | in_names | Q(search_document=query)
            )
        in_text = Q()
        for word in words:
            in_text &= Q.create(
                [(f"{field}__icontains", word) for field in SEARCHED_FIELDS], connector=Q.OR
            )
        return self.filter(found | in_text)

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

    # The work queue: whose case it is, and when the next thing is due.
    def handled_by(self, user):
        return self.filter(case_handler=user)

    def for_queue(self):
        """What a work-queue row shows (CSC and case handler), in one query however many rows."""
        return self.select_related("csc", "case_handler")

    def with_next_deadline(self):
        """Annotate ``next_deadline``: an open complaint's acknowledgement date while it is
        received, otherwise its response date. None for anything that is not an open complaint:
        PALS contacts have no target date."""
        return self.annotate(
            next_deadline=Case(
                When(kind=Kind.COMPLAINT, status=Status.RECEIVED, then=F("acknowledge_by")),
                When(
                    kind=Kind.COMPLAINT,
                    status__in=OPEN_COMPLAINT_STATUSES,
                    then=F("respond_by"),
                ),
                default=None,
                output_field=DateField(),
            )
        )

    def next_deadline_before(self, day: date):
        return self.with_next_deadline().filter(next_deadline__lt=day)

    def next_deadline_between(self, start: date, end: date):
        """Next deadline from ``start`` to ``end``, both days included."""
        return self.with_next_deadline().filter(next_deadline__gte=start, next_deadline__lte=end)

    def awaiting_sign_off(self):
        return self.filter(kind=Kind.COMPLAINT, status=Status.AWAITING_SIGN_OFF)

    def compliments_to_share(self):
        return self.filter(kind=Kind.COMPLIMENT, status=Status.RECEIVED, shared_on__isnull=True)

    def open_pals_contacts(self):
        return self.filter(kind=Kind.PALS, status=Status.OPEN)
