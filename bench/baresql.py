"""The bare-SQL reference: what a minimal sqlite3 schema with the obvious indexes does.

Three tables (lots, links, shipments), loaded with executemany, answered with recursive CTEs that
return just the sets of codes. No events, no details, no ORM: Lotline's latencies and import speed
are reported as multiples of this, measured in the same run on the same CSV files.
"""

from __future__ import annotations

import csv
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .queries import Answer, Recall, measure, read_queries

SCHEMA = """
CREATE TABLE lots (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, received INTEGER NOT NULL,
                   supplier TEXT, item TEXT NOT NULL, day TEXT NOT NULL);
CREATE TABLE links (batch_id INTEGER NOT NULL, input_id INTEGER NOT NULL);
CREATE TABLE shipments (lot_id INTEGER NOT NULL, customer TEXT NOT NULL);
"""
# Built after the load, as a bulk load would: backward walks links_back, forward walks
# links_forward, the customers come from shipments_lot, a recall starts from lots_recall.
INDEXES = """
CREATE INDEX links_back ON links (batch_id, input_id);
CREATE INDEX links_forward ON links (input_id, batch_id);
CREATE INDEX shipments_lot ON shipments (lot_id, customer);
CREATE INDEX lots_recall ON lots (supplier, item, day) WHERE received;
"""

BACKWARD = """
WITH RECURSIVE up(id) AS (
    SELECT id FROM lots WHERE code = ?
    UNION SELECT k.input_id FROM links k JOIN up ON k.batch_id = up.id
)
SELECT l.code FROM up JOIN lots l ON l.id = up.id WHERE l.received
"""
DOWN = """
WITH RECURSIVE down(id) AS (
    {start}
    UNION SELECT k.batch_id FROM links k JOIN down ON k.input_id = down.id
)
SELECT l.code, s.customer FROM down JOIN lots l ON l.id = down.id
LEFT JOIN shipments s ON s.lot_id = down.id WHERE NOT l.received
"""
FORWARD = DOWN.format(start="SELECT id FROM lots WHERE code = ?")
RECALL = DOWN.format(start="SELECT id FROM lots WHERE received AND supplier = ? AND item = ? AND day BETWEEN ? AND ?")


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        yield from reader


class Reference:
    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        # The same journal and sync settings Lotline runs SQLite with.
        self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")

    def load(self, dataset: Path) -> int:
        """Every lot, link and shipment of the dataset, in one transaction; the rows read."""
        db, ids = self.db, {}
        db.executescript(SCHEMA)
        db.execute("BEGIN")
        lots = [(lot, 1, supplier, item, day) for lot, item, supplier, _s, _t, day, *_ in
                _rows(dataset / "receipts.csv")]
        lots += [(batch, 0, None, product, day) for batch, product, _t, day, *_ in _rows(dataset / "batches.csv")]
        for n, lot in enumerate(lots, 1):
            ids[lot[0]] = n
        db.executemany("INSERT INTO lots VALUES (?, ?, ?, ?, ?, ?)", ((n, *lot) for n, lot in enumerate(lots, 1)))
        links = [(ids[batch], ids[lot]) for batch, lot, *_ in _rows(dataset / "batch_inputs.csv")]
        db.executemany("INSERT INTO links VALUES (?, ?)", links)
        ships = [(ids[batch], customer) for _ref, batch, customer, *_ in _rows(dataset / "shipments.csv")]
        db.executemany("INSERT INTO shipments VALUES (?, ?)", ships)
        db.executescript(INDEXES)  # executescript commits first, so the indexes build in their own step
        # No ANALYZE: with statistics, SQLite 3.40 puts a Bloom filter on `lots` in the final join of
        # each walk, built by a pass over the whole table (7.8 ms a query at 100k batches, 0.05 without).
        return len(lots) + len(links) + len(ships)

    def answer(self, row: dict[str, str]) -> Answer:
        if row["kind"] == "backward":
            return {code for (code,) in self.db.execute(BACKWARD, (row["subject"],))}, set()
        if row["kind"] == "forward":
            found = self.db.execute(FORWARD, (row["subject"],)).fetchall()
        else:
            r = Recall.parse(row["subject"])
            found = self.db.execute(RECALL, (r.supplier, r.item, r.first.isoformat(), r.last.isoformat())).fetchall()
        return {code for code, _ in found}, {customer for _, customer in found if customer}


def run(dataset: Path, path: Path, *, repeat: int) -> dict[str, Any]:
    """Load time and size on disk, then every query of the dataset answered, checked and timed."""
    ref = Reference(path)
    start = time.perf_counter()
    rows = ref.load(dataset)
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    result = {"load_s": round(seconds, 3), "load_rows": rows, "load_rows_per_s": round(rows / seconds),
              "db_bytes": size, **measure(ref.answer, read_queries(dataset), repeat=repeat)}
    ref.db.close()
    return result
