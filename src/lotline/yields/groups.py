"""A product's yields grouped: by week or month, by site, by piece of equipment, by the supplier of
its main ingredient. Each group gives its batches, the failed ones (count and share) and the median
yield of the batches that did not fail and whose yield is known: a failed batch is counted as a
failure, not as a low yield, and a median is not dragged by one burnt kettle."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from .queries import BatchYield

PERCENT = Decimal("0.1")
NONE = "none recorded"  # the group of batches with no equipment or no main ingredient


@dataclass(frozen=True)
class Group:
    """One group of a product's batches."""

    key: Annotated[str, "The week (2026-W10), month (2026-03), site code, equipment or supplier"]
    batches: int
    failed: int
    failed_rate: Annotated[Decimal, "Failed batches, % of the group's batches"]
    with_yield: Annotated[int, "Batches not failed whose yield is known"]
    median_yield: Annotated[Decimal | None, "Median yield (output kg / inputs kg, %) of those; null: none known"]


def percent(ratio: Decimal) -> Decimal:
    return (ratio * 100).quantize(PERCENT)


def median(values: Sequence[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)).quantize(PERCENT) if values else None


def summarise(key: str, batches: Sequence[BatchYield]) -> Group:
    known = [percent(b.ratio) for b in batches if b.ratio is not None and not b.failed]
    failed = sum(b.failed for b in batches)
    return Group(key=key, batches=len(batches), failed=failed,
                 failed_rate=(Decimal(100 * failed) / len(batches)).quantize(PERCENT) if batches else Decimal(0),
                 with_yield=len(known), median_yield=median(known))


def grouped(batches: Iterable[BatchYield], keys: Callable[[BatchYield], Iterable[str]], *,
            ordered: bool = False) -> list[Group]:
    """Groups of the batches by `keys` (a batch may be in several: a kettle and a sterilizer), by key
    (`ordered`: periods, in time) or largest first."""
    members: dict[str, list[BatchYield]] = defaultdict(list)
    for b in batches:
        for key in keys(b):
            members[key].append(b)
    groups = [summarise(key, found) for key, found in members.items()]
    return sorted(groups, key=lambda g: g.key) if ordered else sorted(groups, key=lambda g: (-g.batches, g.key))


def month(b: BatchYield) -> list[str]:
    return [f"{b.produced_on:%Y-%m}"]


def week(b: BatchYield) -> list[str]:
    year, number, _ = b.produced_on.isocalendar()
    return [f"{year}-W{number:02d}"]


def site(b: BatchYield) -> list[str]:
    return [b.site]


def equipment(b: BatchYield) -> list[str]:
    """Each piece of equipment a batch names ("stockpot 1, jar sterilizer": two)."""
    return [p.strip() for p in re.split(r"[,;]", b.equipment) if p.strip()] or [NONE]


def supplier(b: BatchYield) -> list[str]:
    return [b.main_supplier or NONE]


GROUPINGS: dict[str, Callable[[BatchYield], list[str]]] = {
    "week": week, "month": month, "site": site, "equipment": equipment, "supplier": supplier,
}


def by(batches: Sequence[BatchYield], grouping: str) -> list[Group]:
    return grouped(batches, GROUPINGS[grouping], ordered=grouping in ("week", "month"))
