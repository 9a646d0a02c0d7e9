"""Projectors: how each lot event changes the read tables. Replayed as-is by `verify --rebuild`."""

from __future__ import annotations

import json
from operator import itemgetter
from typing import Any

from django.db import connection

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table

from .payloads import records

LOT_INSERT = """INSERT INTO lot (code, kind, item_id, site_id, lot_date, quantity, quantity_discarded, unit,
        supplier_id, supplier_lot, supplier_lot_key, best_by, reference_doc_type, reference_doc, made_by,
        equipment, status, event_seq)
    VALUES (%s, %s, (SELECT id FROM item WHERE code = %s), (SELECT id FROM site WHERE code = %s), %s, %s, %s, %s,
        (SELECT id FROM supplier WHERE ref = %s), %s, %s, %s, %s, %s, %s, %s, %s, %s)"""
INPUT_INSERT = """INSERT INTO lot_input (batch_id, input_lot_id, quantity, unit, quantity_in_lot_unit, event_seq)
    VALUES ((SELECT id FROM lot WHERE code = %s), (SELECT id FROM lot WHERE code = %s), %s, %s, %s, %s)"""
SHIPMENT_INSERT = """INSERT INTO shipment (ref, lot_id, customer_id, shipped_on, quantity, reference_doc_type,
        reference_doc, event_seq)
    VALUES (%s, (SELECT id FROM lot WHERE code = %s), (SELECT id FROM customer WHERE ref = %s), %s, %s, %s, %s, %s)"""


def supplier_lot_key(text: str) -> str:
    """How a supplier's lot code is matched: case and spacing as a person may type them."""
    return " ".join(text.upper().split())


def _getter(columns: list[str], names: list[str]) -> Any:
    return itemgetter(*(columns.index(n) for n in names))


def _executemany(sql: str, params: Any) -> None:
    with connection.cursor() as cur:
        cur.executemany(sql, params)


def insert_received(part: dict[str, Any], seq: int) -> None:
    get = _getter(part["columns"], ["code", "item", "site", "received_on", "quantity", "unit", "supplier",
                                    "supplier_lot", "best_by", "reference_doc_type", "reference_doc"])
    rows = (get(r) for r in part["rows"])
    _executemany(LOT_INSERT, (
        (code, "received", item, site, on, qty, 0, unit, sup, sup_lot, supplier_lot_key(sup_lot), best_by,
         ref_type, ref_doc, "", "", "active", seq)
        for code, item, site, on, qty, unit, sup, sup_lot, best_by, ref_type, ref_doc in rows))


def insert_batches(part: dict[str, Any], seq: int) -> None:
    get = _getter(part["columns"], ["code", "product", "site", "produced_on", "quantity_produced",
                                    "quantity_discarded", "unit", "reference_doc_type", "reference_doc",
                                    "made_by", "equipment", "status"])
    rows = (get(r) for r in part["rows"])
    _executemany(LOT_INSERT, (
        (code, "batch", product, site, on, qty, discarded, unit, None, "", "", None, ref_type, ref_doc,
         made_by, equipment, status, seq)
        for code, product, site, on, qty, discarded, unit, ref_type, ref_doc, made_by, equipment, status in rows))


def _insert_from_json(sql: str, part: dict[str, Any], names: list[str], seq: int) -> None:
    """SQLite: hand the payload's rows over as one JSON text and insert them in one statement.

    The rows, their order and their values are those executemany would insert; an import's chunk
    of 5,000 rows just skips 5,000 round trips through Python (SQLite's json_each reads them).
    """
    cells = {n: f"json_extract(r.value, '$[{part['columns'].index(n)}]')" for n in names}
    with connection.cursor() as cur:
        cur.execute(sql.format(**cells), [seq, json.dumps(part["rows"], ensure_ascii=False)])


INPUT_FROM_JSON = """INSERT INTO lot_input (batch_id, input_lot_id, quantity, unit, quantity_in_lot_unit, event_seq)
    SELECT (SELECT id FROM lot WHERE code = {batch}), (SELECT id FROM lot WHERE code = {lot}), {quantity},
        {unit}, {quantity_in_lot_unit}, %s FROM json_each(%s) r ORDER BY r.key"""
SHIPMENT_FROM_JSON = """INSERT INTO shipment (ref, lot_id, customer_id, shipped_on, quantity, reference_doc_type,
        reference_doc, event_seq)
    SELECT {ref}, (SELECT id FROM lot WHERE code = {lot}), (SELECT id FROM customer WHERE ref = {customer}),
        {shipped_on}, {quantity}, {reference_doc_type}, {reference_doc}, %s FROM json_each(%s) r ORDER BY r.key"""


