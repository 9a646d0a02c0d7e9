"""The row layouts of lot events: each payload table is {"columns": [...], "rows": [[...], ...]}.

A form's single batch and an import's 5,000 batches are the same event with more rows, so one
projector applies both (and replays both when the read tables are rebuilt).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any

RECEIVED_COLUMNS = ["code", "item", "supplier", "supplier_lot", "site", "received_on", "quantity", "unit",
                    "best_by", "reference_doc_type", "reference_doc", "tlc_source", "allergens", "may_contain"]
BATCH_COLUMNS = ["code", "product", "site", "produced_on", "quantity_produced", "quantity_discarded", "unit",
                 "status", "made_by", "equipment", "reference_doc_type", "reference_doc"]
INPUT_COLUMNS = ["batch", "lot", "quantity", "unit", "quantity_in_lot_unit"]
SHIPMENT_COLUMNS = ["ref", "lot", "customer", "shipped_on", "quantity", "reference_doc_type", "reference_doc"]


def table(columns: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {"columns": columns, "rows": rows}


def records(payload_table: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a payload table as dicts (for small tables: history pages, tests)."""
    cols = payload_table["columns"]
    return [dict(zip(cols, row, strict=True)) for row in payload_table["rows"]]


@lru_cache(maxsize=8192)  # a trace reads the same few quantities (6 jars, 12 jars) thousands of times
def decimal(value: Any) -> Decimal:
    """A quantity read back from SQLite (int or float) or PostgreSQL (Decimal), exactly as written."""
    if isinstance(value, Decimal):
        number = value
    else:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return number if number else Decimal(0)  # never "-0": a balance that ran out is just 0


def day(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)
