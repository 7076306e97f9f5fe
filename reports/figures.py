"""The counts behind every measure, for a run of months, trust-wide and per CSC.

Each source is read once for the whole run of months, grouped by CSC and month, so any number
of months, CSCs and items costs the same number of queries (see ADR 0011). The counts are kept
raw (numerators and denominators) and each measure is worked out from them (reports.measures),
so a trust-wide share is the share of the trust's items, not an average of the CSCs' shares.

``reports`` reads the other apps through their QuerySet methods and selectors, never writes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db.models import CharField, Count, F, IntegerField, Min, Q, Sum, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from careprog.working_days import trust_calendar
from feedback.models import ExperienceSurvey, FeedbackEvent, FeedbackItem
from feedback.models.choices import Kind, Outcome, Status
from feedback.querysets import SURVEY_THEMES
from recognition.selectors import recognition_by_csc_and_month
from reports.measures import MEASURES
from standards.models import AssessmentLine
from standards.periods import period_of

TRUST = None  # the key of the trust-wide figures, beside each CSC's id


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_start(first)
    while month <= month_start(last):
        months.append(month)
        month += relativedelta(months=1)
    return months


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Figures:
    """Raw counts by (CSC id or TRUST, month) and the measures worked out from them."""

    months: list[date]
    counts: dict = field(default_factory=lambda: defaultdict(dict))
    winners: list = field(default_factory=list)  # award winners announced in the months

    def add(self, csc_id, month: date, name: str, amount) -> None:
        for key in (csc_id, TRUST) if csc_id is not None else (TRUST,):
            bucket = self.counts[(key, month)]
            bucket[name] = bucket.get(name, 0) + amount

    def cover(self, name: str, since: date | None, csc_ids) -> None:
        """A count is zero (not "no data") in every month from its source's first record."""
        if since is None:
            return
        for month in self.months:
            if month >= month_start(since):
                for key in [TRUST, *csc_ids]:
                    self.counts[(key, month)].setdefault(name, 0)

    def value(self, measure, month: date, csc_id=TRUST) -> float | None:
        return measure.compute(self.counts.get((csc_id, month), {}))

    def series(self, measure, csc_id=TRUST) -> list[float | None]:
        return [self.value(measure, month, csc_id) for month in self.months]

    def table(self, month: date, csc_id=TRUST) -> dict[str, float | None]:
        """Every measure's value for one month: the pack's snapshot of what it shows."""
        return {measure.key: self.value(measure, month, csc_id) for measure in MEASURES}


