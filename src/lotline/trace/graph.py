"""Turning the rows of a trace into the answer a person reads: lots, batches, customers, links."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection

from lotline.catalog.places import one_line
from lotline.catalog.units import QUANTITY_PLACES as PLACES
from lotline.lots.payloads import day, decimal

from .sql import CUSTOMER, DISCARD, LINK, NODE, SHIPMENT

if TYPE_CHECKING:  # the answers' types (trace.queries imports this module)
    from .queries import TraceCustomer, TraceLink, TraceLot, TraceShipment


@dataclass
class TraceRows:
    """What one trace statement returned, sorted by shape."""

    lots: dict[int, TraceLot] = field(default_factory=dict)
    links: list[tuple] = field(default_factory=list)  # (batch id, input lot id, quantity, in lot unit, unit)
    shipments: list[tuple] = field(default_factory=list)  # (lot id, customer id, quantity, ref, doc, shipped on)
    customers: dict[int, TraceCustomer] = field(default_factory=dict)
    discarded: dict[int, Decimal] = field(default_factory=dict)


def _lot(row: tuple) -> TraceLot:
    (_s, _id, _b, qty, discarded, code, kind, item, item_name, lot_date, unit, status, site, sup_ref, sup_name,
     sup_lot, allergens) = row
    lot: TraceLot = {"code": code, "kind": kind, "item": item, "item_name": item_name, "date": day(lot_date) or "",
                     "quantity": decimal(qty), "quantity_discarded": decimal(discarded), "unit": unit,
                     "status": status, "site": site, "allergens": [a for a in allergens.split(";") if a]}
    if kind == "received":
        lot["supplier"], lot["supplier_name"], lot["supplier_lot"] = sup_ref, sup_name, sup_lot
    return lot


def run(sql: str, params: list[Any]) -> TraceRows:
    """Run a trace statement and sort its rows by shape (see trace.sql)."""
    out = TraceRows()
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    for row in rows:
        shape = row[0]
        if shape == NODE:
            out.lots[row[1]] = _lot(row)
        elif shape == LINK:
            out.links.append(row[1:6])
        elif shape == SHIPMENT:
            out.shipments.append((row[1], row[2], row[3], row[5], row[6], row[9]))
        elif shape == CUSTOMER:
            out.customers[row[1]] = {"id": row[5], "name": row[7], "kind": row[6], "contact": row[8],
                                     "address": one_line(*row[10:14]), "shipments": []}
        elif shape == DISCARD:
            out.discarded[row[1]] = decimal(row[3])
    return out


def depths(starts: Iterable[int], links: dict[int, list[int]]) -> dict[int, int]:
    """Fewest links from a start lot to each lot (breadth first)."""
    depth = dict.fromkeys(starts, 0)
    todo = deque(depth)
    while todo:
        node = todo.popleft()
        for nxt in links.get(node, ()):
            if nxt not in depth:
                depth[nxt] = depth[node] + 1
                todo.append(nxt)
    return depth


def links_of(links: list[tuple], *, forward: bool) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for batch_id, input_id, *_ in links:
        if forward:
            out[input_id].append(batch_id)
        else:
            out[batch_id].append(input_id)
    return out


def add_on_hand(rows: TraceRows) -> None:
    """Units on hand of every lot of a forward trace, from the movements the trace already holds.

    Every batch that used a lot of the trace is itself in the trace, so its links are all the
    consumptions; with the shipments and discards that is lots.balance.ON_HAND_SQL without asking
    the database three more questions per lot (a property test holds the two to the same answer).
    """
    taken: dict[int, Decimal] = defaultdict(Decimal, rows.discarded)
    for _batch, input_id, _q, q_lot, _u in rows.links:
        taken[input_id] += decimal(q_lot)
    for lot_id, _customer, qty, *_ in rows.shipments:
        taken[lot_id] += decimal(qty)
    for lot_id, lot in rows.lots.items():
        lot["on_hand"] = decimal((lot["quantity"] - lot["quantity_discarded"] - taken[lot_id]).quantize(PLACES))


def customers(rows: TraceRows) -> tuple[list[TraceCustomer], list[TraceShipment]]:
    """Who received units of these lots: one entry per customer with each shipment, and the shipments."""
    lots = rows.lots
    shipments: list[TraceShipment] = [
        {"ref": ref, "lot": lots[lot_id]["code"], "item": lots[lot_id]["item"], "shipped_on": day(shipped_on) or "",
         "quantity": decimal(qty), "unit": lots[lot_id]["unit"], "reference_doc": doc,
         "customer": rows.customers[customer_id]["id"]}
        for lot_id, customer_id, qty, ref, doc, shipped_on in rows.shipments]
    # sorted once, then dealt out: each customer's list comes out in the same order
    shipments.sort(key=lambda s: (s["shipped_on"], s["ref"]))
    by_ref = {c["id"]: c["shipments"] for c in rows.customers.values()}
    for shipment in shipments:
        by_ref[shipment["customer"]].append(shipment)
    return sorted(rows.customers.values(), key=lambda c: c["id"]), shipments


def link_list(rows: TraceRows) -> list[TraceLink]:
    lots = rows.lots
    links: list[TraceLink] = [
        {"batch": lots[b]["code"], "lot": lots[i]["code"], "quantity": decimal(q), "unit": u,
         "quantity_in_lot_unit": decimal(q_lot), "lot_unit": lots[i]["unit"]}
        for b, i, q, q_lot, u in rows.links]
    return sorted(links, key=lambda e: (e["batch"], e["lot"]))


def split(lots: dict[int, TraceLot], depth: dict[int, int]) -> tuple[list[TraceLot], list[TraceLot]]:
    """Received lots and batches of a trace, each with its depth, nearest first."""
    rows = []
    for i, lot in lots.items():
        row = lot.copy()
        row["depth"] = depth.get(i, 0)
        rows.append(row)
    rows.sort(key=lambda lot: (lot.get("depth", 0), lot["code"]))
    return [r for r in rows if r["kind"] == "received"], [r for r in rows if r["kind"] == "batch"]
