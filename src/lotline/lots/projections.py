"""Projectors: how each lot event changes the read tables. Replayed as-is by `verify --rebuild`."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from django.db import connection

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table

from .payloads import BATCH_COLUMNS, INPUT_COLUMNS, RECEIVED_COLUMNS, SHIPMENT_COLUMNS, records


def supplier_lot_key(text: str) -> str:
    """How a supplier's lot code is matched: case and spacing as a person may type them."""
    return " ".join(text.upper().split())


_KNOWN = "lotline_sqlite_functions"  # the functions given to this connection (see sqlite_functions)


def sqlite_functions(functions: dict[str, Callable[..., Any]]) -> None:
    """Let this SQLite connection's SQL call these Python functions (by name, once per connection).

    Once only: SQLite refuses to redefine a function while any statement is running. The names
    known are kept on Django's connection, with the sqlite3 connection they were given to.
    """
    connection.ensure_connection()
    raw = connection.connection
    state: tuple[Any, set[str]] | None = getattr(connection, _KNOWN, None)
    if state is None or state[0] is not raw:
        state = (raw, set())
        setattr(connection, _KNOWN, state)  # our own attribute: Django's connection declares none
    for name, fn in functions.items():
        if name not in state[1]:
            raw.create_function(name, len(inspect.signature(fn).parameters), fn, deterministic=True)
            state[1].add(name)


# One INSERT ... SELECT per payload table, whatever its size (a form's one row or an import's
# 5,000). {rows} is where the rows come from and {column} each payload column of a row `r`:
# - SQLite reads them from the stored event (json_each): the payload is never parsed in Python;
# - PostgreSQL unnests one array per column, made from the payload: one statement, not a round
#   trip per row.
RECEIVED_INSERT = """INSERT INTO lot (code, kind, item_id, site_id, lot_date, quantity, quantity_discarded, unit,
        supplier_id, supplier_lot, supplier_lot_key, best_by, reference_doc_type, reference_doc, made_by,
        equipment, status, tlc_source, allergens, may_contain, event_seq)
    SELECT {code}, 'received', (SELECT id FROM item WHERE code = {item}), (SELECT id FROM site WHERE code = {site}),
        {received_on}, {quantity}, 0, {unit}, (SELECT id FROM supplier WHERE ref = {supplier}), {supplier_lot},
        {supplier_lot_key}, {best_by}, {reference_doc_type}, {reference_doc}, '', '', 'active',
        COALESCE({tlc_source}, ''), COALESCE({allergens}, ''), COALESCE({may_contain}, ''), %s
    {rows}"""
BATCH_INSERT = """INSERT INTO lot (code, kind, item_id, site_id, lot_date, quantity, quantity_discarded, unit,
        supplier_id, supplier_lot, supplier_lot_key, best_by, reference_doc_type, reference_doc, made_by,
        equipment, status, event_seq)
    SELECT {code}, 'batch', (SELECT id FROM item WHERE code = {product}), (SELECT id FROM site WHERE code = {site}),
        {produced_on}, {quantity_produced}, {quantity_discarded}, {unit}, NULL, '', '', NULL, {reference_doc_type},
        {reference_doc}, {made_by}, {equipment}, {status}, %s
    {rows}"""
INPUT_INSERT = """INSERT INTO lot_input (batch_id, input_lot_id, quantity, unit, quantity_in_lot_unit, event_seq)
    SELECT (SELECT id FROM lot WHERE code = {batch}), (SELECT id FROM lot WHERE code = {lot}), {quantity}, {unit},
        {quantity_in_lot_unit}, %s
    {rows}"""
SHIPMENT_INSERT = """INSERT INTO shipment (ref, lot_id, customer_id, shipped_on, quantity, reference_doc_type,
        reference_doc, event_seq)
    SELECT {ref}, (SELECT id FROM lot WHERE code = {lot}), (SELECT id FROM customer WHERE ref = {customer}),
        {shipped_on}, {quantity}, {reference_doc_type}, {reference_doc}, %s
    {rows}"""

