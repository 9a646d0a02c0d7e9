"""`make lint`'s ruff and mypy, in the suite: CI runs `make test`, so a lint or a type error fails it.

mypy keeps its cache in the test's temporary folder, so every run checks the whole tree afresh
(about 7 seconds here) and leaves nothing behind in the worktree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing_to_fix() -> None:
    done = run("ruff", "check", "--no-cache", "src", "tests", "conftest.py", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_no_type_error_in_src(tmp_path: Path) -> None:
    done = run("mypy", "--cache-dir", str(tmp_path / "mypy"))  # what to check: pyproject's [tool.mypy]
    assert done.returncode == 0, done.stdout + done.stderr
