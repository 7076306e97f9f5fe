"""Each page's SQL, counted and timed at the database: the query count, and the floor.

Run in-process with Django's test client against the seeded database. The floor is what the
database alone needs for the page: the sum of EXPLAIN ANALYZE's planning and execution times
of every query the page ran, exactly as it ran them. Nothing built on that SQL can be faster.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class PageSQL:
    queries: int
    floor_ms: float | None
    status: int


def _explain_ms(sql: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Planning Time"] + plan[0]["Execution Time"]


def page_sql(user, url: str, *, floor: bool) -> PageSQL:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, secure=True)
        if response.streaming:
            for _ in response.streaming_content:
                pass
    selects = [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith("SELECT")
    ]
    # The session and user lookups of force_login's session are part of every page too.
    floor_ms = sum(_explain_ms(sql) for sql in selects) if floor else None
    return PageSQL(queries=len(captured), floor_ms=floor_ms, status=response.status_code)
