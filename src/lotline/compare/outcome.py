"""What a good and a poor batch are: the one rule the ranking and "the best" read.

Good or poor from the lot tables (status and discards) and the lab's current results (out of
spec); "the best by yield" from the yield ratio (lotline.yields.queries.yields_of, a loaded
facet: facets.LOADED["yield"]) where the units give one, else from the share made and kept. Nothing else
reads a batch's outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .history import BatchFacts

POOR_DISCARD_SHARE = Decimal("0.10")  # more than this share of what was made thrown away: a poor batch
RULE = "poor: failed, out of spec (a current lab result), or more than 10% of what was made discarded; good otherwise"


@dataclass(frozen=True)
class Outcome:
    poor: bool
    reason: str          # "failed", "25% discarded", "good"
    goodness: Decimal    # what "the best" picks by: the share made and kept (0 for a failed batch)


def outcome_of(batch: BatchFacts) -> Outcome:
    """A batch's outcome: poor if it failed, has a current out-of-spec result or lost more than
    POOR_DISCARD_SHARE of what was made. Its
    goodness is its yield ratio where one was loaded (facets.LOADED["yield"]: a BatchYield with a ratio),
    else the share of what it made that was kept."""
    share = batch.discarded / batch.quantity if batch.quantity else Decimal(0)
    kept = max(Decimal(0), 1 - share).quantize(Decimal("0.0001"))
    if (measured := batch.more.get("yield")) is not None and measured.ratio is not None:
        kept = measured.ratio
    if batch.status == "failed":
        return Outcome(True, "failed", Decimal(0))
    if out := sorted({r.analyte for r in batch.more.get("lab") or () if r.in_spec is False}):
        return Outcome(True, f"out of spec ({', '.join(out)})", kept)
    if share > POOR_DISCARD_SHARE:
        return Outcome(True, f"{share:.0%} discarded", kept)
    return Outcome(False, "good" if not share else f"good ({share:.0%} discarded)", kept)
