"""Reads of the feedback register. Every list a user sees starts from visible_to(user)."""

from datetime import date

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from careprog.models.base import NeverDeleteQuerySet
from careprog.permissions import scope_to_cscs
from feedback.models.choices import OPEN_COMPLAINT_STATUSES, PLANNED_STATUSES, Kind, Status
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
        """In the order the CSV writes them, oldest first; feedback.csv_format reads the
        values it needs, two queries for each thousand rows."""
        return self.order_by("received_on", "pk")

    def for_detail(self):
        """Everything the item's page shows, one query per kind of row, joined where a row
        has one of each: the page's query count stays the same however long the case. Its
        five tag lists are read together by feedback.tags.prefetch_tags, in one query."""
        from feedback.models import DeadlineChange, FeedbackDocument, StaffInvolvement

        # Counted in the item's query: the page shows how many, to those who may see them.
        involved = (
            StaffInvolvement.objects.filter(item=OuterRef("pk"))
            .order_by()
            .values("item")
            .annotate(n=Count("pk"))
            .values("n")
        )
        # The six-month letter is annotated so the item's flags need no query of their own.
        return (
            self.with_six_month_letter()
            .annotate(staff_involved_count=Coalesce(Subquery(involved), 0))
            .select_related(
                "csc",
                "department",
                "tier",
                "service_area",
                "signed_off_by",
                "escalated_from",
                "escalated_to",
                "case_handler",
                "response_writer",
            )
            .prefetch_related(
                # Issues and date changes are read by the page, its letters and its flags.
                "issues",
                Prefetch("deadline_changes", DeadlineChange.objects.select_related("changed_by")),
                Prefetch(
                    "documents",
                    FeedbackDocument.objects.select_related("uploaded_by", "superseded_by"),
                ),
            )
        )

    def with_six_month_letter(self):
        """Annotate ``six_month_letter_sent``: whether the item has a current six-month letter,
        in the same query."""
        from feedback.models.documents import DocumentKind, FeedbackDocument

        letters = FeedbackDocument.objects.current().filter(
            item=OuterRef("pk"), kind=DocumentKind.SIX_MONTH
        )
        return self.annotate(six_month_letter_sent=Exists(letters))

    def six_month_letter_due(self, today: date | None = None):
        """Open complaints received more than six months ago with no current six-month letter:
        the person must be told why the response is taking so long."""
        from feedback.models.items import LONG_RUNNING_LIMIT

        today = today or timezone.localdate()
        return (
            self.open_longer_than(today - LONG_RUNNING_LIMIT)
            .with_six_month_letter()
            .filter(six_month_letter_sent=False)
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

    # Early resolution (NHS Complaint Standards) is counted apart from complaints answered by a
    # final response, and never in the KO41a return.
    def resolved_early(self):
        return self.filter(resolved_early_on__isnull=False)

    def not_resolved_early(self):
        return self.filter(resolved_early_on__isnull=True)

    # Updates agreed in the handling plan: due only while the complaint is open and unanswered.
    def with_updates_due(self):
        """Open, acknowledged complaints with a handling plan, annotated ``next_deadline`` with
        the next update due (so a work-queue row says when, as for the other deadlines)."""
        return self.filter(
            kind=Kind.COMPLAINT,
            status__in=PLANNED_STATUSES,
            plan_agreed_on__isnull=False,
            next_update_due__isnull=False,
        ).annotate(next_deadline=F("next_update_due"))

    def updates_overdue(self, today: date):
        return self.with_updates_due().filter(next_update_due__lt=today)

    def updates_due_between(self, start: date, end: date):
        """Next update due from ``start`` to ``end``, both days included."""
        return self.with_updates_due().filter(next_update_due__gte=start, next_update_due__lte=end)

    # The annual complaints report (Regulation 18): each figure is one of these, one query each.
    def acknowledgement_due_between(self, start: date, end: date):
        """Complaints whose acknowledgement fell due from ``start`` to ``end`` (both included)."""
        return self.filter(acknowledge_by__gte=start, acknowledge_by__lte=end)

    def answered_between(self, start: date, end: date):
        """Complaints whose (latest) response was sent from ``start`` to ``end``."""
        return self.filter(response_sent_on__gte=start, response_sent_on__lte=end)

    def referred_to_phso_between(self, start: date, end: date):
        return self.filter(phso_referred_on__gte=start, phso_referred_on__lte=end)

    def acknowledgement_timeliness(self) -> dict[str, int]:
        """{"due": n, "on_time": acknowledged on or before the acknowledge-by date}."""
        on_time = Q(acknowledged_on__isnull=False, acknowledged_on__lte=F("acknowledge_by"))
        counts = self.order_by().aggregate(due=Count("pk"), on_time=Count("pk", filter=on_time))
        return {name: counts[name] or 0 for name in ("due", "on_time")}

    def response_timeliness(self) -> dict[str, int]:
        """{"sent": n, "on_time": sent on or before the date agreed}; no agreed date is late."""
        on_time = Q(respond_by__isnull=False, response_sent_on__lte=F("respond_by"))
        counts = self.order_by().aggregate(
            sent=Count("pk", filter=Q(response_sent_on__isnull=False)),
            on_time=Count("pk", filter=on_time),
        )
        return {name: counts[name] or 0 for name in ("sent", "on_time")}

    def counts_by(self, field: str) -> dict[str, int]:
        """{value of ``field``: items} in one query; "" for a blank value."""
        rows = self.order_by().values(field).annotate(n=Count("pk", distinct=True))
        return {row[field] or "": row["n"] for row in rows}

    def counts_by_subject(self) -> dict[str, int]:
        """{KO41a subject name: items} in one query; an item about several subjects counts once
        under each, and one with none under ""."""
        return self.counts_by("subjects__name")

    def counts_by_csc(self) -> dict[str, int]:
        """{CSC name: items} in one query."""
        return self.counts_by("csc__name")


class ComplaintUpdateQuerySet(NeverDeleteQuerySet):
    def given_between(self, start: date, end: date):
        return self.filter(given_on__gte=start, given_on__lte=end)

    def timeliness(self) -> dict[str, int]:
        """{"given": n, "as_agreed": given by the date it was due, or with no date due}."""
        as_agreed = Q(due_on__isnull=True) | Q(given_on__lte=F("due_on"))
        counts = self.order_by().aggregate(
            given=Count("pk"), as_agreed=Count("pk", filter=as_agreed)
        )
        return {name: counts[name] or 0 for name in ("given", "as_agreed")}


SURVEY_THEMES = ("listened_to", "kept_informed", "understood_outcome")


class ExperienceSurveyQuerySet(NeverDeleteQuerySet):
    def received_between(self, start: date, end: date):
        return self.filter(received_on__gte=start, received_on__lte=end)

    def scores(self) -> dict:
        """{"count": surveys, theme: average score (None with no surveys)} in one query."""
        result = self.order_by().aggregate(
            count=Count("pk"), **{theme: Avg(theme) for theme in SURVEY_THEMES}
        )
        return {
            "count": result["count"] or 0,
            **{theme: result[theme] for theme in SURVEY_THEMES},
        }

    def totals_by_csc_and_month(self) -> list[dict]:
        """Rows of item__csc_id, month (of received_on), surveys ("n") and the sum of every
        theme's score ("total"), in one query."""
        return list(
            self.annotate(month=TruncMonth("received_on"))
            .order_by()
            .values("item__csc_id", "month")
            .annotate(
                n=Count("pk"),
                total=Sum(F("listened_to") + F("kept_informed") + F("understood_outcome")),
            )
        )
