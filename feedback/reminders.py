"""The daily digest: for each user who wants it, what of their work is overdue, due today and due
in the next 2 working days. Built for every user at once in a fixed number of queries.

A digest names cases by reference and date only. Names, NHS numbers, descriptions and even
summaries (which people write names into) stay in the register, behind sign-in.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from careprog.models import User
from careprog.roles import Role
from careprog.working_days import WorkingDayCalendar
from feedback.letters.rules import six_months_reached_on
from feedback.models import DigestSetting, FeedbackItem
from feedback.models.choices import Status

DAYS_AHEAD = 2  # working days after today that the digest looks ahead

ACKNOWLEDGE = "Acknowledge the complaint"
UPDATE = "Give the agreed update"
RESPOND = "Send the response"
FINDINGS = "Record the investigation findings"
SIGN_OFF = "Sign off the response"
AWAITING_SIGN_OFF = "Response awaiting sign-off"
SIX_MONTH = "Send the six-month letter"

# Only what a line needs: the digest never loads a name or a description.
ITEM_FIELDS = (
    "pk",
    "reference",
    "kind",
    "status",
    "csc_id",
    "case_handler_id",
    "acknowledge_by",
    "next_update_due",
    "respond_by",
    "signed_off_at",
    "received_on",
)


@dataclass(frozen=True, order=True)
class DueLine:
    due_on: date
    reference: str
    what: str
    url: str


@dataclass
class Digest:
    user: User
    overdue: list[DueLine] = field(default_factory=list)
    due_today: list[DueLine] = field(default_factory=list)
    due_soon: list[DueLine] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_today or self.due_soon)

    @property
    def subject(self) -> str:
        parts = [
            f"{len(lines)} {label}"
            for lines, label in (
                (self.overdue, "overdue"),
                (self.due_today, "due today"),
                (self.due_soon, f"due in the next {DAYS_AHEAD} working days"),
            )
            if lines
        ]
        return "Complaints work: " + ", ".join(parts)


def digest_recipients():
    """Active users with an email address who have not turned the digest off (no setting
    means on)."""
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(digest_setting__daily_digest=False)
    )


def digest_is_on(user) -> bool:
    return not DigestSetting.objects.filter(user=user, daily_digest=False).exists()


def handler_lines(item: FeedbackItem) -> list[tuple[str, date]]:
    """What the case handler must do for an open complaint, and by when."""
    lines = []
    if item.status == Status.RECEIVED and item.acknowledge_by:
        lines.append((ACKNOWLEDGE, item.acknowledge_by))
    if item.next_update_due:
        lines.append((UPDATE, item.next_update_due))
    if item.respond_by:
        # Awaiting sign-off, the handler chases it (a manager signs); once signed, they send it.
        waiting = item.status == Status.AWAITING_SIGN_OFF and not item.signed_off_at
        lines.append((AWAITING_SIGN_OFF if waiting else RESPOND, item.respond_by))
    return lines


def manager_lines(item: FeedbackItem) -> list[tuple[str, date]]:
    """What a manager of the item's CSC must do: their findings, or their sign-off."""
    what = FINDINGS if item.status == Status.UNDER_INVESTIGATION else SIGN_OFF
    return [(what, item.respond_by)]


def _handled_items(recipients, horizon: date):
    due = (
        Q(status=Status.RECEIVED, acknowledge_by__lte=horizon)
        | Q(next_update_due__lte=horizon)
        | Q(respond_by__lte=horizon)
    )
    return (
        FeedbackItem.objects.open_complaints()
        .filter(due, case_handler__in=recipients)
        .only(*ITEM_FIELDS)
        .order_by()
    )


def _managed_cscs(recipients) -> dict[int, set[int]]:
    """{CSC id: ids of the recipients who manage it}, for recipients who are CSC managers."""
    pairs = User.managed_cscs.through.objects.filter(
        user__in=recipients.filter(groups__name=Role.CSC_MANAGER.label)
    ).values_list("clinicalservicecentre_id", "user_id")
    managers: dict[int, set[int]] = defaultdict(set)
    for csc_id, user_id in pairs:
        managers[csc_id].add(user_id)
    return managers


def _managed_items(csc_ids, horizon: date):
    return (
        FeedbackItem.objects.complaints()
        .filter(
            Q(status=Status.UNDER_INVESTIGATION)
            # Signed off already: nothing more for the manager to do.
            | Q(status=Status.AWAITING_SIGN_OFF, signed_off_at__isnull=True),
            csc_id__in=csc_ids,
            respond_by__lte=horizon,
        )
        .only(*ITEM_FIELDS)
        .order_by()
    )


def build_digests(*, today: date, calendar: WorkingDayCalendar) -> list[Digest]:
    """Every recipient's digest for ``today``, empty ones included, in five queries."""
    horizon = calendar.add_working_days(today, DAYS_AHEAD)
    recipients = digest_recipients()
    users = {user.pk: user for user in recipients.order_by("pk")}
    due: dict[int, set[tuple]] = defaultdict(set)  # a set: handler and manager lines coincide
    for item in _handled_items(recipients, horizon):
        for what, on in handler_lines(item):
            due[item.case_handler_id].add((item, what, on))
    # Open more than six months (by the horizon) with no six-month letter sent yet.
    late = FeedbackItem.objects.six_month_letter_due(horizon).filter(case_handler__in=recipients)
    for item in late.only(*ITEM_FIELDS).order_by():
        due[item.case_handler_id].add((item, SIX_MONTH, six_months_reached_on(item)))
    managers = _managed_cscs(recipients)
    for item in _managed_items(list(managers), horizon):
        for user_id in managers[item.csc_id]:
            for what, on in manager_lines(item):
                due[user_id].add((item, what, on))
    return [_digest(user, due[pk], today=today, horizon=horizon) for pk, user in users.items()]


def _digest(user, due: set[tuple], *, today: date, horizon: date) -> Digest:
    digest = Digest(user=user)
    # A manager who also handles the case signs it off: "sign off" says it, "awaiting" is noise.
    signing = {item.pk for item, what, _ in due if what == SIGN_OFF}
    for item, what, on in due:
        if what == AWAITING_SIGN_OFF and item.pk in signing:
            continue
        line = DueLine(due_on=on, reference=item.reference, what=what, url=item_url(item))
        if on < today:
            digest.overdue.append(line)
        elif on == today:
            digest.due_today.append(line)
        elif on <= horizon:
            digest.due_soon.append(line)
    for lines in (digest.overdue, digest.due_today, digest.due_soon):
        lines.sort()
    return digest


def item_url(item: FeedbackItem) -> str:
    return settings.SITE_URL + reverse("feedback:detail", kwargs={"reference": item.reference_slug})
