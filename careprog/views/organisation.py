from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from rules.contrib.views import permission_required

from careprog.forms.pickers import SUGGESTIONS, staff_label
from careprog.models import ClinicalServiceCentre, StaffMember


@permission_required("careprog.view_staff_directory", raise_exception=True)
def csc_list(request):
    cscs = ClinicalServiceCentre.objects.visible_to(request.user).active()
    return render(request, "careprog/csc_list.html", {"cscs": cscs})


def csc_detail(request, code):
    # Scoped first: a CSC outside the user's scope is simply not found (404, not 403).
    csc = get_object_or_404(ClinicalServiceCentre.objects.visible_to(request.user), code=code)
    departments = csc.departments.active()
    staff = csc.staff.active()
    return render(
        request,
        "careprog/csc_detail.html",
        {"csc": csc, "departments": departments, "staff": staff},
    )


@permission_required("careprog.view_staff_directory", raise_exception=True)
def staff_list(request):
    query = request.GET.get("q", "")
    staff = StaffMember.objects.active().with_organisation().search(query)
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "careprog/staff_list.html", {"page": page, "query": query})


@permission_required("careprog.pick_staff", raise_exception=True)
def staff_lookup(request):
    """Suggestions for the type-ahead staff picker: up to 10 active people, as JSON."""
    query = request.GET.get("q", "")[:100]
    people = StaffMember.objects.active().with_organisation().search_name(query)
    results = [
        {"id": person.pk, "label": staff_label(person)}
        for person in people.order_by("name", "pk")[:SUGGESTIONS]
    ]
    return JsonResponse({"results": results})
