"""Complaint deadlines, all from the one working-day calendar."""

from datetime import date

from careprog.working_days import WorkingDayCalendar, trust_calendar

ACKNOWLEDGEMENT_WORKING_DAYS = 3
DUE_SOON_WORKING_DAYS = 5


def acknowledgement_due(received_on: date, calendar: WorkingDayCalendar | None = None) -> date:
    calendar = calendar or trust_calendar()
    return calendar.add_working_days(received_on, ACKNOWLEDGEMENT_WORKING_DAYS)


def response_due(received_on: date, working_days: int, calendar=None) -> date:
    calendar = calendar or trust_calendar()
    return calendar.add_working_days(received_on, working_days)


def due_soon_horizon(today: date, calendar=None) -> date:
    """The last date that counts as "due within 5 working days" of today."""
    calendar = calendar or trust_calendar()
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
