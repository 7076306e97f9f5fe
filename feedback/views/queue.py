from django.shortcuts import render
from rules.contrib.views import permission_required

from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.views.common import today_context

QUEUE_LIMIT = 50


@permission_required("feedback.use_register", raise_exception=True)
def work_queue(request):
    """What needs doing: overdue first, then due within 5 working days; counts by kind, status."""
    now = today_context()
    items = FeedbackItem.objects.visible_to(request.user)
    overdue = items.overdue(now.today).for_list().order_by("acknowledge_by", "respond_by")
    due_soon = (
        items.due_soon(now.today, now.horizon)
        .exclude(pk__in=items.overdue(now.today).values("pk"))
        .for_list()
        .order_by("respond_by")
    )
    open_pals = (
        items.of_kind(Kind.PALS).filter(status=Status.OPEN).for_list().order_by("received_on")
    )
    counts = items.counts_by_kind_and_status()
    count_rows = [
        {
            "kind": label,
            "value": kind,
            "statuses": counts.get(kind, {}),
            "total": sum(counts.get(kind, {}).values()),
        }
        for kind, label in Kind.choices
    ]
    return render(
        request,
        "feedback/queue.html",
        {
            "overdue": list(overdue[:QUEUE_LIMIT]),
            "overdue_count": overdue.count(),
            "due_soon": list(due_soon[:QUEUE_LIMIT]),
            "due_soon_count": due_soon.count(),
            "open_pals": list(open_pals[:QUEUE_LIMIT]),
            "open_pals_count": open_pals.count(),
            "count_rows": count_rows,
            "statuses": Status.choices,
            "now": now,
        },
    )