def insert_inputs(part: dict[str, Any], seq: int) -> None:
    names = ["batch", "lot", "quantity", "unit", "quantity_in_lot_unit"]
    if connection.vendor == "sqlite":
        _insert_from_json(INPUT_FROM_JSON, part, names, seq)
        return
    get = _getter(part["columns"], names)
    _executemany(INPUT_INSERT, ((*get(r), seq) for r in part["rows"]))


def insert_shipments(part: dict[str, Any], seq: int) -> None:
    names = ["ref", "lot", "customer", "shipped_on", "quantity", "reference_doc_type", "reference_doc"]
    if connection.vendor == "sqlite":
        _insert_from_json(SHIPMENT_FROM_JSON, part, names, seq)
        return
    get = _getter(part["columns"], names)
    _executemany(SHIPMENT_INSERT, ((*get(r), seq) for r in part["rows"]))


@projector(EventKind.LOT_RECEIVED)
def lot_received(payload: dict[str, Any], seq: int) -> None:
    insert_received(payload["lots"], seq)


@projector(EventKind.BATCH_RECORDED)
def batch_recorded(payload: dict[str, Any], seq: int) -> None:
    insert_batches(payload["batches"], seq)
    if "inputs" in payload:
        insert_inputs(payload["inputs"], seq)


@projector(EventKind.INPUTS_RECORDED)
def inputs_recorded(payload: dict[str, Any], seq: int) -> None:
    insert_inputs(payload["inputs"], seq)


@projector(EventKind.UNITS_SHIPPED)
def units_shipped(payload: dict[str, Any], seq: int) -> None:
    insert_shipments(payload["shipments"], seq)


@projector(EventKind.UNITS_DISCARDED)
def units_discarded(payload: dict[str, Any], seq: int) -> None:
    _executemany(
        "INSERT INTO discard (lot_id, quantity, discarded_on, reason, event_seq) "
        "VALUES ((SELECT id FROM lot WHERE code = %s), %s, %s, %s, %s)",
        [(d["lot"], d["quantity"], d["discarded_on"], d["reason"], seq) for d in records(payload["discards"])],
    )


def _set_status(code: str, status: str) -> None:
    with connection.cursor() as cur:
        cur.execute("UPDATE lot SET status = %s WHERE code = %s", [status, code])


@projector(EventKind.LOT_HELD)
def lot_held(payload: dict[str, Any], seq: int) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO hold (lot_id, reason, placed_on, placed_seq) "
            "VALUES ((SELECT id FROM lot WHERE code = %s), %s, %s, %s)",
            [payload["lot"], payload["reason"], payload["on"], seq],
        )
    _set_status(payload["lot"], "on_hold")


@projector(EventKind.LOT_RELEASED)
def lot_released(payload: dict[str, Any], seq: int) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE hold SET released_on = %s, released_seq = %s "
            "WHERE released_seq IS NULL AND lot_id = (SELECT id FROM lot WHERE code = %s)",
            [payload["on"], seq, payload["lot"]],
        )
    _set_status(payload["lot"], "active")


@projector(EventKind.BATCH_FAILED)
def batch_failed(payload: dict[str, Any], seq: int) -> None:
    _set_status(payload["lot"], "failed")


# Fields a correction may change, and the column each one lives in.
CORRECTABLE = {
    "quantity": "quantity", "quantity_discarded": "quantity_discarded", "lot_date": "lot_date",
    "supplier_lot": "supplier_lot", "best_by": "best_by", "reference_doc_type": "reference_doc_type",
    "reference_doc": "reference_doc", "made_by": "made_by", "equipment": "equipment",
}


@projector(EventKind.LOT_CORRECTED)
def lot_corrected(payload: dict[str, Any], seq: int) -> None:
    changes = {CORRECTABLE[k]: v for k, v in payload["changes"].items()}
    if "supplier_lot" in changes:
        changes["supplier_lot_key"] = supplier_lot_key(changes["supplier_lot"])
    assignments = ", ".join(f"{col} = %s" for col in changes)
    with connection.cursor() as cur:
        cur.execute(f"UPDATE lot SET {assignments} WHERE code = %s",  # noqa: S608 (columns from CORRECTABLE)
                    [*changes.values(), payload["lot"]])


@projector(EventKind.SHIPMENT_VOIDED)
def shipment_voided(payload: dict[str, Any], seq: int) -> None:
    """A shipment entered by mistake leaves the read tables; the event log keeps both events."""
    with connection.cursor() as cur:
        cur.execute("DELETE FROM shipment WHERE ref = %s", [payload["ref"]])


read_table("lot", 1, """SELECT l.code, l.kind, i.code AS item, t.code AS site, l.lot_date, l.quantity,
    l.quantity_discarded, l.unit, p.ref AS supplier, l.supplier_lot, l.supplier_lot_key, l.best_by,
    l.reference_doc_type, l.reference_doc, l.made_by, l.equipment, l.status, l.event_seq
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