# PostgreSQL: the array type of each payload column that is not text
ARRAY_TYPES = {"received_on": "date", "produced_on": "date", "best_by": "date", "shipped_on": "date",
               "quantity": "numeric", "quantity_produced": "numeric", "quantity_discarded": "numeric",
               "quantity_in_lot_unit": "numeric"}
# Columns a projection adds to the payload's own, from a Python function of one of them.
DERIVED = {"supplier_lot_key": ("supplier_lot", supplier_lot_key)}


def _insert(sql: str, key: str, columns: list[str], payload: Mapping[str, Any], seq: int) -> None:
    """Insert the rows of payload table `key` (laid out as `columns`, see payloads.py) with `sql`."""
    if connection.vendor == "sqlite":
        sqlite_functions({f"lotline_{fn.__name__}": fn for _source, fn in DERIVED.values()})
        cells = {name: f"json_extract(r.value, '$[{i}]')" for i, name in enumerate(columns)}
        cells |= {name: f"lotline_{fn.__name__}({cells[source]})" for name, (source, fn) in DERIVED.items()
                  if source in cells}
        rows = f"FROM ledger_event e, json_each(e.payload, '$.{key}.rows') r WHERE e.seq = %s ORDER BY r.key"
        params: list[Any] = [seq, seq]
    else:
        part = payload[key]
        arrays = dict(zip(part["columns"], map(list, zip(*part["rows"], strict=True)), strict=True)) \
            if part["rows"] else {name: [] for name in part["columns"]}
        arrays |= {name: [fn(v) for v in arrays[source]] for name, (source, fn) in DERIVED.items()
                   if source in arrays}
        # a column added since the event was recorded (tlc_source, allergens): NULL, which the SQL makes its default
        arrays |= {name: [None] * len(part["rows"]) for name in columns if name not in arrays}
        names = list(arrays)
        cells = {name: f'r."{name}"' for name in names}
        unnest = ", ".join(f"%s::{ARRAY_TYPES.get(name, 'text')}[]" for name in names)
        aliases = ", ".join(f'"{name}"' for name in names)
        rows = f"FROM unnest({unnest}) WITH ORDINALITY AS r({aliases}, ord) ORDER BY r.ord"
        params = [seq, *arrays.values()]
    with connection.cursor() as cur:
        cur.execute(sql.format(rows=rows, **cells), params)


@projector(EventKind.LOT_RECEIVED)
def lot_received(payload: Mapping[str, Any], seq: int) -> None:
    _insert(RECEIVED_INSERT, "lots", RECEIVED_COLUMNS, payload, seq)


@projector(EventKind.BATCH_RECORDED)
def batch_recorded(payload: Mapping[str, Any], seq: int) -> None:
    _insert(BATCH_INSERT, "batches", BATCH_COLUMNS, payload, seq)
    # A form records a batch with its inputs in one event (on SQLite, no inputs: no rows).
    if connection.vendor == "sqlite" or "inputs" in payload:
        _insert(INPUT_INSERT, "inputs", INPUT_COLUMNS, payload, seq)


@projector(EventKind.INPUTS_RECORDED)
def inputs_recorded(payload: Mapping[str, Any], seq: int) -> None:
    _insert(INPUT_INSERT, "inputs", INPUT_COLUMNS, payload, seq)


@projector(EventKind.UNITS_SHIPPED)
def units_shipped(payload: Mapping[str, Any], seq: int) -> None:
    _insert(SHIPMENT_INSERT, "shipments", SHIPMENT_COLUMNS, payload, seq)


def _executemany(sql: str, params: Any) -> None:
    with connection.cursor() as cur:
        cur.executemany(sql, params)


@projector(EventKind.UNITS_DISCARDED)
def units_discarded(payload: Mapping[str, Any], seq: int) -> None:
    _executemany(
        "INSERT INTO discard (lot_id, quantity, discarded_on, reason, event_seq) "
        "VALUES ((SELECT id FROM lot WHERE code = %s), %s, %s, %s, %s)",
        [(d["lot"], d["quantity"], d["discarded_on"], d["reason"], seq) for d in records(payload["discards"])],
    )


