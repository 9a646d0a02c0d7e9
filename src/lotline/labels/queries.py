"""What a batch's label says, read from the batch, its inputs, the item, the site and the settings (no
writes: services.py records prints and settings)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.db.models import F, Max

from lotline.catalog.units import UNITS, canonical_unit
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import Lot, LotKind
from lotline.lots.queries import find_lot
from lotline.plans.queries import current_plan_settings

from .cottage import cottage_laws
from .gs1 import UnitCode
from .models import LabelPrint, LabelSettings

SERIAL_DIGITS = 3  # SJ-20260304-A-001: wider only past 999


class CottageSetting(TypedDict):
    state: str
    statement: str  # what labels print: the owner's words, else the state's listed statement
    own_words: bool
    source: str
    checked: bool  # whether the listed statement was checked against its source


@dataclass(frozen=True)
class LabelFacts:
    """Everything one batch's labels print, but the serial."""

    batch: str
    product: str
    gtin: str | None
    serialised: bool
    symbols: str
    made: dt.date
    best_by: dt.date | None  # the batch's best-by, recorded or from its product's shelf life; None: no line
    net: str
    ingredients: list[str]
    allergens: str
    business: str
    address: str
    cottage: str
    site: str = ""
    warnings: list[str] = field(default_factory=list)

    def unit(self, serial: str | None = None) -> UnitCode:
        return UnitCode(gtin=self.gtin or None, lot=self.batch, serial=serial, best_by=self.best_by)


def cottage_setting() -> CottageSetting:
    row = LabelSettings.objects.first()
    state = row.cottage_state if row else ""
    listed = cottage_laws().get(state)
    own = row.cottage_statement if row else ""
    return CottageSetting(state=state, statement=own or (listed["statement"] if listed else ""), own_words=bool(own),
                          source=listed["source"] if listed else "", checked=bool(listed and listed["checked"]))


def resolver() -> str:
    """Where the labels' Digital Link URIs point (settings.LOTLINE_RESOLVER)."""
    return str(settings.LOTLINE_RESOLVER)


def next_serial(lot: Lot) -> int:
    """The first serial the next print of a batch gives: one past the last printed (the log's prints)."""
    last = LabelPrint.objects.filter(lot=lot, first_serial__isnull=False).aggregate(
        last=Max(F("first_serial") + F("count") - 1))["last"]
    return (last or 0) + 1


def serial_text(number: int) -> str:
    return f"{number:0{SERIAL_DIGITS}d}"


def label_facts(lot: Lot) -> LabelFacts:
    """What the batch's labels say: the product, the batch, its dates, net quantity, ingredients from
    the lots it actually used, the allergen statement, who made it where and the cottage food statement."""
    item, site = lot.item, lot.site
    plan = current_plan_settings()
    business = plan["business"] or site.name
    address = ", ".join(p for p in (site.address, site.city, " ".join(x for x in (site.state, site.zip_code) if x))
                        if p)
    return LabelFacts(batch=lot.code, product=item.name, gtin=item.gtin or None, serialised=bool(item.serialised),
                      symbols=item.symbols, made=lot.lot_date, best_by=best_by_of(lot), net=item.pack_size,
                      ingredients=ingredients(lot), allergens=item.declared, business=business, address=address,
                      cottage=cottage_setting()["statement"], site=site.code)


def ingredients(lot: Lot) -> list[str]:
    """The batch's ingredients in descending weight, from its inputs (several lots of one item are one
    ingredient; a product made here is named by its product name). Inputs not in weight (volume, count)
    follow, largest first in their own measure, since their weight is not known."""
    weighed: dict[str, Decimal] = defaultdict(Decimal)
    other: dict[str, Decimal] = defaultdict(Decimal)
    for quantity, unit, name in lot.inputs.values_list("quantity", "unit", "input_lot__item__name"):
        canonical = canonical_unit(unit) or "unit"
        dimension, size = UNITS[canonical]
        (weighed if dimension == "mass" else other)[name] += quantity * size
    return [name for part in (weighed, other) for name, _ in sorted(part.items(), key=lambda kv: (-kv[1], kv[0]))]


def batch_to_label(code: str) -> Lot:
    """The batch a label is for (our code in any case): unknown_lot, or not_a_batch for a received lot."""
    lot = find_lot(code, field="batch")
    if lot.kind != LotKind.BATCH:
        raise LotlineError(ErrorCode.NOT_A_BATCH, f"{lot.code} is a received lot: labels are printed for batches",
                           field="batch")
    return lot


def best_by_of(lot: Lot) -> dt.date | None:
    """A batch's best-by: the one recorded, else the day it was made plus its product's shelf life."""
    if lot.best_by:
        return lot.best_by
    days = lot.item.shelf_life_days
    return lot.lot_date + dt.timedelta(days=int(days)) if days else None
