"""The annual report's figures for a year from 1 April to 31 March, read from the register's
own QuerySet methods and kept as a JSON snapshot: the PDF and the CSV are both written from it.

How each figure is counted (the report's last section says the same in plain English):
- received: complaints received in the year, withdrawn ones left out; of which resolved early
  (resolved_early_on set), and formal complaints (the rest). PALS concerns resolved early:
  PALS contacts received in the year and resolved early.
- outcomes and responses on time: formal complaints whose response was *sent* in the year (as
  the KO41a return and the board's monthly measures count them), so each complaint counts in
  the year it was answered, once it has an outcome.
- acknowledged on time: formal complaints whose acknowledgement fell *due* in the year (as the
  monthly measure counts them: every one is past due once the year has ended).
- updates: updates given in the year; as agreed when given by the date due (or none was due).
- Ombudsman: complaints referred in the year, by the Ombudsman's outcome so far.
- subjects and CSCs: formal complaints received in the year.
- surveys: surveys received in the year. Learning: actions completed in the year.
"""

from datetime import date, timedelta

from feedback.models import ComplaintUpdate, ExperienceSurvey, FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.querysets import SURVEY_THEMES
from reports.content import learning_between
from reports.ko41a import FinancialYear


def financial_year_of(day: date) -> int:
    """The year (its start) a day falls in: 1 April to 31 March."""
    return day.year if day.month >= 4 else day.year - 1


def years_with_feedback(today: date) -> list[int]:
    """The years that have ended and that the register holds feedback received in, newest
    first (their starting years). One query."""
    months = FeedbackItem.objects.order_by().dates("received_on", "month")
    years = {financial_year_of(month) for month in months}
    last_ended = financial_year_of(today) - 1
    return sorted((year for year in years if year <= last_ended), reverse=True)


def annual_snapshot(year: FinancialYear) -> dict:
    """Every figure of the year's report, as JSON: a fixed number of queries."""
    start, end = year.start, year.end
    complaints = FeedbackItem.objects.complaints().exclude(status=Status.WITHDRAWN)
    received = complaints.received_between(start, end)
    formal = complaints.not_resolved_early()
    formal_received = received.not_resolved_early()
    answered = formal.answered_between(start, end)
    pals_early = FeedbackItem.objects.of_kind(Kind.PALS).received_between(start, end)
    scores = ExperienceSurvey.objects.received_between(start, end).scores()
    return {
        "year": year.label,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "received": {
            "complaints": received.count(),
            "complaints_resolved_early": received.resolved_early().count(),
            "formal_complaints": formal_received.count(),
            "pals_resolved_early": pals_early.resolved_early().count(),
        },
        "outcomes": answered.counts_by("outcome"),
        "responded": answered.response_timeliness(),
        "acknowledged": formal.acknowledgement_due_between(start, end).acknowledgement_timeliness(),
        "updates": ComplaintUpdate.objects.given_between(start, end).timeliness(),
        "ombudsman": complaints.referred_to_phso_between(start, end).counts_by("phso_outcome"),
        "subjects": formal_received.counts_by_subject(),
        "cscs": formal_received.counts_by_csc(),
        "survey": {
            "count": scores["count"],
            **{
                theme: None if scores[theme] is None else round(float(scores[theme]), 1)
                for theme in SURVEY_THEMES
            },
        },
        "learning": [
            {"csc": done.csc, "action": done.action, "done_on": done.done_on.isoformat()}
            for done in learning_between(start, end + timedelta(days=1))
        ],
    }
