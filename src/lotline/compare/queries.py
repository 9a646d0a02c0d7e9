"""Two batches compared: what differs, ranked by how well each difference separates the product's
good batches from its poor ones (score.py), and "the best" batch of a product by a measure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TypedDict

from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import Lot, LotKind
from lotline.lots.queries import find_lot

from . import score
from .facets import (
    BATCH_FACETS,
    INGREDIENT_FACETS,
    SHARED_BY_ANY_PRODUCTS,
    WHERE_BOTH_HAVE_IT,
    Feature,
    features_of,
    load_more,
)
from .history import BatchFacts, batches_named, batches_of, collecting_later
from .outcome import RULE, Outcome, outcome_of

# Differences of equal score are listed by facet: what went in first, then how and by whom.
FACET_ORDER = {facet: n for n, facet in enumerate([*INGREDIENT_FACETS, *BATCH_FACETS, "process", "lab"])}
# What "the best" batch is picked by: measure -> a batch's number, higher is better. "yield" is the yield
# ratio once it is loaded (outcome.outcome_of), else the share made and kept; "process:FIELD" works once
# process values are a loaded facet (_measure).
MEASURES: dict[str, Callable[[BatchFacts], Decimal | None]] = {
    "yield": lambda batch: outcome_of(batch).goodness,
}


class BatchSide(TypedDict):
    code: str
    product: str
    product_name: str
    site: str
    made_on: dt.date
    quantity: Decimal
    unit: str
    status: str
    outcome: str          # "good" or "poor"
    outcome_reason: str   # "failed", "25% discarded", "good"


class SideCount(TypedDict):
    batches: int      # other batches of the history on this side
    poor: int
    poor_rate: Decimal  # shrunk towards the product's poor rate (score.PRIOR)


class Difference(TypedDict):
    key: str          # "supplier of Strawberries"
    facet: str        # "supplier"
    a: str            # A's value as shown
    b: str
    score: Decimal    # 0 to 1: how well it separates good from poor batches of the history
    pattern: bool     # False: no pattern in the history
    a_side: SideCount
    b_side: SideCount
    explanation: str  # the counts in a sentence


class Shared(TypedDict):
    key: str
    facet: str
    value: str


class History(TypedDict):
    products: list[str]
    batches: int      # the history's batches other than A and B
    poor: int
    outcome_rule: str
    score_rule: str


class Comparison(TypedDict):
    a: BatchSide
    b: BatchSide
    picked: str           # how A was picked: "" (named), "the best by yield"
    same_product: bool
    note: str             # what was left out when the products differ
    differences: list[Difference]
    same: list[Shared]    # what A and B share
    history: History


def _batch(code: str, field: str) -> str:
    lot = find_lot(code, field=field)
    if lot.kind != LotKind.BATCH:
        raise LotlineError(ErrorCode.NOT_A_BATCH, f"{lot.code} is a received lot: only batches are compared",
                           field=field)
    return lot.code


def _side(batch: BatchFacts, outcome: Outcome) -> BatchSide:
    return BatchSide(code=batch.code, product=batch.product, product_name=batch.product_name, site=batch.site,
                     made_on=batch.made_on, quantity=batch.quantity, unit=batch.unit, status=batch.status,
                     outcome="poor" if outcome.poor else "good", outcome_reason=outcome.reason)


def _count(side: score.Side) -> SideCount:
    return SideCount(batches=side.batches, poor=side.poor, poor_rate=side.rate)


def _comparable(fa: Feature | None, fb: Feature | None, same_product: bool) -> bool:
    facet = (fa or fb).facet  # type: ignore[union-attr]
    if not same_product and facet not in SHARED_BY_ANY_PRODUCTS:
        return False
    return (fa is not None and fb is not None) or facet not in WHERE_BOTH_HAVE_IT


def _missing(other: Feature) -> Feature:
    """What a batch that lacks the other's feature has instead: an ingredient not used, a best-by not known."""
    if other.facet == "ingredient":
        return other._replace(value=None, shown="no", phrase=f"without {other.key.removeprefix('uses ')}")
    return other._replace(value=None, shown="none", phrase=f"with no {other.key}", number=None)


