"""Yield per batch: what came out over what went in, by weight where the units allow, with the
discards and whether the batch failed. Read-only over lots, inputs and discards (yields/sql.py).

A ratio is known only when the output and every input have a weight (weights.py); otherwise it is
None and `why` says which item lacks one. The main ingredient of a product is the input item with
the most kilograms over the batches asked about (one item for all of them, so its suppliers can be
compared); when no input has a weight, the first line of the product's recipe.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from lotline.catalog.models import Item, RecipeLine
from lotline.catalog.queries import find_item, find_site
from lotline.errors import ErrorCode, LotlineError

from . import sql
from .weights import Weight, weight_of

RATIO_PLACES = Decimal("0.0001")
MADE_HERE = "made here"  # the "supplier" of an input that is one of our own batches
CHUNK = 500  # codes per statement (SQLite's limit on parameters is far above)


@dataclass(frozen=True)
class BatchYield:
    batch: str
    product: str
    site: str
    produced_on: dt.date
    output: Decimal  # produced, in the batch's unit (before discards)
    unit: str
    output_kg: Decimal | None  # the output by weight, when its unit allows
    inputs_kg: Decimal | None  # the inputs by weight, when all their units allow
    ratio: Decimal | None  # output_kg / inputs_kg, or None
    discarded: Decimal  # discarded at production and after, in the batch's unit
    failed: bool
    equipment: str = ""  # as recorded on the batch: "stockpot 1, jar sterilizer"
    main_ingredient: str = ""  # the product's main ingredient (its item code), "" when it used none
    main_supplier: str = ""  # who supplied the lots of it this batch used most of; "made here" for our batches
    why: str = ""  # why the ratio is unknown ("" when it is known)


@dataclass
class _Used:
    """What one batch used: its kilograms (None once an input has no weight, with why)."""

    kg: Decimal | None = Decimal(0)
    why: str = ""
    by_item: dict[int, Decimal] = field(default_factory=dict)  # item id -> kg, of the inputs that weigh
    suppliers: dict[tuple[int, str], Decimal] = field(default_factory=dict)  # (item id, supplier) -> kg or quantity


def yields_of(batches: Sequence[str]) -> dict[str, BatchYield]:
    """Each batch's yield, by its code as recorded (codes may be typed in any case; unknown codes and
    received lots are left out)."""
    found: dict[str, BatchYield] = {}
    codes = list(dict.fromkeys(batches))
    for start in range(0, len(codes), CHUNK):
        part = codes[start:start + CHUNK]
        where = sql.BY_CODES.format(marks=", ".join(["UPPER(%s)"] * len(part)))
        found.update({y.batch: y for y in _read(where, part)})
    return found


def product_yields(product: str, *, site: str | None = None, first: dt.date | None = None,
                   last: dt.date | None = None) -> list[BatchYield]:
    """The yields of a product's batches (at one site, made between first and last), oldest first."""
    item = find_item(product, kind="product", field="product")
    check_period(first, last)
    site_id = find_site(site).id if site else None
    where = sql.product_where(site=site_id, first=first, last=last)
    params: list[Any] = [item.id, *([site_id] if site_id is not None else []), *([first] if first else []),
                         *([last] if last else [])]
    return _read(where, params)


def check_period(first: dt.date | None, last: dt.date | None) -> None:
    """A period that ends before it starts is a mistake, not an empty answer."""
    if first and last and last < first:
        raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"the period ends ({last}) before it starts ({first})",
                           field="to")


def yields_between(first: dt.date, last: dt.date) -> list[BatchYield]:
    """The yields of every batch of every product made between first and last (the sites compared)."""
    return _read(sql.BETWEEN, [first, last])


def _read(where: str, params: list[Any]) -> list[BatchYield]:
    with connection.cursor() as cur:
        cur.execute(sql.BATCHES.format(where=where), params)
        rows = cur.fetchall()
        cur.execute(sql.INPUTS.format(where=where), params)
        inputs = cur.fetchall()
    items = _items({r[1] for r in inputs}, {r[2] for r in rows})
    used = _used(inputs, items)
    mains = _main_ingredients(rows, used, items)
    return [_yield(r, used.get(r[0]), items, mains) for r in rows]


