"""The KO41a return: the year's figures on a page, and the CSV to send, once it passes the
collection's checks."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from rules.contrib.views import permission_required

from careprog.access_records import AccessAction, record_access
from reports.forms import Ko41aYearForm
from reports.ko41a import (
    CLINICAL_TREATMENT_NOTE,
    Section,
    counting_notes,
    ko41a_csv,
    ko41a_return,
    parse_year,
    validate,
)
from reports.selectors import ko41a_years


@permission_required("reports.export_ko41a", raise_exception=True)
def ko41a_page(request):
    years = ko41a_years()
    form = Ko41aYearForm(request.GET or None, years=years)
    if form.is_bound and form.is_valid():
        year = parse_year(form.cleaned_data["year"])
    elif years and not form.is_bound:
        year = parse_year(years[1] if len(years) > 1 else years[0])  # the last year that ended
        form = Ko41aYearForm(initial={"year": year.label}, years=years)
    else:
        year = None
    context = {"form": form, "year": year}
    if year:
        ret = ko41a_return(year)
        context |= {
            "ret": ret,
            "problems": validate(ret),
            "notes": counting_notes(year),
            "sections": [
                (section, list(ret.counts.get(section, {}).items())) for section in Section
            ],
            "clinical_note": CLINICAL_TREATMENT_NOTE,
            "clinical_section": Section.CLINICAL_TREATMENT,
        }
    return render(request, "reports/ko41a.html", context)


@permission_required("reports.export_ko41a", raise_exception=True)
def ko41a_download(request, year):
    try:
        financial_year = parse_year(year)
    except ValueError:
        raise Http404("Not a financial year in the form YYYY-YY") from None
    ret = ko41a_return(financial_year)
    if validate(ret):
        # The page lists the failed checks; a file that would fail them is never handed out.
        raise Http404("This return fails the collection's checks: see the KO41a page")
    record_access(request, AccessAction.DOWNLOADED_KO41A, f"KO41a {financial_year.label}")
    response = HttpResponse("\ufeff" + ko41a_csv(ret), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ko41a-{financial_year.label}.csv"'
    return response
