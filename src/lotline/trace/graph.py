"""Turning the rows of a trace into the answer a person reads: lots, batches, customers, links."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection

from lotline.catalog.units import QUANTITY_PLACES as PLACES
from lotline.lots.payloads import day, decimal

from .sql import CUSTOMERS, DISCARDS, LOT_DETAILS, SHIPMENTS, marks

CHUNK = 5000  # ids per IN list: well under SQLite's and PostgreSQL's parameter limits


def fetch(sql: str, ids: list[int], *extra: Any, key: str = "ids") -> list[tuple]:
    """Run `sql` for `ids` in chunks, so an answer of any size stays within parameter limits."""
    rows: list[tuple] = []
    with connection.cursor() as cur:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            cur.execute(sql.format(**{key: marks(len(chunk))}), [*chunk, *extra])
            rows += cur.fetchall()
    return rows


def lot_details(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """What a person needs to know about each lot of a trace."""
    out = {}
    for (lot_id, code, kind, item, item_name, lot_date, qty, discarded, unit, status, site, sup_ref, sup_name,
         sup_lot, allergens) in fetch(LOT_DETAILS, list(ids)):
        out[lot_id] = {
            "code": code, "kind": kind, "item": item, "item_name": item_name, "date": day(lot_date),
            "quantity": decimal(qty), "quantity_discarded": decimal(discarded), "unit": unit, "status": status,
            "site": site, "allergens": [a for a in allergens.split(";") if a],
        }
        if kind == "received":
            out[lot_id] |= {"supplier": sup_ref, "supplier_name": sup_name, "supplier_lot": sup_lot}
    return out


def add_on_hand(info: dict[int, dict[str, Any]], edges: list[tuple], shipments: list[tuple]) -> None:
    """Units on hand of every lot of a forward trace, from the movements the trace already holds.

    Every batch that used a lot of the trace is itself in the trace, so its links are all the
    consumptions; with the shipments and discards that is lots.balance.ON_HAND_SQL, without
    asking the database three more questions per lot (a test holds the two to the same answer).
    """
    taken: dict[int, Decimal] = defaultdict(Decimal)
    for _batch, input_id, _q, _u, q_lot in edges:
        taken[input_id] += decimal(q_lot)
    for _ref, lot_id, _customer, _on, qty, _doc in shipments:
        taken[lot_id] += decimal(qty)
    for lot_id, qty in fetch(DISCARDS, list(info)):
        taken[lot_id] += decimal(qty)
    for lot_id, lot in info.items():
        lot["on_hand"] = decimal((lot["quantity"] - lot["quantity_discarded"] - taken[lot_id]).quantize(PLACES))


def shipment_rows(lot_ids: list[int]) -> list[tuple]:
    return fetch(SHIPMENTS, lot_ids)


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


def customers(rows: list[tuple], info: dict[int, dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Who received units of these lots: one entry per customer with each shipment, and the shipments."""
    by_id = {c_id: {"id": ref, "name": name, "kind": kind, "contact": contact, "address": address,
                    "shipments": []}
             for c_id, ref, name, kind, contact, address in fetch(CUSTOMERS, list({r[2] for r in rows}))}
    shipments = []
    for ref, lot_id, customer_id, shipped_on, qty, doc in rows:
        lot, entry = info[lot_id], by_id[customer_id]
        shipment = {"ref": ref, "lot": lot["code"], "item": lot["item"], "shipped_on": day(shipped_on),
                    "quantity": decimal(qty), "unit": lot["unit"], "reference_doc": doc, "customer": entry["id"]}
        shipments.append(shipment)
        entry["shipments"].append(shipment)
    for entry in by_id.values():
        entry["shipments"].sort(key=lambda s: (s["shipped_on"], s["ref"]))
    shipments.sort(key=lambda s: (s["shipped_on"], s["ref"]))
    return sorted(by_id.values(), key=lambda c: c["id"]), shipments


def links_of(edges: list[tuple], *, forward: bool) -> dict[int, list[int]]:
    links: dict[int, list[int]] = defaultdict(list)
    for batch_id, input_id, *_ in edges:
        if forward:
            links[input_id].append(batch_id)
        else:
            links[batch_id].append(input_id)
    return links


def edge_list(edges: list[tuple], info: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        ({"batch": info[b]["code"], "lot": info[i]["code"], "quantity": decimal(q), "unit": u,
          "quantity_in_lot_unit": decimal(q_lot), "lot_unit": info[i]["unit"]}
         for b, i, q, u, q_lot in edges),
        key=lambda e: (e["batch"], e["lot"]),
    )


def split(info: dict[int, dict[str, Any]], depth: dict[int, int]) -> tuple[list[dict], list[dict]]:
    """Received lots and batches of a trace, each with its depth, nearest first."""
    rows = sorted(({**lot, "depth": depth.get(i, 0)} for i, lot in info.items()),
                  key=lambda lot: (lot["depth"], lot["code"]))
    return [r for r in rows if r["kind"] == "received"], [r for r in rows if r["kind"] == "batch"]
