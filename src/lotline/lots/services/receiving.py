"""Receiving ingredient lots from suppliers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import writing
from lotline.lots.numbering import next_lot_code
from lotline.lots.stage import Stage, emit_one, validate
from lotline.lots.stage.tables import LotRow

from .common import Recorded, form, get_item, raise_problems, refuse_existing, site_to_record

RECEIPT_FORM = form({"item_code": "item", "site_code": "site", "lot_date": "received_on",
                     "supplier_ref": "supplier"})


def receive_lot(*, item: str, supplier: str, quantity: Decimal, unit: str, received_on: dt.date,
                site: str | None = None, supplier_lot: str = "", best_by: dt.date | None = None,
                reference_doc_type: str = "", reference_doc: str = "", code: str | None = None,
                actor: str) -> Recorded:
    """Record a lot bought in; it gets our own lot code, and the supplier's is kept as written."""
    with writing():
        the_site = site_to_record(actor, site)
        code = code or next_lot_code(get_item(item), the_site, received_on)
        stage = Stage()
        src = stage.source(RECEIPT_FORM)
        stage.add_lots(src, [LotRow(1, code, "received", item, the_site.code, received_on, quantity, Decimal(0),
                                    unit, supplier, supplier_lot, best_by, reference_doc_type, reference_doc)])
        findings = validate(stage)
        refuse_existing(findings, "lot", code)
        raise_problems(findings, f"lot {code} was not received")
        event = emit_one(stage, EventKind.LOT_RECEIVED, actor=actor, site=the_site.code, subject=code)
    return Recorded(code, event.seq)

