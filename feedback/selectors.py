"""Reads that put several QuerySet methods together for one page."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from careprog.models import User
from careprog.permissions import is_administrator, is_csc_manager
from careprog.roles import Role
from feedback.models import FeedbackItem
from feedback.models.choices import OPEN_STATUSES

# The work queue's groups, in the order the page shows them. Deadline groups hold open
# complaints only: PALS contacts have no target date, so they have a group of their own.
QUEUE_GROUPS = [
    ("overdue", "Overdue", "overdue", "Nothing is overdue."),
    ("due-today", "Due today", "due today", "Nothing is due today."),
    (
        "due-soon",
        "Due in the next 5 working days",
        "due in 5 working days",
        "Nothing is due in the next 5 working days.",
    ),
    # Updates agreed in the handling plan, for open complaints with a plan.
    ("updates-overdue", "Updates overdue", "updates overdue", "No updates are overdue."),
    (
        "updates-due",
        "Updates due",
        "updates due",
        "No updates are due today or in the next 5 working days.",
    ),
    (
        "awaiting-sign-off",
        "Awaiting sign-off",
        "awaiting sign-off",
        "No responses are waiting to be signed off.",
    ),
    (
        "compliments",
        "Compliments waiting to be shared",
        "compliments to share",
        "No compliments are waiting to be shared.",
    ),
    ("open-pals", "Open PALS contacts", "open PALS contacts", "No PALS contacts are open."),
]


@dataclass(frozen=True)
class QueueGroup:
    key: str  # the group's anchor on the page
    title: str
    short_title: str  # beside its count at the top: "3 due today"
    empty_text: str
    items: list
    count: int

    @property
    def more(self) -> int:
        """How many of the group's cases the page leaves out (it shows the first ``limit``)."""
        return self.count - len(self.items)


@dataclass(frozen=True)
class WorkQueue:
    everyone: bool
    groups: list[QueueGroup]

    def group(self, key: str) -> QueueGroup:
        return next(group for group in self.groups if group.key == key)


def _signed_off_by(user, items):
    """The items whose responses this user signs off (feedback.sign_off_response)."""
    if is_administrator(user):
        return items
    if is_csc_manager(user):
        return items.filter(csc_id__in=user.managed_csc_ids)
    return items.none()


def _queue_querysets(user, *, everyone: bool, today: date, horizon: date) -> dict:
    # Every group is of items still open: starting there lets the status index find them,
    # rather than every list (and its count) working out dates for the whole register.
    visible = FeedbackItem.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    items = visible if everyone else visible.handled_by(user)
    # Compliments have no case handler: "my" compliments are the ones this user logged.
    compliments = visible.compliments_to_share()
    if not everyone:
        compliments = compliments.filter(created_by=user)
    # Signing off is a manager's part in any case of their CSC, so it is theirs to do.
    awaiting = items.awaiting_sign_off() | _signed_off_by(user, visible).awaiting_sign_off()
    return {
        "overdue": items.next_deadline_before(today).order_by("next_deadline", "pk"),
        "due-today": items.next_deadline_between(today, today).order_by("pk"),
        "due-soon": items.next_deadline_between(today + timedelta(days=1), horizon).order_by(
            "next_deadline", "pk"
        ),
        "updates-overdue": items.updates_overdue(today).order_by("next_update_due", "pk"),
        "updates-due": items.updates_due_between(today, horizon).order_by("next_update_due", "pk"),
        "awaiting-sign-off": awaiting.with_next_deadline().order_by("next_deadline", "pk"),
        "compliments": compliments.order_by("received_on", "pk"),
        "open-pals": items.open_pals_contacts().order_by("received_on", "pk"),
    }


# The most pressing cases each group shows; its count and a link say how many more there are.
# Everyone's queue at a large trust has nine full groups: at 50 rows each it was a 280 KB page.
QUEUE_GROUP_ROWS = 25


def work_queue(
    user, *, everyone: bool = False, today: date, horizon: date, limit: int = QUEUE_GROUP_ROWS
) -> WorkQueue:
    """What needs doing, in groups: the user's own cases, or everyone's they may see. Each
    group's count and first ``limit`` cases, in one query for the counts and one per group,
    however many cases there are."""
    querysets = _queue_querysets(user, everyone=everyone, today=today, horizon=horizon)
    # One query counts every group, each with the very queryset its list comes from. Every
    # group holds items still open (compliments waiting to be shared are "received"), so the
    # count runs over those alone, found by the status index, not over the whole register.
    counts = FeedbackItem.objects.filter(status__in=OPEN_STATUSES).aggregate(
        **{
            key.replace("-", "_"): Count("pk", filter=Q(pk__in=queryset.values("pk")))
            for key, queryset in querysets.items()
        }
    )
    groups = [
        QueueGroup(
            key=key,
            title=title,
            short_title=short_title,
            empty_text=empty_text,
            items=list(querysets[key].for_queue()[:limit]),
            count=counts[key.replace("-", "_")],
        )
        for key, title, short_title, empty_text in QUEUE_GROUPS
    ]
    return WorkQueue(everyone=everyone, groups=groups)


def eligible_case_handlers(item):
    """Who may be given ``item``'s case, by name, in one query: active PALS officers and active
    managers of the item's CSC (the rule of feedback.services.handlers.can_handle)."""
    managers_here = Q(groups__name=Role.CSC_MANAGER.label, managed_cscs=item.csc_id)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=Role.PALS_OFFICER.label) | managers_here)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def standard_tag_counts(*, csc, start: date, end: date, kinds) -> dict[tuple[int, str], int]:
    """How many of a CSC's items of these kinds, received in these dates, are tagged with each
    care standard: {(standard id, kind): n}, in one query.

    Numbers only, never rows, so any reader of that CSC's standards checklist may see them
    (board members included); the items themselves are reached through visible_to(user).
    """
    items = FeedbackItem.objects.filter(csc=csc, kind__in=kinds).received_between(start, end)
    return items.counts_by_standard()


def register_url(*, kind=None, csc=None, standard=None, received_from=None, received_to=None):
    """The register filtered to exactly these items (the same filters its own form applies)."""
    filters = {
        "kind": kind or "",
        "csc": csc.code if csc else "",
        "standard": standard.pk if standard else "",
        "received_from": received_from.isoformat() if received_from else "",
        "received_to": received_to.isoformat() if received_to else "",
    }
    return f"{reverse('feedback:list')}?{urlencode({k: v for k, v in filters.items() if v})}"
