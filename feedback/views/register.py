from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from rules.contrib.views import permission_required

from careprog.access_records import AccessAction, record_access
from careprog.pagination import KeysetPaginator
from feedback.csv_format import csv_lines
from feedback.filters import RegisterFilterForm
from feedback.models import FeedbackItem
from feedback.views.common import today_context

PAGE_SIZE = 50


def filtered_items(request, *, today):
    form = RegisterFilterForm(data=request.GET, user=request.user)
    items = form.apply(FeedbackItem.objects.visible_to(request.user), today=today)
    return form, items


@permission_required("feedback.use_register", raise_exception=True)
def item_list(request):
    now = today_context()
    form, items = filtered_items(request, today=now.today)
    # Newest first, a page at a time by key: page 2,000 costs what page 1 does.
    searched = form.is_valid() and bool(form.cleaned_data["q"])
    paginator = KeysetPaginator(items.for_list(), PAGE_SIZE, field="received_on", searched=searched)
    page = paginator.get_page(request.GET)
    return render(request, "feedback/list.html", {"form": form, "page": page, "now": now})


@permission_required("feedback.export", raise_exception=True)
def item_export(request):
    """Exactly the filtered list, as CSV, streamed so a large export does not fill memory."""
    now = today_context()
    form, items = filtered_items(request, today=now.today)
    if not form.is_valid():
        # A file of headers alone would look like "nothing matched": send the officer back to
        # the register, whose form says what is wrong with the filters (e.g. a search longer
        # than the register takes).
        messages.error(request, "The download needs filters the register can use: see below.")
        return redirect(f"{reverse('feedback:list')}?{request.GET.urlencode()}")
    record_access(
        request, AccessAction.EXPORTED_REGISTER, f"register CSV ?{request.GET.urlencode()}"
    )
    response = StreamingHttpResponse(csv_lines(items.for_export()), content_type="text/csv")
    filename = f"feedback-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
