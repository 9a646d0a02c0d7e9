""""Make it like batch X": what a new batch would take to be made as batch X was, as plain data for the
batch screen and the API to pre-fill.

The inputs are grouped by item and supplier as X used them (its strawberries from Valley Farm, its
jam from earlier batches), their quantities as written on X scaled to the new batch's size, and each
group is split across the item's usable lots on hand today, that supplier's first
(lots.stock.suggest_inputs). X's product, site, size, equipment and maker come along; its process
values are shown as the targets to make again, never filled in as measurements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from lotline.catalog.models import Equipment
from lotline.catalog.units import canonical_unit, convert
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import Lot, LotInput, LotKind
from lotline.lots.queries import find_lot
from lotline.lots.stock import SuggestedInput, suggest_inputs
from lotline.quantities import STORED_PLACES, plain

from .queries import Reading, values_of


@dataclass(frozen=True)
class LikeInput:
    """What X used of one item from one supplier ("" for earlier batches), scaled, and where to take it now."""

    item: str
    item_name: str
    supplier: str
    supplier_name: str
    quantity: Decimal
    unit: str
    used: list[str]  # X's own lots of it
    lots: list[SuggestedInput] = field(default_factory=list)  # the lots to take it from now, that supplier's first
    short: Decimal = Decimal(0)  # what no usable lot covers, in `unit`
    other_supplier: bool = False  # some of it comes from another supplier's lots


@dataclass(frozen=True)
class Prefill:
    """A new batch like `like`: every field the batch screen has, and X's process values as targets."""

    like: str
    product: str
    product_name: str
    site: str
    quantity_produced: Decimal
    unit: str
    equipment: list[str]  # codes of the equipment X was made with
    made_by: str
    inputs: list[LikeInput]
    targets: list[Reading]


def like_batch(code: str, *, quantity: Decimal | None = None, site: str | None = None,
               on: dt.date | None = None) -> Prefill:
    """A new batch like batch `code`, making `quantity` (default: as much as it made) at `site`
    (default: its site), with the lots usable on `on` (default: today)."""
    lot = find_lot(code, field="like")
    if lot.kind != LotKind.BATCH:
        raise LotlineError(ErrorCode.NOT_A_BATCH, f"{lot.code} is a received lot: make a batch like a batch",
                           field="like")
    quantity = quantity or lot.quantity
    scale = quantity / lot.quantity if lot.quantity else Decimal(1)
    where = site or lot.site.code
    inputs = [_suggested(group, scale, where, on) for group in _groups(lot.pk)]
    names = [part.strip() for part in lot.equipment.split(",") if part.strip()]
    equipment = dict(Equipment.objects.filter(name__in=names).values_list("name", "code"))
    return Prefill(lot.code, lot.item.code, lot.item.name, where, plain(quantity), lot.unit,
                   [equipment[n] for n in names if n in equipment], lot.made_by, inputs,
                   list(values_of([lot.code])[lot.code].values()))


def _groups(batch_id: int) -> list[LikeInput]:
    """X's inputs by (item, supplier), in the order first used, each summed in the unit first written."""
    groups: dict[tuple[str, str], LikeInput] = {}
    rows = LotInput.objects.filter(batch_id=batch_id).order_by("id").values_list(
        "input_lot__code", "input_lot__item__code", "input_lot__item__name", "input_lot__supplier__ref",
        "input_lot__supplier__name", "quantity", "unit")
    for lot, item, item_name, supplier, supplier_name, quantity, unit in rows:
        key = (item, supplier or "")
        group = groups.get(key)
        if group is None:
            groups[key] = LikeInput(item, item_name, supplier or "", supplier_name or "", quantity, unit, [lot])
            continue
        added = convert(quantity, canonical_unit(unit) or unit, canonical_unit(group.unit) or group.unit)
        group.used.append(lot)
        groups[key] = LikeInput(item, item_name, group.supplier, group.supplier_name,
                                group.quantity + (added if added is not None else quantity), group.unit, group.used)
    return list(groups.values())


def _suggested(group: LikeInput, scale: Decimal, site: str, on: dt.date | None) -> LikeInput:
    need = plain((group.quantity * scale).quantize(STORED_PLACES))
    found = suggest_inputs(group.item, need, group.unit, site=site, on=on, prefer_supplier=group.supplier)
    suppliers = dict(Lot.objects.filter(code__in=[s.lot for s in found.lines]).values_list("code", "supplier__ref"))
    other = any((suppliers.get(s.lot) or "") != group.supplier for s in found.lines)
    return LikeInput(group.item, group.item_name, group.supplier, group.supplier_name, need, found.unit, group.used,
                     found.lines, found.short, other)
