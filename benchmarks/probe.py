"""One measured job in its own process, so its peak memory is its own (read with wait4).

python -m benchmarks.probe export <username> <url>   the register's CSV export, read to the end
Prints rows, seconds, and the process's resident memory before the export began.
"""

import os
import sys
import time


def resident_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def export(username: str, url: str) -> None:
    from django.test import Client

    from careprog.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    # One small export first, so the timing leaves out loading code and templates.
    empty_day = url.split("?")[0] + "?received_from=1990-01-01&received_to=1990-01-01"
    warm = client.get(empty_day, secure=True)
    b"".join(warm.streaming_content)
    before = resident_kib()
    started = time.perf_counter()
    response = client.get(url, secure=True)
    assert response.status_code == 200, response.status_code
    lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    print(f"rows={lines - 1} seconds={seconds:.3f} baseline_kib={before}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    job, *args = sys.argv[1:]
    {"export": export}[job](*args)
