"""The benchmark's datasets: made by the shared generator, kept in a git-ignored cache, reused.

A cached dataset is reused when its manifest.json says it is what we would generate now (same
generator version, seed and size); otherwise it is generated again, into a temporary folder
renamed into place, so an interrupted run never leaves a half-written dataset to be trusted.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BESIDE = Path("shared") / "bench" / "gen_dataset.py"  # where the generator lives, beside the checkout


def find_generator(checkout: Path = ROOT) -> Path:
    """The shared dataset generator beside the checkout, or beside the main checkout when this one is a
    git worktree (its .git is a file: "gitdir: <main>/.git/worktrees/<name>"). Where it would be if missing."""
    beside = checkout.parent / BESIDE
    dot_git = checkout / ".git"
    if beside.exists() or not dot_git.is_file():
        return beside
    gitdir = Path(dot_git.read_text(encoding="utf-8").removeprefix("gitdir:").strip())
    in_main = (checkout / gitdir).resolve().parents[2].parent / BESIDE
    return in_main if in_main.exists() else beside


GENERATOR = find_generator()
CACHE = ROOT / "bench" / ".cache"
TIERS = {"1k": 1_000, "100k": 100_000, "1m": 1_000_000}  # production batches
SEED = 1
NOT_IMPORTED = {"queries"}  # the ground truth, not an import file


def _generator_version() -> int:
    """The VERSION the generator declares (read, not imported: it is a script, not a module)."""
    for line in GENERATOR.read_text(encoding="utf-8").splitlines():
        if line.startswith("VERSION = "):
            return int(line.split("=")[1])
    raise SystemExit(f"{GENERATOR}: no VERSION line")


def manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def as_of(folder: Path) -> dict[str, str]:
    """The environment that runs Lotline as of a dataset's last day (LOTLINE_TODAY), when its rows run
    past the real today (the generator's 100k and 1M tiers run from 2024 into the 2030s): Lotline
    refuses dates more than a day ahead. Its last day: the last day of batches, plus the 6 days its
    shipments may trail them."""
    found = manifest(folder) or {}
    if "first_day" not in found or "days" not in found:
        return {}
    last = dt.date.fromisoformat(found["first_day"]) + dt.timedelta(days=int(found["days"]) + 6)
    return {"LOTLINE_TODAY": last.isoformat()} if last > dt.datetime.now(dt.UTC).date() else {}


def _is_current(found: dict | None, batches: int) -> bool:
    return bool(found) and (found.get("generator_version"), found.get("seed"), found.get("batches_requested")) == (
        _generator_version(), SEED, batches)


def ensure(tier: str, cache: Path = CACHE) -> tuple[Path, bool]:
    """The folder of a tier's dataset, generated unless a current copy is cached; and whether it was."""
    if not GENERATOR.exists():
        raise SystemExit(f"the dataset generator is missing: {GENERATOR} (the shared folder beside the checkout)")
    folder, batches = cache / f"ds{tier}", TIERS[tier]
    if _is_current(manifest(folder), batches):
        return folder, False
    partial = cache / f".ds{tier}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    subprocess.run([sys.executable, str(GENERATOR), "--batches", str(batches), "--seed", str(SEED),
                    "--out", str(partial)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder, True


def data_rows(folder: Path) -> int:
    """The data rows of every file Lotline imports (header rows and the queries not counted)."""
    return sum(n for name, n in manifest(folder)["rows"].items() if name not in NOT_IMPORTED)
