"""The yields' SQL, written once for SQLite and PostgreSQL: two statements per set of batches, each
an aggregate over indexed tables, so a product's 10,000 batches are two range scans, not 10,000 reads.

Dates come as ISO text (Django's SQLite driver would parse each into a date, slower than
date.fromisoformat). Quantities come as millionths (ROUND(q * 1000000)): SQLite has no decimal type
and sums REALs, which are exact on whole numbers up to 2**53; PostgreSQL sums numerics. `micro()`
turns them back exactly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

MICRO = 1000000

# The batches chosen by {where} over `b` (a lot), with their later discards. A product's batches walk
# lot_item_site_date_idx (item_id, site_id, lot_date); a list of codes, lot_code_any_case. The
# discards of each batch are found through discard's lot_id index.
BATCHES = """SELECT b.id, b.code, i.code, t.code, CAST(b.lot_date AS TEXT), ROUND(b.quantity * 1000000),
        ROUND(b.quantity_discarded * 1000000), b.unit, b.status, b.equipment,
        (SELECT ROUND(COALESCE(SUM(d.quantity), 0) * 1000000) FROM discard d WHERE d.lot_id = b.id)
    FROM lot b JOIN item i ON i.id = b.item_id JOIN site t ON t.id = b.site_id
    WHERE b.kind = 'batch' AND {where}
    ORDER BY b.lot_date, b.code"""

# What the same batches used, summed per batch, input item, lot unit and supplier: the lots of one
# item from one supplier in one unit weigh alike. Walks input_back_idx (batch_id, input_lot_id), then
# each input lot by its primary key.
INPUTS = """SELECT li.batch_id, il.item_id, il.unit, COALESCE(p.name, ''),
        SUM(ROUND(li.quantity_in_lot_unit * 1000000))
    FROM lot b JOIN lot_input li ON li.batch_id = b.id JOIN lot il ON il.id = li.input_lot_id
    LEFT JOIN supplier p ON p.id = il.supplier_id
    WHERE b.kind = 'batch' AND {where}
    GROUP BY li.batch_id, il.item_id, il.unit, p.name"""

# codes typed in any case, through lot_code_any_case (an index on UPPER(code))
BY_CODES = "UPPER(b.code) IN ({marks})"
BY_PRODUCT = "b.item_id = %s{site}{first}{last}"


def micro(value: Any) -> Decimal:
    """A quantity read as millionths, as an exact Decimal."""
    return Decimal(int(value or 0)) / MICRO


def product_where(*, site: int | None, first: Any, last: Any) -> str:
    return BY_PRODUCT.format(site=" AND b.site_id = %s" if site is not None else "",
                             first=" AND b.lot_date >= %s" if first else "",
                             last=" AND b.lot_date <= %s" if last else "")

MICRO_PLACES = Decimal("0.000001")

# The network's figures per site and product over a period ({when} bounds a date column).
# Complaints about our batches, by the complaint's day; the complaint table is small, each lot read by key.
COMPLAINTS = """SELECT t.code, i.code, COUNT(*)
    FROM complaint c JOIN lot l ON l.id = c.lot_id JOIN item i ON i.id = l.item_id JOIN site t ON t.id = l.site_id
    WHERE l.kind = 'batch'{when}
    GROUP BY t.code, i.code"""
# Units of our batches shipped, by the shipping day (a voided shipment has left the table).
SHIPPED = """SELECT t.code, i.code, SUM(ROUND(s.quantity * 1000000))
    FROM shipment s JOIN lot l ON l.id = s.lot_id JOIN item i ON i.id = l.item_id JOIN site t ON t.id = l.site_id
    WHERE l.kind = 'batch'{when}
    GROUP BY t.code, i.code"""
# Every product's batches at every site in a period: lot_item_site_date_idx probed once per product and
# site, a range of dates in each, so a year costs that year's batches and inputs, never the whole ledger
# (a plain date range scanned every input of the 100k-batch dataset: 0.16 s against 0.12 s for a year).
BETWEEN = """b.item_id IN (SELECT id FROM item WHERE kind = 'product') AND b.site_id IN (SELECT id FROM site)
    AND b.lot_date >= %s AND b.lot_date <= %s"""


def when(column: str, first: Any, last: Any) -> tuple[str, list[Any]]:
    """The bounds of a period on a date column, and their parameters (None: no bound)."""
    parts = [(f" AND {column} >= %s", first), (f" AND {column} <= %s", last)]
    return "".join(text for text, day in parts if day), [day for _, day in parts if day]
