"""Recording production batches and what went into them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lotline.days import today
from lotline.errors import Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import writing
from lotline.lots.models import Lot, LotKind
from lotline.lots.numbering import next_lot_code
from lotline.lots.payloads import records
from lotline.lots.stage import Stage, emit_one, validate
from lotline.lots.stage.tables import InputRow, LotRow

from .common import (
    Recorded,
    form,
    get_item,
    lot_to_change,
    raise_problems,
    refuse_existing,
    settle,
    site_to_record,
)
from .twins import lot_twins

BATCH_FORM = form({"item_code": "product", "site_code": "site", "lot_date": "produced_on",
                   "quantity": "quantity_produced", "discarded": "quantity_discarded"})
INPUTS_FORM = form({"input_code": "lot", "batch_code": "batch"}, row_label="input")


@dataclass(frozen=True)
class InputLine:
    """A quantity of one lot used in a batch; unit "" means the lot's own unit."""

    lot: str
    quantity: Decimal
    unit: str = ""


@dataclass(frozen=True)
class UsedInput:
    """A lot that went into a batch, as recorded: as written, and in the lot's own unit."""

    lot: str
    item: str
    item_name: str
    supplier_name: str
    supplier_lot: str
    quantity: Decimal
    unit: str
    quantity_in_lot_unit: Decimal
    lot_unit: str


@dataclass(frozen=True)
class RecordedBatch(Recorded):
    """A batch as recorded: its batch number (`code`), what came out of it and what went in."""

    product: str
    product_name: str
    site: str
    produced_on: dt.date
    quantity_produced: Decimal
    quantity_discarded: Decimal
    unit: str
    status: str
    made_by: str
    equipment: str
    reference_doc_type: str
    reference_doc: str
    inputs: tuple[UsedInput, ...]
    confirmed: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class AddedInputs(Recorded):
    """Inputs added to a batch recorded before (`code`)."""

    inputs: tuple[UsedInput, ...]
    confirmed: tuple[Problem, ...] = ()


def _stage_inputs(stage: Stage, batch_code: str, inputs: Sequence[InputLine]) -> None:
    src = stage.source(INPUTS_FORM)
    stage.add_inputs(src, [InputRow(i, batch_code, line.lot, line.quantity, line.unit)
                           for i, line in enumerate(inputs, 1)])


def _used(payload: dict[str, Any]) -> tuple[UsedInput, ...]:
    """The inputs an event recorded, with what a person recognises them by (one query)."""
    rows = records(payload["inputs"]) if "inputs" in payload else []
    lots = {lot.code: lot for lot in Lot.objects.filter(code__in=[r["lot"] for r in rows])
            .select_related("item", "supplier")}
    return tuple(_used_input(r, lots[r["lot"]]) for r in rows)


def _used_input(row: dict[str, Any], lot: Lot) -> UsedInput:
    return UsedInput(row["lot"], lot.item.code, lot.item.name, lot.supplier.name if lot.supplier else "",
                     lot.supplier_lot, Decimal(row["quantity"]), row["unit"], Decimal(row["quantity_in_lot_unit"]),
                     lot.unit)


def record_batch(*, product: str, quantity_produced: Decimal, produced_on: dt.date | None = None,
                 inputs: Sequence[InputLine] = (), site: str | None = None, unit: str | None = None,
                 quantity_discarded: Decimal = Decimal(0), made_by: str = "", equipment: str = "",
                 reference_doc_type: str = "", reference_doc: str = "", failed: bool = False,
                 code: str | None = None, confirmed: Collection[str] = frozenset(), actor: str) -> RecordedBatch:
    """Record a batch: its new batch number, what it used and what came out of it.

    A failed batch is recorded too (status failed): its inputs were still used up. produced_on
    None: the business's today; unit None: the product's. Warnings to confirm (`confirmed` holds
    the codes the person accepted, kept in the event): a lot used past its best-by date
    (expired_input), nothing going in (no_inputs), the same batch recorded minutes ago (near_twin).
    """
    with writing():
        the_site = site_to_record(actor, site)
        the_product = get_item(product)
        produced_on = produced_on or today()
        code = code or next_lot_code(the_product, the_site, produced_on)
        stage = Stage()
        src = stage.source(BATCH_FORM)
        stage.add_lots(src, [LotRow(
            1, code, LotKind.BATCH, product, the_site.code, produced_on, quantity_produced, quantity_discarded,
            unit or the_product.unit, ref_type=reference_doc_type, ref_doc=reference_doc, made_by=made_by,
            equipment=equipment, status="failed" if failed else "active")])
        _stage_inputs(stage, code, inputs)
        findings = validate(stage)
        refuse_existing(findings, "lot", code)
        raise_problems(findings, f"batch {code} was not recorded")
        warnings = findings.warnings + lot_twins(stage, actor)
        extra = settle(warnings, confirmed)
        event = emit_one(stage, EventKind.BATCH_RECORDED, actor=actor, site=the_site.code, subject=code, extra=extra)
        payload = json.loads(event.payload)
        used = _used(payload)
    [row] = records(payload["batches"])
    return RecordedBatch(
        row["code"], event.seq, row["product"], the_product.name, row["site"],
        dt.date.fromisoformat(row["produced_on"]), Decimal(row["quantity_produced"]),
        Decimal(row["quantity_discarded"]), row["unit"], row["status"], row["made_by"], row["equipment"],
        row["reference_doc_type"], row["reference_doc"], used, tuple(warnings))


def add_inputs(batch: str, inputs: Sequence[InputLine], *, reason: str = "", confirmed: Collection[str] = frozenset(),
               actor: str) -> AddedInputs:
    """Add inputs forgotten when a batch was recorded (a correction that adds, never rewrites).
    A lot past its best-by date on the day the batch was made is a warning to confirm."""
    with writing():
        lot = lot_to_change(actor, batch, field="batch")
        stage = Stage()
        stage.adding_inputs = True
        _stage_inputs(stage, lot.code, inputs)
        findings = validate(stage)
        raise_problems(findings, f"inputs were not added to {lot.code}")
        extra = {"reason": reason} | settle(findings.warnings, confirmed)
        event = emit_one(stage, EventKind.INPUTS_RECORDED, actor=actor, site=lot.site.code, subject=lot.code,
                         extra=extra)
        payload = json.loads(event.payload)
        used = _used(payload)
    return AddedInputs(lot.code, event.seq, used, tuple(findings.warnings))
