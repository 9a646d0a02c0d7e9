"""What can differ between two batches, one small function per kind of difference (a facet).

A facet reads one batch and gives its features: a key naming what is compared ("supplier of
Strawberries"), the value batches are compared by, and how to show it. The same functions read
batch A, batch B and every batch of the product's history, so the score counts like with like.
A new facet (process values, lab results) is one function added to FACETS.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from lotline.catalog.units import canonical_unit, convert
from lotline.quantities import shown

from .history import BatchFacts, InputUsed

PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Feature:
    key: str                      # what is compared: "supplier of Strawberries"
    facet: str                    # its kind: "supplier"
    value: Hashable               # what batches are compared by (a number for a measure)
    shown: str                    # how it reads: "Valley Farm"
    phrase: str = ""              # batches "with Strawberries from Valley Farm"; "" for a measure
    number: Decimal | None = None  # a measure: the history is split half way between A's and B's


def measure(key: str, facet: str, number: Decimal | None, text: str) -> Feature:
    """A feature that is a number: batches are compared by which side of A and B's midpoint they fall."""
    return Feature(key, facet, number, text, number=number)


def _by_item(batch: BatchFacts) -> dict[str, list[InputUsed]]:
    found: dict[str, list[InputUsed]] = defaultdict(list)
    for used in batch.inputs:
        found[used.item].append(used)
    return found


def _joined(values: set[str]) -> tuple[tuple[str, ...], str]:
    ordered = tuple(sorted(values))
    return ordered, " + ".join(ordered)


def ingredients(batch: BatchFacts) -> Iterator[Feature]:
    """Which ingredients went in at all: a substitution shows as one used and the other not."""
    for lots in _by_item(batch).values():
        name = lots[0].item_name
        yield Feature(f"uses {name}", "ingredient", True, "yes", f"using {name}")


def input_lots(batch: BatchFacts) -> Iterator[Feature]:
    """Which lot of each ingredient went in."""
    for lots in _by_item(batch).values():
        name = lots[0].item_name
        value, text = _joined({u.lot for u in lots})
        yield Feature(f"lot of {name}", "input lot", value, text, f"with {name} lot {text}")


def suppliers(batch: BatchFacts) -> Iterator[Feature]:
    """Who supplied each ingredient (our own batches used as inputs have no supplier)."""
    for lots in _by_item(batch).values():
        names = {u.supplier for u in lots if u.supplier}
        if names:
            name = lots[0].item_name
            value, text = _joined(names)
            yield Feature(f"supplier of {name}", "supplier", value, text, f"with {name} from {text}")


def supplier_lots(batch: BatchFacts) -> Iterator[Feature]:
    """The suppliers' own lot codes of each ingredient."""
    for lots in _by_item(batch).values():
        codes = {u.supplier_lot for u in lots if u.supplier_lot}
        if codes:
            name = lots[0].item_name
            value, text = _joined(codes)
            yield Feature(f"supplier's lot code of {name}", "supplier lot", value, text,
                          f"with {name} of supplier lot {text}")


def _in_unit(quantity: Decimal, unit: str, wanted: str) -> Decimal | None:
    have, want = canonical_unit(unit), canonical_unit(wanted)
    return convert(quantity, have, want) if have and want else None


def quantities(batch: BatchFacts) -> Iterator[Feature]:
    """Each ingredient per unit of output, in the ingredient's and the product's units (kg per jar)."""
    output = _in_unit(batch.quantity, batch.unit, batch.product_unit)
    out_unit = batch.product_unit if output is not None else batch.unit
    output = output if output is not None else batch.quantity
    if not output:
        return
    for lots in _by_item(batch).values():
        used = [_in_unit(u.quantity, u.lot_unit, u.item_unit) for u in lots]
        if None in used:
            continue  # a lot in a unit its item's does not convert to: not comparable
        name, unit = lots[0].item_name, lots[0].item_unit
        per = (sum(used, Decimal(0)) / output).quantize(PLACES)  # type: ignore[arg-type]
        yield measure(f"{name} per {out_unit} made", "quantity", per, f"{shown(per)} {unit} per {out_unit}")


def ages(batch: BatchFacts) -> Iterator[Feature]:
    """Days from receiving each ingredient (its oldest lot) to using it."""
    for lots in _by_item(batch).values():
        days = max((batch.made_on - u.received_on).days for u in lots)
        yield measure(f"days from receipt of {lots[0].item_name} to use", "age", Decimal(days),
                      f"{days} day{'' if days == 1 else 's'}")


def equipment(batch: BatchFacts) -> Iterator[Feature]:
    words = ", ".join(w.strip() for w in batch.equipment.split(",") if w.strip())
    yield Feature("equipment", "equipment", words.upper(), words or "none", f"made on {words or 'no equipment named'}")


def people(batch: BatchFacts) -> Iterator[Feature]:
    who = batch.made_by.strip()
    yield Feature("made by", "people", who.lower(), who or "nobody named", f"made by {who or 'nobody named'}")


def site(batch: BatchFacts) -> Iterator[Feature]:
    yield Feature("site", "site", batch.site, batch.site, f"made at {batch.site}")


def best_by(batch: BatchFacts) -> Iterator[Feature]:
    """The best-by; the history is split by days from making to best-by (the day itself always differs)."""
    if batch.best_by is None:
        yield Feature("days from making to best-by", "best-by", None, "none")
        return
    days = Decimal((batch.best_by - batch.made_on).days)
    yield Feature("days from making to best-by", "best-by", days, f"{batch.best_by} ({days} days)", number=days)


# In the order differences of equal score are listed: what went in first, then how and by whom.
FACETS: list[Callable[[BatchFacts], Iterator[Feature]]] = [
    ingredients, suppliers, input_lots, supplier_lots, quantities, ages, equipment, people, site, best_by,
]
# Facets about an ingredient: compared only where both batches used it ("uses X" says when one did not).
PER_INGREDIENT = {"input lot", "supplier", "supplier lot", "quantity", "age"}
# Facets two batches of different products share.
SHARED_BY_ANY_PRODUCTS = {"input lot", "supplier", "supplier lot", "age", "equipment", "people", "site"}


def features_of(batch: BatchFacts) -> dict[str, Feature]:
    """Every feature of a batch, by key."""
    return {f.key: f for facet in FACETS for f in facet(batch)}
