"""Where the time of a Lotline trace goes, next to the bare-SQL reference (SQLite).

For every query of a dataset, warm, the median and p95 of five ways to answer it:
  bare        the bare-SQL reference: a recursive CTE that returns the codes only (baresql.py);
  statement   Lotline's one trace statement, run through Python's sqlite3 module on the same
              database file (rows fetched, nothing built from them);
  django      the same statement through Django's cursor (its wrapper and type converters);
  walk        the full trace function without the recall's not-affected comparison;
  function    the full trace function, as the app and the benchmark call it.
The steps from one to the next are the cost of Lotline's richer answer (details of every lot, links,
shipments, customers, discards), of Django's database layer, of building the answer in Python, and
of the recall's extra query. Run on an imported database:

    LOTLINE_DATA_DIR=/tmp/db100k .venv/bin/python -m bench.decompose bench/.cache/ds100k
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .baresql import Reference
from .queries import KINDS, Recall, percentile, read_queries

REPEAT = 7


def _timed(fn: Callable[[], Any]) -> list[float]:
    fn()  # warm
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _lotline_ways(row: dict[str, str]) -> dict[str, Callable[[], Any]]:
    """The statement, through sqlite3 and through Django, and the functions, for one query."""
    from django.conf import settings
    from django.db import connection

    from lotline.catalog.queries import find_item, find_supplier
    from lotline.trace import queries
    from lotline.trace.sql import SEED_CODES, SEED_RECALL, marks, trace_sql

    raw = _raw_connection(settings.DATABASES["default"]["NAME"])
    kind, subject = row["kind"], row["subject"]
    if kind == "recall":
        r = Recall.parse(subject)
        sql = trace_sql("forward", SEED_RECALL.format(item="AND item_id = %s"))
        params: list[Any] = [find_supplier(r.supplier).id, find_item(r.item).id, r.first, r.last]

        def function() -> Any:
            return queries.recall(supplier=r.supplier, item=r.item, first=r.first, last=r.last)

        def walk() -> Any:
            rows = queries.graph.run(sql, params)
            return queries._forward(rows, [i for i, lot in rows.lots.items() if lot["kind"] == "received"], [])
    else:
        direction = "back" if kind == "backward" else "forward"
        sql, params = trace_sql(direction, SEED_CODES.format(marks=marks(1))), [subject]
        function = walk = (lambda: queries.trace_back(subject)) if kind == "backward" else (
            lambda: queries.trace_forward(subject))
    raw_sql = sql.replace("%s", "?")
    raw_params = [p.isoformat() if hasattr(p, "isoformat") else p for p in params]

    def statement() -> Any:
        return raw.execute(raw_sql, raw_params).fetchall()

    def django() -> Any:
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    return {"statement": statement, "django": django, "walk": walk, "function": function}


_raw: dict[str, sqlite3.Connection] = {}


def _raw_connection(path: str) -> sqlite3.Connection:
    if path not in _raw:
        _raw[path] = sqlite3.connect(path)
    return _raw[path]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path)
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Reference(Path(tmp) / "bare.sqlite3")
        bare.load(args.dataset)
        times: dict[tuple[str, str], list[float]] = {}
        for row in read_queries(args.dataset):
            ways = {"bare": lambda row=row: bare.answer(row), **_lotline_ways(row)}
            for name, fn in ways.items():
                # per query, its median: each query counts once in a kind's median and p95
                times.setdefault((row["kind"], name), []).append(statistics.median(_timed(fn)))
    names = ["bare", "statement", "django", "walk", "function"]
    print(f"{'kind':9} {'':6} " + " ".join(f"{n:>10}" for n in names))
    for kind in KINDS:
        for label, share in (("p50", 0.5), ("p95", 0.95)):
            cells = [percentile(times[(kind, n)], share) for n in names]
            print(f"{kind:9} {label:6} " + " ".join(f"{c:10.3f}" for c in cells))


if __name__ == "__main__":
    main()
