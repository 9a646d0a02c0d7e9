"""The floor: the same traces as a pure-Python walk over adjacency lists held in memory.

No database, no details, no events: the least work any answer can cost. Lotline's latencies are
reported as multiples of this.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .queries import Answer, Recall, measure, read_queries


class Graph:
    """Links both ways, the customers of each batch, and the receipts of each (supplier, item)."""

    def __init__(self) -> None:
        self.inputs: dict[str, list[str]] = defaultdict(list)  # batch -> lots it used
        self.used_by: dict[str, list[str]] = defaultdict(list)  # lot -> batches that used it
        self.shipped_to: dict[str, set[str]] = defaultdict(set)  # batch -> customer ids
        self.received: set[str] = set()
        self.receipts: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)  # -> [(day, lot)]

    def back(self, batch: str) -> Answer:
        seen, stack, lots = {batch}, [batch], set()
        while stack:
            for code in self.inputs.get(stack.pop(), ()):
                if code in self.received:
                    lots.add(code)
                elif code not in seen:
                    seen.add(code)
                    stack.append(code)
        return lots, set()

    def forward(self, starts: list[str]) -> Answer:
        seen: set[str] = set()
        stack = list(starts)
        while stack:
            for batch in self.used_by.get(stack.pop(), ()):
                if batch not in seen:
                    seen.add(batch)
                    stack.append(batch)
        return seen, {c for b in seen for c in self.shipped_to.get(b, ())}

    def recall(self, r: Recall) -> Answer:
        first, last = r.first.isoformat(), r.last.isoformat()
        return self.forward([lot for day, lot in self.receipts.get((r.supplier, r.item), ()) if first <= day <= last])

    def answer(self, row: dict[str, str]) -> Answer:
        if row["kind"] == "backward":
            return self.back(row["subject"])
        if row["kind"] == "forward":
            return self.forward([row["subject"]])
        return self.recall(Recall.parse(row["subject"]))


def _rows(path: Path) -> Any:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        yield from reader


def load(dataset: Path) -> tuple[Graph, int]:
    """The graph of a dataset's CSV files, and how many data rows were read to build it."""
    g, rows = Graph(), 0
    for lot, item, supplier, _slot, _site, day, *_ in _rows(dataset / "receipts.csv"):
        g.received.add(lot)
        g.receipts[(supplier, item)].append((day, lot))
        rows += 1
    for batch, lot, *_ in _rows(dataset / "batch_inputs.csv"):
        g.inputs[batch].append(lot)
        g.used_by[lot].append(batch)
        rows += 1
    for _ref, batch, customer, *_ in _rows(dataset / "shipments.csv"):
        g.shipped_to[batch].add(customer)
        rows += 1
    return g, rows


def run(dataset: Path, *, repeat: int) -> dict[str, Any]:
    """Load time, then every query of the dataset answered, checked and timed."""
    start = time.perf_counter()
    graph, rows = load(dataset)
    seconds = time.perf_counter() - start
    return {"load_s": round(seconds, 3), "load_rows": rows, "load_rows_per_s": round(rows / seconds),
            **measure(graph.answer, read_queries(dataset), repeat=repeat)}