@dataclass(frozen=True)
class _Item:
    id: int
    code: str
    unit: str
    pack_size: str

    def weight(self, unit: str) -> Weight:
        return weight_of(unit, item=self.code, item_unit=self.unit, pack_size=self.pack_size)


def _items(ids: Iterable[int], codes: Iterable[str]) -> dict[Any, _Item]:
    """The items met, by id and by code (a handful: one query)."""
    found = Item.objects.filter(id__in=set(ids)) | Item.objects.filter(code__in=set(codes))
    items = [_Item(i.id, i.code, i.unit, i.pack_size) for i in found.only("id", "code", "unit", "pack_size")]
    return {**{i.id: i for i in items}, **{i.code: i for i in items}}


def _used(inputs: list[tuple[Any, ...]], items: dict[Any, _Item]) -> dict[int, _Used]:
    """Per batch id: its inputs' kilograms (None once one has no weight), per item and per supplier."""
    used: dict[int, _Used] = defaultdict(_Used)
    for batch_id, item_id, unit, supplier, quantity in inputs:
        weight = items[item_id].weight(unit)
        amount = sql.micro(quantity)
        u = used[batch_id]
        kg = amount * weight.kg if weight.kg is not None else None
        if kg is None:
            u.kg, u.why = None, u.why or weight.why
        elif u.kg is not None:
            u.kg += kg
        if kg is not None:
            u.by_item[item_id] = u.by_item.get(item_id, Decimal(0)) + kg
        key = (item_id, supplier or MADE_HERE)
        u.suppliers[key] = u.suppliers.get(key, Decimal(0)) + (kg if kg is not None else amount)
    return used


def _main_ingredients(rows: list[tuple[Any, ...]], used: dict[int, _Used], items: dict[Any, _Item]) -> dict[str, int]:
    """Per product code, its main ingredient's item id: the most kilograms over these batches, else
    the recipe's first line."""
    totals: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for r in rows:
        for item_id, kg in (used[r[0]].by_item if r[0] in used else {}).items():
            totals[r[2]][item_id] += kg
    mains = {product: max(kgs, key=lambda i: (kgs[i], -i)) for product, kgs in totals.items() if kgs}
    for product in {r[2] for r in rows} - set(mains):
        line = RecipeLine.objects.filter(recipe__product__code=product).order_by("position").first()
        if line is not None:
            mains[product] = line.ingredient_id
    return mains


def _main_supplier(item_id: int | None, u: _Used | None) -> str:
    of_main = {s: q for (i, s), q in u.suppliers.items() if i == item_id} if u else {}
    return max(of_main, key=lambda s: (of_main[s], s)) if of_main else ""


def _yield(r: tuple[Any, ...], u: _Used | None, items: dict[Any, _Item], mains: dict[str, int]) -> BatchYield:
    _id, code, product, site, produced_on, quantity, discarded_at_production, unit, status, equipment, later = r
    output = sql.micro(quantity)
    out_weight = items[product].weight(unit)
    output_kg = output * out_weight.kg if out_weight.kg is not None else None
    inputs_kg = u.kg if u is not None else None
    why = out_weight.why or (u.why if u is not None else "no inputs were recorded")
    if not why and not inputs_kg:
        why = "its inputs weigh nothing"
    ratio = (output_kg / inputs_kg).quantize(RATIO_PLACES) if output_kg is not None and inputs_kg else None
    main = mains.get(product)
    return BatchYield(
        batch=code, product=product, site=site, produced_on=_date(produced_on), output=output, unit=unit,
        output_kg=_kg(output_kg), inputs_kg=_kg(inputs_kg), ratio=ratio,
        discarded=sql.micro(discarded_at_production) + sql.micro(later), failed=status == "failed",
        equipment=equipment, main_ingredient=items[main].code if main in items else "",
        main_supplier=_main_supplier(main, u), why="" if ratio is not None else why)


def _kg(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(sql.MICRO_PLACES)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
