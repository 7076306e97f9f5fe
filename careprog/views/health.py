from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from careprog.health import service_health


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when all parts are up, 503 when one is down.

    Anyone may ask, so only an administrator is told which part is down, the database vendor and
    the broker mode: to anyone else they would only help an attacker map the service.
    """
    report = service_health()
    status = 503 if report["down"] else 200
    if not request.user.has_perm("careprog.view_healthz_detail"):
        report = {"status": report["status"]}
    return JsonResponse(report, status=status)
