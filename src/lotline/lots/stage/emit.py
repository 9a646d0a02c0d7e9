"""Turning validated staging rows into events: one event for a form, chunks for an import."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from django.db import connection

from lotline.catalog.units import convert
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import canonical_json, record
from lotline.ledger.models import Event
from lotline.lots.payloads import (
    BATCH_COLUMNS,
    INPUT_COLUMNS,
    RECEIVED_COLUMNS,
    SHIPMENT_COLUMNS,
    day,
    decimal,
    table,
)

from .tables import Stage


@lru_cache(maxsize=1 << 16)
def _qty(value: Any) -> str:
    """A staged quantity as the event stores it: the text canonical_json writes for decimal(value).

    An import writes millions of quantities, most of them the same few values (8 kg, 0.06 kg, 24
    units); remembering their text saves the Decimal work, and the payload text is unchanged.
    """
    return json.loads(canonical_json(decimal(value)))


@lru_cache(maxsize=1 << 16)
def _converted(value: Any, unit: str, lot_unit: str) -> str:
    """convert() of a staged quantity into the lot's unit, as the event stores it (see _qty)."""
    return json.loads(canonical_json(convert(decimal(value), unit, lot_unit)))


def _received(r: tuple) -> list[Any]:
    code, item, supplier, supplier_lot, site, on, qty, unit, best_by, ref_type, ref_doc = r
    return [code, item, supplier, supplier_lot or "", site, day(on), _qty(qty), unit, day(best_by),
            ref_type or "", ref_doc or ""]


def _batch(r: tuple) -> list[Any]:
    code, product, site, on, qty, discarded, unit, status, made_by, equipment, ref_type, ref_doc = r
    return [code, product, site, day(on), _qty(qty), _qty(discarded), unit, status, made_by or "",
            equipment or "", ref_type or "", ref_doc or ""]


def _input(r: tuple) -> list[Any]:
    batch, lot, qty, unit, lot_unit = r
    return [batch, lot, _qty(qty), unit, _converted(qty, unit, lot_unit)]


def _shipment(r: tuple) -> list[Any]:
    ref, lot, customer, on, qty, unit, lot_unit, ref_type, ref_doc = r
    return [ref, lot, customer, day(on), _converted(qty, unit or lot_unit, lot_unit), ref_type or "",
            ref_doc or ""]


# payload key, event kind for an import chunk, columns, staging query, row converter
PARTS: list[tuple[str, EventKind, list[str], str, Callable[[tuple], list[Any]]]] = [
    ("lots", EventKind.LOT_RECEIVED, RECEIVED_COLUMNS,
     "SELECT n, src, line, code, item_code, supplier_ref, supplier_lot, site_code, lot_date, quantity, unit, "
     "best_by, ref_type, ref_doc FROM stage_lot WHERE kind = 'received' AND skip = 0", _received),
    ("batches", EventKind.BATCH_RECORDED, BATCH_COLUMNS,
     "SELECT n, src, line, code, item_code, site_code, lot_date, quantity, discarded, unit, status, made_by, "
     "equipment, ref_type, ref_doc FROM stage_lot WHERE kind = 'batch' AND skip = 0", _batch),
    ("inputs", EventKind.INPUTS_RECORDED, INPUT_COLUMNS,
     "SELECT n, src, line, batch_code, input_code, quantity, unit, input_unit FROM stage_input WHERE skip = 0",
     _input),
    ("shipments", EventKind.UNITS_SHIPPED, SHIPMENT_COLUMNS,
     "SELECT n, src, line, ref, lot_code, customer_ref, shipped_on, quantity, unit, lot_unit, ref_type, ref_doc "
     "FROM stage_shipment WHERE skip = 0", _shipment),
]


def _chunks(sql: str, size: int) -> Iterator[list[tuple]]:
    """Staged rows in the order they came, a chunk at a time (keyset paging keeps memory flat)."""
    last = 0
    with connection.cursor() as cur:
        while True:
            cur.execute(f"{sql} AND n > %s ORDER BY n LIMIT %s", [last, size])
            rows = cur.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield rows


def emit_one(stage: Stage, kind: EventKind, *, actor: str, site: str = "", subject: str = "",
             extra: dict[str, Any] | None = None) -> Event:
    """Record everything staged as one event (a form's receipt, batch or shipment)."""
    payload: dict[str, Any] = dict(extra or {})
    for key, _kind, columns, sql, convert_row in PARTS:
        rows = [convert_row(r[3:]) for chunk in _chunks(sql, 10_000) for r in chunk]
        if rows:
            payload[key] = table(columns, rows)
    return record(kind, payload, actor=actor, site=site, subject=subject)


def emit_chunked(stage: Stage, *, actor: str, chunk: int = 5000,
                 progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Record an import as events of at most `chunk` rows each, lots before the rows that use them."""
    written: dict[str, int] = {}
    for key, kind, columns, sql, convert_row in PARTS:
        for rows in _chunks(sql, chunk):
            source = stage.sources[rows[0][1]]
            payload = {key: table(columns, [convert_row(r[3:]) for r in rows]),
                       "source": {"file": source.name, "lines": [rows[0][2], rows[-1][2]]}}
            record(kind, payload, actor=actor, subject=source.name)
            written[key] = written.get(key, 0) + len(rows)
            if progress:
                progress(len(rows))
    return written
