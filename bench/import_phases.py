"""Where the time of an import goes: each phase of `import_dir`, timed on a fresh database.

The phases, in the order they run:
  catalog    reading and recording sites, suppliers, customers, items (small files);
  staging    reading the lot files into the staging tables (CSV parsing, one INSERT per chunk);
  checking   the row rules, balances and cycles, as SQL over the staging tables;
  writing    the events (payload text, hash chain) and their projections into the read tables;
  indexes    building the read tables' secondary indexes once, after a large import (SQLite).
Run it into an empty folder (the database is made there), e.g. for the 1M tier:

    LOTLINE_DATA_DIR=/tmp/phases .venv/bin/python -m bench.import_phases bench/.cache/ds1m
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.datasets import as_of

# the import's functions, as imports/services.py calls them -> the phase they are
PHASES = {"_import_catalog": "catalog", "_stage_file": "staging", "validate": "checking",
          "emit_chunked": "writing"}


def _timing(spent: dict[str, float], phase: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[phase] = spent.get(phase, 0.0) + time.perf_counter() - start
    return timed


def import_phases(folder: str) -> dict[str, float]:
    """Import `folder` (overdrawn lots allowed, as the benchmark does); seconds per phase and in all."""
    from lotline.imports import services

    spent: dict[str, float] = {}
    for name, phase in PHASES.items():
        setattr(services, name, _timing(spent, phase, getattr(services, name)))
    built_after = services.indexes_built_after

    @contextmanager
    def indexes_timed(rows_added: Any) -> Iterator[None]:
        with _exit_timed(built_after(rows_added), spent):
            yield

    services.indexes_built_after = indexes_timed
    start = time.perf_counter()
    services.import_dir(folder, actor="bench", allow_overdraw=True)
    spent["total"] = time.perf_counter() - start
    return spent


@contextmanager
def _exit_timed(manager: Any, spent: dict[str, float]) -> Iterator[None]:
    """Enter `manager`, and time only its exit (where the indexes are built)."""
    manager.__enter__()
    try:
        yield
    except BaseException as exc:
        if not manager.__exit__(type(exc), exc, exc.__traceback__):
            raise
    else:
        start = time.perf_counter()
        manager.__exit__(None, None, None)
        spent["indexes"] = time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", help="a folder of the import format's CSV files")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    for name, value in as_of(Path(args.dataset)).items():
        os.environ.setdefault(name, value)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    spent = import_phases(args.dataset)
    total = spent.pop("total")
    for phase in [*PHASES.values(), "indexes"]:
        print(f"{phase:10s} {spent.get(phase, 0.0):8.3f} s  {spent.get(phase, 0.0) / total:6.1%}")
    print(f"{'total':10s} {total:8.3f} s")


if __name__ == "__main__":
    main()
