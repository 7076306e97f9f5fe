"""Board packs: the list and the request form, a pack's progress, the download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from careprog.access_records import AccessAction, record_access
from careprog.forms.errors import add_service_error
from reports.forms import PackRequestForm
from reports.models import PackStatus
from reports.selectors import latest_trust_pack, pack_months, packs_for, report_cscs
from reports.services import (
    PackError,
    mark_stalled_builds,
    pack_download,
    pack_request,
    pack_retry,
    parse_month,
)

PACKS_PAGE_SIZE = 30


def request_form(request, data=None) -> PackRequestForm:
    return PackRequestForm(
        data,
        months=pack_months(),
        cscs=report_cscs(request.user),
        trust_wide=request.user.has_perm("reports.request_any_board_pack"),
    )


@permission_required("reports.read_board_packs", raise_exception=True)
def index(request):
    form = request_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["scope"]
        csc = report_cscs(request.user).filter(code=code).first() if code else None
        if not request.user.has_perm("reports.request_board_pack", csc):
            raise PermissionDenied
        try:
            pack, created = pack_request(
                month=parse_month(form.cleaned_data["month"]), csc=csc, by=request.user
            )
        except PackError as error:
            add_service_error(form, error)
        else:
            if created:
                # Without a worker (the embedded default) the build ran as the request was
                # committed: say it is ready rather than being built.
                pack.refresh_from_db(fields=["status"])
                if pack.status == PackStatus.READY:
                    messages.success(request, f"{pack} is built and ready to download")
                else:
                    messages.success(request, f"{pack} asked for: it is being built")
            else:
                messages.info(
                    request,
                    f"{pack} is already being built (asked for at "
                    f"{timezone.localtime(pack.requested_at):%H:%M}): "
                    "here is its progress",
                )
            return redirect("reports:pack", pk=pack.pk)
    page = Paginator(packs_for(request.user), PACKS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "page": page,
            "latest": latest_trust_pack(request.user) if page.number == 1 else None,
            "can_request": bool(form.fields["scope"].choices),
        },
    )


def get_visible_pack(request, pk):
    """A pack the user may see; another CSC's pack answers 404, as if it did not exist."""
    return get_object_or_404(packs_for(request.user), pk=pk)


@permission_required("reports.read_board_packs", raise_exception=True)
def pack_page(request, pk):
    mark_stalled_builds()  # a build that died says so here, instead of "building" for ever
    pack = get_visible_pack(request, pk)
    template = "reports/includes/pack_status.html" if request.htmx else "reports/pack.html"
    return render(
        request,
        template,
        {
            "pack": pack,
            "versions": versions_of(request, pack),
            "can_retry": request.user.has_perm("reports.request_board_pack", pack.csc),
        },
    )


def versions_of(request, pack):
    return packs_for(request.user).filter(month=pack.month, csc=pack.csc).exclude(pk=pack.pk)


@require_POST
@permission_required("reports.read_board_packs", raise_exception=True)
def retry(request, pk):
    pack = get_visible_pack(request, pk)
    if not request.user.has_perm("reports.request_board_pack", pack.csc):
        raise PermissionDenied
    try:
        pack_retry(pack=pack, by=request.user)
    except PackError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{pack} is being built again")
    return redirect("reports:pack", pk=pack.pk)


@permission_required("reports.read_board_packs", raise_exception=True)
def download(request, pk):
    pack = get_visible_pack(request, pk)
    try:
        path = pack_download(pack=pack, by=request.user)
    except PackError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:pack", pk=pack.pk)
    record_access(request, AccessAction.DOWNLOADED_BOARD_PACK, pack.filename)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=pack.filename, content_type="application/pdf"
    )
