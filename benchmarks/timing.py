"""Timing a page the same way in every benchmark: the median of repeated requests (a streamed
download read to its end), and the queries of one more."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def measure(client, url, repeats: int = 10) -> tuple[float, int]:
    """(median milliseconds, queries) for one page."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        fetch(client, url)
        timings.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        fetch(client, url)
    return statistics.median(timings) * 1000, len(queries)
