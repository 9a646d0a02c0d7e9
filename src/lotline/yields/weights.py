"""What one of an item's units weighs, from the catalog: a unit of mass converts; a count (a jar, a
dozen) weighs what the item's packaging size says when that is a weight ("8 oz" a jar); a volume
has no weight (Lotline keeps no densities). Never a guess: no weight comes with the reason why."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lotline.catalog.units import UNITS, canonical_unit

KG = "kg"
# "8 oz", "250 g", "1.5 kg": a packaging size that is one weight, nothing else
_PACK = re.compile(r"^\s*(\d{1,9}(?:\.\d{1,6})?)\s*([A-Za-z][A-Za-z. ]*?)\s*$")


@dataclass(frozen=True)
class Weight:
    """Kilograms in one of a unit, or None with `why` it is not known."""

    kg: Decimal | None
    why: str = ""


def exact(quantity: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """`quantity` of `from_unit` in `to_unit`, unrounded (catalog.units.convert rounds to millionths,
    too coarse for an ounce taken 10,000 times), or None for an unknown unit or another dimension."""
    a, b = UNITS.get(from_unit), UNITS.get(to_unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    return quantity * a[1] / b[1]


def pack_weight(pack_size: str) -> Decimal | None:
    """The kilograms a packaging size says one unit weighs ("8 oz" -> 0.226796...), or None."""
    found = _PACK.match(pack_size or "")
    unit = canonical_unit(found.group(2)) if found else None
    return exact(Decimal(found.group(1)), unit, KG) if found and unit else None


@lru_cache(maxsize=4096)  # a product's 10,000 batches ask about the same few items and units
def weight_of(unit: str, *, item: str, item_unit: str, pack_size: str) -> Weight:
    """What one `unit` of an item weighs (a lot may be counted in another unit than its item's)."""
    direct = exact(Decimal(1), unit, KG)
    if direct is not None:
        return Weight(direct)
    # a packaging size is one of the item's counted units (a jar, a dozen); of an item weighed in kg it
    # is one pack (a flat of 8 lb), which a lot counted in units counts
    per = item_unit if UNITS.get(item_unit, ("",))[0] == "count" else "unit"
    in_item_units = exact(Decimal(1), unit, per)
    each = pack_weight(pack_size)
    if in_item_units is not None and each is not None:
        return Weight(in_item_units * each)
    if exact(Decimal(1), unit, "l") is not None:
        return Weight(None, f"{item} is in {unit}, a volume, and the catalog keeps no weight for a volume")
    size = f"its packaging size {pack_size!r} is not a weight" if pack_size else "it has no packaging size"
    return Weight(None, f"{item} is counted in {unit} and {size} (write its weight there, e.g. 8 oz)")
