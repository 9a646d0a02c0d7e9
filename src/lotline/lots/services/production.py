"""Recording production batches and what went into them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import writing
from lotline.lots.models import LotKind
from lotline.lots.numbering import next_lot_code
from lotline.lots.stage import Stage, emit_one, validate
from lotline.lots.stage.tables import InputRow, LotRow

from .common import Recorded, form, get_item, lot_to_change, raise_problems, refuse_existing, site_to_record

BATCH_FORM = form({"item_code": "product", "site_code": "site", "lot_date": "produced_on",
                   "quantity": "quantity_produced", "discarded": "quantity_discarded"})
INPUTS_FORM = form({"input_code": "lot", "batch_code": "batch"}, row_label="input")


@dataclass(frozen=True)
class InputLine:
    """A quantity of one lot used in a batch; unit "" means the lot's own unit."""

    lot: str
    quantity: Decimal
    unit: str = ""


def _stage_inputs(stage: Stage, batch_code: str, inputs: Sequence[InputLine]) -> None:
    src = stage.source(INPUTS_FORM)
    stage.add_inputs(src, [InputRow(i, batch_code, line.lot, line.quantity, line.unit)
                           for i, line in enumerate(inputs, 1)])


def record_batch(*, product: str, quantity_produced: Decimal, produced_on: dt.date,
                 inputs: Sequence[InputLine] = (), site: str | None = None, unit: str | None = None,
                 quantity_discarded: Decimal = Decimal(0), made_by: str = "", equipment: str = "",
                 reference_doc_type: str = "", reference_doc: str = "", failed: bool = False,
                 code: str | None = None, actor: str) -> Recorded:
    """Record a batch: its new batch number, what it used and what came out of it.

    A failed batch is recorded too (status failed): its inputs were still used up.
    """
    with writing():
        the_site = site_to_record(actor, site)
        the_product = get_item(product)
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
        event = emit_one(stage, EventKind.BATCH_RECORDED, actor=actor, site=the_site.code, subject=code)
    return Recorded(code, event.seq)


def add_inputs(batch: str, inputs: Sequence[InputLine], *, reason: str = "", actor: str) -> Recorded:
    """Add inputs forgotten when a batch was recorded (a correction that adds, never rewrites)."""
    with writing():
        lot = lot_to_change(actor, batch, field="batch")
        stage = Stage()
        stage.adding_inputs = True
        _stage_inputs(stage, lot.code, inputs)
        findings = validate(stage)
        raise_problems(findings, f"inputs were not added to {lot.code}")
        event = emit_one(stage, EventKind.INPUTS_RECORDED, actor=actor, site=lot.site.code, subject=lot.code,
                         extra={"reason": reason})
    return Recorded(lot.code, event.seq)
