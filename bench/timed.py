"""A `lotline` command run in a process of its own, as a person runs it: its JSON answer, wall seconds
and that process's peak memory (wait4's rusage), for the figures of bench.fsma204 and bench.epcis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

LOTLINE = Path(sys.executable).with_name("lotline")


def run(args: list[str], env: dict[str, str]) -> tuple[Any, float, float]:
    """(what `lotline ARGS --json --as bench` printed, wall seconds, peak MiB); a failure stops the bench."""
    with tempfile.TemporaryDirectory() as tmp:
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        start = time.perf_counter()
        with out.open("w") as stdout, err.open("w") as stderr:
            child = subprocess.Popen([str(LOTLINE), *args, "--json", "--as", "bench"], stdout=stdout, stderr=stderr,
                                     env=env)
            _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"lotline {' '.join(args)} failed: {err.read_text().strip()}")
        return json.loads(out.read_text()), seconds, usage.ru_maxrss / 1024
