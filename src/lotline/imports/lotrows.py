"""Turning rows of the lot files (receipts, batches, inputs, shipments) into staging rows.

Each file has its own small loop because this runs for millions of rows: the common case parses
a whole row in one go, and only a row that fails is taken apart cell by cell to say which cell
is wrong. A row that cannot be read is not staged (the other rules could only guess about it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from operator import itemgetter

from lotline.errors import ErrorCode
from lotline.lots.stage import Stage
from lotline.lots.stage.tables import InputRow, LotRow, ShipmentRow

from .csvfiles import cell_problem, parse_day, parse_quantity

ZERO = Decimal(0)
BATCH_STATUSES = ("active", "failed")

Rows = Iterable[tuple[int, list[str]]]
Bad = Callable[[int, str, ErrorCode, str], None]  # (line, column, code, reason)
LOST_LIMIT = 10_000  # lot codes of unreadable rows remembered, to quiet the echoes they cause


def _lose(lost: set[str], code: str) -> None:
    """Remember the code of a lot row left out, so rows that use it are not also called unknown."""
    if code and len(lost) < LOST_LIMIT:
        lost.add(code)


def _optional_day(text: str) -> object:
    return parse_day(text) if text else None


def _explain(line: int, bad: Bad, cells: list[tuple[str, str, Callable[[str], object]]]) -> None:
    for column, text, parse in cells:
        found = cell_problem(column, text, parse)
        if found:
            bad(line, *found)


def receipts(rows: Rows, bad: Bad, lost: set[str]) -> Iterator[LotRow]:
    for line, v in rows:
        code, item, supplier, supplier_lot, site, on, qty, unit, best_by, ref_type, ref_doc, tlc_source, allergens, \
            may_contain = v
        try:
            row = LotRow(line, code, "received", item, site, parse_day(on), parse_quantity(qty), ZERO, unit,
                         supplier, supplier_lot, parse_day(best_by) if best_by else None, ref_type, ref_doc,
                         tlc_source=tlc_source, allergens=allergens, may_contain=may_contain)
        except ValueError:
            _explain(line, bad, [("received_on", on, parse_day), ("quantity", qty, parse_quantity),
                                 ("best_by", best_by, _optional_day)])
            _lose(lost, code)
            continue
        yield row


def batches(rows: Rows, bad: Bad, lost: set[str]) -> Iterator[LotRow]:
    for line, v in rows:
        code, item, site, on, qty, discarded, unit, status, made_by, equipment, ref_type, ref_doc = v
        status = status.lower() or "active"
        try:
            if status not in BATCH_STATUSES:
                raise ValueError(status)
            row = LotRow(line, code, "batch", item, site, parse_day(on), parse_quantity(qty),
                         parse_quantity(discarded), unit, "", "", None, ref_type, ref_doc, made_by, equipment,
                         status)
        except ValueError:
            _explain(line, bad, [("produced_on", on, parse_day), ("quantity_produced", qty, parse_quantity),
                                 ("quantity_discarded", discarded, parse_quantity)])
            if status not in BATCH_STATUSES:
                bad(line, "status", ErrorCode.BAD_CHOICE, f"{status!r} is not one of {', '.join(BATCH_STATUSES)}")
            _lose(lost, code)
            continue
        yield row


def inputs(rows: Rows, bad: Bad, lost: set[str]) -> Iterator[InputRow]:
    for line, (batch, lot, qty, unit) in rows:
        try:
            row = InputRow(line, batch, lot, parse_quantity(qty), unit)
        except ValueError:
            _explain(line, bad, [("quantity", qty, parse_quantity)])
            continue
        yield row


def shipments(rows: Rows, bad: Bad, lost: set[str]) -> Iterator[ShipmentRow]:
    for line, v in rows:
        ref, lot, customer, on, qty, unit, ref_type, ref_doc = v
        try:
            row = ShipmentRow(line, ref, lot, customer, parse_day(on), parse_quantity(qty), unit, ref_type, ref_doc)
        except ValueError:
            _explain(line, bad, [("shipped_on", on, parse_day), ("quantity", qty, parse_quantity)])
            continue
        yield row


# file -> (the CSV columns each loop unpacks, in order; the loop; the staging method)
LOT_FILES: dict[str, tuple[tuple[str, ...], Callable[[Rows, Bad, set[str]], Iterator], Callable]] = {
    "receipts.csv": (("lot_code", "item_code", "supplier_id", "supplier_lot", "site_code", "received_on",
                      "quantity", "unit", "best_by", "reference_doc_type", "reference_doc", "tlc_source",
                      "allergens", "may_contain"),
                     receipts, Stage.add_lots),
    "batches.csv": (("batch_code", "product_code", "site_code", "produced_on", "quantity_produced",
                     "quantity_discarded", "unit", "status", "made_by", "equipment", "reference_doc_type",
                     "reference_doc"), batches, Stage.add_lots),
    "batch_inputs.csv": (("batch_code", "input_lot_code", "quantity", "unit"), inputs, Stage.add_inputs),
    "shipments.csv": (("shipment_id", "batch_code", "customer_id", "shipped_on", "quantity", "unit",
                       "reference_doc_type", "reference_doc"), shipments, Stage.add_shipments),
}


def picker(columns: tuple[str, ...], positions: dict[str, int], width: int) -> Callable[[list[str]], tuple]:
    """Each row's values in a loop's order; a column the file leaves out reads as "" (see data_rows)."""
    return itemgetter(*(positions.get(c, width) for c in columns))