def _differences(a: BatchFacts, b: BatchFacts,
                 history: list[tuple[BatchFacts, bool]]) -> tuple[list[Difference], list[Shared]]:
    """A's and B's differences, each scored over the history (each batch with whether it was poor)."""
    fa, fb = features_of(a), features_of(b)
    same_product = a.product == b.product
    order = {key: n for n, key in enumerate([*fa, *(k for k in fb if k not in fa)])}
    pairs: list[tuple[Feature, Feature]] = []
    shared: list[Shared] = []
    for key in order:
        one, two = fa.get(key), fb.get(key)
        if not _comparable(one, two, same_product):
            continue
        facet = (one or two).facet  # type: ignore[union-attr]
        one, two = one or _missing(two), two or _missing(one)  # type: ignore[arg-type]
        if one.shown == two.shown:
            shared.append(Shared(key=key, facet=facet, value=one.shown))
        else:
            pairs.append((one, two))
    # the history's features of the facets that differ only: the costly part, once per batch
    wanted = {(one.facet, one.item) for one, _ in pairs}
    seen = [(features_of(h, wanted), poor) for h, poor in history]
    differences: list[Difference] = []
    for one, two in pairs:
        key, facet = one.key, one.facet
        found = score.separation(one, two, seen)
        differences.append(Difference(key=key, facet=facet, a=one.shown, b=two.shown, score=found.score,
                                      pattern=found.pattern, a_side=_count(found.a), b_side=_count(found.b),
                                      explanation=found.explanation))
    last = len(FACET_ORDER)
    differences.sort(key=lambda d: (not d["pattern"], -d["score"], FACET_ORDER.get(d["facet"], last), order[d["key"]]))
    return differences, shared


def _compared(a: BatchFacts, b: BatchFacts, picked: str = "", everything: list[BatchFacts] | None = None) -> Comparison:
    """A against B over the history of their products (`everything`: those batches, when already read)."""
    products = sorted({a.product, b.product})
    with collecting_later():
        history = [h for h in everything or batches_of(products) if h.code not in (a.code, b.code)]
        load_more([a, b, *history])
        outcomes = [outcome_of(h).poor for h in history]
        differences, shared = _differences(a, b, list(zip(history, outcomes, strict=True)))
    same_product = a.product == b.product
    note = "" if same_product else (
        f"{a.product} and {b.product} are different products: compared only on what they share (the lots, "
        f"suppliers and ages of the ingredients both used, equipment, people, site), over the history of both.")
    return Comparison(
        a=_side(a, outcome_of(a)), b=_side(b, outcome_of(b)), picked=picked, same_product=same_product, note=note,
        differences=differences, same=shared,
        history=History(products=products, batches=len(history), poor=sum(outcomes), outcome_rule=RULE,
                        score_rule=score.RULE))


def compare_batches(a: str, b: str) -> Comparison:
    """What differs between batches A and B (codes in any case), the differences that also separate the
    product's other good and poor batches first."""
    code_a, code_b = _batch(a, "a"), _batch(b, "b")
    found = batches_named([code_a, code_b])
    return _compared(found[code_a], found[code_b])


def _measure(by: str) -> Callable[[BatchFacts], Decimal | None]:
    """A batch's number by the measure named: a MEASURES one, or process:FIELD (the highest value of a process
    field: the batches' process values loaded by the caller)."""
    if by in MEASURES:
        return MEASURES[by]
    field = by.removeprefix("process:")
    if by.startswith("process:"):

        def value(batch: BatchFacts) -> Decimal | None:
            reading = (batch.more.get("process") or {}).get(field)
            return None if reading is None else reading.value
        return value
    known = ", ".join([*MEASURES, "process:FIELD"])
    raise LotlineError(ErrorCode.BAD_CHOICE, f"{by!r} is not a measure to pick the best by: {known}", field="best")


def _best(this: BatchFacts, everything: list[BatchFacts], by: str) -> BatchFacts:
    rank = _measure(by)
    others = [(number, h) for h in everything if h.code != this.code and (number := rank(h)) is not None]
    if not others:
        raise LotlineError(ErrorCode.NO_OTHER_BATCH, f"{this.product} has no other batch than {this.code} with a "
                                                     f"{by} to pick the best from", field="b")
    return max(others, key=lambda pair: (pair[0], pair[1].made_on, pair[1].code))[1]


def best_batch(against: str, *, by: str = "yield") -> str:
    """The best other batch of the same product as `against` by a measure (ties: the latest made)."""
    code = _batch(against, "b")
    this = batches_named([code])[code]
    with collecting_later():
        everything = batches_of([this.product])
        load_more(everything)
        return _best(this, everything, by).code


def compare_with_best(against: str, *, by: str = "yield") -> Comparison:
    """The best batch of the product by a measure (A) against this one (B); the history read once."""
    code = _batch(against, "b")
    this = batches_named([code])[code]
    with collecting_later():
        everything = batches_of([this.product])
        load_more(everything)
        best = _best(this, everything, by)
    return _compared(best, this, picked=f"the best by {by}", everything=everything)


def recent_batches(limit: int = 300) -> list[str]:
    """The codes of the batches recorded last, newest first: what a batch picker offers while typing. By id,
    walking the primary key backwards: a million batches are never sorted by date for a picker."""
    return list(Lot.objects.filter(kind=LotKind.BATCH).order_by("-id").values_list("code", flat=True)[:limit])
