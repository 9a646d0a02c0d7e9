"""Turning the rows of a trace into the answer a person reads: lots, batches, customers, links."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from typing import Any

from django.db import connection

from lotline.lots.balance import ON_HAND_SQL
from lotline.lots.payloads import day, decimal

from .sql import LOT_DETAILS, SHIPMENTS, marks

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


def lot_details(ids: Iterable[int], *, with_on_hand: bool = False) -> dict[int, dict[str, Any]]:
    """What a person needs to know about each lot of a trace (and its units on hand, if asked)."""
    out = {}
    sql = LOT_DETAILS.replace("i.allergens", f"i.allergens, {ON_HAND_SQL if with_on_hand else 'NULL'}")
    for (lot_id, code, kind, item, item_name, lot_date, qty, unit, status, site, sup_ref, sup_name, sup_lot,
         allergens, left) in fetch(sql, list(ids)):
        out[lot_id] = {
            "code": code, "kind": kind, "item": item, "item_name": item_name, "date": day(lot_date),
            "quantity": decimal(qty), "unit": unit, "status": status, "site": site,
            "allergens": [a for a in allergens.split(";") if a],
        }
        if with_on_hand:
            out[lot_id]["on_hand"] = decimal(left)
        if kind == "received":
            out[lot_id] |= {"supplier": sup_ref, "supplier_name": sup_name, "supplier_lot": sup_lot}
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


def customers(lot_ids: list[int], info: dict[int, dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Who received units of these lots: one entry per customer with each shipment, and the shipments."""
    by_customer: dict[str, dict[str, Any]] = {}
    shipments = []
    for ref, lot_id, shipped_on, qty, doc, c_ref, c_name, c_kind, contact, address in fetch(SHIPMENTS, lot_ids):
        lot = info[lot_id]
        shipment = {"ref": ref, "lot": lot["code"], "item": lot["item"], "shipped_on": day(shipped_on),
                    "quantity": decimal(qty), "unit": lot["unit"], "reference_doc": doc, "customer": c_ref}
        shipments.append(shipment)
        entry = by_customer.setdefault(c_ref, {"id": c_ref, "name": c_name, "kind": c_kind, "contact": contact,
                                               "address": address, "shipments": []})
        entry["shipments"].append(shipment)
    for entry in by_customer.values():
        entry["shipments"].sort(key=lambda s: (s["shipped_on"], s["ref"]))
    shipments.sort(key=lambda s: (s["shipped_on"], s["ref"]))
    return sorted(by_customer.values(), key=lambda c: c["id"]), shipments


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
