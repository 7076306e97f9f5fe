"""Child processes measured from outside: wall time and peak memory (the child's max RSS)."""

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    stdout: str


def run_measured(command: list[str], *, cwd, env) -> Measured:
    """Run to the end; its output goes to files so that this process reaps the child itself,
    with wait4, which reports that child's own peak resident memory (in KiB on Linux)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, text=True)  # noqa: S603
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{stdout}\n{stderr}")
    return Measured(seconds=seconds, peak_mb=usage.ru_maxrss / 1024, stdout=stdout)
