from django.shortcuts import render
from rules.contrib.views import permission_required

from feedback.selectors import work_queue
from feedback.views.common import today_context


@permission_required("feedback.use_register", raise_exception=True)
def work_queue_page(request):
    """What needs doing, most urgent first: the user's own cases, or (?who=all) everyone's."""
    now = today_context()
    everyone = request.GET.get("who") == "all"
    queue = work_queue(request.user, everyone=everyone, today=now.today, horizon=now.horizon)
    return render(request, "feedback/queue.html", {"queue": queue, "now": now})
