"""Everything about one lot, for its page and the API: what went in, where it went, the balance,
the holds, and the events that recorded it.

A fixed number of queries whatever the lot's history: one per table, each on its own index. Long
lists (a sugar lot used in thousands of batches) stop at SHOWN rows and say how many there are.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, TextField, Value, When

from lotline.ledger.models import Event

from .models import Discard, Hold, LotInput, Shipment
from .payloads import decimal
from .queries import find_lot, on_hand

SHOWN = 200  # rows per list on a lot page; the total is counted


def _capped(qs: Any) -> tuple[list[Any], int]:
    rows = list(qs[:SHOWN + 1])
    if len(rows) <= SHOWN:
        return rows, len(rows)
    return rows[:SHOWN], qs.count()


def lot_details(code: str) -> dict[str, Any]:
    """One lot with its inputs (`inputs`), the batches that used it (`used_in`), its shipments,
    discards and holds, units on hand, and its event history (hashes included, payloads not)."""
    lot = find_lot(code)
    inputs = list(LotInput.objects.filter(batch=lot).select_related("input_lot__item", "input_lot__supplier")
                  .order_by("input_lot__code", "id"))
    uses, uses_total = _capped(LotInput.objects.filter(input_lot=lot).select_related("batch__item")
                               .order_by("batch__lot_date", "batch__code", "id"))
    shipments, shipments_total = _capped(Shipment.objects.filter(lot=lot).select_related("customer")
                                         .order_by("shipped_on", "ref"))
    discards = list(Discard.objects.filter(lot=lot).order_by("discarded_on", "id"))
    holds = list(Hold.objects.filter(lot=lot).order_by("placed_seq"))
    balance = on_hand([lot.code]).get(lot.code, Decimal(0))
    out: dict[str, Any] = {
        "code": lot.code, "kind": lot.kind, "status": lot.status, "item": lot.item.code,
        "item_name": lot.item.name, "item_kind": lot.item.kind,
        "allergens": [a for a in lot.item.allergens.split(";") if a], "site": lot.site.code,
        "site_name": lot.site.name, "date": lot.lot_date.isoformat(), "quantity": decimal(lot.quantity),
        "quantity_discarded": decimal(lot.quantity_discarded), "unit": lot.unit, "on_hand": balance,
        "best_by": lot.best_by.isoformat() if lot.best_by else None,
        "reference_doc_type": lot.reference_doc_type, "reference_doc": lot.reference_doc,
        "made_by": lot.made_by, "equipment": lot.equipment,
        "supplier": None, "supplier_lot": lot.supplier_lot,
        "inputs": [_input(i) for i in inputs],
        "used_in": [{"batch": u.batch.code, "item": u.batch.item.code, "item_name": u.batch.item.name,
                     "date": u.batch.lot_date.isoformat(), "quantity": decimal(u.quantity_in_lot_unit),
                     "unit": lot.unit, "status": u.batch.status} for u in uses],
        "used_in_total": uses_total,
        "shipments": [{"ref": s.ref, "customer": s.customer.ref, "customer_name": s.customer.name,
                       "contact": s.customer.contact, "shipped_on": s.shipped_on.isoformat(),
                       "quantity": decimal(s.quantity), "unit": lot.unit, "reference_doc": s.reference_doc}
                      for s in shipments],
        "shipments_total": shipments_total,
        "discards": [{"quantity": decimal(d.quantity), "unit": lot.unit, "on": d.discarded_on.isoformat(),
                      "reason": d.reason} for d in discards],
        "holds": [{"reason": h.reason, "placed_on": h.placed_on.isoformat(), "placed_seq": h.placed_seq,
                   "released_on": h.released_on.isoformat() if h.released_on else None,
                   "released_seq": h.released_seq, "open": h.released_seq is None} for h in holds],
    }
    if lot.supplier is not None:
        out["supplier"] = {"ref": lot.supplier.ref, "name": lot.supplier.name, "contact": lot.supplier.contact}
    seqs = {lot.event_seq, *(i.event_seq for i in inputs), *(u.event_seq for u in uses),
            *(s.event_seq for s in shipments), *(d.event_seq for d in discards),
            *(h.placed_seq for h in holds), *(h.released_seq for h in holds if h.released_seq)}
    out["events"] = history(lot.code, seqs, about={u.batch.code for u in uses})
    return out


def _input(link: LotInput) -> dict[str, Any]:
    source = link.input_lot
    return {"lot": source.code, "kind": source.kind, "item": source.item.code, "item_name": source.item.name,
            "supplier": source.supplier.name if source.supplier else "", "supplier_lot": source.supplier_lot,
            "quantity": decimal(link.quantity), "unit": link.unit,
            "quantity_in_lot_unit": decimal(link.quantity_in_lot_unit), "lot_unit": source.unit}


def history(code: str, seqs: set[int], *, about: Collection[str] = ()) -> list[dict[str, Any]]:
    """The events about a lot: those naming it as their subject (holds, corrections, voids) and
    those that wrote its rows (an import's event covers many lots and names none), each with the
    warnings a person confirmed to record it (`confirmed`: an expired lot used, nothing traceable
    in, the same record twice). Payloads are read only of the events a form or command recorded
    about this lot or the batches in `about` (their subject is the code; a market day's is ""):
    an import's event names its file and can hold thousands of rows (it lists its warnings instead)."""
    mine = Case(When(subject__in=[code, "", *about], then="payload"), default=Value(""), output_field=TextField())
    rows = (Event.objects.filter(Q(subject=code) | Q(seq__in=sorted(seqs))).order_by("seq")
            .annotate(mine=mine)
            .values_list("seq", "kind", "recorded_at", "actor", "site", "hash", "prev_hash", "mine"))
    return [{"seq": seq, "kind": kind, "recorded_at": at, "actor": actor, "site": site, "hash": digest,
             "prev_hash": prev, "confirmed": _confirmed(payload, code)}
            for seq, kind, at, actor, site, digest, prev, payload in rows]


def _confirmed(payload: str, code: str) -> list[dict[str, str]]:
    """The confirmed warnings of an event, as stored; of a shipment of many lots, those about this one."""
    if '"confirmed"' not in payload:
        return []
    confirmed = json.loads(payload)["confirmed"]
    return [c for c in confirmed if not c["where"] or code in c["message"]] or confirmed
