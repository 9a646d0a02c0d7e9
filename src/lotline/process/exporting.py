"""The process files of an export (imports/export.py), in the columns process_fields.csv and
process.csv are imported with: each product's fields in order (retired ones marked), and each
batch's current values (an import of the export gives the same current values; the corrections
before them stay in this ledger's events)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .models import FieldKind, ProcessField, ProcessValue

CHUNK = 2000


def process_fields_rows() -> Iterator[tuple[Any, ...]]:
    rows = ProcessField.objects.order_by("product__code", "position").values_list(
        "product__code", "code", "label", "kind", "unit", "target_min", "target_max", "retired_on")
    for *head, retired_on in rows.iterator(chunk_size=CHUNK):
        yield (*head, retired_on is not None)


def process_value_rows() -> Iterator[tuple[Any, ...]]:
    rows = ProcessValue.objects.filter(superseded_seq__isnull=True).order_by(
        "batch__lot_date", "batch_id", "field__position").values_list("batch__code", "field__code", "field__kind",
                                                                      "value", "text")
    for batch, field, kind, value, text in rows.iterator(chunk_size=CHUNK):
        shown = value if kind == FieldKind.NUMBER else text
        if shown not in (None, ""):
            yield batch, field, shown, ""
