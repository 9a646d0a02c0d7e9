"""Turning validated staging rows into events: one event for a form, chunks for an import."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection

from lotline.catalog.units import convert
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import append, canonical_json, record
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
from lotline.lots.projections import sqlite_functions

from .tables import Stage
from .warnings import warned_lines


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
    code, item, supplier, supplier_lot, site, on, qty, unit, best_by, ref_type, ref_doc, tlc_source, allergens, \
        may_contain = r
    return [code, item, supplier, supplier_lot or "", site, day(on), _qty(qty), unit, day(best_by),
            ref_type or "", ref_doc or "", tlc_source or "", allergens or "", may_contain or ""]


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


@dataclass(frozen=True)
class Part:
    """One payload table of staged rows: which rows, which event, and how each row is written."""

    key: str  # the payload's key for the table
    kind: EventKind  # the event of an import's chunk of these rows
    columns: list[str]
    sql: str  # the rows: n, src, line, then the values convert_row takes
    convert_row: Callable[[tuple], list[Any]]
    json_sql: str  # SQLite: n, src, line, then the row as convert_row would have it, as JSON text


def _quantity_sql(value: str) -> str:
    """SQLite: _qty(value) as SQL; whole numbers (most of them) without a call into Python."""
    return f"CASE WHEN typeof({value}) = 'integer' THEN CAST({value} AS TEXT) ELSE lotline_quantity({value}) END"


def _converted_sql(value: str, unit: str, lot_unit: str) -> str:
    """SQLite: _converted(value, unit, lot_unit) as SQL; a whole number in the lot's own unit stays as it is."""
    return (f"CASE WHEN typeof({value}) = 'integer' AND {unit} = {lot_unit} THEN CAST({value} AS TEXT) "
            f"ELSE lotline_converted({value}, {unit}, {lot_unit}) END")


SHIPPED_UNIT = "COALESCE(NULLIF(unit, ''), lot_unit)"  # a shipment without a unit is in the lot's

