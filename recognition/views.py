from django.shortcuts import render
from rules.contrib.views import permission_required


@permission_required("recognition.use_recognition", raise_exception=True)
def index(request):
    return render(request, "recognition/index.html")
