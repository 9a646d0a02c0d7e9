"""The ground truth of a dataset (queries.csv) and the one loop every engine is measured with.

Lotline, the bare-SQL reference and the in-memory floor each answer a query as two sets: the codes
(received lots for `backward`, batches for `forward` and `recall`) and the customer ids. Each
query is answered once, checked, then answered `repeat` more times against the clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KINDS = ("backward", "forward", "recall")

Answer = tuple[set[str], set[str]]  # (codes, customer ids)


@dataclass(frozen=True)
class Recall:
    """A recall subject: 'SUPPLIER_ID|ITEM|FIRST|LAST', both days included."""

    supplier: str
    item: str
    first: dt.date
    last: dt.date

    @classmethod
    def parse(cls, subject: str) -> Recall:
        supplier, item, first, last = subject.split("|")
        return cls(supplier, item, dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def read_queries(dataset: Path) -> list[dict[str, str]]:
    with (dataset / "queries.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sha(codes: set[str]) -> str:
    """As the generator writes it: SHA-256 of the sorted codes joined by newlines."""
    return hashlib.sha256("\n".join(sorted(codes)).encode()).hexdigest()


def mismatches(row: dict[str, str], codes: set[str], customers: set[str]) -> list[str]:
    """What is wrong with an answer, one line per wrong set; empty when it is exactly right."""
    wrong = []
    where = f"{row['query_id']} {row['kind']} {row['subject']}"
    if len(codes) != int(row["result_count"]) or sha(codes) != row["result_sha256"]:
        wrong.append(f"{where}: {len(codes)} codes, expected {row['result_count']} (or other codes)")
    if row["customer_sha256"] and sha(customers) != row["customer_sha256"]:
        wrong.append(f"{where}: {len(customers)} customers, expected {row['customer_count']} (or others)")
    return wrong


def measure(answer: Callable[[dict[str, str]], Answer], rows: list[dict[str, str]], *,
            repeat: int) -> dict[str, Any]:
    """Answer every row once (checked), then `repeat` timed times; the per-query record and the
    mismatches. The first answer also warms the caches, so the timed runs are warm."""
    per_query, wrong = [], []
    for row in rows:
        codes, customers = answer(row)
        wrong += mismatches(row, codes, customers)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            answer(row)
            times.append((time.perf_counter() - start) * 1000)
        per_query.append({"id": row["query_id"], "kind": row["kind"], "answer": int(row["result_count"]),
                          "customers": int(row["customer_count"] or 0), "ms": [round(t, 4) for t in times]})
    return {"queries": per_query, "mismatches": wrong, "correct": len(rows) - len({w.split()[0] for w in wrong}),
            "total": len(rows)}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil, at least the first
    return ordered[int(rank) - 1]


def latency_summary(per_query: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per query kind, over every timed run of every query: median, p95 and max in milliseconds."""
    out = {}
    for kind in KINDS:
        ms = [t for q in per_query if q["kind"] == kind for t in q["ms"]]
        if ms:
            out[kind] = {"queries": sum(q["kind"] == kind for q in per_query), "runs": len(ms),
                         "median_ms": round(statistics.median(ms), 4), "p95_ms": round(percentile(ms, 0.95), 4),
                         "max_ms": round(max(ms), 4)}
    return out
