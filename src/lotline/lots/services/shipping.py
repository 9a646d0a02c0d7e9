"""Shipping and selling units to customers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from lotline.catalog.models import Customer
from lotline.days import today
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import writing
from lotline.lots.models import Lot, NumberCounter, Shipment
from lotline.lots.payloads import records
from lotline.lots.queries import on_hand
from lotline.lots.stage import Stage, emit_one, validate
from lotline.lots.stage.tables import ShipmentRow

from .common import Recorded, form, raise_problems, refuse_existing, require_lot_sites, settle
from .twins import shipment_twins

SHIPMENT_FORM = form({"lot_code": "lot", "customer_ref": "customer"}, row_label="line")


@dataclass(frozen=True)
class ShipmentLine:
    """Units of one lot to one customer; unit "" means the lot's own unit, shipped_on None the
    business's today."""

    lot: str
    customer: str
    quantity: Decimal
    shipped_on: dt.date | None = None
    unit: str = ""
    reference_doc_type: str = ""
    reference_doc: str = ""
    ref: str = ""


@dataclass(frozen=True)
class Shipped(Recorded):
    """A shipment line as recorded (`code` is its ref); `on_hand` is what the lot has left after
    everything the event recorded."""

    lot: str
    item: str
    item_name: str
    customer: str
    customer_name: str
    shipped_on: dt.date
    quantity: Decimal  # in the lot's unit
    unit: str
    reference_doc_type: str
    reference_doc: str
    on_hand: Decimal
    confirmed: tuple[Problem, ...] = ()


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


def ship_units(lines: Sequence[ShipmentLine], *, confirmed: Collection[str] = frozenset(),
               actor: str) -> list[Shipped]:
    """Record units going out (one line or a whole market day); all lines are recorded or none.
    A line the same person recorded minutes ago is a warning to confirm (near_twin)."""
    if not lines:
        raise LotlineError(ErrorCode.MISSING, "nothing to ship", field="lines")
    day = today()
    lines = [line if line.shipped_on else replace(line, shipped_on=day) for line in lines]
    with writing():
        require_lot_sites(actor, [line.lot for line in lines])
        refs = [line.ref or _next_ref(line.shipped_on or day) for line in lines]
        stage = Stage()
        src = stage.source(SHIPMENT_FORM if len(lines) > 1 else form(SHIPMENT_FORM.columns))
        stage.add_shipments(src, [
            ShipmentRow(i, ref, ln.lot, ln.customer, ln.shipped_on, ln.quantity, ln.unit, ln.reference_doc_type,
                        ln.reference_doc) for i, (ref, ln) in enumerate(zip(refs, lines, strict=True), 1)])
        findings = validate(stage)
        refuse_existing(findings, "shipment", ", ".join(refs))
        raise_problems(findings, "nothing was shipped")
        warnings = findings.warnings + shipment_twins(stage, actor)
        extra = settle(warnings, confirmed)
        event = emit_one(stage, EventKind.UNITS_SHIPPED, actor=actor, subject=lines[0].lot if len(lines) == 1 else "",
                         extra=extra)
        payload = json.loads(event.payload)
        rows = records(payload["shipments"])
        lots = {lot.code: lot for lot in Lot.objects.filter(code__in={r["lot"] for r in rows}).select_related("item")}
        customers = dict(Customer.objects.filter(ref__in={r["customer"] for r in rows}).values_list("ref", "name"))
        left = on_hand(list(lots))
    return [Shipped(r["ref"], event.seq, r["lot"], lots[r["lot"]].item.code, lots[r["lot"]].item.name, r["customer"],
                    customers[r["customer"]], dt.date.fromisoformat(r["shipped_on"]), Decimal(r["quantity"]),
                    lots[r["lot"]].unit, r["reference_doc_type"], r["reference_doc"], left[r["lot"]], tuple(warnings))
            for r in rows]
