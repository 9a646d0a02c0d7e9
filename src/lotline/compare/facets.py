"""What can differ between two batches, one small function per kind of difference (a facet).

A facet reads one batch (and, for a facet about an ingredient, that ingredient's lots in it) and gives
its feature: a key naming what is compared ("supplier of Strawberries"), the value batches are compared
by, and how to show it. The same functions read batch A, batch B and every batch of the product's
history, so the score counts like with like. A new facet (process values, lab results) is one function
added to BATCH_FACETS (or INGREDIENT_FACETS).

They run for each batch of the history (10,000 batches), but only for what differs between A and B
(`features_of(batch, wanted)`), a feature is a NamedTuple, and a unit's conversion factor is worked out
once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from lotline.catalog.units import canonical_unit, factor
from lotline.process.queries import values_of
from lotline.quality.queries import results_of
from lotline.quantities import shown
from lotline.yields.queries import yields_of

from .history import BatchFacts, InputUsed

PLACES = Decimal("0.0001")


class Feature(NamedTuple):
    key: str                       # what is compared: "supplier of Strawberries"
    facet: str                     # its kind: "supplier"
    item: str                      # the ingredient it is about (its code), "" for the batch as a whole
    value: Hashable                # what batches are compared by (a number for a measure)
    shown: str                     # how it reads: "Valley Farm"
    phrase: str = ""               # batches "with Strawberries from Valley Farm"; "" for a measure
    number: Decimal | None = None  # a measure: the history is split half way between A's and B's


Lots = tuple[InputUsed, ...]  # the lots of one ingredient a batch used


def _joined(values: Collection[str]) -> tuple[tuple[str, ...], str]:
    ordered = tuple(sorted(set(values)))
    return ordered, " + ".join(ordered)


def ingredient(batch: BatchFacts, lots: Lots) -> Feature:
    """That an ingredient went in at all: a substitution shows as one used and the other not."""
    name = lots[0].item_name
    return Feature(f"uses {name}", "ingredient", lots[0].item, True, "yes", f"using {name}")


def input_lot(batch: BatchFacts, lots: Lots) -> Feature:
    """Which lot of the ingredient went in."""
    name = lots[0].item_name
    value, text = _joined([u.lot for u in lots])
    return Feature(f"lot of {name}", "input lot", lots[0].item, value, text, f"with {name} lot {text}")


def supplier(batch: BatchFacts, lots: Lots) -> Feature | None:
    """Who supplied the ingredient (our own batches used as inputs have no supplier)."""
    if not (names := [u.supplier for u in lots if u.supplier]):
        return None
    name = lots[0].item_name
    value, text = _joined(names)
    return Feature(f"supplier of {name}", "supplier", lots[0].item, value, text, f"with {name} from {text}")


def supplier_lot(batch: BatchFacts, lots: Lots) -> Feature | None:
    """The supplier's own lot code of the ingredient."""
    if not (codes := [u.supplier_lot for u in lots if u.supplier_lot]):
        return None
    name = lots[0].item_name
    value, text = _joined(codes)
    return Feature(f"supplier's lot code of {name}", "supplier lot", lots[0].item, value, text,
                   f"with {name} of supplier lot {text}")


@cache
def _factor(unit: str, wanted: str) -> Decimal | None:
    """How many `wanted` one `unit` is (units.factor, for units as written), or None."""
    have, want = canonical_unit(unit), canonical_unit(wanted)
    return factor(have, want) if have and want else None


def quantity(batch: BatchFacts, lots: Lots) -> Feature | None:
    """The ingredient per unit of output, in the ingredient's and the product's units (kg per jar)."""
    to_product = _factor(batch.unit, batch.product_unit)
    output = batch.quantity * to_product if to_product is not None else batch.quantity
    out_unit = batch.product_unit if to_product is not None else batch.unit
    factors = [_factor(u.lot_unit, u.item_unit) for u in lots]
    if not output or None in factors:
        return None  # a lot in a unit its item's does not convert to: not comparable
    name, unit = lots[0].item_name, lots[0].item_unit
    used = sum((u.quantity * f for u, f in zip(lots, factors, strict=True)), Decimal(0))  # type: ignore[operator]
    per = (used / output).quantize(PLACES)
    return Feature(f"{name} per {out_unit} made", "quantity", lots[0].item, per, f"{shown(per)} {unit} per {out_unit}",
                   number=per)


def age(batch: BatchFacts, lots: Lots) -> Feature:
    """Days from receiving the ingredient (its oldest lot) to using it."""
    days = max((batch.made_on - u.received_on).days for u in lots)
    return Feature(f"days from receipt of {lots[0].item_name} to use", "age", lots[0].item, days,
                   f"{days} day{'' if days == 1 else 's'}", number=Decimal(days))


def equipment(batch: BatchFacts) -> Feature:
    words = ", ".join(w.strip() for w in batch.equipment.split(",") if w.strip())
    return Feature("equipment", "equipment", "", words.upper(), words or "none",
                   f"made on {words or 'no equipment named'}")


