"""A trace or recall answer as one CSV file: one row per lot, batch, shipment and unaffected batch.

One table rather than several files, so it opens in any spreadsheet and sorts by `record`; the
columns a record does not have are empty. Quantities are written as plain numbers. A last line,
starting with #, states the event log's signed head: the witness its recipient keeps.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from lotline.cells import CsvWriter

COLUMNS = ["record", "code", "kind", "item", "item_name", "date", "depth", "status", "site", "supplier",
           "supplier_name", "supplier_lot", "quantity", "unit", "quantity_used", "on_hand", "customer",
           "customer_name", "contact", "shipped_on", "shipment", "reference_doc"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def answer_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    affected = "recalled" if result["direction"] == "recall" else "in trace"
    for lot in result["lots"] + result["batches"]:
        rows.append({"record": f"{lot['kind']} lot {affected}" if lot["kind"] == "received" else f"batch {affected}",
                     **{k: lot.get(k) for k in ("code", "kind", "item", "item_name", "date", "depth", "status",
                                                "site", "supplier", "supplier_name", "supplier_lot", "quantity",
                                                "unit", "quantity_used", "on_hand")}})
    for customer in result["customers"]:
        for s in customer["shipments"]:
            rows.append({"record": "shipment", "code": s["lot"], "item": s["item"], "quantity": s["quantity"],
                         "unit": s["unit"], "customer": customer["id"], "customer_name": customer["name"],
                         "contact": customer["contact"], "shipped_on": s["shipped_on"], "shipment": s["ref"],
                         "reference_doc": s["reference_doc"]})
    for lot in result.get("not_affected", []):
        rows.append({"record": "batch NOT affected",
                     **{k: lot.get(k) for k in ("code", "kind", "item", "item_name", "date", "status", "site",
                                                "quantity", "unit")}})
    return rows


def answer_csv(result: Mapping[str, Any], *, foot: str = "") -> str:
    """The CSV file; `foot` (ledger.checkpoints.Seal.line()) is written as a last comment line."""
    out = io.StringIO()
    writer = CsvWriter(out, lineterminator="\r\n")  # cells neutralised: no supplier lot code runs as a formula
    writer.writerow(COLUMNS)
    for row in answer_rows(result):
        writer.writerow([_cell(row.get(c)) for c in COLUMNS])
    if foot:
        out.write(f"# {foot}\r\n")
    return out.getvalue()
