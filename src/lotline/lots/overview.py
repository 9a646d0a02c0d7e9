"""The morning look at the kitchen: today's batches, what is on hold, and the ingredient lots to
reorder or use up first.

Running low: a received lot with units left, but fewer than LOW_SHARE of what was received.
Near its best-by date: a received lot with units left whose best-by date is within NEAR_BEST_BY
days, or already past. Both look only at lots received in the last RECENT_DAYS (an open lot of
flour is not a year old), so the page does not read the whole history of a big ledger.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection

from .balance import ON_HAND_SQL
from .models import Hold, Lot, LotKind
from .payloads import day, decimal

LOW_SHARE = Decimal("0.10")
NEAR_BEST_BY = 7  # days
RECENT_DAYS = 365
SHOWN = 50

# Received lots of the last RECENT_DAYS that are not failed, with their balance.
_OPEN_RECEIVED = f"""SELECT l.code, i.code, i.name, l.lot_date, l.quantity, l.unit, l.best_by, l.status,
        COALESCE(p.name, ''), l.supplier_lot, {ON_HAND_SQL}
    FROM lot l JOIN item i ON i.id = l.item_id LEFT JOIN supplier p ON p.id = l.supplier_id
    WHERE l.kind = 'received' AND l.status <> 'failed' AND l.lot_date >= %s"""


def overview(today: dt.date) -> dict[str, Any]:
    """Today's batches, open holds, and received lots running low or near (or past) their best-by date."""
    batches = [{"code": b.code, "item": b.item.code, "item_name": b.item.name, "quantity": decimal(b.quantity),
                "unit": b.unit, "status": b.status, "made_by": b.made_by}
               for b in Lot.objects.filter(kind=LotKind.BATCH, lot_date=today).select_related("item")
               .order_by("code")[:SHOWN]]
    holds = [{"code": h.lot.code, "kind": h.lot.kind, "item": h.lot.item.code, "item_name": h.lot.item.name,
              "reason": h.reason, "placed_on": h.placed_on.isoformat()}
             for h in Hold.objects.filter(released_seq__isnull=True).select_related("lot__item")
             .order_by("-placed_seq")[:SHOWN]]
    low, near = [], []
    with connection.cursor() as cur:
        cur.execute(_OPEN_RECEIVED, [today - dt.timedelta(days=RECENT_DAYS)])
        rows = cur.fetchall()
    for code, item, item_name, lot_date, qty, unit, best_by, status, supplier, supplier_lot, left in rows:
        left, qty = decimal(left), decimal(qty)
        if left <= 0:
            continue
        best = day(best_by)
        lot = {"code": code, "item": item, "item_name": item_name, "date": day(lot_date), "quantity": qty,
               "unit": unit, "on_hand": left, "best_by": best, "status": status, "supplier": supplier,
               "supplier_lot": supplier_lot}
        if left < qty * LOW_SHARE:
            low.append(lot)
        if best is not None and best <= (today + dt.timedelta(days=NEAR_BEST_BY)).isoformat():
            near.append(lot | {"past": best < today.isoformat()})
    low.sort(key=lambda lot: (lot["on_hand"] / lot["quantity"], lot["code"]))
    near.sort(key=lambda lot: (lot["best_by"], lot["code"]))
    return {"today": today.isoformat(), "batches": batches, "holds": holds, "running_low": low[:SHOWN],
            "near_best_by": near[:SHOWN]}