def people(batch: BatchFacts) -> Feature:
    who = batch.made_by.strip()
    return Feature("made by", "people", "", who.lower(), who or "nobody named", f"made by {who or 'nobody named'}")


def site(batch: BatchFacts) -> Feature:
    return Feature("site", "site", "", batch.site, batch.site, f"made at {batch.site}")


def best_by(batch: BatchFacts) -> Feature:
    """The best-by; the history is split by days from making to best-by (the day itself always differs)."""
    if batch.best_by is None:
        return Feature("days from making to best-by", "best-by", "", None, "none")
    days = (batch.best_by - batch.made_on).days
    return Feature("days from making to best-by", "best-by", "", days, f"{batch.best_by} ({days} days)",
                   number=Decimal(days))


# In the order differences of equal score are listed: what went in first, then how and by whom.
INGREDIENT_FACETS: dict[str, Callable[[BatchFacts, Lots], Feature | None]] = {
    "ingredient": ingredient, "supplier": supplier, "input lot": input_lot, "supplier lot": supplier_lot,
    "quantity": quantity, "age": age,
}
BATCH_FACETS: dict[str, Callable[[BatchFacts], Feature | None]] = {
    "equipment": equipment, "people": people, "site": site, "best-by": best_by,
}
# Facets whose data another app keeps: name -> (load: batch codes -> each batch's data, read once for A, B
# and the whole history; facet: a batch -> its features, reading its data in batch.more[name]). The item of
# such a feature is what it is about (a process field's code, an analyte). The yield is read by
# outcome.outcome_of and "the best by yield", never compared itself.
LOADED: dict[str, tuple[Callable[[Sequence[str]], Mapping[str, Any]], Callable[[BatchFacts], Iterable[Feature]]]] = {}
# Compared only where both batches have them ("uses X" says when one did without an ingredient; a process
# field or a test one batch lacks is no difference).
WHERE_BOTH_HAVE_IT = set(INGREDIENT_FACETS) - {"ingredient"} | {"process", "lab"}
# Facets two batches of different products share.
SHARED_BY_ANY_PRODUCTS = {"input lot", "supplier", "supplier lot", "age", "equipment", "people", "site", "process",
                          "lab"}


def _number_or_text(key: str, facet: str, item: str, number: Decimal | None, text: str, unit: str) -> Feature | None:
    if number is not None:
        return Feature(key, facet, item, number, f"{shown(number)} {unit}".strip(), number=number)
    if text:
        return Feature(key, facet, item, text.strip().lower(), text, f"with {key} {text}")
    return None


def process_values(batch: BatchFacts) -> Iterator[Feature]:
    """Each process value recorded on the batch (lotline.process.queries.Reading, by field code): a number
    is a measure, a text (notes) a value."""
    for code, reading in (batch.more.get("process") or {}).items():
        if found := _number_or_text(reading.label, "process", code, reading.value, reading.text, reading.unit):
            yield found


def lab_results(batch: BatchFacts) -> Iterator[Feature]:
    """Each analyte's latest current result on the batch (lotline.quality.queries.results_of): a number
    (pH 3.4) is a measure, a qualitative result ("not detected") a value."""
    latest = {result.analyte: result for result in batch.more.get("lab") or ()}
    for analyte, result in latest.items():
        if found := _number_or_text(analyte, "lab", analyte, result.value, result.text, result.unit):
            yield found

Wanted = Collection[tuple[str, str]]  # (facet, item code or "")


def features_of(batch: BatchFacts, wanted: Wanted | None = None) -> dict[str, Feature]:
    """A batch's features by key: every one, or only those of the (facet, item) pairs wanted."""
    found: list[Feature | None] = []
    for lots in batch.by_item:
        item = lots[0].item
        found += [facet(batch, lots) for name, facet in INGREDIENT_FACETS.items()
                  if wanted is None or (name, item) in wanted]
    found += [whole(batch) for name, whole in BATCH_FACETS.items() if wanted is None or (name, "") in wanted]
    for name, (_, facet) in LOADED.items():
        found += [f for f in facet(batch) if wanted is None or (name, f.item) in wanted]
    return {f.key: f for f in found if f is not None}


def load_more(batches: Iterable[BatchFacts]) -> None:
    """Each loaded facet's data for these batches, read once for all of them, kept in batch.more."""
    batches = list(batches)
    for name, (load, _) in LOADED.items():
        if lacking := [b for b in batches if name not in b.more]:
            data = load([b.code for b in lacking])
            for b in lacking:
                b.more[name] = data.get(b.code)


def no_features(batch: BatchFacts) -> Iterator[Feature]:
    """For data loaded only for the outcome (the yield), never compared itself."""
    return iter(())


LOADED["yield"] = (yields_of, no_features)
LOADED["lab"] = (results_of, lab_results)
LOADED["process"] = (values_of, process_values)
