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
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from careprog.working_days import trust_calendar
from feedback.models import ExperienceSurvey, FeedbackEvent, FeedbackItem
from feedback.models.choices import Kind, Outcome, Status
from feedback.querysets import SURVEY_THEMES
from recognition.selectors import recognition_by_csc_and_month
from reports.measures import MEASURES
from standards.models import Assessment, AssessmentLine
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


def grouped(queryset, date_field: str, **counts) -> list[dict]:
    """One query: counts per CSC and month of ``date_field``."""
    return list(
        queryset.annotate(month=TruncMonth(date_field))
        .order_by()
        .values("csc_id", "month")
        .annotate(**counts)
    )


def as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def monthly_figures(first: date, last: date, *, csc_ids=()) -> Figures:
    """Every measure's counts from the month of ``first`` to the month of ``last``, trust-wide
    and for each CSC: a fixed number of queries whatever the number of items or CSCs."""
    figures = Figures(months=months_between(first, last))
    start, end = figures.months[0], figures.months[-1] + relativedelta(months=1)
    items = FeedbackItem.objects.all()
    # Formal complaints only: one resolved early is counted by its own measure, never here (it
    # has no acknowledgement to be late with), as in the KO41a and the annual report.
    complaints = items.complaints().exclude(status=Status.WITHDRAWN).not_resolved_early()

    for row in grouped(
        complaints.filter(received_on__gte=start, received_on__lt=end), "received_on", n=Count("pk")
    ):
        figures.add(row["csc_id"], as_date(row["month"]), "complaints", row["n"])
    on_time = Q(acknowledged_on__isnull=False, acknowledged_on__lte=F("acknowledge_by"))
    for row in grouped(
        complaints.filter(acknowledge_by__gte=start, acknowledge_by__lt=end),
        "acknowledge_by",
        due=Count("pk"),
        on_time=Count("pk", filter=on_time),
    ):
        figures.add(row["csc_id"], as_date(row["month"]), "ack_due", row["due"])
        figures.add(row["csc_id"], as_date(row["month"]), "ack_on_time", row["on_time"])
    add_responses(figures, complaints.filter(response_sent_on__gte=start, response_sent_on__lt=end))
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
    for row in grouped(
        complaints.filter(phso_referred_on__gte=start, phso_referred_on__lt=end),
        "phso_referred_on",
        n=Count("pk"),
    ):
        figures.add(row["csc_id"], as_date(row["month"]), "phso", row["n"])
    pals = items.of_kind(Kind.PALS).filter(received_on__gte=start, received_on__lt=end)
    for row in grouped(
        pals, "received_on", n=Count("pk"), escalated=Count("pk", filter=Q(status=Status.ESCALATED))
    ):
        figures.add(row["csc_id"], as_date(row["month"]), "pals", row["n"])
        figures.add(row["csc_id"], as_date(row["month"]), "pals_escalated", row["escalated"])
    compliments = items.of_kind(Kind.COMPLIMENT).filter(received_on__gte=start, received_on__lt=end)
    for row in grouped(compliments, "received_on", n=Count("pk")):
        figures.add(row["csc_id"], as_date(row["month"]), "compliments", row["n"])

    resolved_early = (
        items.filter(kind__in=[Kind.COMPLAINT, Kind.PALS])
        .resolved_early()
        .filter(resolved_early_on__gte=start, resolved_early_on__lt=end)
    )
    for row in grouped(resolved_early, "resolved_early_on", n=Count("pk")):
        figures.add(row["csc_id"], as_date(row["month"]), "resolved_early", row["n"])
    add_surveys(figures, start, end)

    first_feedback = items.aggregate(first=Min("received_on"))["first"]
    for name in ("complaints", "reopened", "phso", "pals", "compliments", "resolved_early"):
        figures.cover(name, first_feedback, csc_ids)

    add_standards(figures, start, end)
    add_recognition(figures, csc_ids)
    return figures


def add_responses(figures: Figures, answered) -> None:
    """Responses sent in each month: how many, how many by the agreed date, how many upheld,
    and their working days from receipt, added up in one grouped query. The working days are
    kept on each item when it is saved (save_item); a response recorded another way (an import,
    a row older than that field) is counted with the calendar here, in one more query."""
    upheld = [Outcome.UPHELD, Outcome.PARTIALLY_UPHELD]
    by_the_date = Q(respond_by__isnull=False, response_sent_on__lte=F("respond_by"))
    rows = grouped(
        answered,
        "response_sent_on",
        n=Count("pk"),
        on_time=Count("pk", filter=by_the_date),
        upheld=Count("pk", filter=Q(outcome__in=upheld)),
        days=Sum("response_working_days"),
        uncounted=Count("pk", filter=Q(response_working_days__isnull=True)),
    )
    for row in rows:
        month = as_date(row["month"])
        figures.add(row["csc_id"], month, "responses", row["n"])
        figures.add(row["csc_id"], month, "responses_on_time", row["on_time"])
        figures.add(row["csc_id"], month, "upheld", row["upheld"])
        figures.add(row["csc_id"], month, "response_days", row["days"] or 0)
    if any(row["uncounted"] for row in rows):
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
    carried forward counts once confirmed)."""
    assessments = {
        a.pk: a
        for a in Assessment.objects.filter(period_end__gte=start, period_start__lt=end).order_by()
    }
    totals = (
        AssessmentLine.objects.filter(assessment__in=list(assessments)).counted().progress_totals()
    )
    for row in totals:
        assessment = assessments[row["assessment_id"]]
        period = period_of(assessment.period_start, assessment.period_end)
        first, last = period.start, period.end  # worked out once, not for every month
        for month in figures.months:
            if first <= month <= last:
                figures.add(assessment.csc_id, month, "standards", row["total"])
                figures.add(assessment.csc_id, month, "standards_met", row["met"])


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
