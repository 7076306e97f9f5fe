from django.shortcuts import render
from rules.contrib.views import permission_required

from feedback.reminders import digest_is_on
from feedback.selectors import work_queue
from feedback.views.common import today_context


@permission_required("feedback.use_register", raise_exception=True)
def work_queue_page(request):
    """What needs doing, most urgent first: the user's own cases, or (?who=all) everyone's."""
    now = today_context()
    everyone = request.GET.get("who") == "all"
    queue = work_queue(request.user, everyone=everyone, today=now.today, horizon=now.horizon)
    context = {"queue": queue, "now": now, "digest_on": digest_is_on(request.user)}
    return render(request, "feedback/queue.html", context)
