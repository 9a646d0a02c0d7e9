"""A product's batches and what went into them, in two SQL statements written once for SQLite and PostgreSQL.

The cost grows with the product's batches and their inputs, never with the ledger: the batches come
through lot_item_site_date_idx (item_id first), their inputs through input_back_idx (batch_id,
input_lot_id) and each input lot by its primary key. Dates come as ISO text (CAST), as in trace.sql:
Django's SQLite driver would otherwise parse each into a date first.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple

from django.db import connection


class InputUsed(NamedTuple):
    """One lot a batch used, its uses summed (in the lot's unit). A NamedTuple: a product's history
    holds tens of thousands."""

    item: str
    item_name: str
    item_unit: str
    lot: str
    lot_unit: str
    received_on: dt.date
    supplier: str          # the supplier's name; "" for a batch of ours used as an input
    supplier_lot: str
    quantity: Decimal


@dataclass(frozen=True)
class BatchFacts:
    """A batch as the comparison reads it: its own columns, its later discards summed, its inputs."""

    code: str
    product: str
    product_name: str
    product_unit: str
    site: str
    made_on: dt.date
    quantity: Decimal
    unit: str
    discarded: Decimal       # at production and after, in the batch's unit
    equipment: str
    made_by: str
    status: str
    best_by: dt.date | None  # recorded, else made_on plus the product's shelf life
    inputs: tuple[InputUsed, ...] = ()
    # what other apps keep about it, by loaded facet (facets.LOADED): process values, lab results
    more: dict[str, Any] = field(default_factory=dict, compare=False)

    @cached_property
    def by_item(self) -> tuple[tuple[InputUsed, ...], ...]:
        """The inputs grouped by their item (each group the lots of one ingredient), read by every facet."""
        groups: dict[str, list[InputUsed]] = {}
        for used in self.inputs:
            groups.setdefault(used.item, []).append(used)
        return tuple(tuple(lots) for lots in groups.values())


# The batches of some products, with what was discarded of them later (one aggregate per batch,
# through the discard table's lot_id index).
BATCHES = """SELECT b.id, b.code, i.code, i.name, i.unit, t.code, CAST(b.lot_date AS TEXT), b.quantity,
        b.quantity_discarded + COALESCE((SELECT SUM(d.quantity) FROM discard d WHERE d.lot_id = b.id), 0),
        b.unit, b.equipment, b.made_by, b.status, CAST(b.best_by AS TEXT), i.shelf_life_days
    FROM lot b JOIN item i ON i.id = b.item_id JOIN site t ON t.id = b.site_id
    WHERE b.kind = 'batch' AND {where}"""

# Each (batch, input lot) once, its uses summed: a lot written twice on one batch is one input.
INPUTS = """SELECT li.batch_id, ii.code, ii.name, ii.unit, il.code, il.unit, CAST(il.lot_date AS TEXT),
        COALESCE(sp.name, ''), il.supplier_lot, SUM(li.quantity_in_lot_unit)
    FROM lot b JOIN lot_input li ON li.batch_id = b.id JOIN lot il ON il.id = li.input_lot_id
        JOIN item ii ON ii.id = il.item_id LEFT JOIN supplier sp ON sp.id = il.supplier_id
    WHERE b.kind = 'batch' AND {where}
    GROUP BY li.batch_id, ii.code, ii.name, ii.unit, il.code, il.unit, il.lot_date, sp.name, il.supplier_lot"""


def _number(value: object) -> Decimal:
    """A quantity as the database gives it (SQLite: a float or int; PostgreSQL: a Decimal)."""
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def _best_by(made_on: dt.date, best_by: str | None, shelf_life: str | int | None) -> dt.date | None:
    if best_by:
        return dt.date.fromisoformat(best_by[:10])
    return made_on + dt.timedelta(days=int(shelf_life)) if shelf_life not in (None, "") else None


def _gather(where: str, params: Sequence[str]) -> list[BatchFacts]:
    with connection.cursor() as cursor:
        cursor.execute(INPUTS.format(where=where), list(params))
        inputs: dict[int, list[InputUsed]] = defaultdict(list)
        for batch_id, item, name, item_unit, lot, lot_unit, on, supplier, supplier_lot, qty in cursor.fetchall():
            inputs[batch_id].append(InputUsed(item, name, item_unit, lot, lot_unit, dt.date.fromisoformat(on[:10]),
                                              supplier, supplier_lot, _number(qty)))
        cursor.execute(BATCHES.format(where=where), list(params))
        batches = []
        for (bid, code, product, name, product_unit, site, on, qty, discarded, unit, equipment, made_by, status,
             best_by, shelf_life) in cursor.fetchall():
            made_on = dt.date.fromisoformat(on[:10])
            batches.append(BatchFacts(
                code, product, name, product_unit, site, made_on, _number(qty), unit, _number(discarded),
                equipment, made_by, status, _best_by(made_on, best_by, shelf_life),
                tuple(sorted(inputs.get(bid, ()), key=lambda i: (i.item, i.lot)))))
    return batches


@contextmanager
def collecting_later() -> Iterator[None]:
    """Python's cycle collector paused while a history is read and scored: its 100,000 small objects all
    live until the answer is made, so collecting meanwhile frees nothing and takes a third of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def batches_of(products: Sequence[str]) -> list[BatchFacts]:
    """Every batch of these products (item codes, as stored), oldest first."""
    marks = ", ".join(["%s"] * len(products))
    where = f"b.item_id IN (SELECT id FROM item WHERE code IN ({marks}))"
    return sorted(_gather(where, products), key=lambda b: (b.made_on, b.code))


def batches_named(codes: Sequence[str]) -> dict[str, BatchFacts]:
    """These batches (our codes, as stored), by code."""
    marks = ", ".join(["%s"] * len(codes))
    return {b.code: b for b in _gather(f"b.code IN ({marks})", codes)}
