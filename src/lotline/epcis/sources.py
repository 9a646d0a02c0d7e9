"""Our records that become EPCIS events, streamed from the read tables in time order.

One statement per kind of event (receipts, batches with their inputs, shipments, discards, holds
placed and released), each ordered by its business date and then by the event that recorded it,
read in chunks through a server-side cursor on PostgreSQL; `merged` interleaves them into one
stream in that order, so an import meets a lot before anything that uses it. Rows are dicts
keyed by column name.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from typing import Any

from django.db import connection

from .scope import Chosen

CHUNK = 2000
Row = dict[str, Any]

_LOT = ("l.code AS lot, l.kind AS lot_kind, l.supplier_lot, l.unit, i.code AS item, i.gtin, t.code AS site, "
        "t.gln AS site_gln")
_FROM_LOT = "JOIN item i ON i.id = l.item_id JOIN site t ON t.id = l.site_id"

RECEIPTS = f"""SELECT l.lot_date AS day, l.event_seq AS seq, {_LOT}, l.quantity, l.best_by, l.reference_doc_type,
        l.reference_doc, l.tlc_source, l.allergens, l.may_contain, p.ref AS supplier, p.gln AS supplier_gln
    FROM lot l {_FROM_LOT} LEFT JOIN supplier p ON p.id = l.supplier_id
    WHERE l.kind = 'received' AND {{where}} ORDER BY l.lot_date, l.event_seq"""
# A batch sorts after the last of its inputs was recorded (inputs may be added to it later).
BATCHES = f"""SELECT l.lot_date AS day, COALESCE((SELECT MAX(m.event_seq) FROM lot_input m WHERE m.batch_id = l.id
        AND m.event_seq > l.event_seq), l.event_seq) AS seq, {_LOT}, l.quantity, l.quantity_discarded, l.best_by,
        l.reference_doc_type, l.reference_doc, l.id AS batch_id
    FROM lot l {_FROM_LOT} WHERE l.kind = 'batch' AND {{where}} ORDER BY l.lot_date, seq, l.id"""
INPUTS = """SELECT li.batch_id, li.quantity, li.unit, x.code AS lot, x.kind AS lot_kind, x.supplier_lot,
        xi.code AS item, xi.gtin
    FROM lot_input li JOIN lot x ON x.id = li.input_lot_id JOIN item xi ON xi.id = x.item_id
    WHERE li.batch_id IN ({marks}) ORDER BY li.batch_id, li.id"""
SHIPMENTS = f"""SELECT s.shipped_on AS day, s.event_seq AS seq, {_LOT}, s.ref, s.quantity, s.reference_doc_type,
        s.reference_doc, c.ref AS customer, c.gln AS customer_gln
    FROM shipment s JOIN lot l ON l.id = s.lot_id {_FROM_LOT} JOIN customer c ON c.id = s.customer_id
    WHERE {{where}} ORDER BY s.shipped_on, s.event_seq"""
# Two discards of a lot on one day, of the same quantity and reason, would be one event (one hash): the
# second is numbered (lotline:nth), which an import of the document keeps in the same order.
DISCARDS = f"""SELECT d.discarded_on AS day, d.event_seq AS seq, {_LOT}, d.quantity, d.reason,
        ROW_NUMBER() OVER (PARTITION BY d.lot_id, d.discarded_on, d.quantity, d.reason ORDER BY d.event_seq) AS nth
    FROM discard d JOIN lot l ON l.id = d.lot_id {_FROM_LOT} WHERE {{where}} ORDER BY d.discarded_on, d.event_seq"""
# A hold is a recall's when a recall case placed it: its case.holds_placed event closes the run of
# lot.held events it made.
HOLDS = f"""SELECT h.placed_on AS day, h.placed_seq AS seq, {_LOT}, h.reason,
        EXISTS (SELECT 1 FROM recall_action a WHERE a.action = 'holds_placed' AND a.seq > h.placed_seq
            AND NOT EXISTS (SELECT 1 FROM ledger_event e WHERE e.seq > h.placed_seq AND e.seq < a.seq
                AND e.kind <> 'lot.held')) AS recalled
    FROM hold h JOIN lot l ON l.id = h.lot_id {_FROM_LOT} WHERE {{where}} ORDER BY h.placed_on, h.placed_seq"""
RELEASES = f"""SELECT h.released_on AS day, h.released_seq AS seq, {_LOT}
    FROM hold h JOIN lot l ON l.id = h.lot_id {_FROM_LOT}
    WHERE h.released_seq IS NOT NULL AND {{where}} ORDER BY h.released_on, h.released_seq"""


def _rows(chosen: Chosen, sql: str, day_column: str, *, making: bool = False) -> Iterator[Row]:
    where, params = chosen.on(day_column, making=making)
    with connection.chunked_cursor() as cur:
        cur.execute(f"{chosen.with_sql} {sql.format(where=where)}", [*chosen.params, *params])
        names = [c[0] for c in cur.description]
        while rows := cur.fetchmany(CHUNK):
            for row in rows:
                yield _typed(dict(zip(names, row, strict=True)))


def _typed(row: Row) -> Row:
    """Dates as dates on both databases (SQLite's raw cursor gives text)."""
    for key in ("day", "best_by"):
        if isinstance(row.get(key), str):
            row[key] = dt.date.fromisoformat(row[key])
    return row


def _with_inputs(batches: Iterator[Row]) -> Iterator[Row]:
    """Each batch with its inputs, fetched a chunk of batches at a time on a second cursor."""
    chunk: list[Row] = []
    for batch in batches:
        chunk.append(batch)
        if len(chunk) == CHUNK:
            yield from _fill(chunk)
            chunk = []
    yield from _fill(chunk)


def _fill(chunk: list[Row]) -> list[Row]:
    if not chunk:
        return chunk
    by_id = {b["batch_id"]: b for b in chunk}
    for b in chunk:
        b["inputs"] = []
    with connection.cursor() as cur:
        cur.execute(INPUTS.format(marks=", ".join(["%s"] * len(by_id))), list(by_id))
        names = [c[0] for c in cur.description]
        for row in cur.fetchall():
            line = dict(zip(names, row, strict=True))
            by_id[line.pop("batch_id")]["inputs"].append(line)
    return chunk


KINDS = ("receipt", "batch", "shipment", "discard", "hold", "release")


def merged(chosen: Chosen, kinds: tuple[str, ...] = KINDS) -> Iterator[tuple[str, Row]]:
    """(kind, row) for every record of the scope, by day and then by the order they were recorded."""
    streams = {
        "receipt": lambda: _rows(chosen, RECEIPTS, "l.lot_date", making=True),
        "batch": lambda: _with_inputs(_rows(chosen, BATCHES, "l.lot_date", making=True)),
        "shipment": lambda: _rows(chosen, SHIPMENTS, "s.shipped_on"),
        "discard": lambda: _rows(chosen, DISCARDS, "d.discarded_on"),
        "hold": lambda: _rows(chosen, HOLDS, "h.placed_on"),
        "release": lambda: _rows(chosen, RELEASES, "h.released_on"),
    }
    tagged = [_tagged(kind, streams[kind]()) for kind in kinds]
    for _day, _seq, kind, row in heapq.merge(*tagged, key=lambda t: (t[0], t[1])):
        yield kind, row


def _tagged(kind: str, rows: Iterator[Row]) -> Iterator[tuple[dt.date, int, str, Row]]:
    return ((row["day"], row["seq"], kind, row) for row in rows)
