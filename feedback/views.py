from django.shortcuts import render
from rules.contrib.views import permission_required


@permission_required("feedback.use_register", raise_exception=True)
def index(request):
    return render(request, "feedback/index.html")
