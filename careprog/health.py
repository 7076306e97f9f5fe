"""Checks behind /healthz: can we reach the database, the cache and the Celery broker?"""

import uuid

from django.core.cache import cache
from django.db import connection

from careprog.celery import app as celery_app

TIMEOUT_SECONDS = 2


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "up", "vendor": connection.vendor}


def check_cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("value written was not read back")
    cache.delete(key)
    return {"status": "up"}


def check_broker() -> dict:
    if celery_app.conf.broker_url.startswith("memory://"):
        # No broker configured: tasks run in the web process, so there is nothing to reach.
        return {"status": "up", "mode": "in-process"}
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT_SECONDS)
    return {"status": "up", "mode": "broker"}


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def service_health() -> dict:
    """Run every check; a check that raises is reported as down with the kind of error."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:
            # The class name only: an error's message can hold hosts or credentials, which
            # must not reach /healthz or a task's stored result.
            results[name] = {"status": "down", "error": type(error).__name__}
    down = [name for name, result in results.items() if result["status"] != "up"]
    return {"status": "down" if down else "up", "down": down, "checks": results}
