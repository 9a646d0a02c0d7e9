"""Running one step of the benchmark in a process of its own: wall time, peak memory, a time limit.

The step is started by a small launcher (`python -m bench.child`), which times it and reads its
peak memory from wait4's rusage. Why not straight from the harness: Linux counts a child's memory
from before its exec too, so a child of the harness would report the harness's own peak (1.7 GB
after the 1M floor) instead of its own. A step past its time limit is killed with its process group
and reported; it never hangs the run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

LAST_LINES = 3  # of a failed step's output, kept for the report


@dataclass(frozen=True)
class Finished:
    returncode: int | None  # None: killed at the time limit
    seconds: float
    peak_rss_mib: float | None
    stdout: str
    stderr: str

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def why(self, what: str, limit: float) -> str:
        if self.timed_out:
            return f"{what}: no answer within the {limit:.0f} s time limit (killed)"
        lines = [line.strip() for line in (self.stderr or self.stdout).splitlines() if line.strip()]
        return f"{what} exited {self.returncode}: {' / '.join(lines[-LAST_LINES:])}"


def run(cmd: list[str], *, env: dict[str, str], timeout: float, cwd: Path, scratch: Path) -> Finished:
    """Run `cmd`, its output into files under `scratch` (a pipe could fill up and stall it)."""
    scratch.mkdir(parents=True, exist_ok=True)
    out, err, usage = scratch / "stdout.txt", scratch / "stderr.txt", scratch / "usage.json"
    usage.unlink(missing_ok=True)
    launcher = [sys.executable, "-m", "bench.child", str(usage), *cmd]
    with out.open("wb") as fo, err.open("wb") as fe:
        start = time.perf_counter()
        proc = subprocess.Popen(launcher, env=env, cwd=Path(__file__).resolve().parents[1], stdout=fo, stderr=fe,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        killed = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            killed = True
        finally:  # at the time limit, or on Ctrl-C: take the step down with its launcher
            if proc.returncode is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        seconds = time.perf_counter() - start
    text = out.read_text(errors="replace"), err.read_text(errors="replace")
    if killed:
        return Finished(None, seconds, None, *text)
    if not usage.exists():  # the launcher itself failed
        return Finished(proc.returncode or 1, seconds, None, *text)
    measured = json.loads(usage.read_text())
    return Finished(measured["returncode"], measured["seconds"], measured["maxrss_kib"] / 1024, *text)


def launch(usage: Path, cmd: list[str]) -> int:
    """Start `cmd` from this small process, wait for it, and write its wall time and peak memory."""
    start = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, os.environ)
    _pid, status, rusage = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    usage.write_text(json.dumps({"returncode": code, "seconds": time.perf_counter() - start,
                                 "maxrss_kib": rusage.ru_maxrss}))
    return code


if __name__ == "__main__":
    raise SystemExit(launch(Path(sys.argv[1]), sys.argv[2:]))
