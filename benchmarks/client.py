"""A small HTTP client for timing pages served by gunicorn on loopback.

One request at a time for a page's times; many at once (asyncio, each user a loop of
requests) for the load test. Requests say they came through the trust's TLS proxy
(X-Forwarded-Proto), as production's would, so production settings serve them over plain
HTTP on loopback without redirecting. Times are taken at the client: on loopback that is the
server's time plus well under a millisecond.
"""

import asyncio
import http.client
import math
import statistics
import time
from dataclasses import dataclass

WARM_UP = 3
REPEATS = 20


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    requests: int


@dataclass
class Load:
    users: int
    seconds: float
    requests: int
    failures: int
    per_second: float
    p95_ms: float


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile: the smallest value at least 95% are at or below."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def _headers(cookie: str) -> dict:
    return {"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"}


def get(port: int, path: str, cookie: str) -> tuple[int, float]:
    """(status, seconds) for one GET, the whole body read."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        connection.request("GET", path, headers=_headers(cookie))
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    return response.status, time.perf_counter() - started


def time_page(
    port: int, path: str, cookie: str, repeats: int = REPEATS, workers: int = 4
) -> Timing:
    # Every gunicorn worker answers its first request of a page slowly (templates, plans), and
    # which worker answers is the kernel's choice: so first a burst at once, two per worker.
    asyncio.run(_burst(port, _request(path, cookie), workers * 2))
    for _ in range(WARM_UP):
        status, _ = get(port, path, cookie)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    seconds = [get(port, path, cookie)[1] for _ in range(repeats)]
    return Timing(
        median_ms=statistics.median(seconds) * 1000,
        p95_ms=p95(seconds) * 1000,
        requests=repeats,
    )


async def _fetch(port: int, request: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # to the end: gunicorn's sync workers close after each response
    finally:
        writer.close()
    return int(status_line.split()[1]) if status_line else 0


async def _user(port, request, until, latencies, failures):
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            status = await _fetch(port, request)
        except OSError:
            status = 0
        if status == 200:
            latencies.append(time.perf_counter() - started)
        else:
            failures.append(status)


def _request(path: str, cookie: str) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in _headers(cookie).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _burst(port: int, request: bytes, count: int) -> None:
    await asyncio.gather(*(_fetch(port, request) for _ in range(count)))


async def _load(port, path, cookie, users, seconds) -> Load:
    request = _request(path, cookie)
    latencies, failures = [], []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_user(port, request, until, latencies, failures) for _ in range(users)))
    elapsed = time.perf_counter() - started
    return Load(
        users=users,
        seconds=elapsed,
        requests=len(latencies),
        failures=len(failures),
        per_second=len(latencies) / elapsed,
        p95_ms=p95(latencies) * 1000 if latencies else float("nan"),
    )


def load(port: int, path: str, cookie: str, *, users: int, seconds: float) -> Load:
    """Requests per second and p95 with ``users`` asking one after another, for ``seconds``."""
    # A short warm-up at the same concurrency, so every gunicorn worker has its connections.
    asyncio.run(_load(port, path, cookie, users, min(3.0, seconds)))
    return asyncio.run(_load(port, path, cookie, users, seconds))
