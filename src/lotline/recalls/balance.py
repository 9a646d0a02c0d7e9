"""The mass balance of a case: for each affected lot, where every unit made or received went.

Per lot, in its own unit: `in` (made or received) = `shipped` + `consumed` (into other batches) +
`discarded` (at production and since) + `on_hand` (the book: lots/balance.py ON_HAND_SQL). Where
someone counted the shelf in this case, the last count stands beside the book:

    accounted = shipped + consumed + discarded + min(on_hand, counted, or on_hand when not counted)
    accounted_percent = 100 * accounted / in   (100 when in is 0), to one decimal

so a lot whose books balance is 100% until a count says otherwise, a count below the book lowers it
(the missing units are unaccounted for), and a count above the book is a surplus, never above 100%.
A count stands until the next count of the lot: count again after destroying units. The case's
share is the mean over its lots (each lot weighs the same); the lots that do not reconcile
(counted, and not what the book says) come first. A drill's balance is the same.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, TypedDict

from django.db import connection

from lotline.catalog.units import QUANTITY_PLACES as PLACES
from lotline.lots.balance import ON_HAND_SQL
from lotline.lots.models import LotKind, LotStatus
from lotline.lots.payloads import decimal

from .models import Action, Role

PERCENT = Decimal("0.1")

# One row per lot of the case's scope (not the batches NOT affected), each sum through its index
# (discard's lot index, input_forward_idx, shipment_lot_idx); the count and the returns through
# recall_action_lot_idx.
BALANCE_SQL = f"""
SELECT l.code, l.kind, it.code, it.name, t.code, t.name, l.unit, l.status, cl.role, cl.depth,
    l.quantity,
    l.quantity_discarded + COALESCE((SELECT SUM(d.quantity) FROM discard d WHERE d.lot_id = l.id), 0),
    COALESCE((SELECT SUM(u.quantity_in_lot_unit) FROM lot_input u WHERE u.input_lot_id = l.id), 0),
    COALESCE((SELECT SUM(s.quantity) FROM shipment s WHERE s.lot_id = l.id), 0),
    {ON_HAND_SQL},
    (SELECT a.quantity FROM recall_action a
        WHERE a.lot_id = l.id AND a.case_id = cl.case_id AND a.action = '{Action.COUNTED}'
        ORDER BY a.seq DESC LIMIT 1),
    COALESCE((SELECT SUM(a.quantity) FROM recall_action a
        WHERE a.lot_id = l.id AND a.case_id = cl.case_id AND a.action = '{Action.UNITS_RETURNED}'), 0),
    COALESCE((SELECT SUM(a.quantity) FROM recall_action a
        WHERE a.lot_id = l.id AND a.case_id = cl.case_id AND a.action = '{Action.UNITS_DESTROYED}'), 0)
FROM recall_case_lot cl JOIN lot l ON l.id = cl.lot_id JOIN item it ON it.id = l.item_id
    JOIN site t ON t.id = l.site_id
WHERE cl.case_id = %s AND cl.role <> '{Role.NOT_AFFECTED}'
"""

# "in" is a keyword: this shape is written as a call
LotBalance = TypedDict("LotBalance", {
    "code": str,
    "kind": Annotated[str, LotKind],
    "item": str,
    "item_name": str,
    "site": str,
    "site_name": str,
    "unit": str,
    "status": Annotated[str, LotStatus],
    "role": Annotated[str, Role],
    "depth": int | None,
    "in": Annotated[Decimal, "Made or received"],
    "shipped": Decimal,
    "consumed": Annotated[Decimal, "Used in other batches"],
    "discarded": Annotated[Decimal, "Discarded when made and since"],
    "on_hand": Annotated[Decimal, "The book: in - shipped - consumed - discarded"],
    "counted": Annotated[Decimal | None, "The last physical count in this case; none if not counted"],
    "missing": Annotated[Decimal, "Units the count did not find (book - count, when the count is lower)"],
    "surplus": Annotated[Decimal, "Units counted beyond the book"],
    "returned": Annotated[Decimal, "Units customers brought back in this case"],
    "destroyed": Annotated[Decimal, "Units destroyed in this case (also in discarded)"],
    "accounted": Decimal,
    "accounted_percent": Annotated[Decimal, "Share of `in` accounted for, to one decimal"],
    "reconciled": Annotated[bool, "False when a count differs from the book"],
})


class MassBalance(TypedDict):
    """Every affected lot's balance, those that do not reconcile first, and the case's share."""

    lots: list[LotBalance]
    accounted_percent: Annotated[Decimal, "The mean of the lots' shares (100 with no lots)"]


def _q(value: object) -> Decimal:
    return decimal(value).quantize(PLACES)


def share(accounted: Decimal, made: Decimal) -> Decimal:
    """accounted / made as a percentage to one decimal; 100 when nothing was made."""
    if made <= 0:
        return Decimal(100).quantize(PERCENT)
    return (100 * accounted / made).quantize(PERCENT, ROUND_HALF_UP)


def lot_balance(row: tuple) -> LotBalance:
    (code, kind, item, item_name, site, site_name, unit, status, role, depth, made, discarded, consumed, shipped,
     on_hand, counted, returned, destroyed) = row
    made, discarded, consumed, shipped, on_hand = map(_q, (made, discarded, consumed, shipped, on_hand))
    count = None if counted is None else _q(counted)
    shelf = on_hand if count is None else min(on_hand, count)
    accounted = shipped + consumed + discarded + shelf
    return {"code": code, "kind": kind, "item": item, "item_name": item_name, "site": site, "site_name": site_name,
            "unit": unit, "status": status, "role": role, "depth": depth, "in": made, "shipped": shipped,
            "consumed": consumed, "discarded": discarded, "on_hand": on_hand, "counted": count,
            "missing": on_hand - shelf, "surplus": max(Decimal(0), (count or Decimal(0)) - on_hand).quantize(PLACES),
            "returned": _q(returned), "destroyed": _q(destroyed), "accounted": accounted,
            "accounted_percent": share(accounted, made), "reconciled": count is None or count == on_hand}


def mass_balance(case_id: int) -> MassBalance:
    """The mass balance of a case (its database id), as the module's docstring defines it."""
    with connection.cursor() as cur:
        cur.execute(BALANCE_SQL, [case_id])
        lots = [lot_balance(row) for row in cur.fetchall()]
    lots.sort(key=lambda b: (b["reconciled"], b["accounted_percent"], b["code"]))
    exact = [100 * b["accounted"] / b["in"] if b["in"] > 0 else Decimal(100) for b in lots]
    mean = sum(exact, Decimal(0)) / len(exact) if exact else Decimal(100)
    return MassBalance(lots=lots, accounted_percent=mean.quantize(PERCENT, ROUND_HALF_UP))