def _set_status(code: str, status: str) -> None:
    with connection.cursor() as cur:
        cur.execute("UPDATE lot SET status = %s WHERE code = %s", [status, code])


@projector(EventKind.LOT_HELD)
def lot_held(payload: Mapping[str, Any], seq: int) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO hold (lot_id, reason, placed_on, placed_seq) "
            "VALUES ((SELECT id FROM lot WHERE code = %s), %s, %s, %s)",
            [payload["lot"], payload["reason"], payload["on"], seq],
        )
    _set_status(payload["lot"], "on_hold")


@projector(EventKind.LOT_RELEASED)
def lot_released(payload: Mapping[str, Any], seq: int) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE hold SET released_on = %s, released_seq = %s "
            "WHERE released_seq IS NULL AND lot_id = (SELECT id FROM lot WHERE code = %s)",
            [payload["on"], seq, payload["lot"]],
        )
    _set_status(payload["lot"], "active")


@projector(EventKind.BATCH_FAILED)
def batch_failed(payload: Mapping[str, Any], seq: int) -> None:
    _set_status(payload["lot"], "failed")


# Fields a correction may change, and the column each one lives in.
CORRECTABLE = {
    "quantity": "quantity", "quantity_discarded": "quantity_discarded", "lot_date": "lot_date",
    "supplier_lot": "supplier_lot", "best_by": "best_by", "reference_doc_type": "reference_doc_type",
    "reference_doc": "reference_doc", "made_by": "made_by", "equipment": "equipment",
}


@projector(EventKind.LOT_CORRECTED)
def lot_corrected(payload: Mapping[str, Any], seq: int) -> None:
    changes = {CORRECTABLE[k]: v for k, v in payload["changes"].items()}
    if "supplier_lot" in changes:
        changes["supplier_lot_key"] = supplier_lot_key(changes["supplier_lot"])
    assignments = ", ".join(f"{col} = %s" for col in changes)
    with connection.cursor() as cur:
        cur.execute(f"UPDATE lot SET {assignments} WHERE code = %s",  # columns from CORRECTABLE
                    [*changes.values(), payload["lot"]])


@projector(EventKind.SHIPMENT_VOIDED)
def shipment_voided(payload: Mapping[str, Any], seq: int) -> None:
    """A shipment entered by mistake leaves the read tables; the event log keeps both events."""
    with connection.cursor() as cur:
        cur.execute("DELETE FROM shipment WHERE ref = %s", [payload["ref"]])


read_table("lot", 1, """SELECT l.code, l.kind, i.code AS item, t.code AS site, l.lot_date, l.quantity,
    l.quantity_discarded, l.unit, p.ref AS supplier, l.supplier_lot, l.supplier_lot_key, l.best_by,
    l.reference_doc_type, l.reference_doc, l.made_by, l.equipment, l.status, l.allergens, l.may_contain, l.event_seq
    FROM lot l JOIN item i ON i.id = l.item_id JOIN site t ON t.id = l.site_id
    LEFT JOIN supplier p ON p.id = l.supplier_id""")
read_table("lot_input", 2, """SELECT b.code AS batch, i.code AS lot, li.quantity, li.unit, li.quantity_in_lot_unit,
    li.event_seq FROM lot_input li JOIN lot b ON b.id = li.batch_id JOIN lot i ON i.id = li.input_lot_id""")
read_table("shipment", 2, """SELECT s.ref, l.code AS lot, c.ref AS customer, s.shipped_on, s.quantity,
    s.reference_doc_type, s.reference_doc, s.event_seq FROM shipment s JOIN lot l ON l.id = s.lot_id
    JOIN customer c ON c.id = s.customer_id""")
read_table("discard", 2, """SELECT l.code AS lot, d.quantity, d.discarded_on, d.reason, d.event_seq
    FROM discard d JOIN lot l ON l.id = d.lot_id""")
read_table("hold", 2, """SELECT l.code AS lot, h.reason, h.placed_on, h.placed_seq, h.released_on, h.released_seq
    FROM hold h JOIN lot l ON l.id = h.lot_id""")
