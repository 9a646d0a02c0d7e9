"""What is on hand to use: an item's open lots, the one to use first first, and which of them a batch
should take.

Open means active (not held, not failed) with units left. The order is FEFO then FIFO: the lot
whose best-by date comes first, then (lots without a best-by date last) the lot received or made
first; but a lot already past its best-by date on the day of the batch comes after every usable
one, marked `past_best_by`. A suggestion takes only usable lots: an expired lot is never proposed
while the person has not chosen it (using one is a warning to confirm, lots.stage.rules).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from lotline.catalog.units import canonical_unit, convert
from lotline.days import today
from lotline.errors import ErrorCode, LotlineError
from lotline.quantities import plain

from .balance import EPSILON, ON_HAND_SQL
from .models import Lot
from .payloads import decimal
from .queries import find_lots
from .services.common import check_quantity, get_item, get_site

# The item's lots come from lot_item_site_date_idx (it starts with item_id), so the cost grows with
# that item's lots, never the ledger's; each balance is four indexed look-ups (see ON_HAND_SQL).
OPEN_LOTS_SQL = f"""SELECT code, kind, supplier_lot, lot_date, best_by, unit, site, on_hand, past FROM (
        SELECT l.code, l.kind, l.supplier_lot, l.lot_date, l.best_by, l.unit, t.code AS site,
               {ON_HAND_SQL} AS on_hand, CASE WHEN l.best_by < %s THEN 1 ELSE 0 END AS past
        FROM lot l JOIN site t ON t.id = l.site_id
        WHERE l.item_id = %s AND l.status = 'active' {{site}}) o
    WHERE on_hand > {EPSILON}
    ORDER BY past, CASE WHEN best_by IS NULL THEN 1 ELSE 0 END, best_by, lot_date, code"""


@dataclass(frozen=True)
class OpenLot:
    """A lot with units left to use or ship; `past_best_by` when its best-by date is before the day
    it would be used on."""

    code: str
    kind: str
    supplier_lot: str
    lot_date: dt.date
    best_by: dt.date | None
    on_hand: Decimal
    unit: str
    site: str
    past_best_by: bool = False


def _day(value: object) -> dt.date | None:
    return None if value is None else _date(value)


def _date(value: object) -> dt.date:
    """SQLite hands dates back as ISO text from a derived table."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _query(item_code: str, site: str | None, on: dt.date | None) -> tuple[str, list]:
    item = get_item(item_code)
    params: list = [on or today(), item.pk]
    where = ""
    if site:
        params.append(get_site(site).pk)
        where = "AND l.site_id = %s"
    return OPEN_LOTS_SQL.format(site=where), params


def open_lots(item_code: str, *, site: str | None = None, on: dt.date | None = None, limit: int = 50,
              offset: int = 0) -> list[OpenLot]:
    """The lots of an item with units on hand, the one to use first first (FEFO, then FIFO); those
    past their best-by date on `on` (default: the business's today) last."""
    sql, params = _query(item_code, site, on)
    with connection.cursor() as cur:
        cur.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
        rows = cur.fetchall()
    return [OpenLot(code, kind, supplier_lot, _date(lot_date), _day(best_by), plain(decimal(qty)), unit, site_code,
                    bool(past))
            for code, kind, supplier_lot, lot_date, best_by, unit, site_code, qty, past in rows]


def count_open_lots(item_code: str, *, site: str | None = None) -> int:
    sql, params = _query(item_code, site, None)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM ({sql}) c", params)
        return cur.fetchone()[0]


@dataclass(frozen=True)
class SuggestedInput:
    """Take `quantity` `unit` of lot `lot`: all it has, in its own unit, or the rest of the need,
    in the unit the need was given in (a recipe's 4 kg stays 4 kg of a lot counted in lb)."""

    lot: str
    quantity: Decimal
    unit: str
    on_hand: Decimal
    best_by: dt.date | None = None


@dataclass(frozen=True)
class Suggestion:
    """The lots to take a needed quantity from, the one to use first first; `short` is what no
    usable lot covers (in the unit asked for): 0 when they are enough. `past_best_by`: the lots
    past their best-by date that could cover it, offered to choose, never taken by themselves."""

    item: str
    lines: list[SuggestedInput]
    short: Decimal
    unit: str
    past_best_by: list[OpenLot]


def suggest_inputs(item_code: str, quantity: Decimal, unit: str, *, site: str | None = None,
                   on: dt.date | None = None, look_at: int = 50, prefer_supplier: str = "") -> Suggestion:
    """Split the quantity a batch made on `on` (default: today) needs across the item's usable open
    lots (FEFO, then FIFO); with `prefer_supplier` (a ref), that supplier's lots first ("make it
    like batch X": the same strawberries as last time, if any are left)."""
    item = get_item(item_code)
    wanted = canonical_unit(unit or item.unit)
    if wanted is None:
        raise LotlineError(ErrorCode.UNKNOWN_UNIT, f"unknown unit {unit!r}", field="unit")
    if convert(Decimal(1), wanted, item.unit) is None:
        raise LotlineError(ErrorCode.UNIT_MISMATCH,
                           f"{wanted} does not convert to {item.unit}, the unit {item.code} is counted in",
                           field="unit")
    check_quantity(quantity)
    left = quantity
    lines, past = [], []
    for lot in _preferred(open_lots(item.code, site=site, on=on, limit=look_at), prefer_supplier):
        lot_unit = canonical_unit(lot.unit) or lot.unit
        if left <= 0 or convert(Decimal(1), wanted, lot_unit) is None:
            continue  # a lot in another kind of unit cannot be weighed against this need
        if lot.past_best_by:
            past.append(lot)
        elif (convert(left, wanted, lot_unit) or Decimal(0)) <= lot.on_hand:
            lines.append(SuggestedInput(lot.code, plain(left), wanted, lot.on_hand, lot.best_by))
            left = Decimal(0)
        else:
            lines.append(SuggestedInput(lot.code, plain(lot.on_hand), lot.unit, lot.on_hand, lot.best_by))
            left -= convert(lot.on_hand, lot_unit, wanted) or Decimal(0)
    return Suggestion(item.code, lines, plain(max(left, Decimal(0))), wanted, past)


def _preferred(lots: list[OpenLot], supplier: str) -> list[OpenLot]:
    """The supplier's lots first, each group still in the order to use them (one query for the suppliers)."""
    if not supplier:
        return lots
    refs = dict(Lot.objects.filter(code__in=[lot.code for lot in lots]).values_list("code", "supplier__ref"))
    return sorted(lots, key=lambda lot: (refs.get(lot.code) or "").upper() != supplier.upper())


def stored_codes(codes: set[str]) -> dict[str, str]:
    """The code as the ledger keeps it, for codes typed in another case (one query); unknown codes
    are given back as typed."""
    found = find_lots(codes)
    return {c: found[c].code if c in found else c for c in codes}
