"""Turn items into what the pages show: deadline flags as NHS.UK tags, deadlines with the
working days left. No queries here: everything comes from the item and one calendar."""

from dataclasses import dataclass
from datetime import date

from careprog.wording import plural
from careprog.working_days import WorkingDayCalendar
from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Status
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
        if item.is_open_complaint and item.next_update_due:
            # The update agreed in the handling plan (NHS Complaint Standards).
            if item.next_update_due < today:
                flags.append(Flag("Update overdue", "red"))
            elif item.next_update_due == today:
                flags.append(Flag("Update due today", "orange"))
        if item.is_open_complaint and item.received_on + LONG_RUNNING_LIMIT < today:
            flags.append(Flag("Open over 6 months", "purple"))
            # Known where the item was read with_six_month_letter() (its own page); lists
            # do not ask, and the daily digest finds these through six_month_letter_due().
            if getattr(item, "six_month_letter_sent", True) is False:
                flags.append(Flag("Six-month letter due", "red"))
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
    # Counted apart in the register: the tag says why a closed complaint has no response.
    if item.resolved_early_on:
        flags.append(Flag("Resolved early", "green"))
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
            return f"overdue by {plural(-self.working_days_left, 'working day')}"
        if self.working_days_left == 0:
            return "due today"
        return f"{plural(self.working_days_left, 'working day')} left"


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


def short_date(day: date) -> str:
    """A date with its weekday, short enough for a queue row: "Thu 3 Dec"."""
    return f"{day:%a} {day.day} {day:%b}"


# What the handler does next, by status: a word for a compact work-queue row.
NEXT_STEPS = {
    Status.RECEIVED: "Acknowledge",
    Status.ACKNOWLEDGED: "Respond",
    Status.UNDER_INVESTIGATION: "Respond",
    Status.RESPONSE_DRAFTED: "Respond",
    Status.AWAITING_SIGN_OFF: "Sign off",
    Status.OPEN: "Resolve",
}


def next_step(item: FeedbackItem) -> str:
    if item.kind == Kind.COMPLIMENT:
        return "Share"
    return NEXT_STEPS.get(item.status, "")


def due_text(item: FeedbackItem, *, today: date, calendar: WorkingDayCalendar) -> str:
    """When a work-queue case is due, in working days from today. ``item.next_deadline`` comes
    from FeedbackItemQuerySet.with_next_deadline(); cases without one say when they came in."""
    deadline = getattr(item, "next_deadline", None)
    if deadline is None:
        return f"Received {short_date(item.received_on)}"
    if deadline < today:
        late = calendar.working_days_between(deadline, today)
        # A deadline on a weekend, looked at before the next working day, is late by none yet.
        if late == 0:
            return f"Was due {short_date(deadline)}"
        return f"{plural(late, 'working day')} overdue"
    if deadline == today:
        return "Due today"
    left = calendar.working_days_between(today, deadline)
    if left == 0:
        return f"{short_date(deadline)}, before the next working day"
    return f"{short_date(deadline)}, {plural(left, 'working day')} left"
