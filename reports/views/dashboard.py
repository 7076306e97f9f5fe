"""The live dashboard: every measure and its chart for a month, for the trust or one CSC."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from rules.contrib.views import permission_required

from reports.forms import TRUST_WIDE, DashboardForm
from reports.selectors import dashboard, months_from, report_cscs
from reports.services import first_month_with_data, parse_month


@permission_required("reports.view_dashboard", raise_exception=True)
def dashboard_page(request):
    this_month = timezone.localdate().replace(day=1)
    months = months_from(first_month_with_data(), this_month)
    cscs = list(report_cscs(request.user))
    trust_wide = request.user.has_perm("reports.request_any_board_pack")
    form = DashboardForm(
        request.GET or None, months=months, cscs=cscs, trust_wide=trust_wide, so_far=this_month
    )
    # Anything not offered falls back to the default: the last month that has ended (a part
    # month would look like a fall in every count), and the whole trust, or a manager's first
    # CSC. A CSC the user may not see is never offered, so asking for one by URL gets 404.
    # A field that is fine is kept when the other is not (a bookmarked month that has aged out
    # of the list keeps the CSC chosen).
    valid = form.is_valid()
    chosen = getattr(form, "cleaned_data", {})
    code = request.GET.get("csc", "")
    if code and code not in {c.code for c in cscs}:
        raise Http404("No such CSC")
    csc = next((c for c in cscs if c.code == chosen.get("csc")), None)
    if csc is None and not trust_wide:
        csc = cscs[0] if cscs else None
        if csc is None:
            raise Http404("You manage no CSC")
    default = months[1] if len(months) > 1 else this_month
    month = parse_month(chosen["month"]) if chosen.get("month") else default
    if not valid:
        form = DashboardForm(
            initial={"csc": csc.code if csc else TRUST_WIDE, "month": f"{month:%Y-%m}"},
            months=months,
            cscs=cscs,
            trust_wide=trust_wide,
            so_far=this_month,
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "dashboard": dashboard(month, csc, feedback_began=months[-1]) if months else None,
        },
    )
