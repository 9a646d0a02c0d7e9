"""Reading lots: balances and lookups by any code a person may hold."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from .balance import ON_HAND_SQL
from .payloads import decimal
from .projections import supplier_lot_key

SERIAL_RE = re.compile(r"^(?P<batch>.+)-(?P<unit>\d{1,6})$")


def on_hand(codes: list[str]) -> dict[str, Decimal]:
    """Units on hand per lot code (made - discarded - shipped - consumed), in each lot's unit."""
    if not codes:
        return {}
    marks = ", ".join(["%s"] * len(codes))
    with connection.cursor() as cur:
        cur.execute(f"SELECT l.code, {ON_HAND_SQL} FROM lot l WHERE l.code IN ({marks})", codes)  # noqa: S608
        return {code: decimal(qty) for code, qty in cur.fetchall()}


@dataclass(frozen=True)
class Match:
    """One lot a code can mean: `via` says how it matched (lot code, supplier lot, unit serial)."""

    via: str
    code: str
    kind: str
    item: str
    item_name: str
    lot_date: str
    supplier: str = ""
    supplier_lot: str = ""
    unit_number: int | None = None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


LOOKUP_SQL = """SELECT l.code, l.kind, i.code, i.name, l.lot_date, COALESCE(p.name, ''), l.supplier_lot, l.quantity
    FROM lot l JOIN item i ON i.id = l.item_id LEFT JOIN supplier p ON p.id = l.supplier_id"""


def lookup(text: str) -> list[Match]:
    """Every lot a code may mean: our lot or batch code, a supplier's lot code, a unit serial.

    A supplier's lot code is not unique (two suppliers may use the same), so all matches are listed.
    """
    code = text.strip()
    if not code:
        return []
    with connection.cursor() as cur:
        cur.execute(f"{LOOKUP_SQL} WHERE l.code = %s OR l.code = %s", [code, code.upper()])
        found = [_match("lot code", r) for r in cur.fetchall()]
        cur.execute(f"{LOOKUP_SQL} WHERE l.supplier_lot_key = %s ORDER BY l.lot_date, l.code",
                    [supplier_lot_key(code)])
        found += [_match("supplier lot code", r) for r in cur.fetchall()]
        serial = SERIAL_RE.match(code)
        if not found and serial:
            cur.execute(f"{LOOKUP_SQL} WHERE l.kind = 'batch' AND (l.code = %s OR l.code = %s)",
                        [serial["batch"], serial["batch"].upper()])
            unit = int(serial["unit"])
            found += [_match("unit serial", r, unit) for r in cur.fetchall() if 1 <= unit <= decimal(r[7])]
    return found


def _match(via: str, row: tuple, unit: int | None = None) -> Match:
    code, kind, item, item_name, lot_date, supplier, supplier_lot, _qty = row
    return Match(via, code, kind, item, item_name, str(lot_date), supplier, supplier_lot, unit)
