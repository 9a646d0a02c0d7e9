"""What is on hand to use: an item's open lots, oldest first, and which of them a batch should take.

Open means active (not held, not failed) with units left. Oldest means FEFO then FIFO: the lot whose
best-by date comes first, then (lots without a best-by date last) the lot received or made first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from lotline.catalog.units import canonical_unit, convert
from lotline.errors import Invalid

from .balance import EPSILON, ON_HAND_SQL
from .payloads import decimal
from .queries import find_lots
from .services.common import get_item, get_site

# The item's lots come from lot_item_site_date_idx (it starts with item_id), so the cost grows with
# that item's lots, never the ledger's; each balance is four indexed look-ups (see ON_HAND_SQL).
OPEN_LOTS_SQL = f"""SELECT code, kind, supplier_lot, lot_date, best_by, unit, site, on_hand FROM (
        SELECT l.code, l.kind, l.supplier_lot, l.lot_date, l.best_by, l.unit, t.code AS site,
               {ON_HAND_SQL} AS on_hand
        FROM lot l JOIN site t ON t.id = l.site_id
        WHERE l.item_id = %s AND l.status = 'active' {{site}}) o
    WHERE on_hand > {EPSILON}
    ORDER BY CASE WHEN best_by IS NULL THEN 1 ELSE 0 END, best_by, lot_date, code"""


@dataclass(frozen=True)
class OpenLot:
    """A lot with units left to use or ship."""

    code: str
    kind: str
    supplier_lot: str
    lot_date: dt.date
    best_by: dt.date | None
    on_hand: Decimal
    unit: str
    site: str


def plain(number: Decimal) -> Decimal:
    """20.000000 -> 20 and 0.500000 -> 0.5, never 2E+1: quantities are written on forms."""
    number = number.normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def _day(value: object) -> dt.date | None:
    """SQLite hands dates back as ISO text from a derived table."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _query(item_code: str, site: str | None) -> tuple[str, list]:
    item = get_item(item_code)
    params: list = [item.pk]
    where = ""
    if site:
        params.append(get_site(site).pk)
        where = "AND l.site_id = %s"
    return OPEN_LOTS_SQL.format(site=where), params


def open_lots(item_code: str, *, site: str | None = None, limit: int = 50, offset: int = 0) -> list[OpenLot]:
    """The lots of an item with units on hand, the one to use first first (FEFO, then FIFO)."""
    sql, params = _query(item_code, site)
    with connection.cursor() as cur:
        cur.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])  # noqa: S608
        rows = cur.fetchall()
    return [OpenLot(code, kind, supplier_lot, _day(lot_date), _day(best_by), plain(decimal(qty)), unit, site_code)
            for code, kind, supplier_lot, lot_date, best_by, unit, site_code, qty in rows]


def count_open_lots(item_code: str, *, site: str | None = None) -> int:
    sql, params = _query(item_code, site)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM ({sql}) c", params)  # noqa: S608
        return cur.fetchone()[0]


@dataclass(frozen=True)
class SuggestedInput:
    """Take `quantity` `unit` (the lot's own unit) of lot `lot`."""

    lot: str
    quantity: Decimal
    unit: str
    on_hand: Decimal
    best_by: dt.date | None = None


@dataclass(frozen=True)
class Suggestion:
    """The lots to take a needed quantity from, oldest first; `short` is what no open lot covers
    (in the unit asked for): 0 when the open lots are enough."""

    item: str
    lines: list[SuggestedInput]
    short: Decimal
    unit: str


def suggest_inputs(item_code: str, quantity: Decimal, unit: str, *, site: str | None = None,
                   look_at: int = 50) -> Suggestion:
    """Split the quantity a batch needs across the item's oldest open lots (FEFO, then FIFO)."""
    item = get_item(item_code)
    wanted = canonical_unit(unit or item.unit)
    if wanted is None:
        raise Invalid("unknown_unit", f"unknown unit {unit!r}", field="unit")
    if convert(Decimal(1), wanted, item.unit) is None:
        raise Invalid("unit_mismatch", f"{wanted} does not convert to {item.unit}, the unit {item.code} is counted in",
                      field="unit")
    if quantity <= 0:
        raise Invalid("not_positive", "a quantity is more than 0", field="quantity")
    left = quantity
    lines = []
    for lot in open_lots(item.code, site=site, limit=look_at):
        if left <= 0:
            break
        lot_unit = canonical_unit(lot.unit) or lot.unit
        need = convert(left, wanted, lot_unit)
        if need is None:  # a lot in another kind of unit cannot be weighed against this need
            continue
        if need <= lot.on_hand:
            lines.append(SuggestedInput(lot.code, plain(need), lot.unit, lot.on_hand, lot.best_by))
            left = Decimal(0)
        else:
            lines.append(SuggestedInput(lot.code, plain(lot.on_hand), lot.unit, lot.on_hand, lot.best_by))
            left -= convert(lot.on_hand, lot_unit, wanted) or Decimal(0)
    return Suggestion(item.code, lines, plain(max(left, Decimal(0))), wanted)


def stored_codes(codes: set[str]) -> dict[str, str]:
    """The code as the ledger keeps it, for codes typed in another case (one query); unknown codes
    are given back as typed."""
    found = find_lots(codes)
    return {c: found[c].code if c in found else c for c in codes}
