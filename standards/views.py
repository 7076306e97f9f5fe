from django.shortcuts import render
from rules.contrib.views import permission_required


@permission_required("standards.use_checklists", raise_exception=True)
def index(request):
    return render(request, "standards/index.html")
