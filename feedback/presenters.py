"""Turn items into what the pages show: deadline flags as NHS.UK tags, deadlines with the
working days left. No queries here: everything comes from the item and one calendar."""

from dataclasses import dataclass
from datetime import date

from careprog.working_days import WorkingDayCalendar
from feedback.models import FeedbackItem
from feedback.models.choices import Status
from feedback.models.items import LONG_RUNNING_LIMIT


@dataclass(frozen=True)
class Flag:
    text: str
    colour: str  # an NHS.UK tag colour: red, orange, yellow, grey...


def flags_for(item: FeedbackItem, *, today: date, horizon: date) -> list[Flag]:
    flags = []
    if item.is_complaint:
        waiting_ack = item.status == Status.RECEIVED
        if waiting_ack and item.acknowledge_by and item.acknowledge_by < today:
            flags.append(Flag("Acknowledgement overdue", "red"))
        elif waiting_ack and item.acknowledge_by and item.acknowledge_by <= horizon:
            flags.append(Flag("Acknowledgement due soon", "yellow"))
        if item.is_open_complaint and item.respond_by:
            if item.respond_by < today:
                flags.append(Flag("Response overdue", "red"))
            elif item.respond_by <= horizon:
                flags.append(Flag("Response due soon", "orange"))
        if item.is_open_complaint and item.received_on + LONG_RUNNING_LIMIT < today:
            flags.append(Flag("Open over 6 months", "purple"))
        if item.is_late and item.late_decision != "accepted":
            flags.append(
                Flag("Over 12 months after the event: decision needed", "orange")
                if not item.late_decision
                else Flag("Late complaint declined", "grey")
            )
        if item.reopened_count:
            flags.append(Flag("Reopened", "blue"))
        if item.phso_referred_on:
            flags.append(Flag("Referred to PHSO", "blue"))
    return flags


STATUS_COLOURS = {
    Status.RECEIVED: "blue",
    Status.OPEN: "blue",
    Status.ACKNOWLEDGED: "aqua-green",
    Status.UNDER_INVESTIGATION: "aqua-green",
    Status.RESPONSE_DRAFTED: "aqua-green",
    Status.AWAITING_SIGN_OFF: "yellow",
    Status.RESPONSE_SENT: "green",
    Status.RESOLVED: "green",
    Status.SHARED: "green",
    Status.CLOSED: "grey",
    Status.WITHDRAWN: "grey",
    Status.ESCALATED: "grey",
}


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "grey")


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date
    done_on: date | None
    working_days_left: int | None

    @property
    def state(self) -> str:
        if self.done_on:
            return "met" if self.done_on <= self.due else "met late"
        if self.working_days_left is None:
            return ""
        if self.working_days_left < 0:
            return f"overdue by {-self.working_days_left} working day(s)"
        return f"{self.working_days_left} working day(s) left"


def deadlines_for(item: FeedbackItem, *, today: date, calendar: WorkingDayCalendar):
    if not item.is_complaint:
        return []
    rows = []
    if item.acknowledge_by:
        left = (
            None
            if item.acknowledged_on
            else calendar.working_days_between(today, item.acknowledge_by)
        )
        rows.append(Deadline("Acknowledge by", item.acknowledge_by, item.acknowledged_on, left))
    if item.respond_by:
        left = (
            calendar.working_days_between(today, item.respond_by)
            if item.is_open_complaint
            else None
        )
        rows.append(Deadline("Respond by", item.respond_by, item.response_sent_on, left))
    return rows
