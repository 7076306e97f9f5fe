from django.shortcuts import render
from rules.contrib.views import permission_required


@permission_required("reports.read_board_packs", raise_exception=True)
def index(request):
    return render(request, "reports/index.html")
