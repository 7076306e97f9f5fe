"""Background tasks of the shared core. Tasks are thin: they call a service and return."""

from celery import shared_task

from careprog.health import service_health


@shared_task(name="careprog.check_services")
def check_services() -> dict:
    """Report, from inside a worker, whether the worker reaches the database, cache and broker."""
    return service_health()
