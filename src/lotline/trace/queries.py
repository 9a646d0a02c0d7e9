"""Traces and recalls: from any code, every lot upstream or downstream, to any depth, exactly.

`lots` holds every received lot in the answer and `batches` every production batch (the starting
lot included, at depth 0); `customers` who received units, with contacts and quantities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection

from lotline.errors import Invalid, NotFound
from lotline.lots.payloads import decimal
from lotline.lots.queries import lookup

from . import graph
from .sql import BACK_EDGES, FORWARD_EDGES, PRODUCT_BATCHES, RECALLED_LOTS, marks


def start_lots(code: str) -> tuple[list[int], list[dict[str, Any]]]:
    """The lots a code names: our lot code if it is one (one query, the common case), else every lot
    with that supplier lot code, else the batch of a unit serial."""
    text = code.strip()
    with connection.cursor() as cur:
        cur.execute("SELECT id, code FROM lot WHERE code IN (%s, %s)", [text, text.upper()])
        exact = cur.fetchall()
    if exact:
        return [exact[0][0]], [{"via": "lot code", "code": exact[0][1], "unit_number": None}]
    matches = lookup(text)
    if not matches:
        raise NotFound("unknown_code", f"no lot, batch, supplier lot or unit serial {code!r}", field="code")
    best = [m for m in matches if m.via == matches[0].via]
    codes = sorted({m.code for m in best})
    with connection.cursor() as cur:
        cur.execute(f"SELECT id FROM lot WHERE code IN ({marks(len(codes))})", codes)
        ids = [row[0] for row in cur.fetchall()]
    return ids, [{"via": m.via, "code": m.code, "unit_number": m.unit_number} for m in best]


def _walk(sql: str, ids: list[int]) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql.format(start=marks(len(ids))), ids)
        return cur.fetchall()


def trace_back(code: str) -> dict[str, Any]:
    """What went into a lot, to any depth: every ingredient lot with its supplier, and the batches
    in between, with the quantity each batch used."""
    ids, subject = start_lots(code)
    return _back(ids, subject)


def _back(ids: list[int], subject: list[dict[str, Any]]) -> dict[str, Any]:
    edges = _walk(BACK_EDGES, ids)
    info = graph.lot_details({*ids, *(e[1] for e in edges), *(e[0] for e in edges)})
    depth = graph.depths(ids, graph.links_of(edges, forward=False))
    used: dict[int, Decimal] = defaultdict(Decimal)
    for _batch, input_id, _q, _u, q_lot in edges:
        used[input_id] += decimal(q_lot)
    for lot_id, lot in info.items():
        lot["quantity_used"] = used.get(lot_id)
    lots, batches = graph.split(info, depth)
    return {"direction": "back", "subject": subject, "lots": lots, "batches": batches, "customers": [],
            "links": graph.edge_list(edges, info)}


def trace_forward(code: str) -> dict[str, Any]:
    """Where a lot went, to any depth: every batch that contains it, every shipment and customer,
    and the units still on hand (made - discarded - shipped - consumed)."""
    ids, subject = start_lots(code)
    return _forward(ids, subject)


def _forward(ids: list[int], subject: list[dict[str, Any]]) -> dict[str, Any]:
    edges = _walk(FORWARD_EDGES, ids) if ids else []
    lot_ids = list({*ids, *(e[0] for e in edges)})  # every input of a link is a start or a batch reached
    info = graph.lot_details(lot_ids)
    depth = graph.depths(ids, graph.links_of(edges, forward=True))
    shipment_rows = graph.shipment_rows(lot_ids)
    graph.add_on_hand(info, edges, shipment_rows)
    customers, shipments = graph.customers(shipment_rows, info)
    lots, batches = graph.split(info, depth)
    return {"direction": "forward", "subject": subject, "lots": lots, "batches": batches,
            "customers": customers, "shipments": shipments, "links": graph.edge_list(edges, info),
            "on_hand": _to_hold(info)}


def _to_hold(info: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Lots with units still on hand (not failed): what to hold in a recall."""
    return [{"code": lot["code"], "on_hand": lot["on_hand"], "unit": lot["unit"], "status": lot["status"]}
            for lot in sorted(info.values(), key=lambda x: x["code"])
            if lot["on_hand"] > 0 and lot["status"] != "failed"]


def recall(*, supplier: str, item: str | None = None, first: dt.date, last: dt.date,
           margin_days: int = 7) -> dict[str, Any]:
    """A supplier recall: the lots received from `supplier` (of `item`, or of any item) between
    `first` and `last` (both included), every batch and customer downstream, the units on hand to
    hold, and the batches of the same products made around then that did NOT use those lots."""
    from lotline.catalog.queries import find_item, find_supplier

    if last < first:
        raise Invalid("impossible_date", f"the window ends ({last}) before it starts ({first})", field="to")
    the_supplier = find_supplier(supplier)
    the_item = find_item(item) if item else None
    params: list[Any] = [the_supplier.id, *([the_item.id] if the_item else []), first, last]
    with connection.cursor() as cur:
        cur.execute(RECALLED_LOTS.format(item="AND l.item_id = %s" if the_item else ""), params)
        ids = [row[0] for row in cur.fetchall()]
    result = _forward(ids, [])
    result["direction"] = "recall"
    # Compare with what was made while those lots were being used: until a margin after the last
    # batch that used them directly (a rework chain can carry a lot on for months; that is no reason
    # to list months of batches as "not affected").
    direct = [b for b in result["batches"] if b["depth"] == 1]
    period_end = max([last, *(dt.date.fromisoformat(b["date"]) for b in direct)])
    period_end += dt.timedelta(days=margin_days)
    result["not_affected"], result["not_affected_total"] = _not_affected(result, first, period_end)
    result["query"] = {"supplier": the_supplier.ref, "supplier_name": the_supplier.name,
                       "item": the_item.code if the_item else None, "from": first.isoformat(),
                       "to": last.isoformat(), "compared_until": period_end.isoformat()}
    return result


NOT_AFFECTED_SHOWN = 500  # enough to answer "which of my jam batches are safe"; the total is counted


def _not_affected(result: dict[str, Any], first: dt.date, until: dt.date) -> tuple[list[dict[str, Any]], int]:
    """Batches of the products made directly with the recalled lots, at the same sites, from `first`
    to `until`, that are not in the recall (the first NOT_AFFECTED_SHOWN of them), and how many."""
    affected = {b["code"] for b in result["batches"]}
    direct = [b for b in result["batches"] if b["depth"] == 1]
    products, sites = sorted({b["item"] for b in direct}), sorted({b["site"] for b in direct})
    if not products:
        return [], 0
    sql = PRODUCT_BATCHES.format(products=marks(len(products)), sites=marks(len(sites)))
    with connection.cursor() as cur:
        cur.execute(sql, [*products, *sites, first, until])
        ids = [lot_id for lot_id, code in cur.fetchall() if code not in affected]
    info = graph.lot_details(ids[:NOT_AFFECTED_SHOWN])
    shown = sorted(info.values(), key=lambda lot: (lot["item"], lot["date"], lot["code"]))
    return shown, len(ids)
