from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from careprog.health import service_health


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when all parts are up, 503 naming what is down."""
    report = service_health()
    return JsonResponse(report, status=503 if report["down"] else 200)
