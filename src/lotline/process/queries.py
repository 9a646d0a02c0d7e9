"""Reading process records: a product's fields, each batch's current values (corrections applied)
and every value a batch ever had.

`values_of` is what the batch comparison reads (the contract in ISSUE15.md): one query for any
number of batches, through process_value_batch_idx.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from lotline.lots.queries import find_lots, lot_keys

from .models import FieldKind, ProcessField, ProcessValue


@dataclass(frozen=True)
class Reading:
    field: str              # the field's code, e.g. "peak_temp"
    label: str              # "Peak temperature"
    value: Decimal | None   # a measured number, or None for a text field
    text: str               # a text value (notes), "" for a number
    unit: str               # "°C", "min", "pH", "" ...
    target_min: Decimal | None
    target_max: Decimal | None
    in_target: bool | None  # None when there is no target or no number


@dataclass(frozen=True)
class FieldOut:
    """A product's process field as the owner set it; `retired_on` None while it is asked for."""

    code: str
    label: str
    kind: str
    unit: str
    target_min: Decimal | None
    target_max: Decimal | None
    retired_on: dt.date | None


@dataclass(frozen=True)
class PastReading:
    """A value a batch had, with the event that recorded it and the one that corrected it (None: current)."""

    reading: Reading
    recorded_seq: int
    superseded_seq: int | None


def in_target(value: Decimal | None, low: Decimal | None, high: Decimal | None) -> bool | None:
    """Whether a number is inside its target range (both ends included); None without a number or a target."""
    if value is None or (low is None and high is None):
        return None
    return (low is None or value >= low) and (high is None or value <= high)


def target_text(low: Decimal | None, high: Decimal | None, unit: str = "") -> str:
    """A target range as people read it: "103-105 °C", "at least 65 °Bx", "at most 0.85 aw", or ""."""
    from lotline.quantities import shown

    after = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{shown(low)} to {shown(high)}{after}"
    if low is not None:
        return f"at least {shown(low)}{after}"
    if high is not None:
        return f"at most {shown(high)}{after}"
    return ""


def fields_of(product: str, *, retired: bool = True) -> list[FieldOut]:
    """The product's process fields in their order (the retired ones after, when asked for)."""
    rows = ProcessField.objects.filter(product__code=product)
    if not retired:
        rows = rows.filter(retired_on__isnull=True)
    return [FieldOut(f.code, f.label, f.kind, f.unit, f.target_min, f.target_max, f.retired_on)
            for f in rows.order_by(F("retired_on").asc(nulls_first=True), "position")]


def number_fields() -> list[tuple[str, str]]:
    """(code, label) of every product's number fields still asked for: what a batch can be "the best" by."""
    rows = ProcessField.objects.filter(kind=FieldKind.NUMBER, retired_on__isnull=True)
    return sorted(set(rows.values_list("code", "label")))


def _reading(v: ProcessValue) -> Reading:
    number = v.value if v.field.kind == FieldKind.NUMBER else None
    return Reading(v.field.code, v.field.label, number, v.text, v.unit, v.target_min, v.target_max,
                   in_target(number, v.target_min, v.target_max))


def _cleared(v: ProcessValue) -> bool:
    return v.value is None and not v.text


def values_of(batches: Sequence[str]) -> dict[str, dict[str, Reading]]:
    """Each batch's current process values (the latest recorded, corrections applied), by field code."""
    lots = lot_keys(batches)
    code_of = dict(lots.values())
    found: dict[str, dict[str, Reading]] = {code: {} for code in code_of.values()}
    current = (ProcessValue.objects.filter(batch_id__in=code_of, superseded_seq__isnull=True)
               .select_related("field").order_by("batch_id", "field__position"))
    for v in current:
        if not _cleared(v):
            found[code_of[v.batch_id]][v.field.code] = _reading(v)
    return {asked: found[code] for asked, (_pk, code) in lots.items()}


def history_of(batch: str) -> list[PastReading]:
    """Every value the batch was given, newest first: the current ones and those corrected since."""
    lot = find_lots([batch]).get(batch)
    if lot is None:
        return []
    rows = ProcessValue.objects.filter(batch=lot).select_related("field").order_by("-event_seq", "field__position")
    return [PastReading(_reading(v), v.event_seq, v.superseded_seq) for v in rows]