class MonthOf(TruncMonth):
    """The month of a date column. On Postgres, TruncMonth of a date casts it to a timestamp
    with time zone, whose truncation consults the time zone for every row: a fifth of the
    dashboard's time at a million items. A date's month needs no time zone."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"DATE_TRUNC('month', ({sql})::timestamp)::date", params


COUNT_COLUMNS = ("n1", "n2", "n3", "n4", "n5")  # the most counts any one source takes
ZERO = Value(0, output_field=IntegerField())


def grouped_together(sources: dict) -> dict[str, list[dict]]:
    """Counts per CSC and month for several sources in one query (UNION ALL): the items are read
    by each source's own date, so no one GROUP BY serves them all, but one round trip does.
    ``sources`` is {name: (queryset, date field, {count: aggregate})}; each name gets its rows
    back as dicts of csc_id, month and its counts."""
    parts = []
    for name, (queryset, date_field, counts) in sources.items():
        padded = [*counts.values(), *[ZERO] * (len(COUNT_COLUMNS) - len(counts))]
        parts.append(
            queryset.annotate(month=MonthOf(date_field))
            .order_by()
            .values("csc_id", "month")
            .annotate(
                source=Value(name, output_field=CharField()),
                **dict(zip(COUNT_COLUMNS, padded, strict=True)),
            )
            .values_list("source", "csc_id", "month", *COUNT_COLUMNS)
        )
    rows = {name: [] for name in sources}
    for source, csc_id, month, *values in parts[0].union(*parts[1:], all=True):
        counts = dict(zip(sources[source][2], values, strict=False))  # the rest is padding
        rows[source].append({"csc_id": csc_id, "month": as_date(month), **counts})
    return rows


def as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def monthly_figures(first: date, last: date, *, csc_ids=(), feedback_began=None) -> Figures:
    """Every measure's counts from the month of ``first`` to the month of ``last``, trust-wide
    and for each CSC: a fixed number of queries whatever the number of items or CSCs.
    ``feedback_began`` (the first item's day or month), when the caller has read it already,
    saves reading it again."""
    figures = Figures(months=months_between(first, last))
    start, end = figures.months[0], figures.months[-1] + relativedelta(months=1)
    items = FeedbackItem.objects.all()
    # Formal complaints only: one resolved early is counted by its own measure, never here (it
    # has no acknowledgement to be late with), as in the KO41a and the annual report.
    complaints = items.complaints().exclude(status=Status.WITHDRAWN).not_resolved_early()
    answered = complaints.filter(response_sent_on__gte=start, response_sent_on__lt=end)
    on_time = Q(acknowledged_on__isnull=False, acknowledged_on__lte=F("acknowledge_by"))
    by_the_date = Q(respond_by__isnull=False, response_sent_on__lte=F("respond_by"))
    upheld = Q(outcome__in=[Outcome.UPHELD, Outcome.PARTIALLY_UPHELD])
    rows = grouped_together(
        {
            "complaints": (
                complaints.filter(received_on__gte=start, received_on__lt=end),
                "received_on",
                {"complaints": Count("pk")},
            ),
            "acknowledgements": (
                complaints.filter(acknowledge_by__gte=start, acknowledge_by__lt=end),
                "acknowledge_by",
                {"ack_due": Count("pk"), "ack_on_time": Count("pk", filter=on_time)},
            ),
            "responses": (
                answered,
                "response_sent_on",
                {
                    "responses": Count("pk"),
                    "responses_on_time": Count("pk", filter=by_the_date),
                    "upheld": Count("pk", filter=upheld),
                    "response_days": Sum("response_working_days", default=0),
                    "uncounted": Count("pk", filter=Q(response_working_days__isnull=True)),
                },
            ),
            "phso": (
                complaints.filter(phso_referred_on__gte=start, phso_referred_on__lt=end),
                "phso_referred_on",
                {"phso": Count("pk")},
            ),
            "pals": (
                items.of_kind(Kind.PALS).filter(received_on__gte=start, received_on__lt=end),
                "received_on",
                {
                    "pals": Count("pk"),
                    "pals_escalated": Count("pk", filter=Q(status=Status.ESCALATED)),
                },
            ),
            "compliments": (
                items.of_kind(Kind.COMPLIMENT).filter(received_on__gte=start, received_on__lt=end),
                "received_on",
                {"compliments": Count("pk")},
            ),
            "resolved_early": (
                items.filter(kind__in=[Kind.COMPLAINT, Kind.PALS])
                .resolved_early()
                .filter(resolved_early_on__gte=start, resolved_early_on__lt=end),
                "resolved_early_on",
                {"resolved_early": Count("pk")},
            ),
        }
    )
    for found in rows.values():
        for row in found:
            for name, amount in row.items():
                if name not in ("csc_id", "month", "uncounted"):
                    figures.add(row["csc_id"], row["month"], name, amount)
    add_uncounted_response_days(figures, rows["responses"], answered)

    reopened = FeedbackEvent.objects.filter(
        action="reopened", at__gte=moment(start), at__lt=moment(end)
    )
    for row in (
        reopened.annotate(month=TruncMonth("at"))
        .order_by()
        .values("item__csc_id", "month")
        .annotate(n=Count("pk"))
    ):
        figures.add(row["item__csc_id"], as_date(row["month"]), "reopened", row["n"])
    add_surveys(figures, start, end)

    first_feedback = feedback_began or items.aggregate(first=Min("received_on"))["first"]
    for name in ("complaints", "reopened", "phso", "pals", "compliments", "resolved_early"):
        figures.cover(name, first_feedback, csc_ids)

    add_standards(figures, start, end)
    add_recognition(figures, csc_ids)
    return figures


def add_uncounted_response_days(figures: Figures, responses: list[dict], answered) -> None:
    """Each response's working days from receipt are kept on the item when it is saved
    (save_item) and summed with the responses above; a response recorded another way (an
    import, a row older than that field) is counted with the calendar here, in one more query."""
    if not any(row["uncounted"] for row in responses):
        return
    calendar = trust_calendar()
    uncounted = answered.filter(response_working_days__isnull=True).values_list(
        "csc_id", "received_on", "response_sent_on"
    )
    for csc_id, received, sent in uncounted.order_by():
        days = calendar.working_days_between(received, sent)
        figures.add(csc_id, month_start(sent), "response_days", days)


def add_surveys(figures: Figures, start: date, end: date) -> None:
    """The surveys received in each month: every theme's score added up, over the number of
    answers (three a survey). A month with no survey has no answers: "no data", never 0."""
    surveys = ExperienceSurvey.objects.received_between(start, end - relativedelta(days=1))
    for row in surveys.totals_by_csc_and_month():
        month = as_date(row["month"])
        figures.add(row["item__csc_id"], month, "survey_answers", row["n"] * len(SURVEY_THEMES))
        figures.add(row["item__csc_id"], month, "survey_scores", row["total"])


def add_standards(figures: Figures, start: date, end: date) -> None:
    """For each month, the assessments of the period it falls in: lines, and lines met (a rating
    carried forward counts once confirmed). One query: the totals carry their assessment's CSC
    and period."""
    lines = AssessmentLine.objects.filter(
        assessment__period_end__gte=start, assessment__period_start__lt=end
    )
    totals = lines.counted().progress_totals(
        "assessment__csc_id", "assessment__period_start", "assessment__period_end"
    )
    for row in totals:
        period = period_of(row["assessment__period_start"], row["assessment__period_end"])
        first, last = period.start, period.end  # worked out once, not for every month
        for month in figures.months:
            if first <= month <= last:
                figures.add(row["assessment__csc_id"], month, "standards", row["total"])
                figures.add(row["assessment__csc_id"], month, "standards_met", row["met"])


def add_recognition(figures: Figures, csc_ids) -> None:
    recognition = recognition_by_csc_and_month(
        figures.months[0], figures.months[-1] + relativedelta(months=1, days=-1)
    )
    for name, counts in (
        ("thank_yous", recognition.thank_yous),
        ("awards", recognition.awards),
    ):
        for (csc_id, month), n in counts.items():
            figures.add(csc_id, month, name, n)
    figures.cover("thank_yous", recognition.first_thank_you, csc_ids)
    figures.cover("awards", recognition.first_award, csc_ids)
    figures.winners = recognition.winners
