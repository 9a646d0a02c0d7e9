"""How well one difference between A and B separates the product's good batches from its poor ones.

For a difference, the other batches of the product (A and B left out) are split in two: those
sharing A's value and those sharing B's (for a number, those on A's and B's side of the point half
way between them). Each side's poor rate is shrunk towards the product's poor rate by PRIOR
imaginary batches, so 1 poor of 1 counts for less than 8 of 10; the score is the gap between the two
shrunk rates (0: no difference, 1: one side always poor, the other never). A score under PATTERN,
or a side with no batch, is "no pattern in the history".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lotline.quantities import shown

from .facets import Feature

PRIOR = 10                  # imaginary batches at the product's poor rate added to each side
PATTERN = Decimal("0.2")    # the least gap between the two sides' shrunk poor rates that is a pattern
PLACES = Decimal("0.01")
RULE = (f"Each difference is scored over the product's other batches: those sharing A's value against those "
        f"sharing B's (for a number, each side of the point half way between A and B). Each side's poor rate "
        f"is shrunk towards the product's poor rate by {PRIOR} imaginary batches, so 1 poor batch of 1 counts for "
        f"less than 8 of 10; the score is the gap between the two rates, from 0 to 1. Differences scoring at "
        f"least {PATTERN} come first, highest first; the others separate nothing: no pattern in the history.")

# One batch of the history as the score reads it: its features by key, and whether it was poor.
Seen = tuple[dict[str, Feature], bool]


@dataclass(frozen=True)
class Side:
    phrase: str      # the batches counted: "with Strawberries from Valley Farm"
    batches: int
    poor: int
    rate: Decimal    # the poor rate, shrunk


@dataclass(frozen=True)
class Separation:
    score: Decimal
    pattern: bool
    a: Side
    b: Side
    explanation: str


def _sides(a: Feature, b: Feature, history: Sequence[Seen]) -> tuple[str, str, list[bool], list[bool]]:
    """Each side's phrase and the outcomes (poor or not) of the batches on it."""
    on_a: list[bool] = []
    on_b: list[bool] = []
    key = a.key
    if a.number is not None and b.number is not None:
        middle = (a.number + b.number) / 2
        a_low = a.number < b.number
        for features, poor in history:
            f = features.get(key)
            if f is not None and f.number is not None and f.number != middle:
                (on_a if (f.number < middle) == a_low else on_b).append(poor)
        low, high = f"with {key} under {shown(middle)}", f"with {key} over {shown(middle)}"
        return (low, high, on_a, on_b) if a_low else (high, low, on_a, on_b)
    for features, poor in history:
        f = features.get(key)
        value = None if f is None else f.value
        if value == a.value:
            on_a.append(poor)
        elif value == b.value:
            on_b.append(poor)
    return a.phrase or f"with {key} {a.shown}", b.phrase or f"with {key} {b.shown}", on_a, on_b


def separation(a: Feature, b: Feature, history: Sequence[Seen]) -> Separation:
    """The score of one difference over the history, with its counts and a sentence saying them."""
    total = len(history)
    base = Decimal(sum(poor for _, poor in history)) / total if total else Decimal(0)
    a_phrase, b_phrase, on_a, on_b = _sides(a, b, history)

    def side(phrase: str, outcomes: list[bool]) -> Side:
        poor = sum(outcomes)
        return Side(phrase, len(outcomes), poor, ((poor + PRIOR * base) / (len(outcomes) + PRIOR)).quantize(PLACES))

    sa, sb = side(a_phrase, on_a), side(b_phrase, on_b)
    score = abs(sa.rate - sb.rate).quantize(PLACES)
    pattern = bool(sa.batches and sb.batches and score >= PATTERN)
    counts = f"batches {sa.phrase}: {sa.poor} of {sa.batches} poor; {sb.phrase}: {sb.poor} of {sb.batches} poor"
    if pattern:
        explanation = f"{counts[0].upper()}{counts[1:]}."
    elif empty := [s.phrase for s in (sa, sb) if not s.batches]:
        explanation = f"No pattern in the history: no other batch {' and none '.join(empty)}."
    else:
        explanation = f"No pattern in the history: {counts}."
    return Separation(score, pattern, sa, sb, explanation)
