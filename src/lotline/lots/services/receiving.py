"""Receiving ingredient lots from suppliers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from lotline.catalog.models import Supplier
from lotline.days import today
from lotline.errors import Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import writing
from lotline.lots.numbering import next_lot_code
from lotline.lots.payloads import records
from lotline.lots.stage import Stage, emit_one, validate
from lotline.lots.stage.tables import LotRow

from .common import Recorded, form, get_item, raise_problems, refuse_existing, settle, site_to_record
from .twins import lot_twins

RECEIPT_FORM = form({"item_code": "item", "site_code": "site", "lot_date": "received_on",
                     "supplier_ref": "supplier"})


@dataclass(frozen=True)
class ReceivedLot(Recorded):
    """A lot received, as recorded: what to write on the pack and to say back to the person."""

    item: str
    item_name: str
    supplier: str
    supplier_name: str
    supplier_lot: str
    site: str
    received_on: dt.date
    quantity: Decimal
    unit: str
    best_by: dt.date | None
    reference_doc_type: str
    reference_doc: str
    confirmed: tuple[Problem, ...] = ()
    tlc_source: str = ""
    allergens: str = ""  # Big 9 its supplier declared for this lot, ';'-separated as stored
    may_contain: str = ""


def receive_lot(*, item: str, supplier: str, quantity: Decimal, unit: str = "", received_on: dt.date | None = None,
                site: str | None = None, supplier_lot: str = "", best_by: dt.date | None = None,
                reference_doc_type: str = "", reference_doc: str = "", code: str | None = None,
                tlc_source: str = "", allergens: str = "", may_contain: str = "",
                confirmed: Collection[str] = frozenset(), actor: str) -> ReceivedLot:
    """Record a lot bought in; it gets our own lot code, and the supplier's is kept as written.

    Unit "": the item's own; received_on None: the business's today. The same receipt recorded by
    the same person minutes ago is a warning (near_twin) to confirm. allergens and may_contain: what
    the supplier declared for this lot on top of its item's (Big 9, ';'-separated: "wheat;soy").
    """
    with writing():
        the_site = site_to_record(actor, site)
        the_item = get_item(item)
        received_on = received_on or today()
        code = code or next_lot_code(the_item, the_site, received_on)
        stage = Stage()
        src = stage.source(RECEIPT_FORM)
        stage.add_lots(src, [LotRow(1, code, "received", item, the_site.code, received_on, quantity, Decimal(0),
                                    unit or the_item.unit, supplier, supplier_lot, best_by, reference_doc_type,
                                    reference_doc, tlc_source=tlc_source.strip(), allergens=allergens,
                                    may_contain=may_contain)])
        findings = validate(stage)
        refuse_existing(findings, "lot", code)
        raise_problems(findings, f"lot {code} was not received")
        warnings = findings.warnings + lot_twins(stage, actor)
        extra = settle(warnings, confirmed)
        event = emit_one(stage, EventKind.LOT_RECEIVED, actor=actor, site=the_site.code, subject=code, extra=extra)
        supplier_name = Supplier.objects.filter(ref=supplier).values_list("name", flat=True).first() or ""
    payload = json.loads(event.payload)
    [row] = records(payload["lots"])
    return ReceivedLot(
        row["code"], event.seq, row["item"], the_item.name, row["supplier"], supplier_name, row["supplier_lot"],
        row["site"], dt.date.fromisoformat(row["received_on"]), Decimal(row["quantity"]), row["unit"],
        dt.date.fromisoformat(row["best_by"]) if row["best_by"] else None, row["reference_doc_type"],
        row["reference_doc"], tuple(warnings), row["tlc_source"], row["allergens"], row["may_contain"])