PARTS: list[Part] = [
    Part("lots", EventKind.LOT_RECEIVED, RECEIVED_COLUMNS,
         "SELECT n, src, line, code, item_code, supplier_ref, supplier_lot, site_code, lot_date, quantity, unit, "
         "best_by, ref_type, ref_doc, tlc_source, allergens, may_contain FROM stage_lot "
         "WHERE kind = 'received' AND skip = 0", _received,
         "SELECT n, src, line, json_array(code, item_code, supplier_ref, COALESCE(supplier_lot, ''), site_code, "
         f"NULLIF(lot_date, ''), {_quantity_sql('quantity')}, unit, NULLIF(best_by, ''), COALESCE(ref_type, ''), "
         "COALESCE(ref_doc, ''), COALESCE(tlc_source, ''), COALESCE(allergens, ''), COALESCE(may_contain, '')) "
         "FROM stage_lot WHERE kind = 'received' AND skip = 0"),
    Part("batches", EventKind.BATCH_RECORDED, BATCH_COLUMNS,
         "SELECT n, src, line, code, item_code, site_code, lot_date, quantity, discarded, unit, status, made_by, "
         "equipment, ref_type, ref_doc FROM stage_lot WHERE kind = 'batch' AND skip = 0", _batch,
         "SELECT n, src, line, json_array(code, item_code, site_code, NULLIF(lot_date, ''), "
         f"{_quantity_sql('quantity')}, {_quantity_sql('discarded')}, unit, status, COALESCE(made_by, ''), "
         "COALESCE(equipment, ''), COALESCE(ref_type, ''), COALESCE(ref_doc, '')) "
         "FROM stage_lot WHERE kind = 'batch' AND skip = 0"),
    Part("inputs", EventKind.INPUTS_RECORDED, INPUT_COLUMNS,
         "SELECT n, src, line, batch_code, input_code, quantity, unit, input_unit FROM stage_input WHERE skip = 0",
         _input,
         f"SELECT n, src, line, json_array(batch_code, input_code, {_quantity_sql('quantity')}, unit, "
         f"{_converted_sql('quantity', 'unit', 'input_unit')}) FROM stage_input WHERE skip = 0"),
    Part("shipments", EventKind.UNITS_SHIPPED, SHIPMENT_COLUMNS,
         "SELECT n, src, line, ref, lot_code, customer_ref, shipped_on, quantity, unit, lot_unit, ref_type, ref_doc "
         "FROM stage_shipment WHERE skip = 0", _shipment,
         "SELECT n, src, line, json_array(ref, lot_code, customer_ref, NULLIF(shipped_on, ''), "
         f"{_converted_sql('quantity', SHIPPED_UNIT, 'lot_unit')}, "
         "COALESCE(ref_type, ''), COALESCE(ref_doc, '')) FROM stage_shipment WHERE skip = 0"),
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
    for part in PARTS:
        rows = [part.convert_row(r[3:]) for chunk in _chunks(part.sql, 10_000) for r in chunk]
        if rows:
            payload[part.key] = table(part.columns, rows)
    return record(kind, payload, actor=actor, site=site, subject=subject)


def emit_chunked(stage: Stage, *, actor: str, chunk: int = 5000,
                 progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Record an import as events of at most `chunk` rows each, lots before the rows that use them."""
    payloads = _payloads_from_sqlite if connection.vendor == "sqlite" else _payloads
    written: dict[str, int] = {}
    for part in PARTS:
        for file, rows, text in payloads(stage, part, chunk):
            append(part.kind, text, actor=actor, subject=file)
            written[part.key] = written.get(part.key, 0) + rows
            if progress:
                progress(rows)
    return written


def _source(stage: Stage, rows: list[tuple]) -> dict[str, Any]:
    """Where a chunk's rows came from (a chunk never spans two files: each file is its own part)."""
    return {"file": stage.sources[rows[0][1]].name, "lines": [rows[0][2], rows[-1][2]]}


def _warned(stage: Stage, part: Part, rows: list[tuple]) -> dict[str, Any]:
    """The chunk's rows recorded despite a warning (an expired input, a batch with nothing in it):
    {"warnings": {code: [line, ...]}}, or nothing."""
    lines = warned_lines(stage, part.key, rows[0][0], rows[-1][0]) if stage.warning_counts else {}
    return {"warnings": lines} if lines else {}


def _payloads(stage: Stage, part: Part, size: int) -> Iterator[tuple[str, int, str]]:
    """(file, rows, payload text) for each chunk of a part's rows, converted row by row in Python."""
    for rows in _chunks(part.sql, size):
        source = _source(stage, rows)
        payload = {part.key: table(part.columns, [part.convert_row(r[3:]) for r in rows]), "source": source}
        yield source["file"], len(rows), canonical_json(payload | _warned(stage, part, rows))


def _payloads_from_sqlite(stage: Stage, part: Part, size: int) -> Iterator[tuple[str, int, str]]:
    """_payloads, with SQLite writing each row's JSON: no Python object per value of millions of rows.

    SQLite's json_array writes what canonical_json does (no spaces, text as it is, the same
    escapes); test_emit checks that both give the same payload, byte for byte.
    """
    sqlite_functions({"lotline_quantity": _qty, "lotline_converted": _converted})
    # canonical_json sorts keys: the table's ("lots", "inputs"...) comes before "source"
    head = '{"' + part.key + '":{"columns":' + canonical_json(part.columns) + ',"rows":['
    for rows in _chunks(part.json_sql, size):
        source = _source(stage, rows)
        warned = _warned(stage, part, rows)  # "warnings" sorts after "source"
        tail = ',"warnings":' + canonical_json(warned["warnings"]) if warned else ""
        text = head + ",".join([r[3] for r in rows]) + ']},"source":' + canonical_json(source) + tail + "}"
        yield source["file"], len(rows), text
