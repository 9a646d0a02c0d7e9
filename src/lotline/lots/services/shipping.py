"""Shipping and selling units to customers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lotline.errors import Invalid
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import writing
from lotline.lots.models import NumberCounter, Shipment
from lotline.lots.stage import Stage, emit_one, validate
from lotline.lots.stage.tables import ShipmentRow

from .common import Recorded, form, raise_problems, refuse_existing, require_lot_sites

SHIPMENT_FORM = form({"lot_code": "lot", "customer_ref": "customer"}, row_label="line")


@dataclass(frozen=True)
class ShipmentLine:
    """Units of one lot to one customer; unit "" means the lot's own unit."""

    lot: str
    customer: str
    quantity: Decimal
    shipped_on: dt.date
    unit: str = ""
    reference_doc_type: str = ""
    reference_doc: str = ""
    ref: str = ""


def _next_ref(on: dt.date) -> str:
    """SH-20260307-001: shipments numbered per day, inside the serialised write."""
    counter, _ = NumberCounter.objects.get_or_create(scope=f"shipment@{on.isoformat()}")
    n = counter.last
    while True:
        n += 1
        ref = f"SH-{on:%Y%m%d}-{n:03d}"
        if not Shipment.objects.filter(ref=ref).exists():
            break
    NumberCounter.objects.filter(pk=counter.pk).update(last=n)
    return ref


def ship_units(lines: Sequence[ShipmentLine], *, actor: str) -> list[Recorded]:
    """Record units going out (one line or a whole market day); all lines are recorded or none."""
    if not lines:
        raise Invalid("missing", "nothing to ship", field="lines")
    with writing():
        require_lot_sites(actor, [line.lot for line in lines])
        refs = [line.ref or _next_ref(line.shipped_on) for line in lines]
        stage = Stage()
        src = stage.source(SHIPMENT_FORM if len(lines) > 1 else form(SHIPMENT_FORM.columns))
        stage.add_shipments(src, [
            ShipmentRow(i, ref, ln.lot, ln.customer, ln.shipped_on, ln.quantity, ln.unit, ln.reference_doc_type,
                        ln.reference_doc) for i, (ref, ln) in enumerate(zip(refs, lines, strict=True), 1)])
        findings = validate(stage)
        refuse_existing(findings, "shipment", ", ".join(refs))
        raise_problems(findings, "nothing was shipped")
        event = emit_one(stage, EventKind.UNITS_SHIPPED, actor=actor, subject=lines[0].lot if len(lines) == 1 else "")
    return [Recorded(ref, event.seq) for ref in refs]
