from django.shortcuts import render
from rules.contrib.views import permission_required

from feedback.models.choices import Status
from feedback.selectors import work_queue
from feedback.views.common import today_context


@permission_required("feedback.use_register", raise_exception=True)
def work_queue_page(request):
    """What needs doing: overdue first, then due within 5 working days; counts by kind, status."""
    now = today_context()
    queue = work_queue(request.user, today=now.today, horizon=now.horizon)
    return render(
        request, "feedback/queue.html", {"queue": queue, "statuses": Status.choices, "now": now}
    )
